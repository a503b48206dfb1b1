<section class="wrap narrow">
  <?cs each:a = App ?>
  <h1>删除报检申请</h1>
  <?cs if:a.state == "draft" || a.state == "returned" ?>
  <p>确定删除申报序列号为 <code><?cs var:a.serial_no ?></code> 的<?cs var:a.kind_label ?>申请（<?cs var:Items.Count ?> 台设备）吗？删除后不能恢复。</p>
  <form method="post" action="/inspection/<?cs var:a.id ?>/delete" class="button-row">
    <?cs call:csrf_field() ?>
    <input type="hidden" name="version" value="<?cs var:a.version ?>">
    <button class="btn" type="submit">确定删除</button>
    <a class="btn btn-ghost" href="/inspection/<?cs var:a.id ?>/edit">返回继续填写</a>
  </form>
  <?cs else ?>
  <p class="notice">只有暂存和被退回的报检可以删除，该报检当前状态为“<?cs var:a.state_label ?>”。</p>
  <p><a href="/inspection/<?cs var:a.id ?>">查看该报检</a></p>
  <?cs /if ?>
  <?cs /each ?>
</section>

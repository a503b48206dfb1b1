<section class="wrap narrow">
  <p><a href="/maint/<?cs var:Kind.slug ?>">← 返回列表</a></p>
  <?cs each:fl = Filing ?>
  <h1>确认删除</h1>
  <p>您确定要删除这条<?cs var:Kind.label ?>信息吗？删除后不能恢复<?cs if:fl.has_current == "t" ?>，档案中已审核通过的信息也将一并删除<?cs /if ?>。已经产生维保或检验记录的不能删除。</p>
  <dl class="facts">
  <?cs each:f = Fields ?><?cs if:f.value ?><dt><?cs var:f.label ?></dt><dd><?cs var:f.value ?></dd><?cs /if ?><?cs /each ?>
  </dl>
  <form method="post" action="/maint/<?cs var:Kind.slug ?>/<?cs var:fl.id ?>/delete">
    <?cs call:csrf_field() ?>
    <input type="hidden" name="version" value="<?cs var:fl.version ?>">
    <button class="btn btn-danger" type="submit">确定删除</button>
    <a class="btn btn-secondary" href="/maint/<?cs var:Kind.slug ?>">取消</a>
  </form>
  <?cs /each ?>
</section>

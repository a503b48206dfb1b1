<section class="wrap narrow">
  <?cs if:Bureau ?><p><a href="/bureau/maint?kind=<?cs var:Kind.slug ?>">← 返回审核列表</a></p>
  <?cs else ?><p><a href="/maint/<?cs var:Kind.slug ?>">← 返回列表</a></p><?cs /if ?>
  <?cs if:Page.Notice ?><p class="notice"><?cs var:Page.Notice ?></p><?cs /if ?>
  <?cs each:fl = Filing ?>
  <h1><?cs var:Kind.label ?>信息 <span class="muted small">第 <?cs var:fl.id ?> 号</span></h1>
  <dl class="facts">
    <dt>维保单位</dt><dd><?cs var:fl.org_name ?></dd>
    <dt>审核状态</dt><dd><?cs call:state_badge(fl.state, fl.state_label) ?></dd>
    <dt>信息状态</dt><dd><?cs var:fl.info_label ?></dd>
    <?cs if:fl.return_reason ?><dt>退回原因</dt><dd class="pre-wrap"><?cs var:fl.return_reason ?></dd><?cs /if ?>
  </dl>
  <div class="table-wrap">
  <table class="list">
    <thead><tr><th>项目</th><th><?cs if:fl.has_pending == "t" ?>本次上报的内容<?cs else ?>内容<?cs /if ?></th><?cs if:fl.has_current == "t" && fl.has_pending == "t" ?><th>档案中（已通过）</th><?cs /if ?></tr></thead>
    <tbody>
    <?cs each:f = Fields ?>
    <tr<?cs if:f.changed ?> class="changed"<?cs /if ?>><th scope="row"><?cs var:f.label ?></th><td><?cs var:f.value ?><?cs if:f.changed ?> <span class="badge badge-returned">已修改</span><?cs /if ?></td><?cs if:fl.has_current == "t" && fl.has_pending == "t" ?><td><?cs var:f.current ?></td><?cs /if ?></tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs if:Docs.0.id ?>
  <h2>附件</h2>
  <ul>
  <?cs each:d = Docs ?><li><a href="<?cs if:Bureau ?>/bureau/maint/<?cs var:fl.id ?><?cs else ?>/maint/<?cs var:Kind.slug ?>/<?cs var:fl.id ?><?cs /if ?>/documents/<?cs var:d.id ?>"><?cs var:d.file_name ?></a> <span class="muted small"><?cs var:d.kb ?> KB</span></li><?cs /each ?>
  </ul>
  <?cs /if ?>
  <?cs if:!Bureau && fl.state != "in_review" ?>
  <p><a class="btn" href="/maint/<?cs var:Kind.slug ?>/<?cs var:fl.id ?>/edit">编辑</a> <a class="btn btn-secondary" href="/maint/<?cs var:Kind.slug ?>/<?cs var:fl.id ?>/delete">删除</a></p>
  <?cs /if ?>
  <?cs if:Bureau && fl.state == "in_review" ?>
  <?cs call:decide_forms("/bureau/maint/" + fl.id + "/decide", fl.version,
                         "通过后本次上报的内容进入档案并生效。", "审核通过", "退回原因（维保单位可见）", Errors.reason, Query.reason, "退回") ?>
  <?cs /if ?>
  <?cs /each ?>
  <h2>档案历史（每次审核通过的版本）</h2>
  <?cs if:!History.0.version_id ?><p class="muted">尚无审核通过的版本。</p><?cs else ?>
  <ul class="history maint-history">
  <?cs each:h = History ?>
    <li><span class="muted small"><?cs var:h.approved ?></span> <?cs var:h.approver ?> 审核通过：<?cs if:h.field ?><?cs var:h.label ?>由“<?cs var:h.old ?>”改为“<?cs var:h.new ?>”<?cs else ?>首次备案<?cs /if ?></li>
  <?cs /each ?>
  </ul>
  <?cs /if ?>
  <h2>处理记录</h2>
  <ul class="history">
  <?cs each:h = Events ?><li><span class="muted small"><?cs var:h.at ?></span> <?cs var:h.actor ?> <?cs var:h.label ?><?cs if:h.reason ?>：<?cs var:h.reason ?><?cs /if ?></li><?cs /each ?>
  </ul>
</section>

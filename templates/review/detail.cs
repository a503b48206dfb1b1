<section class="wrap narrow">
  <p><a href="/review/registrations">← 返回列表</a></p>
  <?cs each:g = Reg ?>
  <h1><?cs var:g.name ?></h1>
  <dl class="facts">
    <dt>状态</dt><dd><?cs if:g.state == "pending" ?><span class="badge badge-pending">待审核</span><?cs elif:g.state == "active" ?><span class="badge badge-active">已通过</span><?cs else ?><span class="badge badge-frozen">未通过</span><?cs /if ?></dd>
    <dt>信用代码</dt><dd><code><?cs var:g.credit_code ?></code></dd>
    <dt>单位类型</dt><dd><?cs var:g.unit_types ?></dd>
    <dt>注册地</dt><dd><?cs var:g.province ?> <?cs var:g.address ?></dd>
    <dt>法定代表人</dt><dd><?cs var:g.legal_rep ?></dd>
    <dt>所属行业</dt><dd><?cs var:g.industry ?></dd>
    <dt>注册人</dt><dd><?cs var:g.registrant ?>（<?cs var:g.mobile ?>）<?cs var:g.email ?></dd>
    <dt>用户名</dt><dd><?cs var:g.login ?></dd>
    <dt>提交时间</dt><dd><?cs var:g.created ?></dd>
    <?cs if:g.reject_reason ?><dt>退回原因</dt><dd><?cs var:g.reject_reason ?></dd><?cs /if ?>
  </dl>
  <h2>上传材料</h2>
  <ul>
  <?cs each:d = Docs ?>
    <li><a href="/review/registrations/<?cs var:g.id ?>/documents/<?cs var:d.id ?>"><?cs if:d.kind == "application" ?>注册申请书<?cs else ?>营业执照<?cs /if ?></a> <span class="muted small"><?cs var:d.file_name ?></span></li>
  <?cs /each ?>
  </ul>
  <?cs if:g.state == "pending" ?>
  <?cs call:decide_forms("/review/registrations/" + g.id + "/decide", g.version, "通过后注册人即可登录，系统以短信通知。", "审核通过",
                         "退回原因（将以短信告知注册人）", Errors.reason, Query.reason, "退回注册") ?>
  <?cs /if ?>
  <?cs /each ?>
  <h2>处理记录</h2>
  <ul class="history">
  <?cs each:h = History ?><li><span class="muted small"><?cs var:h.at ?></span> <?cs var:h.actor ?> <code><?cs var:h.event ?></code> <?cs var:h.from_state ?> → <?cs var:h.to_state ?> <?cs var:h.reason ?></li><?cs /each ?>
  </ul>
</section>

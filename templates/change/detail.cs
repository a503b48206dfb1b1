<section class="wrap narrow">
  <p><a href="<?cs var:List.Base ?>">← 返回列表</a></p>
  <?cs if:Page.Notice ?><p class="notice"><?cs var:Page.Notice ?></p><?cs /if ?>
  <?cs each:c = Change ?>
  <h1>设备变更申请 <span class="muted small">第 <?cs var:c.id ?> 号</span></h1>
  <dl class="facts">
    <dt>状态</dt><dd><?cs call:state_badge(c.state, c.state_label) ?></dd>
    <dt>申请变更</dt><dd><?cs var:c.from_state_label ?> → <strong><?cs var:c.to_state_label ?></strong></dd>
    <dt>设备名称</dt><dd><?cs var:c.device_name ?>（<?cs var:c.category_name ?>）</dd>
    <dt>注册代码</dt><dd><?cs if:c.reg_code ?><code><?cs var:c.reg_code ?></code><?cs else ?><span class="muted">未办理使用登记</span><?cs /if ?></dd>
    <?cs if:c.equipment_code ?><dt>设备代码</dt><dd><code><?cs var:c.equipment_code ?></code></dd><?cs /if ?>
    <dt>使用地点</dt><dd><?cs var:c.address ?>（<?cs var:c.district_name ?>）</dd>
    <dt>设备当前状态</dt><dd><?cs var:c.device_state_label ?></dd>
    <dt>使用单位</dt><dd><?cs var:c.org_name ?></dd>
    <dt>申请人</dt><dd><?cs var:c.applicant ?><?cs if:Bureau && c.applicant_mobile ?>（<?cs var:c.applicant_mobile ?>）<?cs /if ?></dd>
    <dt>提交时间</dt><dd><?cs var:c.created ?></dd>
    <dt>变更原因</dt><dd class="pre-wrap"><?cs var:c.reason ?></dd>
    <?cs if:c.decided ?><dt>审核</dt><dd><?cs var:c.decider ?>，<?cs var:c.decided ?></dd><?cs /if ?>
    <?cs if:c.decision_reason ?><dt>退回原因</dt><dd class="pre-wrap"><?cs var:c.decision_reason ?></dd><?cs /if ?>
  </dl>
  <h2>证明材料</h2>
  <ul>
  <?cs each:d = Docs ?>
    <li><a href="<?cs var:List.Base ?>/<?cs var:c.id ?>/documents/<?cs var:d.id ?>"><?cs var:d.file_name ?></a> <span class="muted small"><?cs var:d.kb ?> KB</span></li>
  <?cs /each ?>
  </ul>
  <?cs if:Bureau && c.state == "submitted" ?>
  <?cs call:decide_forms("/bureau/changes/" + c.id + "/decide", c.version,
                         "通过后设备状态即由“" + c.from_state_label + "”变更为“" + c.to_state_label + "”，系统以短信通知申请人。",
                         "审核通过", "退回原因（将以短信告知申请人）", Errors.reason, Query.reason, "退回申请") ?>
  <?cs /if ?>
  <?cs /each ?>
  <h2>处理记录</h2>
  <ul class="history">
  <?cs each:h = History ?><li><span class="muted small"><?cs var:h.at ?></span> <?cs var:h.actor ?> <?cs var:h.label ?><?cs if:h.reason ?>：<?cs var:h.reason ?><?cs /if ?></li><?cs /each ?>
  </ul>
</section>

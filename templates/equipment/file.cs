<section class="wrap">
  <p class="crumbs"><a href="/equipment/overview">设备总览</a> › <a href="/equipment">综合查询</a> › 设备档案</p>
  <div class="file-head">
    <h1><?cs var:Device.name ?> <span class="badge badge-<?cs var:Device.state ?>"><?cs var:Device.state_label ?></span></h1>
    <?cs if:Device.may_change ?><a class="btn" href="/equipment/<?cs var:Device.id ?>/change">申请变更状态</a><?cs /if ?>
  </div>
  <p class="muted">注册代码 <code><?cs if:Device.reg_code ?><?cs var:Device.reg_code ?><?cs else ?>未登记<?cs /if ?></code> · <?cs var:Device.kind_name ?> / <?cs var:Device.category_name ?>（<?cs var:Device.category ?>）</p>

  <h2>基本信息</h2>
  <dl class="facts">
    <dt>设备代码</dt><dd><code><?cs var:Device.equipment_code ?></code></dd>
    <dt>使用登记证编号</dt><dd><?cs var:Device.use_cert_no ?></dd>
    <dt>单位内编号</dt><dd><?cs var:Device.internal_no ?></dd>
    <dt>型号</dt><dd><?cs var:Device.model ?></dd>
    <dt>制造单位</dt><dd><?cs if:Device.manufacture_name ?><?cs var:Device.manufacture_name ?><?cs else ?><?cs var:Device.maker ?><?cs /if ?></dd>
    <dt>出厂编号</dt><dd><code><?cs var:Device.factory_no ?></code></dd>
    <dt>制造日期</dt><dd><?cs var:Device.manufacture_date ?></dd>
    <dt>使用单位</dt><dd><?cs var:Device.use_org_name ?></dd>
    <?cs if:Device.construction_name ?><dt>安装单位</dt><dd><?cs var:Device.construction_name ?></dd><?cs /if ?>
    <dt>维保单位</dt><dd><?cs var:Device.maintenance_name ?></dd>
    <dt>使用地点</dt><dd><?cs var:Device.address ?></dd>
    <dt>所在区县</dt><dd><?cs var:Device.district_name ?></dd>
    <dt>安全管理员</dt><dd><?cs var:Device.safety_manager ?> <?cs var:Device.safety_phone ?></dd>
    <dt>最近检验</dt><dd><?cs var:Device.last_inspection_date ?> <?cs if:Device.conclusion_label ?><span class="badge badge-<?cs var:Device.last_conclusion ?>"><?cs var:Device.conclusion_label ?></span><?cs /if ?></dd>
    <dt>下次检验日期</dt><dd><?cs var:Device.next_inspection_date ?><?cs if:Device.overdue == "t" ?> <span class="badge badge-frozen">已超期</span><?cs /if ?></dd>
  </dl>

  <?cs if:Params.0.label ?>
  <h2>技术参数</h2>
  <dl class="facts">
    <?cs each:p = Params ?><dt><?cs var:p.label ?></dt><dd><?cs var:p.value ?><?cs if:p.unit ?> <?cs var:p.unit ?><?cs /if ?></dd><?cs /each ?>
  </dl>
  <?cs /if ?>

  <h2>状态变更申请</h2>
  <?cs if:Changes.0.id ?>
  <div class="table-wrap"><table class="list">
    <thead><tr><th>申请时间</th><th>申请人</th><th>变更</th><th>原因</th><th>审核结果</th><th>审核人 / 时间</th><th>审核意见</th></tr></thead>
    <tbody><?cs each:c = Changes ?>
    <tr><td><?cs var:c.created ?></td><td><?cs var:c.applicant ?></td><td><?cs var:c.from_state_label ?> → <?cs var:c.to_state_label ?></td>
      <td><?cs var:c.reason ?></td>
      <td><?cs if:c.state == "submitted" ?><span class="badge badge-pending">待审核</span><?cs elif:c.state == "approved" ?><span class="badge badge-completed">已批准</span><?cs else ?><span class="badge badge-frozen">未批准</span><?cs /if ?></td>
      <td><?cs var:c.decider ?> <?cs var:c.decided ?></td><td><?cs var:c.decision_reason ?></td></tr>
    <?cs /each ?></tbody>
  </table></div>
  <?cs else ?><p class="muted">没有状态变更申请。</p><?cs /if ?>

  <h2>检验与变更记录</h2>
  <?cs if:History.0.at ?>
  <ol class="history">
    <?cs each:h = History ?>
    <li><time><?cs var:h.at ?></time>
      <strong><?cs if:h.change == "inspection" ?>检验<?cs elif:h.change == "state" ?>状态变更<?cs elif:h.change == "create" ?>建档<?cs elif:h.change == "binding" ?>单位变更<?cs else ?>资料变更<?cs /if ?></strong>
      <?cs if:h.new_state_label ?><?cs var:h.old_state_label ?> → <?cs var:h.new_state_label ?><?cs /if ?>
      <span class="muted"><?cs var:h.actor ?></span>
      <?cs if:h.note ?><p><?cs var:h.note ?></p><?cs /if ?></li>
    <?cs /each ?>
  </ol>
  <?cs else ?><p class="muted">暂无记录。</p><?cs /if ?>
</section>

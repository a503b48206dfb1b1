<?cs # One application: the applicant's view, or the agency's (Agency) with its actions. ?>
<section class="wrap">
  <p><a href="<?cs var:List.Base ?>">← <?cs if:Agency ?>报检受理<?cs else ?>我的报检<?cs /if ?></a></p>
  <?cs if:Page.Notice ?><p class="notice"><?cs var:Page.Notice ?></p><?cs /if ?>
  <?cs each:a = App ?>
  <h1><?cs var:a.kind_label ?> <?cs call:state_badge(a.state, a.state_label) ?></h1>
  <dl class="facts">
    <dt>申报序列号</dt><dd><code><?cs var:a.serial_no ?></code></dd>
    <dt>报检单位</dt><dd><?cs if:a.org_name ?><?cs var:a.org_name ?><?cs else ?><?cs var:a.applicant ?>（非认证账号）<?cs /if ?></dd>
    <dt>申请人</dt><dd><?cs var:a.applicant ?><?cs if:Agency && a.applicant_mobile ?>（<?cs var:a.applicant_mobile ?>）<?cs /if ?></dd>
    <dt>检验联系人</dt><dd><?cs var:a.contact ?> <?cs var:a.phone ?></dd>
    <dt>联系地址</dt><dd><?cs var:a.address ?>（<?cs var:a.district_name ?>）</dd>
    <?cs if:a.submitted ?><dt>提交时间</dt><dd><?cs var:a.submitted ?></dd><?cs /if ?>
    <dt>现场安全确认</dt><dd><?cs if:a.safety_accepted ?>已阅读并同意（<?cs var:a.safety_accepted ?>）<?cs else ?><span class="muted">未确认</span><?cs /if ?></dd>
    <?cs if:a.planned_date || a.inspectors ?><dt>计划检验</dt><dd><?cs var:a.planned_date ?> <?cs var:a.inspectors ?></dd><?cs /if ?>
    <?cs if:a.completed ?><dt>完成时间</dt><dd><?cs var:a.completed ?></dd><?cs /if ?>
    <dt>检验费</dt><dd><?cs if:a.state == "completed" ?>¥<?cs var:a.total_fee ?><?cs else ?>¥<?cs var:a.total_estimate ?> <span class="muted small">参考价，以检验机构收费为准</span><?cs /if ?></dd>
  </dl>
  <?cs if:a.state == "returned" ?>
  <div class="card returned-box">
    <h2>退回原因</h2>
    <ul><?cs each:x = a.reasons ?><li><?cs var:x ?></li><?cs /each ?></ul>
    <?cs if:a.return_note ?><p class="pre-wrap">说明：<?cs var:a.return_note ?></p><?cs /if ?>
  </div>
  <?cs /if ?>

  <?cs if:!Agency ?>
  <div class="button-row">
    <?cs if:a.state == "draft" || a.state == "returned" ?>
      <a class="btn" href="/inspection/<?cs var:a.id ?>/edit"><?cs if:a.state == "returned" ?>修改后重新提交<?cs else ?>继续填写<?cs /if ?></a>
      <a class="btn btn-ghost" href="/inspection/<?cs var:a.id ?>/delete">删除</a>
    <?cs elif:a.state == "submitted" ?>
      <form method="post" action="/inspection/<?cs var:a.id ?>/withdraw" class="inline-form">
        <?cs call:csrf_field() ?><input type="hidden" name="version" value="<?cs var:a.version ?>">
        <button class="btn btn-secondary" type="submit">撤回为暂存</button>
      </form>
      <span class="muted small">检验机构受理前可以撤回修改。</span>
    <?cs /if ?>
  </div>
  <?cs /if ?>

  <h2>报检设备 <span class="muted small">共 <?cs var:Items.Count ?> 台</span></h2>
  <?cs if:Agency && a.state == "in_process" && User.Can.inspection_complete ?>
  <?cs # Completion: one result per device. ?>
  <form class="card" method="post" action="/agency/inspections/<?cs var:a.id ?>/complete" novalidate>
    <?cs call:csrf_field() ?><input type="hidden" name="version" value="<?cs var:a.version ?>">
    <?cs if:Errors.complete ?><p class="form-error" role="alert"><?cs var:Errors.complete ?></p><?cs /if ?>
    <div class="table-wrap">
    <table class="list cards">
      <thead><tr><th>设备</th><th>检验结论</th><th>检验日期</th><th>下次检验日期</th><th>检验费（元）</th><th>报告编号</th></tr></thead>
      <tbody>
      <?cs each:it = Items ?><?cs if:it.id ?>
      <?cs set:err = ItemErrors[it.id] ?>
      <tr<?cs if:err ?> class="has-error"<?cs /if ?>>
        <td data-label="设备"><input type="hidden" name="item" value="<?cs var:it.id ?>"><?cs var:it.device_name ?><br><code class="small"><?cs var:it.reg_code ?></code><?cs if:err ?><p class="field-error"><?cs var:err ?></p><?cs /if ?></td>
        <td data-label="检验结论"><select name="conclusion_<?cs var:it.id ?>" aria-label="检验结论（<?cs var:it.device_name ?>）">
          <option value="">请选择</option>
          <option value="qualified"<?cs if:Typed[it.id].conclusion == "qualified" ?> selected<?cs /if ?>>合格</option><option value="unqualified"<?cs if:Typed[it.id].conclusion == "unqualified" ?> selected<?cs /if ?>>不合格</option><option value="requalified"<?cs if:Typed[it.id].conclusion == "requalified" ?> selected<?cs /if ?>>复检合格</option>
        </select></td>
        <td data-label="检验日期"><input type="date" name="inspection_date_<?cs var:it.id ?>" value="<?cs if:Form.Typed ?><?cs var:Typed[it.id].inspection_date ?><?cs else ?><?cs var:a.planned_date ?><?cs /if ?>" aria-label="检验日期（<?cs var:it.device_name ?>）"></td>
        <td data-label="下次检验日期"><input type="date" name="next_date_<?cs var:it.id ?>" value="<?cs if:Form.Typed ?><?cs var:Typed[it.id].next_date ?><?cs else ?><?cs var:it.default_next ?><?cs /if ?>" aria-label="下次检验日期（<?cs var:it.device_name ?>）"></td>
        <td data-label="检验费（元）"><input type="text" inputmode="decimal" name="fee_<?cs var:it.id ?>" value="<?cs if:Form.Typed ?><?cs var:Typed[it.id].fee ?><?cs else ?><?cs var:it.fee_estimate ?><?cs /if ?>" size="8" aria-label="检验费（<?cs var:it.device_name ?>）"></td>
        <td data-label="报告编号"><input type="text" name="report_no_<?cs var:it.id ?>" maxlength="40" placeholder="留空自动编号" value="<?cs var:Typed[it.id].report_no ?>" aria-label="报告编号（<?cs var:it.device_name ?>）"></td>
      </tr>
      <tr<?cs if:err ?> class="has-error"<?cs /if ?>><td colspan="6" data-label="不合格时">
        <label class="field-inline"><span>不合格项（结论为不合格时必填，每行一项，将在通知书中编号）</span>
          <textarea name="problems_<?cs var:it.id ?>" rows="2" cols="60" aria-label="不合格项（<?cs var:it.device_name ?>）"><?cs var:Typed[it.id].problems ?></textarea></label>
        <label class="field-inline"><span>整改期限</span><input type="date" name="deadline_<?cs var:it.id ?>" value="<?cs var:Typed[it.id].deadline ?>" aria-label="整改期限（<?cs var:it.device_name ?>）"></label>
        <span class="small muted">留空为检验日期后 30 天</span></td></tr>
      <?cs /if ?><?cs /each ?>
      </tbody>
    </table>
    </div>
    <p class="muted small">完成后设备的检验结论和下次检验日期随即更新，并生成检验报告、通知书和缴费单记录，以短信通知报检单位。</p>
    <button class="btn" type="submit">完成检验</button>
  </form>
  <?cs else ?>
  <div class="table-wrap">
  <table class="list cards">
    <thead><tr><th>注册代码</th><th>设备名称</th><th>使用地点</th><th>维保单位 / 人员</th>
      <?cs if:a.state == "completed" ?><th>结论</th><th>检验日期</th><th>下次检验日期</th><th>检验费</th><th>报告编号</th><?cs else ?><th>检验费（参考）</th><?cs /if ?></tr></thead>
    <tbody>
    <?cs each:it = Items ?><?cs if:it.id ?>
    <tr><td data-label="注册代码"><code><?cs if:it.reg_code ?><?cs var:it.reg_code ?><?cs else ?><?cs var:it.equipment_code ?><?cs /if ?></code></td>
      <td data-label="设备名称"><?cs var:it.device_name ?><br><span class="muted small"><?cs var:it.category_name ?></span></td>
      <td data-label="使用地点"><?cs var:it.address ?></td>
      <td data-label="维保单位 / 人员"><?cs var:it.maint_unit ?> <?cs var:it.maintainer ?> <?cs var:it.maint_phone ?></td>
      <?cs if:a.state == "completed" ?>
      <td data-label="结论"><span class="badge badge-<?cs var:it.conclusion ?>"><?cs var:it.conclusion_label ?></span></td>
      <td class="date" data-label="检验日期"><?cs var:it.inspection_date ?></td><td class="date" data-label="下次检验日期"><?cs var:it.next_date ?></td>
      <td data-label="检验费">¥<?cs var:it.fee ?></td><td data-label="报告编号"><code><?cs var:it.report_no ?></code></td>
      <?cs else ?>
      <td data-label="检验费（参考）"><?cs if:it.fee_estimate ?>¥<?cs var:it.fee_estimate ?><?cs else ?><span class="muted">—</span><?cs /if ?></td>
      <?cs /if ?></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>

  <h2>附件</h2>
  <?cs if:Docs.0.id ?>
  <ul><?cs each:d = Docs ?><li><?cs if:d.kind == "commitment" ?>承诺书：<?cs /if ?><a href="<?cs var:List.Base ?>/<?cs var:a.id ?>/documents/<?cs var:d.id ?>"><?cs var:d.file_name ?></a> <span class="muted small"><?cs var:d.kb ?> KB</span></li><?cs /each ?></ul>
  <?cs else ?><p class="muted">无附件<?cs if:a.kind_value != "periodic" ?>（监督检验无需承诺书）<?cs /if ?>。</p><?cs /if ?>

  <?cs if:Agency && User.Can.inspection_accept && (a.state == "submitted" || a.state == "in_process") ?>
  <div class="decide">
    <form class="card" method="post" action="/agency/inspections/<?cs var:a.id ?>/<?cs if:a.state == "submitted" ?>accept<?cs else ?>assign<?cs /if ?>">
      <?cs call:csrf_field() ?><input type="hidden" name="version" value="<?cs var:a.version ?>">
      <h2><?cs if:a.state == "submitted" ?>受理<?cs else ?>指派检验人员<?cs /if ?></h2>
      <?cs if:Errors.assign ?><p class="form-error" role="alert"><?cs var:Errors.assign ?></p><?cs /if ?>
      <span class="label">检验人员</span>
      <div class="checks">
      <?cs each:p = Inspectors ?><label class="check"><input type="checkbox" name="inspectors" value="<?cs var:p.id ?>"> <?cs var:p.name ?></label><?cs /each ?>
      </div>
      <div class="field"><label for="f-planned">计划检验日期</label><input id="f-planned" type="date" name="planned_date" value="<?cs var:a.planned_date ?>"></div>
      <button class="btn" type="submit"><?cs if:a.state == "submitted" ?>受理<?cs else ?>保存指派<?cs /if ?></button>
      <?cs if:a.state == "submitted" ?><p class="muted small">受理后状态变为“处理中”，系统以短信通知报检单位。</p><?cs /if ?>
    </form>
    <form class="card" method="post" action="/agency/inspections/<?cs var:a.id ?>/return">
      <?cs call:csrf_field() ?><input type="hidden" name="version" value="<?cs var:a.version ?>">
      <h2>退回</h2>
      <?cs if:Errors.return ?><p class="form-error" role="alert"><?cs var:Errors.return ?></p><?cs /if ?>
      <span class="label">退回原因（可多选）</span>
      <div class="checks checks-col">
      <?cs each:x = Reasons ?><label class="check"><input type="checkbox" name="reasons" value="<?cs var:x.code ?>"<?cs if:Checked[x.code] ?> checked<?cs /if ?>> <?cs var:x.label ?></label><?cs /each ?>
      </div>
      <div class="field"><label for="f-note">补充说明（将以短信告知报检单位）</label><textarea id="f-note" name="note" rows="3" maxlength="200"><?cs var:Query.note ?></textarea></div>
      <button class="btn btn-secondary" type="submit">退回</button>
    </form>
  </div>
  <?cs /if ?>
  <?cs /each ?>

  <h2>处理记录</h2>
  <ul class="history">
  <?cs each:h = History ?><li><span class="muted small"><?cs var:h.at ?></span> <?cs var:h.actor ?> <?cs var:h.label ?><?cs if:h.reason ?>：<?cs var:h.reason ?><?cs /if ?></li><?cs /each ?>
  </ul>
</section>

<section class="wrap narrow">
  <p><a href="/equipment/changes">← 我的变更申请</a></p>
  <h1>设备变更申请</h1>
  <?cs each:d = Device ?>
  <dl class="facts">
    <dt>设备名称</dt><dd><?cs var:d.name ?>（<?cs var:d.category_name ?>）</dd>
    <dt>注册代码</dt><dd><?cs if:d.reg_code ?><code><?cs var:d.reg_code ?></code><?cs else ?><span class="muted">未办理使用登记</span><?cs /if ?></dd>
    <?cs if:d.equipment_code ?><dt>设备代码</dt><dd><code><?cs var:d.equipment_code ?></code></dd><?cs /if ?>
    <dt>使用地点</dt><dd><?cs var:d.address ?>（<?cs var:d.district_name ?>）</dd>
    <dt>当前状态</dt><dd><?cs call:state_badge(d.state, d.state_label) ?></dd>
  </dl>
  <?cs if:d.open_id ?>
  <?cs if:Form.Error ?><p class="form-error" role="alert"><?cs var:Form.Error ?></p><?cs /if ?>
  <p class="notice">该设备已有一项变更申请正在审核中，审核完成前不能再次申请。<a href="/equipment/changes/<?cs var:d.open_id ?>">查看该申请</a></p>
  <?cs elif:!Targets.0.value ?>
  <?cs if:Errors.to_state ?><p class="form-error" role="alert"><?cs var:Errors.to_state ?></p><?cs /if ?>
  <p class="notice">设备已注销，不能再申请变更。</p>
  <?cs else ?>
  <?cs if:Form.Error ?><p class="form-error" role="alert"><?cs var:Form.Error ?></p><?cs /if ?>
  <form class="card" method="post" action="/equipment/<?cs var:d.id ?>/change" enctype="multipart/form-data" novalidate>
    <?cs call:csrf_field() ?>
    <div class="field<?cs if:Errors.to_state ?> has-error<?cs /if ?>">
      <span class="label">申请变更为</span>
      <div class="checks" role="radiogroup" aria-label="申请变更为">
      <?cs each:t = Targets ?><label class="check"><input type="radio" name="to_state" value="<?cs var:t.value ?>"<?cs if:Query.to_state == t.value ?> checked<?cs /if ?>> <?cs var:t.label ?></label><?cs /each ?>
      </div>
      <?cs call:field_error(Errors.to_state) ?>
    </div>
    <div class="field<?cs if:Errors.reason ?> has-error<?cs /if ?>">
      <label for="f-reason">变更原因</label>
      <textarea id="f-reason" name="reason" rows="4" maxlength="500" placeholder="例如：大楼整体装修改造，电梯自 3 月 1 日起停止使用，预计 6 个月"><?cs var:Query.reason ?></textarea>
      <?cs call:field_error(Errors.reason) ?>
    </div>
    <div class="field<?cs if:Errors.documents ?> has-error<?cs /if ?>">
      <span class="label">证明材料</span>
      <p class="muted small">停用、报废或注销的书面报告（加盖公章）、使用登记证等的扫描件或照片，PDF/JPG/PNG，每个不超过 5 MB，至少 1 个、最多 5 个。</p>
      <?cs if:Form.FilesAgain ?><p class="muted small">表单未通过检查，已选择的文件需要重新选择。</p><?cs /if ?>
      <input id="f-documents" name="documents" type="file" aria-label="证明材料 1" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png">
      <input name="documents" type="file" aria-label="证明材料 2" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png">
      <input name="documents" type="file" aria-label="证明材料 3" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png">
      <?cs call:field_error(Errors.documents) ?>
    </div>
    <p class="muted small">申请提交后由设备所在区县市场监督管理局审核，结果以短信通知；审核通过后设备状态随即变更。</p>
    <button class="btn" type="submit">提交申请</button>
  </form>
  <?cs /if ?>
  <?cs /each ?>
</section>

<section class="wrap narrow register">
  <h1><?cs if:Wizard.Type == "certified" ?>认证账号注册<?cs elif:Wizard.Type == "maint" ?>电梯维保单位注册<?cs else ?>非认证账号注册<?cs /if ?></h1>
  <?cs call:wizard_steps(3) ?>
  <?cs if:Wizard.Error ?><p class="form-error" role="alert"><?cs var:Wizard.Error ?></p><?cs /if ?>
  <?cs if:Page.Notice ?><p class="notice"><?cs var:Page.Notice ?></p><?cs /if ?>
  <?cs if:Wizard.FilesAgain ?><p class="muted small">出于安全原因，浏览器不会保留已选择的文件：请重新选择注册申请书和营业执照。</p><?cs /if ?>
  <form class="card" method="post" action="/register" enctype="multipart/form-data" novalidate>
    <?cs call:csrf_field() ?>
    <input type="hidden" name="type" value="<?cs var:Wizard.Type ?>">
    <input type="hidden" name="agreed" value="<?cs var:Wizard.Agreed ?>">
    <?cs if:Wizard.Type == "certified" ?>
    <fieldset>
      <legend>单位信息</legend>
      <div class="field<?cs if:Errors.unit_types ?> has-error<?cs /if ?>">
        <span class="label">单位类型（可多选）</span>
        <div class="checks">
        <?cs each:t = Lists.UnitTypes ?>
          <label class="check"><input type="checkbox" name="unit_types" value="<?cs var:t.value ?>"<?cs if:Form.UnitType[t.value] ?> checked<?cs /if ?>> <?cs var:t.label ?></label>
        <?cs /each ?>
        </div>
        <?cs call:field_error(Errors.unit_types) ?>
      </div>
      <?cs call:field_text("credit_code", "统一社会信用代码", Query.credit_code, Errors.credit_code, "text") ?>
      <?cs call:field_text("org_name", "单位名称（与营业执照一致）", Query.org_name, Errors.org_name, "text") ?>
      <div class="field<?cs if:Errors.province ?> has-error<?cs /if ?>">
        <label for="f-province">注册地</label>
        <select id="f-province" name="province"><option value="">请选择</option>
        <?cs each:p = Lists.Provinces ?><option<?cs if:Query.province == p ?> selected<?cs /if ?>><?cs var:p ?></option><?cs /each ?>
        </select>
        <?cs call:field_error(Errors.province) ?>
      </div>
      <?cs call:field_text("address", "详细地址", Query.address, Errors.address, "text") ?>
      <?cs call:field_text("legal_rep", "法定代表人", Query.legal_rep, Errors.legal_rep, "text") ?>
      <div class="field<?cs if:Errors.industry ?> has-error<?cs /if ?>">
        <label for="f-industry">所属行业</label>
        <select id="f-industry" name="industry"><option value="">请选择</option>
        <?cs each:p = Lists.Industries ?><option<?cs if:Query.industry == p ?> selected<?cs /if ?>><?cs var:p ?></option><?cs /each ?>
        </select>
        <?cs call:field_error(Errors.industry) ?>
      </div>
      <div class="field<?cs if:Errors.application ?> has-error<?cs /if ?>">
        <label for="f-application">注册申请书（加盖公章的扫描件，PDF/JPG/PNG，≤5 MB）</label>
        <input id="f-application" name="application" type="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png">
        <p class="muted small"><a href="/static/forms/registration-application.pdf" download>下载注册申请书空白表</a>，填写并盖章后扫描上传。</p>
        <?cs call:field_error(Errors.application) ?>
      </div>
      <div class="field<?cs if:Errors.licence ?> has-error<?cs /if ?>">
        <label for="f-licence">营业执照（扫描件或照片，PDF/JPG/PNG，≤5 MB）</label>
        <input id="f-licence" name="licence" type="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png">
        <?cs call:field_error(Errors.licence) ?>
      </div>
    </fieldset>
    <?cs /if ?>
    <?cs if:Wizard.Type == "maint" ?>
    <fieldset>
      <legend>单位信息</legend>
      <p class="muted small">单位名称、资格证书编号必须与营业执照、资格证书相符，否则注册视为非法信息。</p>
      <?cs call:field_text("org_name", "单位名称", Query.org_name, Errors.org_name, "text") ?>
      <?cs call:field_text("cert_no", "资格证书编号", Query.cert_no, Errors.cert_no, "text") ?>
      <?cs call:field_text("legal_rep", "单位法人", Query.legal_rep, Errors.legal_rep, "text") ?>
      <?cs call:field_text("address", "单位地址", Query.address, Errors.address, "text") ?>
      <div class="field<?cs if:Errors.district ?> has-error<?cs /if ?>">
        <label for="f-district">行政区划</label>
        <select id="f-district" name="district"><option value="">请选择</option>
        <?cs each:d = Lists.Districts ?><option value="<?cs var:d.code ?>"<?cs if:Query.district == d.code ?> selected<?cs /if ?>><?cs var:d.label ?></option><?cs /each ?>
        </select>
        <p class="muted small">选择单位备案所在地（即管辖质监局）的区县，注册和备案信息由该局审核。</p>
        <?cs call:field_error(Errors.district) ?>
      </div>
    </fieldset>
    <?cs /if ?>
    <fieldset>
      <legend><?cs if:Wizard.Type == "maint" ?>负责人信息<?cs else ?>注册人信息<?cs /if ?></legend>
      <?cs if:Wizard.Type == "maint" ?><?cs call:field_text("name", "负责人", Query.name, Errors.name, "text") ?>
      <?cs else ?><?cs call:field_text("name", "注册人姓名", Query.name, Errors.name, "text") ?><?cs /if ?>
      <div class="field<?cs if:Errors.mobile ?> has-error<?cs /if ?>">
        <label for="f-mobile"><?cs if:Wizard.Type == "maint" ?>负责人手机（11 位）<?cs else ?>手机号码<?cs /if ?></label>
        <div class="inline-row">
          <input id="f-mobile" name="mobile" type="tel" inputmode="numeric" maxlength="11" value="<?cs var:Query.mobile ?>">
          <button class="btn btn-secondary" type="submit" formaction="/register/sms" formnovalidate id="sms-btn">获取验证码</button>
        </div>
        <p class="muted small" id="sms-status" aria-live="polite"></p>
        <?cs call:field_error(Errors.mobile) ?>
      </div>
      <?cs call:field_text("sms_code", "短信验证码", Query.sms_code, Errors.sms_code, "text") ?>
      <?cs call:field_text("email", "电子邮箱（选填）", Query.email, Errors.email, "email") ?>
      <?cs if:Wizard.Type == "maint" ?>
      <?cs call:field_text("login", "用户名（4-32 位英文字母，建议用单位拼音首字母）", Query.login, Errors.login, "text") ?>
      <?cs else ?>
      <?cs call:field_text("login", "登录用户名（字母开头，4-32 位字母、数字或下划线）", Query.login, Errors.login, "text") ?>
      <?cs /if ?>
      <?cs call:field_text("password", "密码", "", Errors.password, "password") ?>
      <p class="muted small">至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类，且不含用户名。</p>
      <?cs call:field_text("password2", "再次输入密码", "", Errors.password2, "password") ?>
    </fieldset>
    <button class="btn btn-large" type="submit">提交注册</button>
  </form>
</section>
<script src="/static/js/register.js"></script>

<section class="wrap narrow register">
  <h1>企业注册</h1>
  <?cs call:wizard_steps(1) ?>
  <?cs if:Wizard.Error ?><p class="form-error" role="alert"><?cs var:Wizard.Error ?></p><?cs /if ?>
  <article class="agreement card" tabindex="0" aria-label="用户注册协议">
    <h2>特检平台用户注册协议</h2>
    <p>一、本平台由特种设备检验机构提供，用于特种设备使用、施工、制造、维保等单位办理设备查询、检验申请、报告领取、缴费开票及与监管部门沟通等事务。</p>
    <p>二、注册单位应保证所填写的单位信息、统一社会信用代码、联系人及手机号码真实、准确、有效，并按要求上传加盖公章的注册申请书和营业执照。信息发生变化时应及时更新。</p>
    <p>三、认证账号经检验机构审核通过后方可使用，可查询本单位作为使用、施工或制造单位的特种设备，办理网上报检，下载电子签章报告，在线缴费和申请发票。非认证账号仅能凭设备代码查询和报检，不能绑定设备、下载电子报告或在线缴费。</p>
    <p>四、用户应妥善保管账号和密码，不得转借他人使用。因账号保管不善造成的损失由用户自行承担。连续 5 次密码错误，账号将被冻结，可由管理员解冻或通过注册手机号短信验证码重置密码。</p>
    <p>五、用户通过本平台提交的报检申请、承诺书、现场安全确认书等，与纸质文件具有同等效力。用户应确保检验现场满足安全条件。</p>
    <p>六、平台依法保护用户信息，仅在办理检验检测及监管业务所必需的范围内使用，不向无关第三方提供。</p>
    <p>七、用户不得利用本平台从事违法活动，不得上传含有病毒或恶意代码的文件，不得干扰平台正常运行。</p>
    <p>八、本协议自用户点击“同意”之日起生效。</p>
  </article>
  <form method="post" action="/register/type" class="agree-form" data-seconds="<?cs var:Wizard.Seconds ?>">
    <?cs call:csrf_field() ?>
    <input type="hidden" name="shown_at" value="<?cs var:Wizard.ShownAt ?>">
    <label class="check"><input type="checkbox" name="agree" value="1"> 我已阅读并同意《特检平台用户注册协议》</label>
    <button class="btn" type="submit" id="agree-btn">同意，下一步</button>
    <span class="muted small" id="agree-wait" hidden></span>
  </form>
</section>
<script src="/static/js/register.js"></script>

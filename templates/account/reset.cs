<section class="wrap auth-wrap">
  <div class="card auth-card">
    <h1>找回密码</h1>
    <?cs if:Page.Notice ?><p class="notice"><?cs var:Page.Notice ?></p><?cs /if ?>
    <?cs if:Reset.Step == 1 ?>
    <form method="post" action="/password/reset/send" novalidate>
      <p class="muted small">输入用户名和注册时的手机号，我们将发送短信验证码。重置后账号将自动解冻。</p>
      <?cs call:csrf_field() ?>
      <?cs call:field_text("login", "用户名", Reset.Login, Errors.login, "text") ?>
      <?cs call:field_text("mobile", "注册手机号", Reset.Mobile, Errors.mobile, "tel") ?>
      <button class="btn btn-block" type="submit">获取短信验证码</button>
    </form>
    <?cs else ?>
    <form method="post" action="/password/reset" novalidate>
      <?cs call:csrf_field() ?>
      <input type="hidden" name="login" value="<?cs var:Reset.Login ?>">
      <input type="hidden" name="mobile" value="<?cs var:Reset.Mobile ?>">
      <p class="muted small">账号 <?cs var:Reset.Login ?> · 手机 <?cs var:Reset.Mobile ?></p>
      <?cs call:field_text("code", "短信验证码", "", Errors.code, "text") ?>
      <?cs call:field_text("new_password", "新密码", "", Errors.new_password, "password") ?>
      <?cs call:field_text("new_password2", "再次输入新密码", "", Errors.new_password2, "password") ?>
      <button class="btn btn-block" type="submit">重置密码</button>
    </form>
    <?cs /if ?>
    <p class="auth-links"><a href="/login">返回登录</a></p>
  </div>
</section>

<section class="wrap auth-wrap">
  <form class="card auth-card" method="post" action="/login" novalidate>
    <h1>登录</h1>
    <?cs if:Page.Notice ?><p class="notice"><?cs var:Page.Notice ?></p><?cs /if ?>
    <?cs if:Login.Error ?><p class="form-error" role="alert"><?cs var:Login.Error ?></p><?cs /if ?>
    <?cs call:csrf_field() ?>
    <input type="hidden" name="next" value="<?cs var:Login.Next ?>">
    <div class="field">
      <label for="f-login">用户名</label>
      <input id="f-login" name="login" type="text" autocomplete="username" autocapitalize="off" value="<?cs var:Login.Login ?>" required autofocus>
    </div>
    <div class="field">
      <label for="f-password">密码</label>
      <input id="f-password" name="password" type="password" autocomplete="current-password" required>
    </div>
    <div class="field captcha-field">
      <label for="f-captcha">验证码</label>
      <div class="captcha-row">
        <input id="f-captcha" name="captcha" type="text" inputmode="text" autocomplete="off" autocapitalize="characters" maxlength="8" required>
        <img class="captcha-img" src="/captcha" width="160" height="56" alt="验证码图片（不区分大小写）">
      </div>
      <p class="muted small">不区分大小写。看不清？<a href="/login">换一张</a></p>
    </div>
    <label class="check"><input type="checkbox" name="remember" value="1"<?cs if:Login.Remember ?> checked<?cs /if ?>> 记住我（30 天内免登录，公共电脑请勿勾选）</label>
    <button class="btn btn-block" type="submit">登录</button>
    <p class="auth-links"><a href="/password/reset">忘记密码？</a><a href="/register">注册企业账号</a></p>
  </form>
</section>

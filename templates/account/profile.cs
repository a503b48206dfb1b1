<section class="wrap narrow">
  <h1>我的账号</h1>
  <?cs if:Page.Notice ?><p class="notice"><?cs var:Page.Notice ?></p><?cs /if ?>
  <dl class="facts">
    <dt>用户名</dt><dd><?cs var:Profile.Login ?></dd>
    <dt>角色</dt><dd><?cs each:role = User.Roles ?><span class="badge"><?cs var:role ?></span> <?cs /each ?></dd>
    <?cs if:Profile.OrgName ?><dt>所属单位</dt><dd><?cs var:Profile.OrgName ?><?cs if:Profile.CreditCode ?>（<?cs var:Profile.CreditCode ?>）<?cs /if ?></dd><?cs /if ?>
    <dt>上次登录</dt><dd><?cs alt:html_escape(Profile.LastLogin) ?>首次登录<?cs /alt ?></dd>
  </dl>
  <form class="card" method="post" action="/account/profile" novalidate>
    <h2>个人信息</h2>
    <?cs call:csrf_field() ?>
    <?cs call:field_text("name", "姓名", Profile.Name, Errors.name, "text") ?>
    <?cs call:field_text("mobile", "手机号码", Profile.Mobile, Errors.mobile, "tel") ?>
    <?cs call:field_text("email", "电子邮箱（选填）", Profile.Email, Errors.email, "email") ?>
    <button class="btn" type="submit">保存</button>
  </form>
  <p class="button-row"><a class="btn btn-secondary" href="/account/password">修改密码</a>
  <?cs if:User.Can.account_subaccounts ?><a class="btn btn-secondary" href="/account/subaccounts">子账号管理</a><?cs /if ?>
  <?cs if:User.Can.account_org ?><a class="btn btn-secondary" href="/account/org">单位信息</a><?cs /if ?></p>
</section>

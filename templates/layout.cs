<!doctype html>
<?cs include:"macros.cs" ?><html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="<?cs var:CSRF.Token ?>">
<title><?cs if:Page.Title ?><?cs var:Page.Title ?> · <?cs /if ?><?cs var:Site.Name ?> · <?cs var:Site.FullName ?></title>
<link rel="stylesheet" href="/static/css/site.css">
<link rel="icon" href="/static/img/logo.svg" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="topbar">
  <div class="wrap topbar-inner">
    <a class="brand" href="/"><img src="/static/img/logo.svg" alt="" width="32" height="32"><span class="brand-name"><?cs var:Site.Name ?></span><span class="brand-sub"><?cs var:Site.FullName ?></span></a>
    <nav class="topnav" aria-label="主导航">
      <a href="/verify">报告验真</a>
      <?cs if:User.Id ?>
      <span class="user-menu">
        <?cs if:User.Can.review_registration ?><a href="/review/registrations">注册审核</a><a href="/review/org-changes">变更审核</a><?cs /if ?>
        <?cs if:User.Can.admin_users ?><a href="/admin/users">用户管理</a><?cs /if ?>
        <?cs if:User.Can.admin_audit ?><a href="/admin/audit">审计日志</a><?cs /if ?>
        <?cs if:User.Can.inspection_apply ?><a href="/inspection">我的报检</a><?cs /if ?>
        <?cs if:User.Can.document_view ?><a href="/reports">我的报告</a><a href="/notices">我的通知书</a><?cs /if ?>
        <?cs if:User.Can.arrears_apply ?><a href="/arrears">欠费申请</a><?cs /if ?>
        <?cs if:User.Can.inspection_agency ?><a href="/agency/inspections">报检受理</a><?cs /if ?>
        <?cs if:User.Can.rectify_review ?><a href="/agency/rectifications">整改审核</a><?cs /if ?>
        <?cs if:User.Can.document_manage ?><a href="/agency/documents">文书管理</a><?cs /if ?>
        <?cs if:User.Can.payment_record ?><a href="/agency/payments">收费登记</a><?cs /if ?>
        <?cs if:User.Can.arrears_review ?><a href="/agency/arrears">欠费审核</a><?cs /if ?>
        <?cs if:User.Can.equipment_change ?><a href="/equipment/changes">变更申请</a><?cs /if ?>
        <?cs if:User.Can.bureau_changes ?><a href="/bureau/changes">设备变更审核</a><?cs /if ?>
        <?cs if:User.Can.maint_file ?><a href="/maint/persons">维保备案</a><?cs /if ?>
        <?cs if:User.Can.bureau_maint ?><a href="/bureau/maint">维保备案审核</a><a href="/bureau/maint/registrations">维保单位注册</a><?cs /if ?>
        <?cs if:User.Can.admin_outbox ?><a href="/admin/outbox">消息发送</a><?cs /if ?>
        <?cs if:User.Can.equipment_view ?><a href="/equipment/overview"><?cs if:User.Can.bureau_changes ?>辖区设备<?cs else ?>我的设备<?cs /if ?></a><?cs /if ?>
        <a href="/account" title="<?cs var:User.OrgName ?>"><?cs var:User.Name ?></a>
        <form method="post" action="/logout"><?cs call:csrf_field() ?><button class="btn-link" type="submit">退出</button></form>
      </span>
      <?cs else ?>
      <a href="/login">登录</a>
      <a class="btn btn-small" href="/register">企业注册</a>
      <?cs /if ?>
    </nav>
  </div>
</header>
<main id="main">
<?cs include:Page.Template ?>
</main>
<footer class="footer">
  <div class="wrap footer-inner">
    <p><?cs var:Site.Name ?> · <?cs var:Site.FullName ?></p>
    <p class="muted">依据《中华人民共和国特种设备安全法》开展检验检测服务。建议使用最新版 Chrome、Edge、Firefox 或手机浏览器访问，无需安装插件。</p>
  </div>
</footer>
</body>
</html>

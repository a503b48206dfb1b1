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
      <a href="/login">登录</a>
      <a class="btn btn-small" href="/register">企业注册</a>
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

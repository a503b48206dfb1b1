<section class="wrap narrow error-page">
  <p class="error-code"><?cs var:Error.Status ?></p>
  <h1><?cs var:Error.Title ?></h1>
  <p><?cs var:Error.Message ?></p>
  <?cs if:subcount(Error.Links) ?><p class="actions"><?cs each:l = Error.Links ?><a class="btn btn-secondary" href="<?cs var:l.href ?>"><?cs var:l.label ?></a> <?cs /each ?></p><?cs /if ?>
  <?cs if:Error.Status == 404 ?><p class="muted">请求的地址：<code><?cs var:Request.Path ?></code></p><?cs /if ?>
  <p class="muted">请求编号：<code><?cs var:Request.Id ?></code></p>
  <p><a class="btn" href="/">返回首页</a></p>
</section>

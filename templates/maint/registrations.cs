<section class="wrap">
  <h1>维保单位注册审核</h1>
  <nav class="tabs" aria-label="类别">
    <a href="/bureau/maint/registrations" class="current">注册审核</a>
    <a href="/bureau/maint?kind=company">备案审核</a>
    <a href="/bureau/maint/company/archive">单位档案</a>
  </nav>
  <p class="muted">辖区内电梯维保单位的注册申请。请核对单位名称、资格证书编号与营业执照、资格证书是否相符；通过后负责人即可登录办理维保备案。</p>
  <?cs if:!Registrations.0.id ?><p class="muted">没有待审核的注册申请。</p><?cs /if ?>
  <?cs each:g = Registrations ?>
  <article class="card">
    <h2><?cs var:g.name ?></h2>
    <dl class="facts">
      <dt>资格证书编号</dt><dd><?cs var:g.cert_no ?></dd>
      <dt>单位法人</dt><dd><?cs var:g.legal_rep ?></dd>
      <dt>负责人</dt><dd><?cs var:g.registrant ?>（<?cs var:g.mobile ?>）</dd>
      <dt>单位地址</dt><dd><?cs var:g.address ?></dd>
      <dt>行政区划</dt><dd><?cs var:g.district_name ?></dd>
      <dt>用户名</dt><dd><?cs var:g.login ?></dd>
      <dt>提交时间</dt><dd><?cs var:g.created ?></dd>
    </dl>
    <div class="decide">
      <form class="card" method="post" action="/bureau/maint/registrations/<?cs var:g.id ?>/decide">
        <?cs call:csrf_field() ?>
        <input type="hidden" name="version" value="<?cs var:g.version ?>">
        <input type="hidden" name="action" value="approve">
        <h3>通过</h3>
        <p class="muted small">通过后负责人可以登录，系统以短信通知。</p>
        <button class="btn" type="submit">审核通过</button>
      </form>
      <form class="card" method="post" action="/bureau/maint/registrations/<?cs var:g.id ?>/decide">
        <?cs call:csrf_field() ?>
        <input type="hidden" name="version" value="<?cs var:g.version ?>">
        <input type="hidden" name="action" value="reject">
        <h3>退回</h3>
        <div class="field<?cs if:Errors.id == g.id ?> has-error<?cs /if ?>">
          <label for="f-reason-<?cs var:g.id ?>">退回原因（以短信告知负责人）</label>
          <textarea id="f-reason-<?cs var:g.id ?>" name="reason" rows="3" maxlength="200"></textarea>
          <?cs if:Errors.id == g.id ?><?cs call:field_error(Errors.reason) ?><?cs /if ?>
        </div>
        <button class="btn btn-secondary" type="submit">退回</button>
      </form>
    </div>
  </article>
  <?cs /each ?>
</section>

<section class="wrap">
  <h1>单位信息变更审核</h1>
  <p class="muted">认证单位修改名称或统一社会信用代码后须经审核；通过后新信息生效。</p>
  <?cs if:Changes.Count == 0 ?><p class="muted">没有待审核的变更。</p><?cs /if ?>
  <?cs each:c = Changes ?><?cs if:c.id ?>
  <article class="card change-card">
    <p class="muted small"><?cs var:c.created ?> · 申请人 <?cs var:c.requester ?></p>
    <table class="list">
      <thead><tr><th></th><th>原信息</th><th>变更为</th></tr></thead>
      <tbody>
        <tr><th>单位名称</th><td><?cs var:c.old_name ?></td><td><?cs var:c.new_name ?></td></tr>
        <tr><th>信用代码</th><td><code><?cs var:c.old_credit_code ?></code></td><td><code><?cs var:c.new_credit_code ?></code></td></tr>
      </tbody>
    </table>
    <div class="button-row">
      <form method="post" action="/review/org-changes/<?cs var:c.id ?>/decide"><?cs call:csrf_field() ?>
        <input type="hidden" name="version" value="<?cs var:c.version ?>"><input type="hidden" name="action" value="approve">
        <button class="btn" type="submit">通过</button></form>
      <form method="post" action="/review/org-changes/<?cs var:c.id ?>/decide" class="inline-row"><?cs call:csrf_field() ?>
        <input type="hidden" name="version" value="<?cs var:c.version ?>"><input type="hidden" name="action" value="reject">
        <input type="text" name="reason" placeholder="退回原因（必填）" required aria-label="退回原因">
        <button class="btn btn-secondary" type="submit">退回</button></form>
    </div>
  </article>
  <?cs /if ?><?cs /each ?>
</section>

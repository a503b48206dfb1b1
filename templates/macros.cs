<?cs # Shared macros. Every value goes through var: (HTML-escaped by Config.VarEscapeMode). ?>
<?cs def:csrf_field() ?><input type="hidden" name="_csrf" value="<?cs var:CSRF.Token ?>"><?cs /def ?>
<?cs def:field_text(name, label, value, error, type) ?>
<div class="field<?cs if:error ?> has-error<?cs /if ?>">
  <label for="f-<?cs var:name ?>"><?cs var:label ?></label>
  <input id="f-<?cs var:name ?>" name="<?cs var:name ?>" type="<?cs var:type ?>" value="<?cs var:value ?>"<?cs if:error ?> aria-invalid="true" aria-describedby="e-<?cs var:name ?>"<?cs /if ?>>
  <?cs if:error ?><p class="field-error" id="e-<?cs var:name ?>"><?cs var:error ?></p><?cs /if ?>
</div>
<?cs /def ?>
<?cs def:state_badge(state, label) ?><span class="badge badge-<?cs var:state ?>"><?cs var:label ?></span><?cs /def ?>
<?cs def:pager(base, page, pages) ?>
<?cs if:pages > 1 ?>
<nav class="pager" aria-label="分页">
  <?cs if:page > 1 ?><a href="<?cs var:base ?>page=<?cs var:page - 1 ?>">上一页</a><?cs /if ?>
  <span>第 <?cs var:page ?> / <?cs var:pages ?> 页</span>
  <?cs if:page < pages ?><a href="<?cs var:base ?>page=<?cs var:page + 1 ?>">下一页</a><?cs /if ?>
</nav>
<?cs /if ?>
<?cs /def ?>
<?cs def:wizard_steps(step) ?>
<ol class="wizard" aria-label="注册步骤">
  <li class="<?cs if:step == 1 ?>current<?cs elif:step > 1 ?>done<?cs /if ?>">注册协议</li>
  <li class="<?cs if:step == 2 ?>current<?cs elif:step > 2 ?>done<?cs /if ?>">账号类型</li>
  <li class="<?cs if:step == 3 ?>current<?cs elif:step > 3 ?>done<?cs /if ?>">填写信息</li>
  <li class="<?cs if:step == 4 ?>current<?cs /if ?>">注册完成</li>
</ol>
<?cs /def ?>
<?cs def:field_error(msg) ?><?cs if:msg ?><p class="field-error"><?cs var:msg ?></p><?cs /if ?><?cs /def ?>
<?cs # Approve / reject with a reason, for a record at version; the reason goes to the applicant by SMS. ?>
<?cs def:decide_forms(action, version, approve_note, approve_label, reason_label, reason_error, reason, reject_label) ?>
<div class="decide">
  <form class="card" method="post" action="<?cs var:action ?>">
    <?cs call:csrf_field() ?>
    <input type="hidden" name="version" value="<?cs var:version ?>">
    <input type="hidden" name="action" value="approve">
    <h2>通过</h2>
    <p class="muted small"><?cs var:approve_note ?></p>
    <button class="btn" type="submit"><?cs var:approve_label ?></button>
  </form>
  <form class="card" method="post" action="<?cs var:action ?>">
    <?cs call:csrf_field() ?>
    <input type="hidden" name="version" value="<?cs var:version ?>">
    <input type="hidden" name="action" value="reject">
    <h2>退回</h2>
    <div class="field<?cs if:reason_error ?> has-error<?cs /if ?>">
      <label for="f-reason"><?cs var:reason_label ?></label>
      <textarea id="f-reason" name="reason" rows="3" maxlength="200"><?cs var:reason ?></textarea>
      <?cs call:field_error(reason_error) ?>
    </div>
    <button class="btn btn-secondary" type="submit"><?cs var:reject_label ?></button>
  </form>
</div>
<?cs /def ?>

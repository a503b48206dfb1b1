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

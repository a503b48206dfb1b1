<section class="wrap narrow">
  <h1>单位信息</h1>
  <?cs if:Page.Notice ?><p class="notice"><?cs var:Page.Notice ?></p><?cs /if ?>
  <?cs if:Page.Error ?><p class="form-error" role="alert"><?cs var:Page.Error ?></p><?cs /if ?>
  <?cs if:Org.pending_name ?>
  <p class="notice">变更审核中（<?cs var:Org.pending_since ?> 提交）：单位名称“<?cs var:Org.pending_name ?>”，信用代码 <?cs var:Org.pending_credit_code ?>。审核通过前仍以现有信息为准。</p>
  <?cs /if ?>
  <form class="card" method="post" action="/account/org" novalidate>
    <?cs call:csrf_field() ?>
    <p class="muted small">修改单位名称或统一社会信用代码需重新审核；其他信息保存后立即生效。</p>
    <?cs call:field_text("name", "单位名称", Org.name, Errors.name, "text") ?>
    <?cs call:field_text("credit_code", "统一社会信用代码", Org.credit_code, Errors.credit_code, "text") ?>
    <div class="field<?cs if:Errors.unit_types ?> has-error<?cs /if ?>">
      <span class="label">单位类型</span>
      <div class="checks">
      <?cs each:t = UnitTypes ?><label class="check"><input type="checkbox" name="unit_types" value="<?cs var:t.value ?>"<?cs if:t.checked ?> checked<?cs /if ?>> <?cs var:t.label ?></label><?cs /each ?>
      </div>
      <?cs call:field_error(Errors.unit_types) ?>
    </div>
    <?cs call:field_text("province", "注册地", Org.province, "", "text") ?>
    <?cs call:field_text("address", "详细地址", Org.address, Errors.address, "text") ?>
    <?cs call:field_text("legal_rep", "法定代表人", Org.legal_rep, "", "text") ?>
    <?cs call:field_text("industry", "所属行业", Org.industry, "", "text") ?>
    <button class="btn" type="submit">保存</button>
  </form>
</section>

<section class="wrap narrow">
  <p><a href="/maint/<?cs var:Kind.slug ?>">← 返回列表</a></p>
  <h1><?cs var:Kind.label ?>信息</h1>
  <?cs if:Form.State == "approved" ?><p class="notice">该信息已审核通过。保存修改后成为“更改”，需重新审核上报；审核通过前，档案中仍为原已通过的信息。</p><?cs /if ?>
  <?cs if:Form.Error ?><p class="form-error" role="alert"><?cs var:Form.Error ?></p><?cs /if ?>
  <form class="card" method="post" action="/maint/<?cs var:Kind.slug ?><?cs if:Form.Id ?>/<?cs var:Form.Id ?><?cs /if ?>"<?cs if:Kind.slug == "company" ?> enctype="multipart/form-data"<?cs /if ?> novalidate>
    <?cs call:csrf_field() ?>
    <?cs if:Form.Id ?><input type="hidden" name="version" value="<?cs var:Form.Version ?>"><?cs /if ?>
    <?cs each:f = Fields ?>
    <div class="field<?cs if:f.error ?> has-error<?cs /if ?>">
      <label for="f-<?cs var:f.key ?>"><?cs if:f.required ?><span class="required">*</span><?cs /if ?><?cs var:f.label ?></label>
      <?cs if:f.options.0 ?>
      <select id="f-<?cs var:f.key ?>" name="<?cs var:f.key ?>">
        <option value="">请选择</option>
        <?cs each:o = f.options ?><option<?cs if:o == f.value ?> selected<?cs /if ?>><?cs var:o ?></option><?cs /each ?>
      </select>
      <?cs else ?>
      <input id="f-<?cs var:f.key ?>" name="<?cs var:f.key ?>" type="<?cs if:f.date ?>date<?cs else ?>text<?cs /if ?>" value="<?cs var:f.value ?>"<?cs if:f.error ?> aria-invalid="true"<?cs /if ?>>
      <?cs /if ?>
      <?cs call:field_error(f.error) ?>
    </div>
    <?cs /each ?>
    <?cs if:Kind.slug == "company" ?>
    <div class="field">
      <label for="f-files">附件（营业执照、资格证书、合同等）</label>
      <p class="muted small">可一次选中多个文件（按住 Ctrl 选择）；PDF、JPG 或 PNG，每个不超过 10 MB，最多 10 个。建议用扫描仪扫描成图片后上传。</p>
      <input id="f-files" name="files" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png">
      <?cs if:Form.Id ?><p class="muted small">已上传的附件保留；新选择的文件追加上传。</p><?cs /if ?>
    </div>
    <?cs /if ?>
    <p class="muted small">带 * 的为必填项。保存后信息为“待上报”，请在列表中选中后“审核上报”。</p>
    <button class="btn" type="submit">保存</button>
    <a class="btn btn-secondary" href="/maint/<?cs var:Kind.slug ?>">返回</a>
  </form>
</section>

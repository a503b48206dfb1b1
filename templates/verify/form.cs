<section class="wrap narrow">
  <h1>检验报告验真</h1>
  <p class="muted">选择本平台出具的电子检验报告或通知书（PDF）上传，系统核验电子签章是否完好、签章证书是否由检验机构的证书颁发机构签发、签章时证书是否有效，以及文书当前是否仍然有效。也可用手机扫描报告上的二维码直接查看。</p>
  <form class="narrow-card" method="post" action="/verify" enctype="multipart/form-data">
    <label class="field<?cs if:Errors.file ?> has-error<?cs /if ?>"><span>电子报告文件（PDF，20 MB 以内）</span>
      <input type="file" name="file" accept="application/pdf,.pdf" required></label>
    <?cs call:field_error(Errors.file) ?>
    <button class="btn" type="submit">上传并验证</button>
  </form>
  <p class="small muted">上传的文件只用于本次核验，不会保存。</p>
  <form class="narrow-card" method="get" action="/verify">
    <label class="field<?cs if:Errors.no ?> has-error<?cs /if ?>"><span>或输入报告编号，核对出具记录和当前状态</span>
      <input type="text" name="no" maxlength="40" value="<?cs var:Typed.no ?>" placeholder="例如：BG2026-000123"></label>
    <?cs call:field_error(Errors.no) ?>
    <button class="btn btn-secondary" type="submit">查验</button>
  </form>
</section>

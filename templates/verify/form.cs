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
</section>

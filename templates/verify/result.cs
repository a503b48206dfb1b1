<section class="wrap narrow">
  <h1>验真结果</h1>
  <?cs if:Result.valid && Result.by_number ?>
  <p class="notice" role="status"><strong>报告有效</strong>：该编号的检验报告由出具机构出具且当前有效。核验手中文件的电子签章，请<a href="/verify">上传电子报告文件</a>。</p>
  <?cs elif:Result.valid ?>
  <p class="notice" role="status"><strong>文书有效</strong>：电子签章完好，证书可信，文书为出具机构当前有效的版本。</p>
  <?cs else ?>
  <p class="form-error" role="alert"><strong>文书无效</strong>：<?cs var:Result.reason ?><?cs if:?Sig.code && !Sig.valid ?><br>电子签章：<?cs var:Sig.message ?><?cs /if ?></p>
  <?cs /if ?>
  <table class="list facts-table">
    <tbody>
    <tr><th scope="row">报告编号</th><td><?cs if:Doc.report_no ?><code><?cs var:Doc.report_no ?></code>（<?cs var:Doc.kind_label ?>，第 <?cs var:Doc.version ?> 版）<?cs else ?>—<?cs /if ?></td></tr>
    <?cs if:Doc.device_name ?><tr><th scope="row">设备</th><td><?cs var:Doc.device_name ?> <code class="small"><?cs var:Doc.reg_code ?></code></td></tr><?cs /if ?>
    <tr><th scope="row">出具单位</th><td><?cs if:Doc.issuer ?><?cs var:Doc.issuer ?><?cs elif:Sig.org ?><?cs var:Sig.org ?><?cs else ?>—<?cs /if ?></td></tr>
    <?cs if:?Sig.code ?>
    <tr><th scope="row">签章完好</th><td><?cs if:Sig.intact ?>是<?cs else ?>否（<?cs var:Sig.message ?>）<?cs /if ?></td></tr>
    <tr><th scope="row">证书可信</th><td><?cs if:Sig.trusted ?>是，签章证书由检验机构的证书颁发机构签发<?cs if:Sig.issuer ?>（<?cs var:Sig.issuer ?>）<?cs /if ?><?cs else ?>否<?cs /if ?></td></tr>
    <tr><th scope="row">签章时证书有效</th><td><?cs if:Sig.in_validity ?>是<?cs if:Sig.not_after ?>（有效期至 <?cs var:Sig.not_after ?>）<?cs /if ?><?cs else ?>否<?cs /if ?></td></tr>
    <tr><th scope="row">签章时间</th><td><?cs if:Sig.time ?><?cs var:Sig.time ?><?cs else ?>—<?cs /if ?></td></tr>
    <?cs if:Sig.signer ?><tr><th scope="row">签章人</th><td><?cs var:Sig.signer ?></td></tr><?cs /if ?>
    <?cs /if ?>
    <tr><th scope="row">文书是否有效</th><td><?cs if:Doc.state ?><?cs var:Doc.state_label ?><?cs if:Doc.state == "revoked" ?>（<?cs var:Doc.state_at ?> 撤销，原因：<?cs var:Doc.state_reason ?>）<?cs /if ?><?cs if:Result.uploaded && !Doc.same ?>；上传的文件与出具的文件不一致<?cs /if ?><?cs else ?>未找到出具记录<?cs /if ?></td></tr>
    <?cs if:Sig.sha256 ?><tr><th scope="row">文件指纹（SHA-256）</th><td><code class="small"><?cs var:Sig.sha256 ?></code></td></tr><?cs /if ?>
    </tbody>
  </table>
  <p><a class="btn btn-secondary" href="/verify">验证其他文件</a></p>
</section>

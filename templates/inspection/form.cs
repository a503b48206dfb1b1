<?cs # The application form: a draft or a returned application. Works without script: 暂存, 移除, 添加 and 提交 are buttons of one form; static/js/inspection.js adds autosave and keeps unsaved input in this browser when the session ends. ?>
<section class="wrap">
  <p><a href="/inspection">← 我的报检</a></p>
  <?cs each:a = App ?>
  <h1>报检申请 <span class="muted small">申报序列号 <code><?cs var:a.serial_no ?></code></span></h1>
  <?cs if:Page.Notice ?><p class="notice"><?cs var:Page.Notice ?></p><?cs /if ?>
  <p id="restore-note" class="notice" hidden></p>
  <?cs if:Form.Error ?><p class="form-error" role="alert"><?cs var:Form.Error ?></p><?cs /if ?>
  <?cs if:a.state == "returned" ?>
  <div class="card returned-box">
    <h2>被退回，请修改后重新提交</h2>
    <ul><?cs each:x = a.reasons ?><li><?cs var:x ?></li><?cs /each ?></ul>
    <?cs if:a.return_note ?><p class="pre-wrap">说明：<?cs var:a.return_note ?></p><?cs /if ?>
  </div>
  <?cs /if ?>
  <form class="card insp-form" id="insp-form" method="post" action="/inspection/<?cs var:a.id ?>" enctype="multipart/form-data" novalidate
        data-autosave="/inspection/<?cs var:a.id ?>/autosave" data-draft="<?cs var:a.id ?>" data-saved-at="<?cs var:a.saved_at_ms ?>">
    <?cs call:csrf_field() ?>
    <?cs # The default button (Enter in a field): save, never the first row's 移除. ?>
    <button class="offscreen" type="submit" name="action" value="save" tabindex="-1" aria-hidden="true">暂存</button>
    <dl class="facts">
      <dt>报检类型</dt><dd><strong><?cs var:a.kind_label ?></strong></dd>
      <dt>状态</dt><dd><?cs call:state_badge(a.state, a.state_label) ?> <span class="muted small">最后保存 <?cs var:a.updated ?></span></dd>
      <dt>设备所在区县</dt><dd><?cs var:a.district_name ?></dd>
    </dl>

    <h2>检验联系信息</h2>
    <div class="form-grid">
    <div class="field<?cs if:Errors.contact ?> has-error<?cs /if ?>">
      <label for="f-contact">检验联系人</label>
      <input id="f-contact" name="contact" type="text" maxlength="50" value="<?cs if:Errors.contact ?><?cs var:Query.contact ?><?cs else ?><?cs var:a.contact ?><?cs /if ?>">
      <?cs call:field_error(Errors.contact) ?>
    </div>
    <div class="field<?cs if:Errors.phone ?> has-error<?cs /if ?>">
      <label for="f-phone">检验联系电话</label>
      <input id="f-phone" name="phone" type="tel" maxlength="40" placeholder="手机或带区号的固定电话" value="<?cs if:Errors.phone ?><?cs var:Query.phone ?><?cs else ?><?cs var:a.phone ?><?cs /if ?>">
      <?cs call:field_error(Errors.phone) ?>
    </div>
    <div class="field wide<?cs if:Errors.address ?> has-error<?cs /if ?>">
      <label for="f-address">联系地址</label>
      <input id="f-address" name="address" type="text" maxlength="200" value="<?cs if:Errors.address ?><?cs var:Query.address ?><?cs else ?><?cs var:a.address ?><?cs /if ?>">
      <?cs call:field_error(Errors.address) ?>
    </div>
    </div>

    <h2>报检设备 <span class="muted small">共 <?cs var:Items.Count ?> 台</span></h2>
    <?cs if:Errors.items ?><p class="field-error" role="alert"><?cs var:Errors.items ?></p><?cs /if ?>
    <div class="table-wrap">
    <table class="list cards insp-items">
      <thead><tr><th>设备</th><th>维保单位</th><th>维保人员</th><th>维保电话</th><th>检验费（参考）</th><th></th></tr></thead>
      <tbody>
      <?cs each:it = Items ?><?cs if:it.id ?>
      <tr>
        <td data-label="设备"><input type="hidden" name="item" value="<?cs var:it.id ?>"><?cs var:it.device_name ?><br><code class="small"><?cs if:it.reg_code ?><?cs var:it.reg_code ?><?cs else ?><?cs var:it.equipment_code ?><?cs /if ?></code><br><span class="muted small"><?cs var:it.category_name ?> · <?cs var:it.address ?></span></td>
        <td data-label="维保单位"><input name="maint_unit_<?cs var:it.id ?>" type="text" maxlength="50" value="<?cs var:it.maint_unit ?>" aria-label="维保单位（<?cs var:it.device_name ?>）"></td>
        <td data-label="维保人员"><input name="maintainer_<?cs var:it.id ?>" type="text" maxlength="50" value="<?cs var:it.maintainer ?>" aria-label="维保人员（<?cs var:it.device_name ?>）"></td>
        <td data-label="维保电话"><input name="maint_phone_<?cs var:it.id ?>" type="tel" maxlength="40" value="<?cs var:it.maint_phone ?>" aria-label="维保电话（<?cs var:it.device_name ?>）"></td>
        <td data-label="检验费（参考）">
          <?cs if:it.fee.total ?>
          <details class="fee"><summary class="btn btn-small btn-secondary">计费</summary>
            <div class="fee-box">
              <p>基础收费 ¥<?cs var:it.fee.base ?></p>
              <?cs if:it.fee.extra_floors > 0 ?><p>超过 6 层加收：<?cs var:it.fee.extra_floors ?> 层，¥<?cs var:it.fee.floors ?></p><?cs /if ?>
              <?cs if:it.fee.bands > 0 ?><p>按<?cs var:it.fee.band_label ?>加收：<?cs var:it.fee.bands ?> 档，¥<?cs var:it.fee.band ?></p><?cs /if ?>
              <p><strong>小计 ¥<?cs var:it.fee.total ?></strong></p>
              <p class="muted small">参考价，以检验机构收费为准</p>
            </div>
          </details>
          <?cs else ?><span class="muted small">本地区暂无收费标准</span><?cs /if ?>
        </td>
        <td><button class="btn btn-small btn-ghost" type="submit" name="remove" value="<?cs var:it.id ?>" formnovalidate>移除</button></td>
      </tr>
      <?cs /if ?><?cs /each ?>
      </tbody>
    </table>
    </div>
    <p class="fee-total">检验费合计：<strong>¥<?cs var:a.total_estimate ?></strong> <span class="muted small">参考价，以检验机构收费为准</span></p>
    <div class="field inline-row<?cs if:Errors.add_code ?> has-error<?cs /if ?>">
      <label for="f-add">添加设备</label>
      <input id="f-add" name="add_code" type="text" maxlength="40" placeholder="注册代码 / 设备代码 / 出厂编号" value="<?cs if:Errors.add_code ?><?cs var:Query.add_code ?><?cs /if ?>">
      <button class="btn btn-small btn-secondary" type="submit" name="action" value="save">添加</button>
      <?cs call:field_error(Errors.add_code) ?>
    </div>

    <?cs if:a.kind_value == "periodic" ?>
    <h2>承诺书</h2>
    <div class="field<?cs if:Errors.commitment ?> has-error<?cs /if ?>">
      <p class="muted small">定期检验须上传承诺书：请<a href="/inspection/commitment-letter.pdf">下载承诺书空白文本</a>，打印后签字并加盖单位公章，扫描或拍照上传（PDF/JPG/PNG，不超过 5 MB）。</p>
      <?cs each:d = Docs ?><?cs if:d.kind == "commitment" ?><p>已上传：<a href="/inspection/<?cs var:a.id ?>/documents/<?cs var:d.id ?>"><?cs var:d.file_name ?></a> <span class="muted small"><?cs var:d.kb ?> KB，重新上传将替换</span></p><?cs /if ?><?cs /each ?>
      <?cs if:Form.FileAgain ?><p class="muted small">所选文件未通过检查，请重新选择。</p><?cs /if ?>
      <input id="f-commitment" name="commitment" type="file" aria-label="承诺书" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png">
      <?cs call:field_error(Errors.commitment) ?>
    </div>
    <?cs /if ?>

    <h2>检验现场环境安全确认书</h2>
    <div class="doc-scroll" tabindex="0" role="document" aria-label="检验现场环境安全确认书全文"><?cs include:"inspection/site_safety.cs" ?></div>
    <div class="field<?cs if:Errors.safety ?> has-error<?cs /if ?>">
      <label class="check"><input type="checkbox" name="safety" value="1"<?cs if:a.safety_accepted ?> checked<?cs /if ?>> 我已完整阅读并同意《检验现场环境安全确认书》</label>
      <?cs if:a.safety_accepted ?><p class="muted small">已于 <?cs var:a.safety_accepted ?> 确认</p><?cs /if ?>
      <?cs call:field_error(Errors.safety) ?>
    </div>

    <p class="muted small" id="autosave-status" aria-live="polite">填写内容会自动暂存；也可随时点击“暂存”。</p>
    <div class="button-row">
      <button class="btn" type="submit" name="action" value="submit"><?cs if:a.state == "returned" ?>重新提交<?cs else ?>提交报检<?cs /if ?></button>
      <button class="btn btn-secondary" type="submit" name="action" value="save">暂存</button>
      <a class="btn btn-ghost" href="/inspection/<?cs var:a.id ?>/delete">删除</a>
    </div>
  </form>
  <?cs /each ?>
</section>
<script src="/static/js/inspection.js"></script>

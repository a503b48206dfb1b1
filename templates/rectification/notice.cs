<section class="wrap">
  <p class="crumbs"><?cs if:Agency ?><a href="/agency/rectifications">整改审核</a><?cs else ?><a href="/notices">我的通知书</a><?cs /if ?> › <?cs var:Notice.notice_no ?></p>
  <h1>不合格整改 <span class="badge badge-<?cs var:Notice.rect_state ?>"><?cs var:Notice.state_label ?></span></h1>
  <dl class="facts">
    <?cs if:Notice.org_name ?><dt>使用单位</dt><dd><?cs var:Notice.org_name ?></dd><?cs /if ?>
    <dt>设备</dt><dd><?cs var:Notice.device_name ?> <code class="small"><?cs var:Notice.reg_code ?></code></dd>
    <dt>通知书编号</dt><dd><code><?cs var:Notice.notice_no ?></code><?cs if:!Agency && Notice.notice_doc ?> · <a href="/documents/<?cs var:Notice.notice_doc ?>">查看通知书</a><?cs /if ?></dd>
    <dt>报告编号</dt><dd><code><?cs var:Notice.report_no ?></code></dd>
    <dt>整改期限</dt><dd><?cs var:Notice.deadline ?></dd>
  </dl>
  <?cs if:Notice.rect_state == "returned" ?><p class="form-error" role="alert">整改被退回：<span class="pre-wrap"><?cs var:Notice.return_reason ?></span>。请补充材料后重新提交。</p><?cs /if ?>
  <?cs if:Errors.upload ?><p class="form-error" role="alert"><?cs var:Errors.upload ?></p><?cs /if ?>
  <?cs set:open = !Agency && (Notice.rect_state == "" || Notice.rect_state == "draft" || Notice.rect_state == "returned") ?>
  <div class="table-wrap">
  <table class="list cards">
    <thead><tr><th>序号</th><th>不合格项</th><th>整改材料</th><?cs if:open ?><th>上传</th><?cs /if ?></tr></thead>
    <tbody>
    <?cs each:it = Items ?>
    <tr><td data-label="序号"><?cs var:it.no ?></td><td data-label="不合格项" class="pre-wrap"><?cs var:it.text ?></td>
      <td data-label="整改材料"><?cs each:k = it.Files ?><a href="<?cs if:Agency ?>/agency/rectifications/<?cs var:Notice.rect_id ?><?cs else ?>/notices/<?cs var:Notice.notice_id ?><?cs /if ?>/files/<?cs var:Files[k].id ?>"><?cs var:Files[k].file_name ?></a> <span class="small muted"><?cs var:Files[k].created ?></span><br><?cs /each ?><?cs if:!subcount(it.Files) ?><span class="small muted">未上传</span><?cs /if ?></td>
      <?cs if:open ?><td data-label="上传">
        <form method="post" action="/notices/<?cs var:Notice.notice_id ?>/files" enctype="multipart/form-data"><?cs call:csrf_field() ?>
          <input type="hidden" name="item" value="<?cs var:it.id ?>">
          <input type="file" name="file" accept="application/pdf,image/jpeg,image/png" aria-label="第 <?cs var:it.no ?> 项的整改材料" required>
          <button class="btn btn-small" type="submit">上传</button></form></td><?cs /if ?></tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs if:open ?>
  <form method="post" action="/notices/<?cs var:Notice.notice_id ?>/submit"><?cs call:csrf_field() ?>
    <input type="hidden" name="version" value="<?cs var:Notice.rect_version ?>">
    <?cs if:Errors.submit ?><p class="form-error" role="alert"><?cs var:Errors.submit ?></p><?cs /if ?>
    <p class="muted small">每一项不合格项都上传整改材料（照片、检测报告等，PDF/JPG/PNG，每个 5 MB 以内）后提交，检验机构审核合格后设备结论更新为“复检合格”。</p>
    <button class="btn" type="submit">提交整改材料</button>
  </form>
  <?cs /if ?>
  <?cs if:Agency && Notice.rect_state == "submitted" ?>
  <div class="decide">
    <form class="inline-form" method="post" action="/agency/rectifications/<?cs var:Notice.rect_id ?>/decide"><?cs call:csrf_field() ?>
      <input type="hidden" name="version" value="<?cs var:Notice.rect_version ?>"><input type="hidden" name="decision" value="accept">
      <button class="btn" type="submit">整改合格</button></form>
    <form method="post" action="/agency/rectifications/<?cs var:Notice.rect_id ?>/decide"><?cs call:csrf_field() ?>
      <input type="hidden" name="version" value="<?cs var:Notice.rect_version ?>"><input type="hidden" name="decision" value="return">
      <label class="field<?cs if:Errors.reason ?> has-error<?cs /if ?>"><span>退回原因</span><textarea name="reason" rows="2" maxlength="200"></textarea></label>
      <?cs call:field_error(Errors.reason) ?>
      <button class="btn btn-secondary" type="submit">退回整改</button></form>
  </div>
  <?cs /if ?>
</section>

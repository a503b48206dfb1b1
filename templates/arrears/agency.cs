<section class="wrap">
  <h1>欠费审核</h1>
  <p class="muted">本机构辖区内企业的欠费申请。同意后企业即可下载对应缴费单的电子报告；驳回须写明原因。</p>
  <nav class="tabs" aria-label="状态">
    <a href="/agency/arrears"<?cs if:Filter.state == "submitted" ?> class="current" aria-current="page"<?cs /if ?>>待审核</a>
    <a href="/agency/arrears?state=approved"<?cs if:Filter.state == "approved" ?> class="current" aria-current="page"<?cs /if ?>>已同意</a>
    <a href="/agency/arrears?state=rejected"<?cs if:Filter.state == "rejected" ?> class="current" aria-current="page"<?cs /if ?>>已驳回</a>
  </nav>
  <?cs if:Apps.Count == 0 ?><p class="muted"><?cs if:Filter.After ?>没有更多了。<?cs else ?>没有欠费申请。<?cs /if ?></p><?cs else ?>
  <div class="table-wrap">
  <table class="list cards">
    <thead><tr><th>单位</th><th>缴费单</th><th>金额</th><th>原因</th><th>承诺缴费日期</th><th>提交时间</th><th>状态 / 操作</th></tr></thead>
    <tbody>
    <?cs each:x = Apps ?><?cs if:x.id ?>
    <tr><td data-label="单位"><?cs var:x.org_name ?></td><td data-label="缴费单" class="small"><?cs var:x.orders ?></td>
      <td data-label="金额">¥<?cs var:x.amount ?></td><td data-label="原因" class="pre-wrap"><?cs var:x.reason ?></td>
      <td class="date" data-label="承诺缴费日期"><?cs var:x.promised_date ?></td><td data-label="提交时间" class="small"><?cs var:x.created ?></td>
      <td data-label="状态 / 操作"><?cs if:x.state == "submitted" ?>
        <form class="inline-form" method="post" action="/agency/arrears/<?cs var:x.id ?>/decide"><?cs call:csrf_field() ?><input type="hidden" name="version" value="<?cs var:x.version ?>"><input type="hidden" name="decision" value="approve"><button class="btn btn-small" type="submit">同意</button></form>
        <details<?cs if:Errors.id == x.id ?> open<?cs /if ?>><summary class="small">驳回…</summary>
        <form method="post" action="/agency/arrears/<?cs var:x.id ?>/decide"><?cs call:csrf_field() ?><input type="hidden" name="version" value="<?cs var:x.version ?>"><input type="hidden" name="decision" value="reject">
          <?cs if:Errors.id == x.id ?><p class="form-error" role="alert"><?cs var:Errors.reason ?></p><?cs /if ?>
          <label class="field"><span>驳回原因（必填）</span><textarea name="reason" rows="2" maxlength="200" required></textarea></label>
          <button class="btn btn-small btn-ghost" type="submit">确认驳回</button></form></details>
      <?cs else ?><span class="badge badge-<?cs var:x.state ?>"><?cs var:x.state_label ?></span><?cs if:x.reject_reason ?><br><span class="small pre-wrap"><?cs var:x.reject_reason ?></span><?cs /if ?><?cs /if ?></td></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
  <?cs if:Apps.NextAfter || Filter.After ?>
  <nav class="pager" aria-label="分页">
    <?cs if:Filter.After ?><a href="/agency/arrears?state=<?cs var:Filter.state ?>">第一页</a><?cs /if ?>
    <?cs if:Apps.NextAfter ?><a href="/agency/arrears?state=<?cs var:Filter.state ?>&amp;after=<?cs var:Apps.NextAfter ?>">下一页</a><?cs /if ?>
  </nav>
  <?cs /if ?>
</section>

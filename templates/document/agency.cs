<section class="wrap">
  <h1>文书管理</h1>
  <p class="muted">本机构辖区内出具的检验报告、通知书和设备标签。重新出具会按当前数据生成新版本并重新签章，原版本标记为“已被新版本替代”；撤销须写明原因，验真平台随即显示该文书已失效。</p>
  <form class="filter" method="get" action="/agency/documents">
    <div class="filter-row">
      <label class="field-inline"><span>报告编号</span><input type="search" name="q" value="<?cs var:Filter.q ?>" maxlength="60"></label>
      <button class="btn" type="submit">查询</button>
    </div>
  </form>
  <?cs if:Errors.reason ?><p class="form-error" role="alert"><?cs var:Errors.reason ?></p><?cs /if ?>
  <?cs if:Docs.Count == 0 ?><p class="muted"><?cs if:Filter.After ?>没有更多了。<?cs else ?>没有符合条件的文书。<?cs /if ?></p><?cs else ?>
  <div class="table-wrap">
  <table class="list cards">
    <thead><tr><th>报告编号</th><th>文书</th><th>版本</th><th>使用单位</th><th>出具时间</th><th>状态</th><th>操作</th></tr></thead>
    <tbody>
    <?cs each:x = Docs ?><?cs if:x.id ?>
    <tr><td data-label="报告编号"><code><?cs var:x.report_no ?></code></td>
      <td data-label="文书"><?cs if:x.kind == "report" ?>检验报告<?cs elif:x.kind == "notice" ?>检验意见通知书<?cs else ?>设备标签<?cs /if ?></td>
      <td data-label="版本">第 <?cs var:x.version ?> 版</td><td data-label="使用单位"><?cs var:x.org_name ?></td>
      <td data-label="出具时间" class="small"><?cs var:x.created ?></td>
      <td data-label="状态"><span class="badge badge-<?cs var:x.state ?>"><?cs var:x.state_label ?></span><?cs if:x.state_reason && x.state == "revoked" ?><br><span class="small pre-wrap"><?cs var:x.state_reason ?></span><?cs /if ?></td>
      <td><?cs if:x.state == "issued" ?>
        <form class="inline-form" method="post" action="/agency/documents/<?cs var:x.id ?>/reissue"><?cs call:csrf_field() ?><input type="hidden" name="row_version" value="<?cs var:x.row_version ?>"><button class="btn btn-small" type="submit">重新出具</button></form>
        <details><summary class="small">撤销…</summary>
        <form method="post" action="/agency/documents/<?cs var:x.id ?>/revoke"><?cs call:csrf_field() ?><input type="hidden" name="row_version" value="<?cs var:x.row_version ?>">
          <label class="field"><span>撤销原因（必填）</span><textarea name="reason" rows="2" maxlength="200" required></textarea></label>
          <button class="btn btn-small btn-ghost" type="submit">确认撤销</button></form></details>
      <?cs /if ?></td></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
  <?cs if:Docs.NextAfter || Filter.After ?>
  <nav class="pager" aria-label="分页">
    <?cs if:Filter.After ?><a href="/agency/documents?q=<?cs var:url_escape(Filter.q) ?>">第一页</a><?cs /if ?>
    <?cs if:Docs.NextAfter ?><a href="/agency/documents?q=<?cs var:url_escape(Filter.q) ?>&amp;after=<?cs var:Docs.NextAfter ?>">下一页</a><?cs /if ?>
  </nav>
  <?cs /if ?>
</section>

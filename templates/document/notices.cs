<section class="wrap">
  <h1>我的通知书</h1>
  <p class="muted">检验机构出具的检验意见通知书（合格、不合格）。不合格通知书请按所列问题逐项整改，并在期限内报送整改材料。</p>
  <form class="filter" method="get" action="/notices">
    <div class="filter-row">
      <label class="field-inline"><span>关键字</span><input type="search" name="q" value="<?cs var:Filter.q ?>" placeholder="通知书编号、报告编号、注册代码或设备名称" maxlength="60"></label>
      <button class="btn" type="submit">查询</button>
      <a class="btn btn-ghost" href="/notices">清空条件</a>
    </div>
  </form>
  <?cs if:Notices.Count == 0 ?><p class="muted"><?cs if:Filter.After ?>没有更多了。<?cs else ?>没有符合条件的通知书。<?cs /if ?></p><?cs else ?>
  <div class="table-wrap">
  <table class="list cards">
    <thead><tr><th>通知书编号</th><th>类型</th><th>设备</th><th>报告编号</th><th>出具日期</th><th>整改期限</th><th></th></tr></thead>
    <tbody>
    <?cs each:x = Notices ?><?cs if:x.notice_id ?>
    <tr><td data-label="通知书编号"><code><?cs var:x.notice_no ?></code></td>
      <td data-label="类型"><?cs if:x.kind == "unqualified" ?><span class="badge badge-unqualified">不合格</span><?cs else ?><span class="badge badge-qualified">合格</span><?cs /if ?></td>
      <td data-label="设备"><?cs var:x.device_name ?><br><code class="small"><?cs var:x.reg_code ?></code></td>
      <td data-label="报告编号"><code><?cs var:x.report_no ?></code></td><td data-label="出具日期"><?cs var:x.created ?></td>
      <td data-label="整改期限"><?cs var:x.deadline ?></td>
      <td><?cs if:Certified && x.notice_doc ?><a class="btn btn-small" href="/documents/<?cs var:x.notice_doc ?>">查看</a><?cs else ?><span class="small muted">到客服窗口领取</span><?cs /if ?>
        <?cs if:x.kind == "unqualified" ?> <a class="btn btn-small" href="/notices/<?cs var:x.notice_id ?>">整改</a><?cs /if ?></td></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
  <?cs if:Notices.NextAfter || Filter.After ?>
  <nav class="pager" aria-label="分页">
    <?cs if:Filter.After ?><a href="/notices?q=<?cs var:url_escape(Filter.q) ?>">第一页</a><?cs /if ?>
    <?cs if:Notices.NextAfter ?><a href="/notices?q=<?cs var:url_escape(Filter.q) ?>&amp;after=<?cs var:Notices.NextAfter ?>">下一页</a><?cs /if ?>
  </nav>
  <?cs /if ?>
</section>

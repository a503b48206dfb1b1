<section class="wrap">
  <h1>我的报告</h1>
  <p class="muted"><?cs if:Certified ?>缴费后（或欠费申请经检验机构同意后）可下载加盖电子签章的检验报告和设备标签，电子报告与纸质报告具有同等效力，可在<a href="/verify">验真平台</a>核验。需要纸质报告时，勾选设备后打印报告领取凭证，凭证到客服窗口领取。<?cs else ?>非认证账号不能下载电子版报告：请勾选设备后打印报告领取凭证，凭证到客服窗口领取纸质报告。<?cs /if ?></p>
  <form class="filter" method="get" action="/reports">
    <div class="filter-row">
      <label class="field-inline"><span>关键字</span><input type="search" name="q" value="<?cs var:Filter.q ?>" placeholder="报告编号、注册代码或设备名称" maxlength="60"></label>
      <label class="field-inline"><span>检验结论</span><select name="conclusion"><option value="">全部</option>
        <option value="qualified"<?cs if:Filter.conclusion == "qualified" ?> selected<?cs /if ?>>合格</option>
        <option value="unqualified"<?cs if:Filter.conclusion == "unqualified" ?> selected<?cs /if ?>>不合格</option>
        <option value="requalified"<?cs if:Filter.conclusion == "requalified" ?> selected<?cs /if ?>>复检合格</option></select></label>
      <label class="field-inline"><span>缴费</span><select name="paid"><option value="">全部</option>
        <option value="no"<?cs if:Filter.paid == "no" ?> selected<?cs /if ?>>未缴费</option>
        <option value="yes"<?cs if:Filter.paid == "yes" ?> selected<?cs /if ?>>已缴费</option></select></label>
      <button class="btn" type="submit">查询</button>
      <a class="btn btn-ghost" href="/reports">清空条件</a>
    </div>
  </form>
  <?cs if:Reports.Count == 0 ?><p class="muted"><?cs if:Filter.After ?>没有更多了。<?cs else ?>没有符合条件的报告。检验完成后报告会出现在这里。<?cs /if ?></p><?cs else ?>
  <form method="post" action="/reports/voucher">
  <?cs call:csrf_field() ?>
  <div class="table-wrap">
  <table class="list cards">
    <thead><tr><th><span class="offscreen">选择</span></th><th>报告编号</th><th>设备</th><th>结论</th><th>检验日期</th><th>下次检验日期</th><th>检验费</th><th>文书</th></tr></thead>
    <tbody>
    <?cs each:x = Reports ?><?cs if:x.report_id ?>
    <tr><td><input type="checkbox" name="report" value="<?cs var:x.report_id ?>" aria-label="选择 <?cs var:x.report_no ?>"></td>
      <td data-label="报告编号"><code><?cs var:x.report_no ?></code></td>
      <td data-label="设备"><?cs var:x.device_name ?><br><code class="small"><?cs var:x.reg_code ?></code></td>
      <td data-label="结论"><span class="badge badge-<?cs var:x.conclusion ?>"><?cs var:x.conclusion_label ?></span></td>
      <td class="date" data-label="检验日期"><?cs var:x.inspection_date ?></td><td class="date" data-label="下次检验日期"><?cs var:x.next_date ?></td>
      <td data-label="检验费">¥<?cs var:x.amount ?> <?cs if:x.paid == "1" ?><span class="badge badge-completed">已缴费</span><?cs else ?><span class="badge badge-submitted">未缴费</span><?cs /if ?></td>
      <td data-label="文书"><?cs if:!Certified ?><span class="small muted">凭领取凭证到窗口领取</span><?cs elif:x.paid == "1" || x.arrears_approved == "1" ?><?cs if:x.report_doc ?><a href="/documents/<?cs var:x.report_doc ?>">检验报告</a><?cs /if ?><?cs if:x.label_doc ?> · <a href="/documents/<?cs var:x.label_doc ?>">设备标签</a><?cs /if ?><?cs else ?><a href="/documents/<?cs var:x.report_doc ?>" class="small">缴费后可下载</a><?cs /if ?><?cs if:Certified && x.notice_doc ?> · <a href="/documents/<?cs var:x.notice_doc ?>"><?cs if:x.notice_kind == "unqualified" ?>不合格通知书<?cs else ?>合格通知书<?cs /if ?></a><?cs /if ?></td></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <p class="button-row"><button class="btn" type="submit">打印报告领取凭证（所选设备）</button></p>
  </form>
  <?cs /if ?>
  <?cs if:Reports.NextAfter || Filter.After ?>
  <nav class="pager" aria-label="分页">
    <?cs if:Filter.After ?><a href="/reports?q=<?cs var:url_escape(Filter.q) ?>&amp;conclusion=<?cs var:Filter.conclusion ?>&amp;paid=<?cs var:Filter.paid ?>">第一页</a><?cs /if ?>
    <?cs if:Reports.NextAfter ?><a href="/reports?q=<?cs var:url_escape(Filter.q) ?>&amp;conclusion=<?cs var:Filter.conclusion ?>&amp;paid=<?cs var:Filter.paid ?>&amp;after=<?cs var:Reports.NextAfter ?>">下一页</a><?cs /if ?>
  </nav>
  <?cs /if ?>
</section>

<section class="wrap">
  <h1>收费登记</h1>
  <p class="muted">按缴费单号或单位名称查找本机构辖区的缴费单，核对金额后登记现场收费（现金、银行转账或 POS 刷卡）。登记后企业即可下载电子报告。</p>
  <form class="filter" method="get" action="/agency/payments">
    <div class="filter-row">
      <label class="field-inline"><span>缴费单号或单位</span><input type="search" name="q" value="<?cs var:Filter.q ?>" maxlength="60" placeholder="JF2026-000001 或单位名称"></label>
      <button class="btn" type="submit">查找</button>
    </div>
  </form>
  <?cs if:Orders.Count == 0 ?><p class="muted"><?cs if:Filter.After ?>没有更多了。<?cs else ?>没有符合条件的缴费单。<?cs /if ?></p><?cs else ?>
  <div class="table-wrap">
  <table class="list cards">
    <thead><tr><th>缴费单号</th><th>单位</th><th>设备 / 报告</th><th>金额</th><th>开单日期</th><th>状态</th><th>登记收费</th></tr></thead>
    <tbody>
    <?cs each:x = Orders ?><?cs if:x.id ?>
    <tr><td data-label="缴费单号"><code><?cs var:x.number ?></code></td><td data-label="单位"><?cs var:x.org_name ?></td>
      <td data-label="设备 / 报告"><?cs var:x.device_name ?><br><code class="small"><?cs var:x.report_no ?></code></td>
      <td data-label="金额">¥<?cs var:x.amount ?></td><td data-label="开单日期"><?cs var:x.created ?></td>
      <td data-label="状态"><span class="badge badge-<?cs var:x.state ?>"><?cs var:x.state_label ?></span><?cs if:x.receipt_no ?><br><span class="small"><?cs var:x.method_label ?> · 收据 <?cs var:x.receipt_no ?> · <?cs var:x.paid_at ?></span><?cs /if ?></td>
      <td><?cs if:x.state == "unpaid" ?>
        <form method="post" action="/agency/payments/<?cs var:x.id ?>"><?cs call:csrf_field() ?><input type="hidden" name="version" value="<?cs var:x.version ?>">
          <?cs if:Errors.id == x.id ?><p class="form-error" role="alert"><?cs var:Errors.msg ?></p><?cs /if ?>
          <label class="field-inline"><span>实收金额（元）</span><input name="amount" inputmode="decimal" size="9" value="<?cs if:Errors.id == x.id ?><?cs var:Typed.amount ?><?cs else ?><?cs var:x.amount ?><?cs /if ?>" required></label>
          <label class="field-inline"><span>方式</span><select name="method">
            <option value="cash"<?cs if:Errors.id == x.id && Typed.method == "cash" ?> selected<?cs /if ?>>现金</option>
            <option value="transfer"<?cs if:Errors.id == x.id && Typed.method == "transfer" ?> selected<?cs /if ?>>银行转账</option>
            <option value="pos"<?cs if:Errors.id == x.id && Typed.method == "pos" ?> selected<?cs /if ?>>POS 刷卡</option></select></label>
          <label class="field-inline"><span>收据号</span><input name="receipt_no" size="12" maxlength="40" value="<?cs if:Errors.id == x.id ?><?cs var:Typed.receipt_no ?><?cs /if ?>" required></label>
          <button class="btn btn-small" type="submit">登记收费</button></form>
      <?cs /if ?></td></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
  <?cs if:Orders.NextAfter || Filter.After ?>
  <nav class="pager" aria-label="分页">
    <?cs if:Filter.After ?><a href="/agency/payments?q=<?cs var:url_escape(Filter.q) ?>">第一页</a><?cs /if ?>
    <?cs if:Orders.NextAfter ?><a href="/agency/payments?q=<?cs var:url_escape(Filter.q) ?>&amp;after=<?cs var:Orders.NextAfter ?>">下一页</a><?cs /if ?>
  </nav>
  <?cs /if ?>
</section>

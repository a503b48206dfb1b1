<section class="wrap">
  <h1>欠费申请</h1>
  <p class="muted">检验费暂时无法缴纳、又需要先取得电子报告时，可勾选缴费单并写明原因和承诺缴费日期提交申请。检验机构同意后即可在“我的报告”中下载对应的报告和设备标签；请在承诺日期前缴清费用。</p>
  <h2>提交申请</h2>
  <?cs if:Errors.form ?><p class="form-error" role="alert"><?cs var:Errors.form ?></p><?cs /if ?>
  <?cs if:Orders.0.id ?>
  <form method="post" action="/arrears">
    <?cs call:csrf_field() ?>
    <div class="table-wrap">
    <table class="list cards">
      <thead><tr><th><span class="offscreen">选择</span></th><th>缴费单号</th><th>报告编号</th><th>设备</th><th>金额</th></tr></thead>
      <tbody>
      <?cs each:x = Orders ?>
      <tr><td><input type="checkbox" name="order" value="<?cs var:x.id ?>" aria-label="选择 <?cs var:x.number ?>"<?cs if:Typed.order[x.id] ?> checked<?cs /if ?>></td>
        <td data-label="缴费单号"><code><?cs var:x.number ?></code></td><td data-label="报告编号"><code><?cs var:x.report_no ?></code></td>
        <td data-label="设备"><?cs var:x.device_name ?></td><td data-label="金额">¥<?cs var:x.amount ?></td></tr>
      <?cs /each ?>
      </tbody>
    </table>
    </div>
    <label class="field"><span>申请原因</span><textarea name="reason" rows="3" maxlength="160" required><?cs var:Typed.reason ?></textarea></label>
    <label class="field"><span>承诺缴费日期</span><input type="date" name="promised_date" value="<?cs var:Typed.promised_date ?>" required></label>
    <p class="button-row"><button class="btn" type="submit">提交欠费申请</button></p>
  </form>
  <?cs else ?><p class="muted">没有可以申请欠费的缴费单（未缴费、且不在申请中的）。</p><?cs /if ?>
  <h2>申请记录</h2>
  <?cs if:!Apps.0.id ?><p class="muted">还没有欠费申请。</p><?cs else ?>
  <div class="table-wrap">
  <table class="list cards">
    <thead><tr><th>缴费单</th><th>金额</th><th>原因</th><th>承诺缴费日期</th><th>提交时间</th><th>状态</th></tr></thead>
    <tbody>
    <?cs each:x = Apps ?><?cs if:x.id ?>
    <tr><td data-label="缴费单" class="small"><?cs var:x.orders ?></td><td data-label="金额">¥<?cs var:x.amount ?></td>
      <td data-label="原因" class="pre-wrap"><?cs var:x.reason ?></td><td class="date" data-label="承诺缴费日期"><?cs var:x.promised_date ?></td>
      <td data-label="提交时间" class="small"><?cs var:x.created ?></td>
      <td data-label="状态"><span class="badge badge-<?cs var:x.state ?>"><?cs var:x.state_label ?></span><?cs if:x.reject_reason ?><br><span class="small pre-wrap">驳回原因：<?cs var:x.reject_reason ?></span><?cs /if ?></td></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
  <?cs if:Apps.NextAfter || Filter.After ?>
  <nav class="pager" aria-label="分页">
    <?cs if:Filter.After ?><a href="/arrears">第一页</a><?cs /if ?>
    <?cs if:Apps.NextAfter ?><a href="/arrears?after=<?cs var:Apps.NextAfter ?>">下一页</a><?cs /if ?>
  </nav>
  <?cs /if ?>
</section>

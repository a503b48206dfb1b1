<section class="wrap">
  <h1>我的报检</h1>
  <?cs if:Query.msg == "deleted" ?><p class="notice">报检申请已删除。</p><?cs /if ?>
  <p class="muted">在“我的设备”中勾选设备后点击“申请检验”即可报检<?cs if:!User.Can.equipment_change ?>；非认证账号请先按注册代码查找设备<?cs /if ?>。<a href="/equipment">去选择设备</a></p>
  <nav class="tabs" aria-label="报检状态">
    <a href="/inspection"<?cs if:Filter.Tab == "open" ?> aria-current="page" class="current"<?cs /if ?>>处理中</a>
    <a href="/inspection?tab=done"<?cs if:Filter.Tab == "done" ?> aria-current="page" class="current"<?cs /if ?>>已完成</a>
    <a href="/inspection?tab=returned"<?cs if:Filter.Tab == "returned" ?> aria-current="page" class="current"<?cs /if ?>>被退回</a>
  </nav>
  <?cs if:Apps.Count == 0 ?>
  <p class="muted"><?cs if:Filter.After ?>没有更多了。<?cs elif:Filter.Tab == "done" ?>还没有已完成的检验。<?cs elif:Filter.Tab == "returned" ?>没有被退回的报检。<?cs else ?>没有处理中的报检。<?cs /if ?></p>
  <?cs elif:Filter.Tab == "done" ?>
  <div class="table-wrap">
  <table class="list cards">
    <thead><tr><th>申报序列号</th><th>设备</th><th>检验类型</th><th>结论</th><th>检验日期</th><th>下次检验日期</th><th>检验费</th><th>报告编号</th><th>报告领取</th></tr></thead>
    <tbody>
    <?cs each:x = Apps ?><?cs if:x.id ?>
    <tr><td data-label="申报序列号"><a href="/inspection/<?cs var:x.id ?>"><code><?cs var:x.serial_no ?></code></a></td>
      <td data-label="设备"><?cs var:x.device_name ?><br><code class="small"><?cs var:x.reg_code ?></code></td>
      <td data-label="检验类型"><?cs var:x.kind_label ?></td>
      <td data-label="结论"><span class="badge badge-<?cs var:x.conclusion ?>"><?cs var:x.conclusion_label ?></span></td>
      <td class="date" data-label="检验日期"><?cs var:x.inspection_date ?></td><td class="date" data-label="下次检验日期"><?cs var:x.next_date ?></td>
      <td data-label="检验费">¥<?cs var:x.fee ?></td><td data-label="报告编号"><code><?cs var:x.report_no ?></code></td>
      <td data-label="报告领取"><?cs if:x.collectible == "t" ?><span class="badge badge-completed">可领取</span><?cs else ?><span class="badge badge-submitted">缴费后可领取</span><?cs /if ?></td></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs else ?>
  <div class="table-wrap">
  <table class="list cards">
    <thead><tr><th>申报序列号</th><th>检验类型</th><th>设备</th><th><?cs if:Filter.Tab == "returned" ?>退回原因<?cs else ?>状态<?cs /if ?></th><th>更新时间</th><th>操作</th></tr></thead>
    <tbody>
    <?cs each:x = Apps ?><?cs if:x.id ?>
    <tr><td data-label="申报序列号"><a href="/inspection/<?cs var:x.id ?><?cs if:x.state == "draft" || x.state == "returned" ?>/edit<?cs /if ?>"><code><?cs var:x.serial_no ?></code></a></td>
      <td data-label="检验类型"><?cs var:x.kind_label ?></td>
      <td data-label="设备"><?cs var:x.first_device ?><?cs if:x.devices > 1 ?> 等 <?cs var:x.devices ?> 台<?cs /if ?><br><code class="small"><?cs var:x.first_reg_code ?></code></td>
      <?cs if:Filter.Tab == "returned" ?>
      <td data-label="退回原因"><ul class="reasons"><?cs each:y = x.reasons ?><li><?cs var:y ?></li><?cs /each ?></ul><?cs if:x.return_note ?><p class="small pre-wrap">说明：<?cs var:x.return_note ?></p><?cs /if ?></td>
      <?cs else ?>
      <td data-label="状态"><?cs call:state_badge(x.state, x.state_label) ?><?cs if:x.planned_date ?><br><span class="small muted">计划 <?cs var:x.planned_date ?></span><?cs /if ?></td>
      <?cs /if ?>
      <td data-label="更新时间" class="small"><?cs var:x.updated ?></td>
      <td data-label="操作" class="actions">
        <?cs if:x.state == "draft" ?><a class="btn btn-small" href="/inspection/<?cs var:x.id ?>/edit">继续填写</a> <a class="btn btn-small btn-ghost" href="/inspection/<?cs var:x.id ?>/delete">删除</a>
        <?cs elif:x.state == "returned" ?><a class="btn btn-small" href="/inspection/<?cs var:x.id ?>/edit">修改重新提交</a> <a class="btn btn-small btn-ghost" href="/inspection/<?cs var:x.id ?>/delete">删除</a>
        <?cs elif:x.state == "submitted" ?><form method="post" action="/inspection/<?cs var:x.id ?>/withdraw" class="inline-form"><?cs call:csrf_field() ?><input type="hidden" name="version" value="<?cs var:x.version ?>"><button class="btn btn-small btn-secondary" type="submit">撤回</button></form>
        <?cs else ?><a class="btn btn-small btn-ghost" href="/inspection/<?cs var:x.id ?>">查看</a><?cs /if ?>
      </td></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
  <?cs if:Apps.NextAfter || Filter.After ?>
  <nav class="pager" aria-label="分页">
    <?cs if:Filter.After ?><a href="/inspection?tab=<?cs var:Filter.Tab ?>">第一页</a><?cs /if ?>
    <?cs if:Apps.NextAfter ?><a href="/inspection?tab=<?cs var:Filter.Tab ?>&amp;after=<?cs var:Apps.NextAfter ?>">下一页</a><?cs /if ?>
  </nav>
  <?cs /if ?>
</section>

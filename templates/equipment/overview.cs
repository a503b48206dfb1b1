<?cs def:count_link(n, href) ?><?cs if:n > 0 ?><a href="<?cs var:href ?>"><?cs var:n ?></a><?cs else ?><span class="muted">0</span><?cs /if ?><?cs /def ?>
<section class="wrap">
  <h1>设备总览</h1>
  <nav class="tabs" aria-label="设备列表">
    <a href="/equipment/overview" aria-current="page">设备总览</a>
    <a href="/equipment">综合查询</a>
    <a href="/equipment?list=overdue">超期未检</a>
    <a href="/equipment?list=due">即将到期</a>
    <a href="/equipment?list=unqualified">检验不合格</a>
    <a href="/equipment?list=idle">非在用</a>
  </nav>

  <div class="duty-cards">
    <?cs each:d = Duty ?>
    <a class="duty-card duty-<?cs var:name(d) ?><?cs if:d.n > 0 ?> has<?cs /if ?>" href="/equipment?list=<?cs var:name(d) ?>">
      <span class="duty-n"><?cs var:d.n ?><?cs if:d.more ?>+<?cs /if ?></span>
      <span class="duty-label"><?cs var:d.label ?></span>
    </a>
    <?cs /each ?>
  </div>

  <?cs if:Overview.Total > 0 ?>
  <h2>按类别和状态</h2>
  <?cs if:Overview.ChartSvg ?><figure class="chart"><?cs uvar:Overview.ChartSvg ?></figure><?cs /if ?>
  <div class="table-wrap">
  <table class="list counts">
    <thead><tr><th>设备类别</th><th>在用</th><th>停用</th><th>报废</th><th>注销</th><th>合计</th></tr></thead>
    <tbody>
    <?cs each:k = Kinds ?>
    <tr><th scope="row"><?cs var:k.kind_name ?></th>
      <td class="num"><?cs call:count_link(k.in_use, "/equipment?list=all&category=" + k.kind + "&state=in_use") ?></td>
      <td class="num"><?cs call:count_link(k.stopped, "/equipment?list=all&category=" + k.kind + "&state=stopped") ?></td>
      <td class="num"><?cs call:count_link(k.scrapped, "/equipment?list=all&category=" + k.kind + "&state=scrapped") ?></td>
      <td class="num"><?cs call:count_link(k.cancelled, "/equipment?list=all&category=" + k.kind + "&state=cancelled") ?></td>
      <td class="num"><?cs call:count_link(k.total, "/equipment?list=all&category=" + k.kind) ?></td></tr>
    <?cs /each ?>
    </tbody>
    <tfoot><tr><th scope="row">合计</th>
      <td class="num"><?cs call:count_link(States.in_use, "/equipment?list=all&state=in_use") ?></td>
      <td class="num"><?cs call:count_link(States.stopped, "/equipment?list=all&state=stopped") ?></td>
      <td class="num"><?cs call:count_link(States.scrapped, "/equipment?list=all&state=scrapped") ?></td>
      <td class="num"><?cs call:count_link(States.cancelled, "/equipment?list=all&state=cancelled") ?></td>
      <td class="num"><?cs call:count_link(Overview.Total, "/equipment") ?></td></tr></tfoot>
  </table>
  </div>
  <p class="muted small">统计口径：<?cs if:User.Can.bureau_changes ?>辖区内登记的设备<?cs else ?>本单位作为使用单位的设备（作为安装、制造单位的设备可在综合查询中查看）<?cs /if ?>。</p>
  <?cs else ?>
  <p class="empty">暂无设备。</p>
  <?cs /if ?>
</section>

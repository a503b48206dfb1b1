<section class="wrap">
  <h1>报检受理</h1>
  <p class="muted">本机构辖区内企业提交的报检申请。受理后进入“处理中”，指派检验人员并在检验完成后逐台录入结论；资料不符的请勾选具体原因退回。</p>
  <nav class="tabs" aria-label="状态">
    <a href="/agency/inspections?state=submitted"<?cs if:Filter.state == "submitted" ?> class="current" aria-current="page"<?cs /if ?>>未审核</a>
    <a href="/agency/inspections?state=in_process"<?cs if:Filter.state == "in_process" ?> class="current" aria-current="page"<?cs /if ?>>处理中</a>
    <a href="/agency/inspections?state=returned"<?cs if:Filter.state == "returned" ?> class="current" aria-current="page"<?cs /if ?>>被退回</a>
    <a href="/agency/inspections?state=completed"<?cs if:Filter.state == "completed" ?> class="current" aria-current="page"<?cs /if ?>>已完成</a>
    <a href="/agency/inspections?state=all"<?cs if:Filter.state == "all" ?> class="current" aria-current="page"<?cs /if ?>>全部</a>
  </nav>
  <form class="filter" method="get" action="/agency/inspections">
    <input type="hidden" name="state" value="<?cs var:Filter.state ?>">
    <div class="filter-row">
      <label class="field-inline"><span>检验类型</span><select name="kind"><option value="">全部</option>
        <option value="periodic"<?cs if:Filter.kind == "periodic" ?> selected<?cs /if ?>>定期检验（在用）</option>
        <option value="installation"<?cs if:Filter.kind == "installation" ?> selected<?cs /if ?>>安装监检</option>
        <option value="modification"<?cs if:Filter.kind == "modification" ?> selected<?cs /if ?>>改造大修监检</option></select></label>
      <label class="field-inline"><span>区县</span><select name="district"><option value="">全部</option>
        <?cs each:d = Choices.Districts ?><option value="<?cs var:d.code ?>"<?cs if:d.code == Filter.district ?> selected<?cs /if ?>><?cs var:d.name ?></option><?cs /each ?></select></label>
      <label class="field-inline"><span>设备类别</span><select name="category"><option value="">全部</option>
        <option value="3"<?cs if:Filter.category == "3" ?> selected<?cs /if ?>>电梯</option>
        <option value="4"<?cs if:Filter.category == "4" ?> selected<?cs /if ?>>起重机械</option>
        <option value="1"<?cs if:Filter.category == "1" ?> selected<?cs /if ?>>锅炉</option>
        <option value="2"<?cs if:Filter.category == "2" ?> selected<?cs /if ?>>压力容器</option>
        <option value="5"<?cs if:Filter.category == "5" ?> selected<?cs /if ?>>场（厂）内专用机动车辆</option>
        <option value="6"<?cs if:Filter.category == "6" ?> selected<?cs /if ?>>大型游乐设施</option>
        <option value="8"<?cs if:Filter.category == "8" ?> selected<?cs /if ?>>压力管道</option></select></label>
      <label class="field-inline"><span>提交日期</span><input type="date" name="from" value="<?cs var:Filter.from ?>" aria-label="提交日期起"> 至 <input type="date" name="to" value="<?cs var:Filter.to ?>" aria-label="提交日期止"></label>
      <button class="btn" type="submit">查询</button>
      <a class="btn btn-ghost" href="/agency/inspections?state=<?cs var:Filter.state ?>">清空条件</a>
    </div>
  </form>
  <?cs if:Errors.date ?><p class="form-error" role="alert"><?cs var:Errors.date ?></p><?cs /if ?>
  <?cs if:Apps.Count == 0 ?><p class="muted"><?cs if:Filter.After ?>没有更多了。<?cs else ?>没有符合条件的报检申请。<?cs /if ?></p><?cs else ?>
  <div class="table-wrap">
  <table class="list cards">
    <thead><tr><th>申报序列号</th><th>检验类型</th><th>报检单位</th><th>设备</th><th>区县</th><th>提交时间</th><th>状态</th><th></th></tr></thead>
    <tbody>
    <?cs each:x = Apps ?><?cs if:x.id ?>
    <tr><td data-label="申报序列号"><code><?cs var:x.serial_no ?></code></td><td data-label="检验类型"><?cs var:x.kind_label ?></td>
      <td data-label="报检单位"><?cs var:x.org_name ?></td>
      <td data-label="设备"><?cs var:x.first_device ?><?cs if:x.devices > 1 ?> 等 <?cs var:x.devices ?> 台<?cs /if ?></td>
      <td data-label="区县"><?cs var:x.district_name ?></td><td data-label="提交时间" class="small"><?cs var:x.submitted ?></td>
      <td data-label="状态"><?cs call:state_badge(x.state, x.state_label) ?><?cs if:x.planned_date ?><br><span class="small muted">计划 <?cs var:x.planned_date ?></span><?cs /if ?></td>
      <td><a class="btn btn-small" href="/agency/inspections/<?cs var:x.id ?>"><?cs if:x.state == "submitted" ?>审核<?cs elif:x.state == "in_process" ?>办理<?cs else ?>查看<?cs /if ?></a></td></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
  <?cs if:Apps.NextAfter || Filter.After ?>
  <nav class="pager" aria-label="分页">
    <?cs if:Filter.After ?><a href="/agency/inspections?state=<?cs var:Filter.state ?>&amp;kind=<?cs var:Filter.kind ?>&amp;district=<?cs var:Filter.district ?>&amp;category=<?cs var:Filter.category ?>&amp;from=<?cs var:Filter.from ?>&amp;to=<?cs var:Filter.to ?>">第一页</a><?cs /if ?>
    <?cs if:Apps.NextAfter ?><a href="/agency/inspections?state=<?cs var:Filter.state ?>&amp;kind=<?cs var:Filter.kind ?>&amp;district=<?cs var:Filter.district ?>&amp;category=<?cs var:Filter.category ?>&amp;from=<?cs var:Filter.from ?>&amp;to=<?cs var:Filter.to ?>&amp;after=<?cs var:Apps.NextAfter ?>">下一页</a><?cs /if ?>
  </nav>
  <?cs /if ?>
</section>

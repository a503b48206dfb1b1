<?cs def:th_sort(key, label) ?><?cs if:Sorts[key].url ?><?cs with:s = Sorts[key] ?><th aria-sort="<?cs var:s.aria ?>"><a class="sort" href="<?cs var:s.url ?>"><?cs var:label ?><?cs var:s.arrow ?></a></th><?cs /with ?><?cs else ?><th><?cs var:label ?></th><?cs /if ?><?cs /def ?>
<?cs def:row_head(i) ?><?cs if:List.Apply ?><td data-label="选择"><input type="checkbox" name="equipment" value="<?cs var:cell(i, "id") ?>" form="apply-form" aria-label="选择 <?cs var:cell(i, "name") ?>"></td><?cs /if ?><td data-label="注册代码"><a href="/equipment/<?cs var:cell(i, "id") ?>"><code><?cs if:cell(i, "reg_code") ?><?cs var:cell(i, "reg_code") ?><?cs else ?>未登记<?cs /if ?></code></a></td><td data-label="设备名称"><?cs var:cell(i, "name") ?></td><td data-label="类别"><?cs var:cell(i, "category_name") ?></td><?cs if:List.Districts ?><td data-label="使用单位"><?cs var:cell(i, "use_org_name") ?></td><?cs /if ?><?cs /def ?>
<section class="wrap">
  <h1><?cs var:List.Label ?></h1>
  <nav class="tabs" aria-label="设备列表">
    <a href="/equipment/overview">设备总览</a>
    <a href="/equipment"<?cs if:List.Name == "all" ?> aria-current="page"<?cs /if ?>>综合查询</a>
    <a href="/equipment?list=overdue"<?cs if:List.Name == "overdue" ?> aria-current="page"<?cs /if ?>>超期未检</a>
    <a href="/equipment?list=due"<?cs if:List.Name == "due" ?> aria-current="page"<?cs /if ?>>即将到期</a>
    <a href="/equipment?list=unqualified"<?cs if:List.Name == "unqualified" ?> aria-current="page"<?cs /if ?>>检验不合格</a>
    <a href="/equipment?list=idle"<?cs if:List.Name == "idle" ?> aria-current="page"<?cs /if ?>>非在用</a>
  </nav>

  <form class="filter" method="get" action="/equipment">
    <input type="hidden" name="list" value="<?cs var:List.Name ?>">
    <div class="filter-row">
      <label class="field-inline"><span>设备类别</span>
        <select name="category">
          <option value="">全部</option>
          <?cs uvar:Choices.CategoryOptions ?>
        </select></label>
      <label class="field-inline"><span>注册代码</span><input type="text" name="reg_code" value="<?cs var:Filter.reg_code ?>" inputmode="numeric" maxlength="20" placeholder="可只填前几位"></label>
      <?cs if:List.Name == "due" ?><label class="field-inline"><span>到期天数</span><input type="number" name="window" value="<?cs var:Filter.window ?>" min="1" max="366"></label><?cs /if ?>
      <button class="btn" type="submit">查询</button>
      <a class="btn btn-ghost" href="/equipment?list=<?cs var:List.Name ?>">清空条件</a>
    </div>
    <details class="more"<?cs if:Filter.More ?> open<?cs /if ?>>
      <summary>更多条件</summary>
      <div class="filter-grid">
        <label class="field-inline"><span>设备代码</span><input type="text" name="equipment_code" value="<?cs var:Filter.equipment_code ?>" maxlength="20"></label>
        <label class="field-inline"><span>出厂编号</span><input type="text" name="factory_no" value="<?cs var:Filter.factory_no ?>" maxlength="40"></label>
        <label class="field-inline"><span>所在区县</span>
          <select name="district"><option value="">全部</option>
          <?cs uvar:Choices.DistrictOptions ?>
          </select></label>
        <label class="field-inline"><span>设备状态</span>
          <select name="state"><option value="">全部</option>
            <option value="in_use"<?cs if:Filter.state == "in_use" ?> selected<?cs /if ?>>在用</option>
            <option value="stopped"<?cs if:Filter.state == "stopped" ?> selected<?cs /if ?>>停用</option>
            <option value="scrapped"<?cs if:Filter.state == "scrapped" ?> selected<?cs /if ?>>报废</option>
            <option value="cancelled"<?cs if:Filter.state == "cancelled" ?> selected<?cs /if ?>>注销</option>
          </select></label>
        <label class="field-inline"><span>使用地点</span><input type="text" name="address" value="<?cs var:Filter.address ?>" maxlength="120" placeholder="包含的文字"></label>
        <label class="field-inline"><span>下次检验日期</span><input type="date" name="due_from" value="<?cs var:Filter.due_from ?>" aria-label="下次检验日期起"> 至 <input type="date" name="due_to" value="<?cs var:Filter.due_to ?>" aria-label="下次检验日期止"></label>
        <label class="field-inline"><span>最近检验结论</span>
          <select name="conclusion"><option value="">全部</option>
            <option value="qualified"<?cs if:Filter.conclusion == "qualified" ?> selected<?cs /if ?>>合格</option>
            <option value="unqualified"<?cs if:Filter.conclusion == "unqualified" ?> selected<?cs /if ?>>不合格</option>
            <option value="requalified"<?cs if:Filter.conclusion == "requalified" ?> selected<?cs /if ?>>复检合格</option>
          </select></label>
        <label class="field-inline"><span>维保单位</span><input type="text" name="maint" value="<?cs var:Filter.maint ?>" maxlength="120" placeholder="单位名称包含的文字"></label>
      </div>
    </details>
  </form>

  <?cs if:Errors.0 ?><div class="form-error" role="alert"><p>以下条件有误：</p><ul><?cs each:e = Errors ?><li><?cs var:e ?></li><?cs /each ?></ul></div><?cs /if ?>

  <?cs if:List.Rows > 0 ?>
  <p class="list-meta">
    <?cs if:List.Name != "all" ?><span>共 <strong><?cs var:List.Total ?><?cs if:List.TotalMore ?>+<?cs /if ?></strong> 台<?cs if:List.Name == "due" ?>（<?cs var:Filter.window ?> 天内到期；法规要求在检验有效期届满前 1 个月提出定期检验申请）<?cs /if ?></span><?cs /if ?>
    <a class="btn btn-small btn-secondary" href="/equipment/export?<?cs var:List.Export ?>">导出 Excel</a>
  </p>
  <?cs if:Apply.Kinds.0.value ?>
  <form id="apply-form" class="apply-bar" method="post" action="/inspection">
    <?cs call:csrf_field() ?>
    <select name="kind" aria-label="报检类型"><?cs each:k = Apply.Kinds ?><option value="<?cs var:k.value ?>"><?cs var:k.label ?></option><?cs /each ?></select>
    <button class="btn btn-small" type="submit">申请检验</button>
    <span class="muted small">勾选下表中的设备（可多选）后点击申请检验</span>
  </form>
  <?cs /if ?>
  <div class="table-wrap">
  <table class="list cards">
    <thead><tr>
      <?cs if:Apply.Kinds.0.value ?><th><span class="offscreen">选择</span></th><?cs /if ?>
      <?cs call:th_sort("reg_code", "注册代码") ?><?cs call:th_sort("name", "设备名称") ?><?cs call:th_sort("category", "类别") ?>
      <?cs if:List.Scope == "districts" ?><th>使用单位</th><?cs /if ?>
      <?cs if:List.Name == "overdue" || List.Name == "due" ?>
        <?cs call:th_sort("address", "使用地点") ?><?cs call:th_sort("next", "下次检验日期") ?><th><?cs if:List.Name == "overdue" ?>超期天数<?cs else ?>剩余天数<?cs /if ?></th>
      <?cs elif:List.Name == "unqualified" ?>
        <?cs call:th_sort("last", "检验日期") ?><th>结论</th><?cs call:th_sort("next", "下次检验日期") ?><th>状态</th>
      <?cs elif:List.Name == "idle" ?>
        <?cs call:th_sort("state", "状态") ?><th>使用地点</th><th>最近检验日期</th>
      <?cs else ?>
        <th>使用地点</th><th>状态</th><th>下次检验日期</th>
      <?cs /if ?>
    </tr></thead>
    <tbody><?cs
    # One loop per list, chosen once: a test of the list's name in every row cost more
    # than the row's own cells. row_head: the cells every list starts with. cell(i, "x"):
    # row i's x, read from the page's rows where they are (render.h), escaped as any var:. ?>
    <?cs if:List.Name == "overdue" || List.Name == "due" ?><?cs loop:i = 0, List.Rows - 1 ?>
    <tr><?cs call:row_head(i) ?><td data-label="使用地点"><?cs var:cell(i, "address") ?></td><td class="date" data-label="下次检验日期"><?cs var:cell(i, "next_inspection_date") ?></td><?cs if:List.Name == "overdue" ?><td class="num" data-label="超期天数"><span class="badge badge-frozen"><?cs var:cell(i, "days") ?> 天</span></td><?cs else ?><td class="num" data-label="剩余天数"><?cs var:cell(i, "days") ?> 天</td><?cs /if ?></tr><?cs /loop ?>
    <?cs elif:List.Name == "unqualified" ?><?cs loop:i = 0, List.Rows - 1 ?>
    <tr><?cs call:row_head(i) ?><td class="date" data-label="检验日期"><?cs var:cell(i, "last_inspection_date") ?></td><td data-label="结论"><span class="badge badge-frozen"><?cs var:cell(i, "conclusion_label") ?></span></td><td class="date" data-label="下次检验日期"><?cs var:cell(i, "next_inspection_date") ?></td><td data-label="状态"><?cs var:cell(i, "state_label") ?></td></tr><?cs /loop ?>
    <?cs elif:List.Name == "idle" ?><?cs loop:i = 0, List.Rows - 1 ?>
    <tr><?cs call:row_head(i) ?><td data-label="状态"><span class="badge badge-<?cs var:cell(i, "state") ?>"><?cs var:cell(i, "state_label") ?></span></td><td data-label="使用地点"><?cs var:cell(i, "address") ?></td><td class="date" data-label="最近检验日期"><?cs var:cell(i, "last_inspection_date") ?></td></tr><?cs /loop ?>
    <?cs else ?><?cs loop:i = 0, List.Rows - 1 ?>
    <tr><?cs call:row_head(i) ?><td data-label="使用地点"><?cs var:cell(i, "address") ?></td><td data-label="状态"><?cs var:cell(i, "state_label") ?></td><td data-label="下次检验日期"><?cs var:cell(i, "next_inspection_date") ?><?cs if:cell(i, "overdue") ?> <span class="badge badge-frozen">已超期</span><?cs /if ?></td></tr><?cs /loop ?>
    <?cs /if ?>
    </tbody>
  </table>
  </div>
  <?cs if:Pager.Prev || Pager.Next ?>
  <nav class="pager" aria-label="分页">
    <?cs if:Pager.First ?><a href="<?cs var:Pager.First ?>">第一页</a><?cs /if ?>
    <?cs if:Pager.Prev ?><a href="<?cs var:Pager.Prev ?>">上一页</a><?cs /if ?>
    <?cs if:Pager.Next ?><a href="<?cs var:Pager.Next ?>">下一页</a><?cs /if ?>
  </nav>
  <?cs /if ?>
  <?cs else ?>
  <div class="empty">
    <?cs if:Relax.Count > 0 ?>
    <p>没有同时符合全部条件的设备。去掉下列任一条件即可查到设备：<?cs each:x = Relax ?><?cs if:name(x) != "Count" ?><strong class="relax"><?cs var:x ?></strong><?cs /if ?><?cs /each ?>。</p>
    <?cs elif:List.Name == "all" && Filter.More ?>
    <p>没有符合条件的设备，任何单个条件放宽后也查不到，请减少查询条件或核对输入。</p>
    <?cs elif:List.Name == "overdue" ?><p>没有超期未检的设备。</p>
    <?cs elif:List.Name == "due" ?><p><?cs var:Filter.window ?> 天内没有到期的设备。</p>
    <?cs elif:List.Name == "unqualified" ?><p>没有检验结论为不合格的设备。</p>
    <?cs elif:List.Name == "idle" ?><p>没有停用、报废或注销的设备。</p>
    <?cs else ?><p>暂无设备。<?cs if:List.Scope == "sub" ?>请联系本单位主账号为您分配设备。<?cs /if ?></p>
    <?cs /if ?>
  </div>
  <?cs /if ?>
</section>

<section class="wrap">
  <?cs if:Page.Notice ?><p class="notice"><?cs var:Page.Notice ?></p><?cs /if ?>
  <h1><?cs var:Page.Title ?></h1>
  <?cs if:Queue ?>
  <p class="muted">辖区内维保单位上报的维保人员和电梯信息。逐条核对后通过或退回（退回须写明原因）；通过后该版本进入档案并生效。</p>
  <nav class="tabs" aria-label="类别">
    <a href="/bureau/maint?kind=company"<?cs if:Kind.slug == "company" ?> class="current"<?cs /if ?>>维保单位</a>
    <a href="/bureau/maint?kind=persons"<?cs if:Kind.slug == "persons" ?> class="current"<?cs /if ?>>维保人员</a>
    <a href="/bureau/maint?kind=elevators"<?cs if:Kind.slug == "elevators" ?> class="current"<?cs /if ?>>电梯</a>
    <a href="/bureau/maint/company/archive">单位档案</a>
    <a href="/bureau/maint/persons/archive">人员档案</a>
    <a href="/bureau/maint/elevators/archive">电梯档案</a>
  </nav>
  <?cs elif:Bureau ?>
  <nav class="tabs" aria-label="类别">
    <a href="/bureau/maint">待审核</a>
    <a href="/bureau/maint/company/archive"<?cs if:Kind.slug == "company" && !Query.expiring ?> class="current"<?cs /if ?>>单位档案</a>
    <a href="/bureau/maint/company/archive?expiring=1"<?cs if:Kind.slug == "company" && Query.expiring ?> class="current"<?cs /if ?>>证书 90 天内到期</a>
    <a href="/bureau/maint/persons/archive"<?cs if:Kind.slug == "persons" ?> class="current"<?cs /if ?>>人员档案</a>
    <a href="/bureau/maint/elevators/archive"<?cs if:Kind.slug == "elevators" ?> class="current"<?cs /if ?>>电梯档案</a>
  </nav>
  <?cs else ?>
  <nav class="tabs" aria-label="类别">
    <a href="/maint/company"<?cs if:Kind.slug == "company" && !Archive ?> class="current"<?cs /if ?>>维保信息上报</a>
    <a href="/maint/persons"<?cs if:Kind.slug == "persons" && !Archive ?> class="current"<?cs /if ?>>维保人员上报</a>
    <a href="/maint/elevators"<?cs if:Kind.slug == "elevators" && !Archive ?> class="current"<?cs /if ?>>电梯信息上报</a>
    <a href="/maint/company/archive"<?cs if:Kind.slug == "company" && Archive ?> class="current"<?cs /if ?>>维保公司信息</a>
    <a href="/maint/persons/archive"<?cs if:Kind.slug == "persons" && Archive ?> class="current"<?cs /if ?>>维保人员信息</a>
    <a href="/maint/elevators/archive"<?cs if:Kind.slug == "elevators" && Archive ?> class="current"<?cs /if ?>>电梯档案</a>
  </nav>
  <?cs /if ?>
  <?cs if:Archive ?><p class="muted">档案只含区县监管局审核通过的信息；修改后尚未通过审核的内容不在档案中。</p><?cs /if ?>

  <form class="search-bar maint-search" method="get" action="<?cs var:List.Base ?>">
    <?cs if:Queue ?><input type="hidden" name="kind" value="<?cs var:Kind.slug ?>"><?cs /if ?>
    <?cs if:Query.expiring ?><input type="hidden" name="expiring" value="1"><?cs /if ?>
    <?cs if:Bureau && Kind.slug != "company" ?><label>维保单位 <input type="text" name="org" value="<?cs var:Query.org ?>"></label><?cs /if ?>
    <?cs each:f = Fields ?><?cs if:f.query ?>
    <label><?cs var:f.label ?> <input type="text" name="q_<?cs var:f.key ?>" value="<?cs var:f.q ?>"></label>
    <?cs /if ?><?cs /each ?>
    <button class="btn" type="submit">查找</button>
    <a class="btn btn-secondary" href="<?cs var:List.Base ?><?cs if:Queue ?>?kind=<?cs var:Kind.slug ?><?cs /if ?>">清空</a>
  </form>

  <?cs if:!Bureau && !Archive ?>
  <p class="toolbar">
    <?cs if:Kind.slug == "company" ?><?cs if:Pager.Total == 0 ?><a class="btn" href="/maint/company/new">填写维保单位信息</a><?cs /if ?>
    <?cs else ?>
    <a class="btn" href="/maint/<?cs var:Kind.slug ?>/new">添加</a>
    <a class="btn btn-secondary" href="/maint/<?cs var:Kind.slug ?>/import">批量导入</a>
    <a class="btn btn-secondary" href="/maint/<?cs var:Kind.slug ?>/template.xlsx">模板下载</a>
    <?cs /if ?>
  </p>
  <?cs /if ?>
  <?cs if:Archive ?>
  <p class="toolbar"><a class="btn btn-secondary" href="<?cs var:List.Base ?>.xlsx?<?cs if:Query.org ?>org=<?cs var:url_escape(Query.org) ?>&amp;<?cs /if ?><?cs if:Query.expiring ?>expiring=1<?cs /if ?>">导出 Excel</a></p>
  <?cs /if ?>

  <?cs if:Pager.Total == 0 ?><p class="muted"><?cs if:Queue ?>没有待审核的信息。<?cs else ?>暂无信息。<?cs /if ?></p><?cs else ?>
  <?cs if:!Bureau && !Archive ?><form method="post" action="/maint/<?cs var:Kind.slug ?>/submit"><?cs call:csrf_field() ?><?cs /if ?>
  <div class="table-wrap">
  <table class="list maint-list">
    <thead><tr>
      <?cs if:!Bureau && !Archive ?><th><span class="visually-hidden">选择</span></th><?cs /if ?>
      <?cs if:!Archive ?><th>审核状态</th><th>信息状态</th><?cs /if ?>
      <?cs if:!Bureau && !Archive ?><th>审核意见</th><?cs /if ?>
      <?cs if:Bureau && Kind.slug != "company" ?><th>维保单位</th><?cs /if ?>
      <?cs each:c = Columns ?><th><?cs var:c.label ?></th><?cs /each ?>
      <?cs if:Kind.slug == "company" ?><th>行政区划</th><?cs /if ?>
      <?cs if:Kind.slug != "elevators" ?><th>证书状态</th><?cs /if ?>
      <th></th>
    </tr></thead>
    <tbody>
    <?cs each:row = Rows ?><?cs if:row.id ?>
    <tr>
      <?cs if:!Bureau && !Archive ?><td><?cs if:row.state == "pending_submit" || row.state == "returned" ?><input type="checkbox" name="id" value="<?cs var:row.id ?>" aria-label="选择第 <?cs var:row.id ?> 条"><?cs /if ?></td><?cs /if ?>
      <?cs if:!Archive ?><td><?cs call:state_badge(row.state, row.state_label) ?></td><td><?cs var:row.info_label ?></td><?cs /if ?>
      <?cs if:!Bureau && !Archive ?><td class="small"><?cs if:row.state == "approved" ?>已通过<?cs else ?><?cs var:row.return_reason ?><?cs /if ?></td><?cs /if ?>
      <?cs if:Bureau && Kind.slug != "company" ?><td><?cs var:row.org_name ?></td><?cs /if ?>
      <?cs each:cell = row.cells ?><td><?cs var:cell ?></td><?cs /each ?>
      <?cs if:Kind.slug == "company" ?><td><?cs var:row.district_name ?></td><?cs /if ?>
      <?cs if:Kind.slug != "elevators" ?><td><?cs if:row.cert_status ?><span class="badge badge-cert-<?cs var:row.cert_status ?>"><?cs var:row.cert_label ?></span><?cs /if ?></td><?cs /if ?>
      <td class="actions">
        <?cs if:Bureau ?><a class="btn btn-small" href="/bureau/maint/<?cs var:row.id ?>"><?cs if:Queue ?>审核<?cs else ?>查看 / 历史<?cs /if ?></a>
        <?cs else ?><a class="btn btn-small" href="/maint/<?cs var:Kind.slug ?>/<?cs var:row.id ?>"><?cs if:Archive ?>查看 / 历史<?cs else ?>查看<?cs /if ?></a>
        <?cs if:!Archive && row.state != "in_review" ?><a class="btn btn-small btn-secondary" href="/maint/<?cs var:Kind.slug ?>/<?cs var:row.id ?>/edit">编辑</a>
        <a class="btn btn-small btn-secondary" href="/maint/<?cs var:Kind.slug ?>/<?cs var:row.id ?>/delete">删除</a><?cs /if ?>
        <?cs /if ?>
      </td>
    </tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs if:!Bureau && !Archive ?>
  <p><button class="btn" type="submit">审核上报</button> <span class="muted small">勾选“待上报”或“退回”的信息后上报区县监管局审核。</span></p>
  </form>
  <?cs /if ?>
  <p class="muted small">共 <?cs var:Pager.Total ?> 条</p>
  <?cs call:pager(Pager.Base, Pager.Page, Pager.Pages) ?>
  <?cs /if ?>
</section>

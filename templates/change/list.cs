<section class="wrap">
  <h1><?cs if:Bureau ?>设备变更审核<?cs else ?>设备变更申请<?cs /if ?></h1>
  <?cs if:Bureau ?>
  <p class="muted">辖区内使用单位提出的设备停用、报废、注销和恢复使用申请。通过后设备状态随即变更，结果以短信告知申请人。</p>
  <?cs else ?>
  <p class="muted">设备停用、报废、注销或恢复使用，须向设备所在区县市场监督管理局申请，审核通过后设备状态随即变更。</p>
  <form class="search-bar change-search" method="get" action="/equipment/changes">
    <input type="text" name="code" value="<?cs var:Search.Code ?>" placeholder="本单位设备的注册代码 / 设备代码 / 出厂编号" aria-label="设备编号" autocomplete="off">
    <button class="btn" type="submit">申请变更</button>
  </form>
  <?cs if:Search.Error ?><p class="form-error" role="alert"><?cs var:Search.Error ?></p><?cs /if ?>
  <?cs /if ?>
  <nav class="tabs" aria-label="状态">
    <?cs if:!Bureau ?><a href="<?cs var:List.Base ?>?state=all"<?cs if:Filter.State == "all" ?> class="current"<?cs /if ?>>全部</a><?cs /if ?>
    <a href="<?cs var:List.Base ?>?state=submitted"<?cs if:Filter.State == "submitted" ?> class="current"<?cs /if ?>>待审核</a>
    <a href="<?cs var:List.Base ?>?state=approved"<?cs if:Filter.State == "approved" ?> class="current"<?cs /if ?>>已通过</a>
    <a href="<?cs var:List.Base ?>?state=rejected"<?cs if:Filter.State == "rejected" ?> class="current"<?cs /if ?>>已退回</a>
    <?cs if:Bureau ?><a href="<?cs var:List.Base ?>?state=all"<?cs if:Filter.State == "all" ?> class="current"<?cs /if ?>>全部</a><?cs /if ?>
  </nav>
  <?cs if:Changes.Count == 0 ?><p class="muted"><?cs if:Filter.After ?>没有更多申请了。<?cs elif:Filter.State == "submitted" ?>没有待审核的变更申请。<?cs else ?>暂无变更申请。<?cs /if ?></p><?cs else ?>
  <div class="table-wrap">
  <table class="list">
    <thead><tr><th>提交时间</th><th>设备</th><th>申请变更</th><?cs if:Bureau ?><th>使用单位</th><?cs /if ?><th>申请人</th><th>状态</th><th></th></tr></thead>
    <tbody>
    <?cs each:c = Changes ?><?cs if:c.id ?>
    <tr><td class="small"><?cs var:c.created ?></td>
      <td><?cs var:c.device_name ?><br><?cs if:c.reg_code ?><code class="small"><?cs var:c.reg_code ?></code><?cs else ?><span class="muted small">未办理使用登记</span><?cs /if ?></td>
      <td><?cs var:c.from_state_label ?> → <?cs var:c.to_state_label ?></td>
      <?cs if:Bureau ?><td><?cs var:c.org_name ?></td><?cs /if ?>
      <td><?cs var:c.applicant ?></td>
      <td><?cs call:state_badge(c.state, c.state_label) ?></td>
      <td><a class="btn btn-small" href="<?cs var:List.Base ?>/<?cs var:c.id ?>"><?cs if:Bureau && c.state == "submitted" ?>审核<?cs else ?>查看<?cs /if ?></a></td></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
  <?cs if:Changes.NextAfter || Filter.After ?>
  <nav class="pager" aria-label="分页">
    <?cs if:Filter.After ?><a href="<?cs var:List.Base ?>?state=<?cs var:Filter.State ?>">第一页</a><?cs /if ?>
    <?cs if:Changes.NextAfter ?><a href="<?cs var:List.Base ?>?state=<?cs var:Filter.State ?>&amp;after=<?cs var:Changes.NextAfter ?>">下一页</a><?cs /if ?>
  </nav>
  <?cs /if ?>
</section>

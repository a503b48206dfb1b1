<section class="wrap">
  <h1>整改审核</h1>
  <p class="muted">本机构辖区内不合格设备的整改材料。逐项核对后判定整改合格（设备结论更新为复检合格）或退回并说明原因。</p>
  <nav class="tabs" aria-label="状态">
    <a href="/agency/rectifications"<?cs if:Filter.state == "submitted" ?> class="current" aria-current="page"<?cs /if ?>>待审核</a>
    <a href="/agency/rectifications?state=accepted"<?cs if:Filter.state == "accepted" ?> class="current" aria-current="page"<?cs /if ?>>整改合格</a>
    <a href="/agency/rectifications?state=returned"<?cs if:Filter.state == "returned" ?> class="current" aria-current="page"<?cs /if ?>>被退回</a>
  </nav>
  <?cs if:Rects.Count == 0 ?><p class="muted"><?cs if:Filter.After ?>没有更多了。<?cs else ?>没有整改记录。<?cs /if ?></p><?cs else ?>
  <div class="table-wrap">
  <table class="list cards">
    <thead><tr><th>通知书编号</th><th>使用单位</th><th>设备</th><th>整改期限</th><th>提交时间</th><th>状态</th><th></th></tr></thead>
    <tbody>
    <?cs each:x = Rects ?><?cs if:x.rect_id ?>
    <tr><td data-label="通知书编号"><code><?cs var:x.notice_no ?></code></td><td data-label="使用单位"><?cs var:x.org_name ?></td>
      <td data-label="设备"><?cs var:x.device_name ?><br><code class="small"><?cs var:x.reg_code ?></code></td>
      <td data-label="整改期限"><?cs var:x.deadline ?></td><td data-label="提交时间" class="small"><?cs var:x.submitted ?></td>
      <td data-label="状态"><span class="badge badge-<?cs var:x.state ?>"><?cs var:x.state_label ?></span></td>
      <td><a class="btn btn-small" href="/agency/rectifications/<?cs var:x.rect_id ?>"><?cs if:x.state == "submitted" ?>审核<?cs else ?>查看<?cs /if ?></a></td></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
  <?cs if:Rects.NextAfter || Filter.After ?>
  <nav class="pager" aria-label="分页">
    <?cs if:Filter.After ?><a href="/agency/rectifications?state=<?cs var:Filter.state ?>">第一页</a><?cs /if ?>
    <?cs if:Rects.NextAfter ?><a href="/agency/rectifications?state=<?cs var:Filter.state ?>&amp;after=<?cs var:Rects.NextAfter ?>">下一页</a><?cs /if ?>
  </nav>
  <?cs /if ?>
</section>

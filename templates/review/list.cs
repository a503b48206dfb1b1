<section class="wrap">
  <h1>注册审核</h1>
  <nav class="tabs" aria-label="状态">
    <a href="/review/registrations?state=pending"<?cs if:Filter.State == "pending" ?> class="current"<?cs /if ?>>待审核</a>
    <a href="/review/registrations?state=active"<?cs if:Filter.State == "active" ?> class="current"<?cs /if ?>>已通过</a>
    <a href="/review/registrations?state=rejected"<?cs if:Filter.State == "rejected" ?> class="current"<?cs /if ?>>未通过</a>
  </nav>
  <?cs if:Registrations.Count == 0 ?><p class="muted">没有<?cs if:Filter.State == "pending" ?>待审核的<?cs /if ?>注册申请。</p><?cs else ?>
  <div class="table-wrap">
  <table class="list">
    <thead><tr><th>提交时间</th><th>单位名称</th><th>统一社会信用代码</th><th>单位类型</th><th>注册人</th><th>手机</th><th></th></tr></thead>
    <tbody>
    <?cs each:g = Registrations ?><?cs if:g.id ?>
    <tr><td class="small"><?cs var:g.created ?></td><td><?cs var:g.name ?></td><td><code><?cs var:g.credit_code ?></code></td>
      <td class="small"><?cs var:g.unit_types ?></td><td><?cs var:g.registrant ?></td><td><?cs var:g.mobile ?></td>
      <td><a class="btn btn-small" href="/review/registrations/<?cs var:g.id ?>">查看</a></td></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
</section>

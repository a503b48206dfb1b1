<section class="wrap">
  <h1>审计日志</h1>
  <div class="table-wrap">
  <table class="list">
    <thead><tr><th>时间</th><th>操作人</th><th>动作</th><th>对象</th><th>说明</th><th>地址</th></tr></thead>
    <tbody>
    <?cs each:a = Audit ?>
    <tr><td class="small"><?cs var:a.at ?></td><td><?cs var:a.actor ?></td><td><code><?cs var:a.action ?></code></td>
      <td><?cs var:a.entity_kind ?> #<?cs var:a.entity_id ?></td><td><?cs var:a.detail ?></td><td class="small"><?cs var:a.ip ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs call:pager("/admin/audit?", Pager.Page, Pager.Pages) ?>
</section>

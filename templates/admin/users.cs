<section class="wrap">
  <h1>用户管理</h1>
  <form class="search-bar" method="get" action="/admin/users">
    <input type="text" name="q" value="<?cs var:Search.Q ?>" placeholder="用户名、姓名、手机号或单位名称" aria-label="搜索">
    <button class="btn" type="submit">查询</button>
  </form>
  <p class="muted small">共 <?cs var:Pager.Total ?> 个账号</p>
  <div class="table-wrap">
  <table class="list">
    <thead><tr><th>用户名</th><th>姓名</th><th>手机</th><th>单位</th><th>角色</th><th>状态</th><th>上次登录</th><th>操作</th></tr></thead>
    <tbody>
    <?cs each:u = Users ?>
    <tr>
      <td><?cs var:u.login ?></td><td><?cs var:u.name ?></td><td><?cs var:u.mobile ?></td><td><?cs var:u.org ?></td>
      <td class="small"><?cs var:u.roles ?></td>
      <td><?cs if:u.frozen == 1 ?><span class="badge badge-frozen">已冻结</span><?cs elif:u.state == "active" ?><span class="badge badge-active">正常</span><?cs elif:u.state == "disabled" ?><span class="badge badge-frozen">已停用</span><?cs else ?><span class="badge badge-pending"><?cs var:u.state ?></span><?cs /if ?></td>
      <td class="small"><?cs var:u.last_login ?></td>
      <td class="actions">
        <?cs if:u.frozen == 1 ?>
        <form class="inline-form" method="post" action="/admin/users/<?cs var:u.id ?>/unfreeze"><?cs call:csrf_field() ?><button class="btn btn-small" type="submit">解冻</button></form>
        <?cs elif:u.id != User.Id ?>
        <form class="inline-form" method="post" action="/admin/users/<?cs var:u.id ?>/freeze"><?cs call:csrf_field() ?><button class="btn btn-small btn-secondary" type="submit">冻结</button></form>
        <?cs /if ?>
        <?cs if:u.state == "disabled" ?>
        <form class="inline-form" method="post" action="/admin/users/<?cs var:u.id ?>/enable"><?cs call:csrf_field() ?><button class="btn btn-small" type="submit">启用</button></form>
        <?cs elif:u.state == "active" && u.id != User.Id ?>
        <form class="inline-form" method="post" action="/admin/users/<?cs var:u.id ?>/disable"><?cs call:csrf_field() ?><button class="btn btn-small btn-secondary" type="submit">停用</button></form>
        <?cs /if ?>
      </td>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs call:pager("/admin/users?q=" + url_escape(Search.Q) + "&", Pager.Page, Pager.Pages) ?>
</section>

<section class="wrap">
  <h1>子账号管理</h1>
  <p class="muted">子账号供本单位员工使用，无需审核。可限定其办理的业务类型；子账号只能查看和办理分配给它的设备。</p>
  <?cs if:Page.Notice ?><p class="notice"><?cs var:Page.Notice ?></p><?cs /if ?>
  <?cs if:Subs.Count == 0 ?><p class="muted">还没有子账号。</p><?cs else ?>
  <div class="table-wrap">
  <table class="list">
    <thead><tr><th>用户名</th><th>姓名</th><th>手机</th><th>业务类型</th><th>状态</th><th>上次登录</th><th>操作</th></tr></thead>
    <tbody>
    <?cs each:s = Subs ?><?cs if:s.id ?>
    <tr>
      <td><?cs var:s.login ?></td><td><?cs var:s.name ?></td><td><?cs var:s.mobile ?></td>
      <td class="small"><?cs var:s.task_labels ?></td>
      <td><?cs if:s.state == "disabled" ?><span class="badge badge-frozen">已停用</span><?cs elif:s.frozen == 1 ?><span class="badge badge-frozen">已冻结</span><?cs else ?><span class="badge badge-active">正常</span><?cs /if ?></td>
      <td class="small"><?cs var:s.last_login ?></td>
      <td class="actions">
        <a class="btn btn-small btn-secondary" href="/account/subaccounts/<?cs var:s.id ?>">编辑</a>
        <form class="inline-form" method="post" action="/account/subaccounts/<?cs var:s.id ?>/reset"><?cs call:csrf_field() ?><button class="btn btn-small btn-secondary" type="submit">重置密码</button></form>
        <?cs if:s.state == "disabled" ?>
        <form class="inline-form" method="post" action="/account/subaccounts/<?cs var:s.id ?>/enable"><?cs call:csrf_field() ?><button class="btn btn-small" type="submit">启用</button></form>
        <?cs else ?>
        <form class="inline-form" method="post" action="/account/subaccounts/<?cs var:s.id ?>/disable"><?cs call:csrf_field() ?><button class="btn btn-small btn-secondary" type="submit">停用</button></form>
        <?cs /if ?>
      </td>
    </tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
  <form class="card narrow-card" method="post" action="/account/subaccounts" novalidate>
    <h2>开通子账号</h2>
    <p class="muted small">系统生成初始密码，通过短信发到该手机号；首次登录须修改密码。</p>
    <?cs call:csrf_field() ?>
    <?cs call:field_text("name", "姓名", Query.name, Errors.name, "text") ?>
    <?cs call:field_text("mobile", "手机号码", Query.mobile, Errors.mobile, "tel") ?>
    <?cs call:field_text("login", "用户名（选填，默认为 u+手机号）", Query.login, Errors.login, "text") ?>
    <div class="field<?cs if:Errors.task_types ?> has-error<?cs /if ?>">
      <span class="label">可办理的业务</span>
      <div class="checks">
      <?cs each:t = TaskTypes ?><label class="check"><input type="checkbox" name="task_types" value="<?cs var:t.value ?>"<?cs if:t.checked ?> checked<?cs /if ?>> <?cs var:t.label ?></label><?cs /each ?>
      </div>
      <?cs call:field_error(Errors.task_types) ?>
    </div>
    <button class="btn" type="submit">开通</button>
  </form>
</section>

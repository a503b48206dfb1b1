<section class="wrap narrow">
  <h1>修改密码</h1>
  <?cs if:Password.Forced ?><p class="notice">首次登录或密码已被重置：请先设置您自己的密码。</p><?cs /if ?>
  <form class="card" method="post" action="/account/password" novalidate>
    <?cs call:csrf_field() ?>
    <?cs call:field_text("old_password", "当前密码", "", Errors.old_password, "password") ?>
    <?cs call:field_text("new_password", "新密码", "", Errors.new_password, "password") ?>
    <p class="muted small">至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类，且不含用户名。修改后，其他设备上的登录将全部退出。</p>
    <?cs call:field_text("new_password2", "再次输入新密码", "", Errors.new_password2, "password") ?>
    <button class="btn" type="submit">修改密码</button>
  </form>
</section>

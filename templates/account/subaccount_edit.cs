<section class="wrap narrow">
  <p><a href="/account/subaccounts">← 子账号列表</a></p>
  <h1>编辑子账号 <?cs var:Sub.login ?></h1>
  <?cs if:Sub.Error ?><p class="form-error" role="alert"><?cs var:Sub.Error ?></p><?cs /if ?>
  <form class="card" method="post" action="/account/subaccounts/<?cs var:Sub.id ?>" novalidate>
    <?cs call:csrf_field() ?>
    <?cs call:field_text("name", "姓名", Sub.name, "", "text") ?>
    <?cs call:field_text("mobile", "手机号码", Sub.mobile, "", "tel") ?>
    <div class="field">
      <span class="label">可办理的业务</span>
      <div class="checks">
      <?cs each:t = TaskTypes ?><label class="check"><input type="checkbox" name="task_types" value="<?cs var:t.value ?>"<?cs if:t.checked ?> checked<?cs /if ?>> <?cs var:t.label ?></label><?cs /each ?>
      </div>
    </div>
    <button class="btn" type="submit">保存</button>
  </form>
  <p><a class="btn btn-secondary" href="/account/subaccounts/<?cs var:Sub.id ?>/equipment">分配设备</a></p>
</section>

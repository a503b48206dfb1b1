<section class="wrap narrow">
  <h1>回显测试</h1>
  <p>值：<span id="echo-value"><?cs var:Echo.Value ?></span></p>
  <p>备注：<span id="echo-note"><?cs var:Echo.Note ?></span></p>
  <form method="post" action="/_test/form">
    <?cs call:csrf_field() ?>
    <?cs call:field_text("name", "名称", Echo.Value, "", "text") ?>
    <button class="btn" type="submit">提交</button>
  </form>
</section>

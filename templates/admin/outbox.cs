<section class="wrap">
  <h1>消息发送记录</h1>
  <p class="muted small">最近 50 条短信与邮件。演示环境未接短信网关时，可在此查看验证码。</p>
  <div class="table-wrap">
  <table class="list">
    <thead><tr><th>#</th><th>时间</th><th>渠道</th><th>接收人</th><th>内容</th><th>状态</th><th>尝试</th></tr></thead>
    <tbody>
    <?cs each:m = Outbox ?>
    <tr><td><?cs var:m.id ?></td><td class="small"><?cs var:m.created ?></td><td><?cs var:m.channel ?></td><td><?cs var:m.recipient ?></td>
      <td><?cs var:m.body ?><?cs if:m.error ?><br><span class="field-error"><?cs var:m.error ?></span><?cs /if ?></td><td><?cs var:m.state ?></td><td><?cs var:m.attempts ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
</section>

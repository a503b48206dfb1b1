<section class="wrap">
  <h1>查找设备</h1>
  <p class="muted">非认证账号可按设备注册代码、设备代码或出厂编号精确查找设备。注册认证账号后可查看本单位名下全部设备。</p>
  <form class="search-bar" method="get" action="/equipment">
    <input type="text" name="code" value="<?cs var:Equipment.Code ?>" placeholder="注册代码 / 设备代码 / 出厂编号" aria-label="设备编号" autocomplete="off">
    <button class="btn" type="submit">查找</button>
  </form>
  <?cs if:Equipment.Code && Devices.Count == 0 ?><p class="muted">没有找到编号为“<?cs var:Equipment.Code ?>”的设备。请核对注册代码（20 位数字）、设备代码或出厂编号是否完整、准确。</p><?cs /if ?>
  <?cs if:Devices.Count > 0 ?>
  <div class="table-wrap">
  <table class="list">
    <thead><tr><th>注册代码</th><th>设备名称</th><th>类别</th><th>使用地点</th><th>状态</th><th>下次检验日期</th><?cs if:Apply.Kinds.0.value ?><th>报检</th><?cs /if ?></tr></thead>
    <tbody>
    <?cs each:d = Devices ?><?cs if:d.id ?>
    <tr><td><code><?cs var:d.reg_code ?></code></td><td><?cs var:d.name ?></td><td><?cs var:d.category_name ?></td>
      <td><?cs var:d.address ?></td><td><?cs var:d.state_label ?></td>
      <td><?cs var:d.next_inspection_date ?><?cs if:d.overdue == "t" ?> <span class="badge badge-frozen">已超期</span><?cs /if ?></td>
      <?cs if:Apply.Kinds.0.value ?><td><form method="post" action="/inspection" class="inline-form"><?cs call:csrf_field() ?><input type="hidden" name="code" value="<?cs var:Equipment.Code ?>"><input type="hidden" name="equipment" value="<?cs var:d.id ?>">
        <select name="kind" aria-label="报检类型"><?cs each:k = Apply.Kinds ?><option value="<?cs var:k.value ?>"><?cs var:k.label ?></option><?cs /each ?></select>
        <button class="btn btn-small" type="submit">申请检验</button></form></td><?cs /if ?></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
</section>

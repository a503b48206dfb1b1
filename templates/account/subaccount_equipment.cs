<section class="wrap">
  <p><a href="/account/subaccounts/<?cs var:Sub.id ?>">← 返回子账号</a></p>
  <h1>为 <?cs var:Sub.login ?> 分配设备</h1>
  <p class="muted">勾选该子账号可以查看和办理的设备，每页保存一次。</p>
  <?cs if:Page.Notice ?><p class="notice"><?cs var:Page.Notice ?></p><?cs /if ?>
  <form class="search-bar" method="get" action="/account/subaccounts/<?cs var:Sub.id ?>/equipment">
    <input type="text" name="q" value="<?cs var:Search.Q ?>" placeholder="注册代码开头、名称、地址或内部编号" aria-label="筛选设备">
    <button class="btn btn-secondary" type="submit">筛选</button>
  </form>
  <form method="post" action="/account/subaccounts/<?cs var:Sub.id ?>/equipment">
    <?cs call:csrf_field() ?>
    <div class="table-wrap">
    <table class="list">
      <thead><tr><th>分配</th><th>注册代码</th><th>设备名称</th><th>使用地点</th><th>状态</th></tr></thead>
      <tbody>
      <?cs each:d = Devices ?><?cs if:d.id ?>
      <tr><td><input type="hidden" name="shown" value="<?cs var:d.id ?>"><input type="checkbox" name="device" value="<?cs var:d.id ?>" aria-label="分配 <?cs var:d.reg_code ?>"<?cs if:d.assigned == "t" ?> checked<?cs /if ?>></td>
        <td><code><?cs var:d.reg_code ?></code></td><td><?cs var:d.name ?></td><td><?cs var:d.address ?></td><td><?cs var:d.state_label ?></td></tr>
      <?cs /if ?><?cs /each ?>
      </tbody>
    </table>
    </div>
    <p class="button-row"><button class="btn" type="submit">保存本页</button>
    <?cs if:Devices.NextAfter ?><a class="btn btn-secondary" href="/account/subaccounts/<?cs var:Sub.id ?>/equipment?q=<?cs var:url_escape(Search.Q) ?>&amp;after=<?cs var:Devices.NextAfter ?>">下一页</a><?cs /if ?></p>
  </form>
</section>

<section class="wrap register">
  <h1>企业注册</h1>
  <?cs call:wizard_steps(2) ?>
  <div class="type-choice">
    <form class="card type-card" method="get" action="/register/form">
      <input type="hidden" name="type" value="certified"><input type="hidden" name="agreed" value="<?cs var:Wizard.Agreed ?>">
      <h2>认证账号</h2>
      <p>适用于特种设备使用单位、施工单位、制造单位、维保单位和监理单位。</p>
      <ul><li>需上传注册申请书和营业执照，经检验机构审核</li><li>可查询本单位名下全部设备，网上报检</li><li>下载电子签章报告，在线缴费、开票</li><li>可为本单位员工开通子账号</li></ul>
      <button class="btn btn-block" type="submit">注册认证账号</button>
    </form>
    <form class="card type-card" method="get" action="/register/form">
      <input type="hidden" name="type" value="basic"><input type="hidden" name="agreed" value="<?cs var:Wizard.Agreed ?>">
      <h2>非认证账号</h2>
      <p>适用于个人或暂不办理认证的单位，注册后立即可用。</p>
      <ul><li>凭设备注册代码、设备代码或出厂编号查询设备</li><li>可网上报检</li><li>不能绑定设备、下载电子报告或在线缴费</li></ul>
      <button class="btn btn-block btn-secondary" type="submit">注册非认证账号</button>
    </form>
    <form class="card type-card" method="get" action="/register/form">
      <input type="hidden" name="type" value="maint"><input type="hidden" name="agreed" value="<?cs var:Wizard.Agreed ?>">
      <h2>电梯维保单位</h2>
      <p>适用于电梯维护保养单位办理维保备案。</p>
      <ul><li>填写单位名称、资格证书编号等，由所在区县市场监管局审核</li><li>上报维保单位、维保人员和电梯信息，可批量导入</li><li>查询已备案的档案和历史</li></ul>
      <button class="btn btn-block btn-secondary" type="submit">注册维保单位</button>
    </form>
  </div>
</section>

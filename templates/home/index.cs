<section class="hero">
  <div class="wrap hero-inner">
    <div class="hero-text">
      <h1>特种设备检验检测<br>一站式网上服务</h1>
      <p class="lead">电梯、锅炉、压力容器、起重机械、场（厂）内专用机动车辆等特种设备的使用单位，在这里办理设备查询、网上报检、报告下载、缴费开票，并与监管部门在线沟通。</p>
      <p class="hero-actions">
        <a class="btn btn-large" href="/login">登录</a>
        <a class="btn btn-large btn-ghost" href="/register">注册企业账号</a>
      </p>
      <p class="muted small">认证账号经审核后可绑定本单位设备、下载电子报告和在线缴费；非认证账号注册后即可按设备代码查询和报检。</p>
    </div>
    <form class="verify-card" method="get" action="/verify">
      <h2>检验报告验真</h2>
      <p class="muted small">输入报告编号，或用手机扫描报告上的二维码，核对报告是否由本机构签发、是否被撤销。</p>
      <label for="verify-no">报告编号</label>
      <input id="verify-no" name="no" type="text" inputmode="text" autocomplete="off" placeholder="例如：DT2026-000123">
      <button class="btn" type="submit">查验</button>
    </form>
  </div>
</section>

<section class="wrap features" aria-label="平台功能">
  <article class="card">
    <h2>企业服务</h2>
    <ul>
      <li>我的设备：总览、综合查询、超期与临期提醒</li>
      <li>网上报检：定期检验、安装与改造大修监检，可暂存、撤回、退回修改</li>
      <li>电子签章报告、检验合格标志、报告领取凭证</li>
      <li>检验意见通知书与整改回复</li>
      <li>在线缴费、欠费申请、电子发票</li>
      <li>子账号：按设备和业务类型分配权限</li>
    </ul>
  </article>
  <article class="card">
    <h2>电梯维保备案</h2>
    <ul>
      <li>维保单位注册与备案，资质证书和附件在线提交</li>
      <li>维保人员、电梯台账：新增、变更、批量导入</li>
      <li>审核上报与区县局审核，备案档案可查询、导出、追溯历史</li>
    </ul>
  </article>
  <article class="card">
    <h2>桩工机械现场登记</h2>
    <ul>
      <li>手机扫码核对主机与标准节、附件</li>
      <li>进场登记、问题设备标记、退场</li>
      <li>项目与现场人员管理</li>
    </ul>
  </article>
  <article class="card">
    <h2>检验机构与监管部门</h2>
    <ul>
      <li>注册审核、报检受理与退回（写明原因）</li>
      <li>派检、录入结论、签发报告与通知书</li>
      <li>辖区设备、超期未检和不合格设备统计</li>
    </ul>
  </article>
</section>

<section class="wrap steps" aria-label="办理流程">
  <h2>办理流程</h2>
  <ol class="step-list">
    <li><strong>注册</strong><span>提交单位信息与营业执照</span></li>
    <li><strong>审核</strong><span>审核通过后短信通知</span></li>
    <li><strong>报检</strong><span>选择设备，填写联系人，提交申请</span></li>
    <li><strong>检验</strong><span>机构受理、派检、现场检验</span></li>
    <li><strong>取报告</strong><span>缴费后下载电子签章报告</span></li>
  </ol>
</section>

<section class="wrap narrow register">
  <h1>注册完成</h1>
  <?cs call:wizard_steps(4) ?>
  <div class="card">
  <?cs if:Wizard.Type == "certified" ?>
    <h2>注册申请已提交</h2>
    <p>检验机构将在 1–3 个工作日内审核您的单位信息和上传材料，审核结果将以短信通知注册手机号。审核通过后即可登录使用全部功能。</p>
  <?cs elif:Wizard.Type == "maint" ?>
    <h2>注册申请已提交</h2>
    <p>所选行政区划的区县市场监督管理局将审核您的单位信息，审核结果将以短信通知负责人手机。审核通过后登录，在“维保备案”中完善维保单位信息（发证日期、有效日期、级别、附件等）并审核上报。</p>
  <?cs else ?>
    <h2>账号已开通</h2>
    <p>非认证账号注册后立即可用，可凭设备代码查询设备并办理报检。如需绑定本单位设备、下载电子报告或在线缴费，请注册认证账号。</p>
  <?cs /if ?>
    <p><a class="btn" href="/login">去登录</a></p>
  </div>
</section>

// Registration wizard: the agreement countdown and "获取验证码" without a page reload.
// Everything also works without this script (the server enforces the same rules).
(function () {
  'use strict';
  var form = document.querySelector('.agree-form');
  if (form) {
    var btn = document.getElementById('agree-btn');
    var wait = document.getElementById('agree-wait');
    var left = parseInt(form.getAttribute('data-seconds'), 10) || 10;
    btn.disabled = true;
    wait.hidden = false;
    var tick = function () {
      if (left <= 0) { btn.disabled = false; wait.hidden = true; return; }
      wait.textContent = '请阅读协议，' + left + ' 秒后可点击同意';
      left -= 1;
      setTimeout(tick, 1000);
    };
    tick();
  }

  var sms = document.getElementById('sms-btn');
  if (sms) {
    var status = document.getElementById('sms-status');
    sms.addEventListener('click', function (ev) {
      ev.preventDefault();
      var mobile = document.getElementById('f-mobile').value.trim();
      var token = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
      var body = new URLSearchParams({ mobile: mobile, _csrf: token,
        type: sms.form.elements.type.value, agreed: sms.form.elements.agreed.value });
      sms.disabled = true;
      fetch('/register/sms', { method: 'POST', body: body, credentials: 'same-origin',
        headers: { 'Accept': 'application/json' } })
        .then(function (r) { return r.json(); })
        .then(function (j) {
          status.textContent = j.message;
          var left = j.ok ? 60 : 0;
          var count = function () {
            if (left <= 0) { sms.disabled = false; sms.textContent = '获取验证码'; return; }
            sms.textContent = left + ' 秒后重发';
            left -= 1;
            setTimeout(count, 1000);
          };
          count();
        })
        .catch(function () { status.textContent = '发送失败，请稍后重试。'; sms.disabled = false; });
    });
  }
})();

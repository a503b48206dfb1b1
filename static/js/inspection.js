// Inspection application form: saves the draft in the background (every 20 s while
// something changed, and when the page is hidden), and keeps what was typed in this
// browser's localStorage until the server has it — so a session that expired mid-form
// loses nothing: after logging in again (the login returns to this page) the typed
// values are put back and saved. Without this script the form works the same through
// its 暂存 and 提交 buttons.
(function () {
  'use strict';
  var form = document.getElementById('insp-form');
  if (!form || !window.fetch || !window.FormData) return;
  var url = form.getAttribute('data-autosave');
  var key = 'tejian.inspection.' + form.getAttribute('data-draft');
  var base = form.getAttribute('data-saved-at'); // the server's save this page shows
  var status = document.getElementById('autosave-status');
  var note = document.getElementById('restore-note');
  var dirty = false, busy = false;
  var SKIP = { _csrf: 1, action: 1, remove: 1, commitment: 1, add_code: 1 };

  function fields() {
    var out = [];
    new FormData(form).forEach(function (v, k) {
      if (!SKIP[k] && typeof v === 'string') out.push([k, v]);
    });
    return out;
  }
  function store() {
    try {
      localStorage.setItem(key, JSON.stringify({ base: base, fields: fields() }));
    } catch (e) { /* storage full or disabled: the server save still runs */ }
  }
  function forget() {
    try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  }
  function say(text, loginLink) {
    if (!status) return;
    status.textContent = text;
    if (loginLink) {
      var a = document.createElement('a');
      a.href = '/login?next=' + encodeURIComponent(location.pathname);
      a.textContent = '重新登录';
      status.appendChild(document.createTextNode(' '));
      status.appendChild(a);
    }
  }
  function pad(n) { return (n < 10 ? '0' : '') + n; }

  // Put back what was typed here and never reached the server.
  function restore() {
    var saved;
    try { saved = JSON.parse(localStorage.getItem(key) || 'null'); } catch (e) { saved = null; }
    if (!saved || !saved.fields) return;
    if (saved.base !== base) { forget(); return; } // the server saved since: its copy is newer
    var safety = form.querySelector('input[name="safety"]');
    if (safety) safety.checked = false;
    saved.fields.forEach(function (kv) {
      var el = form.elements[kv[0]];
      if (!el || el.length) return; // unknown now, or a repeated name (item ids)
      if (el.type === 'checkbox') el.checked = kv[1] === el.value;
      else if (el.type !== 'file' && el.type !== 'hidden') el.value = kv[1];
    });
    if (note) { note.textContent = '已恢复未保存的内容。'; note.hidden = false; }
    dirty = true;
    save();
  }

  function save(keepalive) {
    if (!dirty || busy) return;
    busy = true;
    var body = new FormData();
    fields().forEach(function (kv) { body.append(kv[0], kv[1]); });
    var token = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
    fetch(url, { method: 'POST', body: body, credentials: 'same-origin', redirect: 'manual', keepalive: !!keepalive,
      headers: { 'X-CSRF-Token': token, 'Accept': 'application/json' } })
      .then(function (r) {
        if (r.status === 200) return r.json().then(function (j) {
          var d = new Date();
          base = String(j.saved_at);
          form.setAttribute('data-saved-at', base);
          dirty = false;
          forget();
          say(j.message + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()));
        });
        if (r.status === 409) { say('该报检已提交或已被处理，不能再修改，请刷新页面。'); return; }
        // 403 / a redirect to the login page: the session has ended.
        say('登录已过期，填写内容已保存在本机，重新登录后将自动恢复。', true);
      })
      .catch(function () { say('网络异常，填写内容已保存在本机，稍后将重试。'); })
      .then(function () { busy = false; });
  }

  form.addEventListener('input', function () { dirty = true; store(); });
  form.addEventListener('change', function () { dirty = true; store(); });
  form.addEventListener('submit', function () {
    store();       // if the session has ended, the next visit restores it
    dirty = false; // the submission carries everything: no background save as the page unloads
  });
  setInterval(function () { save(false); }, 20000);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') save(true);
  });
  restore();
})();

// Page tests for signing in and registering, in real headless Chromium.
//   TEJIAN_URL=http://127.0.0.1:18080 ./run.sh
// The stack runs with test_routes on, so /captcha answers carry X-Test-Captcha-Answer
// (a browser test cannot read the image). SMS codes are read where a demo user reads
// them: the administrator's 消息发送 page.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { OUT, BASE, open, login, outDir } from './lib.mjs';

before(outDir);

test('login page: captcha image, wrong password message, success', async () => {
  const b = await open();
  try {
    await b.page.goto(BASE + '/login');
    const img = b.page.locator('img.captcha-img');
    await b.page.waitForFunction(() => document.querySelector('.captcha-img').naturalWidth === 160);
    assert.equal(await img.getAttribute('alt'), '验证码图片（不区分大小写）');
    await b.page.screenshot({ path: join(OUT, 'login.png'), fullPage: true });

    await b.page.fill('#f-login', 'company');
    await b.page.fill('#f-password', 'not-the-password');
    await b.page.fill('#f-captcha', b.captcha());
    await Promise.all([b.page.waitForNavigation(), b.page.click('button[type=submit]')]);
    const error = await b.page.locator('.form-error').textContent();
    assert.match(error, /用户名或密码错误，还可尝试 4 次/);
    assert.equal(await b.page.inputValue('#f-login'), 'company'); // kept
    await b.page.screenshot({ path: join(OUT, 'login-error.png'), fullPage: true });

    await login(b, 'company', 'Tejian#2026');
    assert.equal(new URL(b.page.url()).pathname, '/account');
    assert.match(await b.page.locator('h1').textContent(), /我的账号/);
    await b.page.screenshot({ path: join(OUT, 'account.png'), fullPage: true });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('registration wizard: agreement countdown, type, form with SMS code, done', async () => {
  const b = await open();
  const admin = await open();
  const suffix = Date.now().toString(36);
  const mobile = '136' + String(Date.now()).slice(-8);
  try {
    await b.page.goto(BASE + '/register');
    const agree = b.page.locator('#agree-btn');
    assert.equal(await agree.isDisabled(), true, 'agree is disabled while the text is shown');
    assert.match(await b.page.locator('#agree-wait').textContent(), /秒后可点击同意/);
    await b.page.screenshot({ path: join(OUT, 'register-1-agreement.png'), fullPage: true });
    await b.page.check('input[name=agree]');
    await b.page.waitForFunction(() => !document.getElementById('agree-btn').disabled, null, { timeout: 15000 });
    await Promise.all([b.page.waitForNavigation(), agree.click()]);
    assert.match(await b.page.content(), /认证账号/);
    await b.page.screenshot({ path: join(OUT, 'register-2-type.png'), fullPage: true });

    await Promise.all([b.page.waitForNavigation(),
      b.page.click('form:has(input[value=basic]) button[type=submit]')]);
    assert.match(await b.page.locator('h1').textContent(), /非认证账号注册/);
    await b.page.fill('#f-name', '测试用户');
    await b.page.fill('#f-mobile', mobile);
    await b.page.click('#sms-btn');
    await b.page.waitForFunction(() => /验证码已发送/.test(document.getElementById('sms-status').textContent));
    assert.match(await b.page.locator('#sms-btn').textContent(), /秒后重发/);

    await login(admin, 'admin', 'Tejian#2026');
    await admin.page.goto(BASE + '/admin/outbox');
    const row = admin.page.locator('tr', { hasText: mobile }).first();
    const code = (await row.textContent()).match(/验证码为 (\d{6})/)[1];

    await b.page.fill('#f-sms_code', code);
    await b.page.fill('#f-login', 'e2e' + suffix);
    await b.page.fill('#f-password', 'E2e#' + suffix);
    await b.page.fill('#f-password2', 'mismatch');
    await Promise.all([b.page.waitForNavigation(), b.page.click('form button.btn-large')]);
    assert.match(await b.page.locator('#e-password2').textContent(), /两次输入的密码不一致/);
    assert.equal(await b.page.inputValue('#f-name'), '测试用户', 'typed values are kept');
    await b.page.screenshot({ path: join(OUT, 'register-3-form-error.png'), fullPage: true });

    await b.page.fill('#f-password', 'E2e#' + suffix);
    await b.page.fill('#f-password2', 'E2e#' + suffix);
    await Promise.all([b.page.waitForNavigation(), b.page.click('form button.btn-large')]);
    assert.equal(new URL(b.page.url()).pathname, '/register/done');
    assert.match(await b.page.content(), /账号已开通/);
    await b.page.screenshot({ path: join(OUT, 'register-4-done.png'), fullPage: true });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); await admin.close(); }
});

test('certified registration form renders its unit fields and uploads', async () => {
  const b = await open({ viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 });
  try {
    await b.page.goto(BASE + '/register/form?type=certified&agreed=' + Math.floor(Date.now() / 1000 - 30));
    assert.equal(await b.page.locator('input[type=file]').count(), 2);
    assert.equal(await b.page.locator('input[name=unit_types]').count(), 5);
    const m = await b.page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(m[0] <= m[1] + 1, `no horizontal overflow on a phone (${m})`);
    await b.page.screenshot({ path: join(OUT, 'register-3-certified-mobile.png'), fullPage: true });
  } finally { await b.close(); }
});

test('signed-in pages: equipment, sub-accounts, device assignment, unit information, admin users', async () => {
  const b = await open();
  const admin = await open();
  try {
    await login(b, 'company', 'Tejian#2026');
    await b.page.goto(BASE + '/equipment');
    assert.ok(await b.page.locator('table.list tbody tr').count() > 0, 'the company has devices');
    assert.ok(await b.page.locator('text=已超期').count() > 0, 'overdue devices are marked');
    await b.page.screenshot({ path: join(OUT, 'equipment-list.png'), fullPage: true });

    await b.page.goto(BASE + '/account/subaccounts');
    assert.match(await b.page.locator('h1').textContent(), /子账号管理/);
    await b.page.screenshot({ path: join(OUT, 'subaccounts.png'), fullPage: true });
    await Promise.all([b.page.waitForNavigation(), b.page.click('a:has-text("编辑")')]);
    await Promise.all([b.page.waitForNavigation(), b.page.click('a:has-text("分配设备")')]);
    assert.ok(await b.page.locator('input[name=device]:checked').count() > 0, 'assigned devices are ticked');
    await b.page.screenshot({ path: join(OUT, 'subaccount-equipment.png'), fullPage: true });

    await b.page.goto(BASE + '/account/org');
    assert.equal(await b.page.inputValue('#f-credit_code'), '91120101MA05T8XK1L');
    await b.page.screenshot({ path: join(OUT, 'org.png'), fullPage: true });

    await login(admin, 'admin', 'Tejian#2026');
    await admin.page.goto(BASE + '/admin/users');
    assert.ok(await admin.page.locator('table.list tbody tr').count() >= 9);
    await admin.page.screenshot({ path: join(OUT, 'admin-users.png'), fullPage: true });
    assert.deepEqual(b.problems, []);
    assert.deepEqual(admin.problems, []);
  } finally { await b.close(); await admin.close(); }
});

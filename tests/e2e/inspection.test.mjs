// Page tests for inspection applications (报检) in headless Chromium: the demo company
// ticks two devices on its equipment list and applies for periodic inspection, saves a
// draft, gets unsaved typing back from this browser after a reload, uploads the signed
// commitment letter, accepts the site-safety confirmation and submits; the agency's
// desk accepts with an inspector, the inspector completes both devices; the company sees
// them under 已完成. Devices due in more than 60 days are used, which no open demo
// application holds, so the test can run again.
//   TEJIAN_URL=http://127.0.0.1:18080 ./run.sh

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, OUT, open, login, outDir } from './lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const PASSWORD = 'Tejian#2026';

before(outDir);

function day(offset) {
  const d = new Date(Date.now() + offset * 86400000);
  return d.toISOString().slice(0, 10);
}

test('inspection: apply for two devices, draft, submit; the agency accepts and completes', async () => {
  const b = await open();
  const desk = await open();
  const insp = await open();
  const pdf = join(HERE, '..', '..', 'static', 'forms', 'registration-application.pdf');
  try {
    await login(b, 'company', PASSWORD);
    await b.page.goto(BASE + '/equipment?due_from=' + day(60));
    const boxes = b.page.locator('input[name=equipment][form=apply-form]');
    assert.ok(await boxes.count() >= 2, 'two devices to choose');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await b.page.selectOption('#apply-form select[name=kind]', 'periodic');
    await b.page.screenshot({ path: join(OUT, 'inspection-choose.png'), fullPage: false });
    await Promise.all([b.page.waitForNavigation(), b.page.click('#apply-form button:has-text("申请检验")')]);
    assert.match(b.page.url(), /\/inspection\/\d+\/edit$/);
    const edit = b.page.url();
    const id = edit.split('/').slice(-2)[0];
    assert.match(await b.page.locator('h1 code').textContent(), /^BJ\d{8}-\d{6}$/);
    assert.equal(await b.page.locator('table.insp-items tbody tr').count(), 2);
    assert.match(await b.page.locator('.doc-scroll').textContent(), /危险介质排空与置换/);

    // The fee per device opens without script; the total is labelled reference only.
    await b.page.locator('details.fee summary').first().click();
    assert.match(await b.page.locator('details.fee .fee-box').first().textContent(), /参考价/);
    assert.match(await b.page.locator('.fee-total').textContent(), /参考价，以检验机构收费为准/);

    // 暂存.
    await b.page.fill('#f-contact', '张经理');
    await b.page.fill('#f-phone', '022-23456789');
    const units = b.page.locator('input[name^=maint_unit_]');
    const people = b.page.locator('input[name^=maintainer_]');
    for (let i = 0; i < 2; i++) {
      await units.nth(i).fill('天津市示范电梯维修保养有限公司');
      await people.nth(i).fill(i ? '王建国' : '李卫东');
    }
    await Promise.all([b.page.waitForNavigation(), b.page.click('.button-row button:has-text("暂存")')]);
    assert.match(await b.page.locator('.notice').first().textContent(), /已暂存/);
    assert.equal(await b.page.inputValue('#f-contact'), '张经理');

    // The session ends mid-form: what is typed then cannot reach the server, stays in
    // this browser, and is back after logging in again (the login returns to the draft).
    await b.page.context().clearCookies();
    await b.page.fill('#f-address', '天津市和平区南京路 189 号示范大厦');
    await b.page.goto(edit);
    assert.match(b.page.url(), /\/login\?next=/);
    await b.page.waitForFunction(() => document.querySelector('.captcha-img').naturalWidth > 0);
    await b.page.fill('#f-login', 'company');
    await b.page.fill('#f-password', PASSWORD);
    await b.page.fill('#f-captcha', b.captcha().toLowerCase());
    await Promise.all([b.page.waitForNavigation(), b.page.click('button[type=submit]')]);
    assert.equal(b.page.url(), edit);
    await b.page.waitForSelector('#restore-note:not([hidden])');
    assert.match(await b.page.locator('#restore-note').textContent(), /已恢复未保存的内容/);
    assert.equal(await b.page.inputValue('#f-address'), '天津市和平区南京路 189 号示范大厦');
    await b.page.waitForFunction(() => /已自动暂存/.test(document.getElementById('autosave-status').textContent));

    // Submit without the letter and the confirmation: both are asked for.
    await Promise.all([b.page.waitForNavigation(), b.page.click('button:has-text("提交报检")')]);
    assert.match(await b.page.locator('.form-error').first().textContent(), /还不能提交/);
    assert.equal(await b.page.locator('.has-error').count(), 2);
    await b.page.screenshot({ path: join(OUT, 'inspection-form-error.png'), fullPage: true });

    await b.page.setInputFiles('#f-commitment', pdf);
    await b.page.check('input[name=safety]');
    await b.page.screenshot({ path: join(OUT, 'inspection-form.png'), fullPage: true });
    await Promise.all([b.page.waitForNavigation(), b.page.click('button:has-text("提交报检")')]);
    assert.match(await b.page.locator('.notice').textContent(), /报检已提交/);
    assert.match(await b.page.locator('h1 .badge').textContent(), /未审核/);
    await b.page.screenshot({ path: join(OUT, 'inspection-submitted.png'), fullPage: true });
    await b.page.goto(BASE + '/inspection');
    await b.page.screenshot({ path: join(OUT, 'inspection-mine.png'), fullPage: true });

    // The desk accepts with an inspector.
    await login(desk, 'accept', PASSWORD);
    await desk.page.goto(BASE + '/agency/inspections');
    await desk.page.screenshot({ path: join(OUT, 'agency-queue.png'), fullPage: true });
    await Promise.all([desk.page.waitForNavigation(), desk.page.click(`a[href="/agency/inspections/${id}"]`)]);
    await desk.page.screenshot({ path: join(OUT, 'agency-application.png'), fullPage: true });
    await desk.page.locator('input[name=inspectors]').first().check();
    await desk.page.fill('#f-planned', day(0));
    await Promise.all([desk.page.waitForNavigation(), desk.page.click('button:has-text("受理")')]);
    assert.match(await desk.page.locator('.notice').textContent(), /已受理/);

    // The inspector records both results.
    await login(insp, 'inspector', PASSWORD);
    await insp.page.goto(BASE + '/agency/inspections/' + id);
    const selects = insp.page.locator('select[name^=conclusion_]');
    assert.equal(await selects.count(), 2);
    for (let i = 0; i < 2; i++) await selects.nth(i).selectOption('qualified');
    await insp.page.screenshot({ path: join(OUT, 'agency-complete.png'), fullPage: true });
    await Promise.all([insp.page.waitForNavigation(), insp.page.click('button:has-text("完成检验")')]);
    assert.match(await insp.page.locator('.notice').textContent(), /检验已完成/);
    assert.match(await insp.page.locator('h1 .badge').textContent(), /已完成/);

    // The company sees both devices under 已完成 with dates, fee and report numbers.
    await b.page.goto(BASE + '/inspection?tab=done');
    const rows = b.page.locator('table.list tbody tr', { hasText: (await b.page.locator('table.list tbody tr code').first().textContent()) });
    assert.ok(await rows.count() >= 2);
    assert.match(await b.page.locator('table.list tbody').textContent(), new RegExp(day(365).slice(0, 4)));
    assert.match(await b.page.locator('table.list tbody').textContent(), /BG\d{4}-\d{6}/);
    await b.page.screenshot({ path: join(OUT, 'inspection-done.png'), fullPage: true });
    for (const x of [b, desk, insp]) assert.deepEqual(x.problems, []);
  } finally {
    await b.close();
    await desk.close();
    await insp.close();
  }
});

test('inspection: the form works on a phone', async () => {
  const b = await open({ viewport: { width: 390, height: 844 }, isMobile: true });
  try {
    await login(b, 'company', PASSWORD);
    await b.page.goto(BASE + '/inspection');
    const draft = b.page.locator('a:has-text("继续填写")').first();
    await Promise.all([b.page.waitForNavigation(), draft.click()]);
    await b.page.screenshot({ path: join(OUT, 'inspection-form-phone.png'), fullPage: true });
    const width = await b.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 400, `no sideways scrolling (${width}px)`);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

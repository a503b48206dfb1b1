// Page tests for the equipment registry in real headless Chromium: overview → list →
// sort → file, as an enterprise and as a district bureau, and the list on a phone.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { OUT, BASE, open, login, outDir } from './lib.mjs';

before(outDir);

test('enterprise: overview, overdue list, sorting, equipment file', async () => {
  const b = await open();
  try {
    await login(b, 'company', 'Tejian#2026');
    await b.page.goto(BASE + '/equipment/overview');
    assert.match(await b.page.locator('h1').textContent(), /设备总览/);
    const overdue = Number(await b.page.locator('.duty-overdue .duty-n').textContent());
    assert.ok(overdue > 0, 'the demo company has overdue devices');
    assert.equal(await b.page.locator('figure.chart svg').count(), 1, 'the chart is drawn');
    await b.page.screenshot({ path: join(OUT, 'equipment-overview.png'), fullPage: true });

    await Promise.all([b.page.waitForNavigation(), b.page.click('.duty-overdue')]);
    assert.match(await b.page.locator('h1').textContent(), /超期未检设备/);
    const rows = b.page.locator('table.list tbody tr');
    assert.equal(await rows.count(), overdue, 'the list has as many rows as the card said');
    const days = await b.page.locator('table.list tbody td.num').allTextContents();
    const n = days.map((d) => parseInt(d, 10));
    assert.deepEqual([...n].sort((x, y) => y - x), n, 'most overdue first');
    await b.page.screenshot({ path: join(OUT, 'equipment-overdue.png'), fullPage: true });

    // Sort by next inspection date, then turn the direction round.
    await Promise.all([b.page.waitForNavigation(), b.page.click('th a.sort:has-text("下次检验日期")')]);
    const desc = (await b.page.locator('table.list tbody td.num').allTextContents()).map((d) => parseInt(d, 10));
    assert.deepEqual([...desc].sort((x, y) => x - y), desc, 'least overdue first after the click');

    // "More conditions" opens without script and keeps what was chosen.
    await b.page.goto(BASE + '/equipment?list=all&state=stopped');
    assert.equal(await b.page.locator('details.more').getAttribute('open'), '');
    assert.equal(await b.page.locator('select[name=state]').inputValue(), 'stopped');
    await b.page.screenshot({ path: join(OUT, 'equipment-query.png'), fullPage: true });

    // The file of the first stopped device.
    await Promise.all([b.page.waitForNavigation(), b.page.click('table.list tbody tr:first-child a')]);
    assert.match(await b.page.locator('h1').textContent(), /停用/);
    assert.ok(await b.page.locator('h2:has-text("技术参数")').count() === 1);
    assert.ok(await b.page.locator('ol.history li').count() > 0, 'its history is shown');
    await b.page.screenshot({ path: join(OUT, 'equipment-file.png'), fullPage: true });

    // From the file to its status-change application form (change.test.mjs submits one).
    await Promise.all([b.page.waitForNavigation(), b.page.click('a:has-text("申请变更状态")')]);
    assert.match(b.page.url(), /\/equipment\/\d+\/change$/);
    assert.ok(await b.page.locator('input[name=to_state]').count() > 0, 'target states offered');
    await b.page.screenshot({ path: join(OUT, 'equipment-change-form.png'), fullPage: true });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('bureau: its district lists name the use unit', async () => {
  const b = await open();
  try {
    await login(b, 'bureau', 'Tejian#2026');
    await b.page.goto(BASE + '/equipment?list=overdue');
    assert.ok(await b.page.locator('table.list th:has-text("使用单位")').count() === 1);
    assert.ok(await b.page.locator('table.list tbody tr').count() > 0);
    await b.page.screenshot({ path: join(OUT, 'bureau-overdue.png'), fullPage: true });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

test('phone: the list and its filters fit a narrow screen', async () => {
  const b = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    await login(b, 'company', 'Tejian#2026');
    await b.page.goto(BASE + '/equipment?list=due');
    const overflow = await b.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
    await b.page.screenshot({ path: join(OUT, 'equipment-due-phone.png'), fullPage: true });
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
});

// Page tests for maintenance filings (维保备案) in headless Chromium: the demo maintenance
// company's lists (desktop and phone width), a CSV upload with errors shown row by row in
// the import preview, the fix imported, and the bureau's audit page.
//   TEJIAN_URL=http://127.0.0.1:18080 ./run.sh

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BASE, OUT, open, login, outDir } from './lib.mjs';

before(outDir);

// Registration codes the database has not seen: a registration month (2000-01 ..
// 2024-12) and sequence that change with every run.
const T = Math.floor(Date.now() / 1000);
const MONTH = `${2000 + (T % 25)}${String(1 + (Math.floor(T / 25) % 12)).padStart(2, '0')}`;
const code = (i) => `3110120101${MONTH}${String((Math.floor(T / 300) % 900) * 10 + i).padStart(4, '0')}`;

test('maintenance: lists, import preview with errors, import, bureau audit', async () => {
  const m = await open();
  const phone = await open({ viewport: { width: 390, height: 844 }, isMobile: true });
  const bureau = await open();
  try {
    await login(m, 'maint', 'Tejian#2026');
    await m.page.goto(BASE + '/maint/persons');
    assert.match(await m.page.locator('h1').textContent(), /维保人员信息上报/);
    // The two states side by side: an approved person changed since (更改) is pending.
    assert.ok(await m.page.locator('tr', { hasText: '更改' }).count() >= 1);
    await m.page.screenshot({ path: join(OUT, 'maint-persons.png'), fullPage: true });
    await m.page.goto(BASE + '/maint/elevators');
    await m.page.screenshot({ path: join(OUT, 'maint-elevators.png'), fullPage: true });

    await login(phone, 'maint', 'Tejian#2026');
    await phone.page.goto(BASE + '/maint/elevators');
    await phone.page.screenshot({ path: join(OUT, 'maint-elevators-phone.png'), fullPage: true });
    // The table scrolls inside its wrapper; the page itself does not get wider than the phone.
    const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 400, `page is ${wide}px wide on a 390px phone`);

    // A CSV with three bad rows: a short registration code, a duplicate, a bad date.
    const header = '设备名称,注册代码,内部编号,检验日期,下次检验日期,责任单位,制造单位,安全管理员,安全管理员电话';
    const good = (i) => `客梯,${code(i)},N-${i},2026-01-0${1 + (i % 8)},2027-01-01,天津某物业公司,上海三菱电梯有限公司,李安全,13800000007`;
    const rows = [header, good(1), good(2), '客梯,3114991234561178,,2026-01-01,2027-01-01,某物业,某厂,,',
      good(2), `客梯,${code(5)},,2026-13-01,2027-01-01,某物业,某厂,,`, good(6)];
    const bad = join(OUT, 'maint-import-bad.csv');
    await writeFile(bad, rows.join('\r\n') + '\r\n');
    await m.page.goto(BASE + '/maint/elevators/import');
    await m.page.setInputFiles('#f-file', bad);
    await Promise.all([m.page.waitForNavigation(), m.page.click('button:has-text("上传并检查")')]);
    assert.match(m.page.url(), /\/maint\/elevators\/import\/[0-9a-f]{32}$/);
    await m.page.screenshot({ path: join(OUT, 'maint-import-preview-errors.png'), fullPage: true });
    assert.equal(await m.page.locator('tr.row-error').count(), 3);
    assert.match(await m.page.locator('tr.row-error').first().textContent(), /注册代码/);
    assert.match(await m.page.locator('.form-error').textContent(), /不能导入/);
    assert.equal(await m.page.locator('button:has-text("确认导入")').count(), 0);

    // Fixed: the good rows only, imported in one go.
    const fixed = join(OUT, 'maint-import-fixed.csv');
    await writeFile(fixed, [header, good(1), good(2), good(6)].join('\r\n') + '\r\n');
    await m.page.goto(BASE + '/maint/elevators/import');
    await m.page.setInputFiles('#f-file', fixed);
    await Promise.all([m.page.waitForNavigation(), m.page.click('button:has-text("上传并检查")')]);
    await m.page.goto(m.page.url() + '?only=all');
    assert.equal(await m.page.locator('table.import-preview tbody tr').count(), 3);
    await Promise.all([m.page.waitForNavigation(), m.page.click('button:has-text("确认导入")')]);
    assert.match(m.page.url(), /\/maint\/elevators\?msg=imported$/);
    await m.page.fill('input[name=q_reg_code]', code(6));
    await Promise.all([m.page.waitForNavigation(), m.page.click('button:has-text("查找")')]);
    assert.equal(await m.page.locator('table.maint-list tbody tr').count(), 1);
    // Send it for audit.
    await m.page.check('input[name=id]');
    await Promise.all([m.page.waitForNavigation(), m.page.click('button:has-text("审核上报")')]);
    assert.match(await m.page.locator('.notice').textContent(), /已审核上报/);

    await login(bureau, 'bureau', 'Tejian#2026');
    await bureau.page.goto(BASE + '/bureau/maint?kind=elevators');
    await bureau.page.screenshot({ path: join(OUT, 'maint-bureau-queue.png'), fullPage: true });
    await Promise.all([bureau.page.waitForNavigation(),
      bureau.page.locator('tr', { hasText: code(6) }).locator('a:has-text("审核")').click()]);
    await bureau.page.screenshot({ path: join(OUT, 'maint-bureau-show.png'), fullPage: true });
    await Promise.all([bureau.page.waitForNavigation(), bureau.page.click('button:has-text("审核通过")')]);
    await bureau.page.goto(BASE + '/bureau/maint/elevators/archive?q_reg_code=' + code(6));
    assert.equal(await bureau.page.locator('table.maint-list tbody tr').count(), 1);
    await bureau.page.screenshot({ path: join(OUT, 'maint-bureau-archive.png'), fullPage: true });
    // Companies of the district with level and certificate validity; expiring within 90 days.
    await bureau.page.goto(BASE + '/bureau/maint/company/archive?expiring=1');
    assert.ok(await bureau.page.locator('tr', { hasText: '天津安达电梯维保有限公司' }).count() === 1);
    await bureau.page.screenshot({ path: join(OUT, 'maint-bureau-expiring.png'), fullPage: true });
    await m.page.goto(BASE + '/maint/company');
    await Promise.all([m.page.waitForNavigation(), m.page.locator('a:has-text("编辑")').first().click()]);
    await m.page.screenshot({ path: join(OUT, 'maint-company-form.png'), fullPage: true });

    // A person changed after approval: both versions side by side, the history.
    await m.page.goto(BASE + '/maint/persons');
    await Promise.all([m.page.waitForNavigation(),
      m.page.locator('tr', { hasText: '更改' }).first().locator('a:has-text("查看")').click()]);
    await m.page.screenshot({ path: join(OUT, 'maint-person-show.png'), fullPage: true });
    // The seed's registration form for maintenance companies, and the bureau's review list.
    const anon = await open();
    try {
      await anon.page.goto(`${BASE}/register/form?type=maint&agreed=${Math.floor(Date.now() / 1000) - 30}`);
      assert.match(await anon.page.locator('h1').textContent(), /电梯维保单位注册/);
      await anon.page.screenshot({ path: join(OUT, 'maint-register-form.png'), fullPage: true });
    } finally {
      await anon.close();
    }
    await bureau.page.goto(BASE + '/bureau/maint/registrations');
    await bureau.page.screenshot({ path: join(OUT, 'maint-bureau-registrations.png'), fullPage: true });
    assert.deepEqual(m.problems, []);
    assert.deepEqual(bureau.problems, []);
  } finally {
    await m.close();
    await phone.close();
    await bureau.close();
  }
});

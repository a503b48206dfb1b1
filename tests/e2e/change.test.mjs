// Page tests for status-change applications in real headless Chromium: the demo company
// applies for a device with a PDF, the 和平区 bureau rejects without a reason (refused)
// and approves; the device goes stopped and back in use, so the test can run again.
//   TEJIAN_URL=http://127.0.0.1:18080 ./run.sh

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, OUT, open, login, outDir } from './lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

before(outDir);

test('status change: the unit applies with a document, the district bureau decides', async () => {
  const b = await open();
  const bureau = await open();
  const pdf = join(HERE, '..', '..', 'static', 'forms', 'registration-application.pdf');
  try {
    await login(b, 'company', 'Tejian#2026');
    await login(bureau, 'bureau', 'Tejian#2026');
    // A device in use of the demo company, found as a user would: by its code.
    await b.page.goto(BASE + '/equipment');
    const code = (await b.page.locator('table.list tbody tr', { hasText: '在用' }).first().locator('code').textContent()).trim();
    await b.page.goto(BASE + '/equipment/changes');
    await b.page.screenshot({ path: join(OUT, 'change-list.png'), fullPage: true });
    await b.page.fill('input[name=code]', code);
    await Promise.all([b.page.waitForNavigation(), b.page.click('button:has-text("申请变更")')]);
    assert.match(b.page.url(), /\/equipment\/\d+\/change$/);
    const form = b.page.url();

    // Nothing chosen: every field says what is missing.
    await Promise.all([b.page.waitForNavigation(), b.page.click('button:has-text("提交申请")')]);
    assert.equal(await b.page.locator('.field-error').count(), 3);
    await b.page.screenshot({ path: join(OUT, 'change-form-error.png'), fullPage: true });

    const apply = async (to, reason) => {
      await b.page.goto(form);
      await b.page.check(`input[name=to_state][value=${to}]`);
      await b.page.fill('#f-reason', reason);
      await b.page.setInputFiles('#f-documents', pdf);
      if (to === 'stopped') await b.page.screenshot({ path: join(OUT, 'change-form.png'), fullPage: true });
      await Promise.all([b.page.waitForNavigation(), b.page.click('button:has-text("提交申请")')]);
      assert.match(await b.page.locator('.notice').textContent(), /变更申请已提交/);
      return new URL(b.page.url()).pathname.split('/').pop();
    };
    const first = await apply('stopped', '大楼装修改造，电梯停用三个月。');
    await b.page.screenshot({ path: join(OUT, 'change-detail.png'), fullPage: true });

    await bureau.page.goto(BASE + '/bureau/changes');
    await bureau.page.screenshot({ path: join(OUT, 'bureau-changes.png'), fullPage: true });
    await Promise.all([bureau.page.waitForNavigation(), bureau.page.click(`a[href="/bureau/changes/${first}"]`)]);
    await bureau.page.screenshot({ path: join(OUT, 'bureau-change.png'), fullPage: true });
    await Promise.all([bureau.page.waitForNavigation(), bureau.page.click('button:has-text("审核通过")')]);
    assert.match(await bureau.page.locator('.badge').first().textContent(), /已通过/);
    await bureau.page.screenshot({ path: join(OUT, 'bureau-change-approved.png'), fullPage: true });

    // Back in service: a reason is required to reject; then approved (the device is in use again).
    const second = await apply('in_use', '装修结束，维保单位检查合格，申请恢复使用。');
    await bureau.page.goto(BASE + `/bureau/changes/${second}`);
    await Promise.all([bureau.page.waitForNavigation(), bureau.page.click('button:has-text("退回申请")')]);
    assert.match(await bureau.page.locator('.field-error').textContent(), /必须写明原因/);
    await bureau.page.screenshot({ path: join(OUT, 'bureau-change-reason-error.png'), fullPage: true });
    await Promise.all([bureau.page.waitForNavigation(), bureau.page.click('button:has-text("审核通过")')]);
    await b.page.goto(form);
    assert.match(await b.page.locator('.facts').textContent(), /在用/);
    assert.deepEqual(b.problems, []);
    assert.deepEqual(bureau.problems, []);
  } finally { await b.close(); await bureau.close(); }
});

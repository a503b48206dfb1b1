// Page tests for documents in real headless Chromium: the demo company's report list
// (filters, paid / unpaid, the explanation page for an unpaid report), the signed report
// downloaded and checked on the public verification page (upload, and the QR target),
// and the cashier's and the approver's pages. Screenshots go to out/.
//   TEJIAN_URL=http://127.0.0.1:18080 ./run.sh

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BASE, OUT, open, login, outDir } from './lib.mjs';

before(outDir);

test('my reports, a gated download, the verification page', async () => {
  const b = await open({ acceptDownloads: true });
  const anon = await open();
  try {
    await login(b, 'company', 'Tejian#2026');
    await b.page.goto(BASE + '/reports');
    assert.equal(await b.page.locator('h1').textContent(), '我的报告');
    assert.ok(await b.page.locator('table.list tbody tr').count() >= 3);
    await b.page.screenshot({ path: join(OUT, 'reports.png'), fullPage: true });

    // Unpaid: the link explains why and where to go.
    await b.page.selectOption('select[name=paid]', 'no');
    await Promise.all([b.page.waitForNavigation(), b.page.click('button:has-text("查询")')]);
    await Promise.all([b.page.waitForNavigation(), b.page.locator('a:has-text("缴费后可下载")').first().click()]);
    assert.match(await b.page.locator('main').textContent(), /尚未缴纳/);
    assert.ok(await b.page.locator('a[href="/arrears"]').count() >= 1);
    await b.page.screenshot({ path: join(OUT, 'report-unpaid.png'), fullPage: true });

    // Paid: the signed report downloads.
    await b.page.goto(BASE + '/reports?paid=yes');
    const [dl] = await Promise.all([b.page.waitForEvent('download'),
      b.page.locator('a:has-text("检验报告")').first().click()]);
    assert.match(dl.suggestedFilename(), /^检验报告-.*\.pdf$/);
    const file = join(OUT, 'downloaded-report.pdf');
    await dl.saveAs(file);

    await b.page.goto(BASE + '/notices');
    await b.page.screenshot({ path: join(OUT, 'notices.png'), fullPage: true });
    // The unqualified notice: its numbered items, one upload per item.
    await Promise.all([b.page.waitForNavigation(), b.page.locator('a:has-text("整改")').first().click()]);
    assert.match(await b.page.locator('h1').textContent(), /不合格整改/);
    assert.ok(await b.page.locator('input[type=file][name=file]').count() >= 1);
    await b.page.screenshot({ path: join(OUT, 'rectification.png'), fullPage: true });

    // The public verification page: no login, upload the file.
    await anon.page.goto(BASE + '/verify');
    await anon.page.screenshot({ path: join(OUT, 'verify-form.png'), fullPage: true });
    await anon.page.setInputFiles('input[name=file]', file);
    await Promise.all([anon.page.waitForNavigation(), anon.page.click('button:has-text("上传并验证")')]);
    assert.match(await anon.page.locator('main').textContent(), /文书有效/);
    assert.match(await anon.page.locator('main').textContent(), /签章完好\s*是/);
    await anon.page.screenshot({ path: join(OUT, 'verify-valid.png'), fullPage: true });
    // The home page's card: a report number finds its record and state.
    const no = (await anon.page.locator('td code').first().textContent()).trim();
    await anon.page.goto(BASE + '/');
    await anon.page.fill('#verify-no', no);
    await Promise.all([anon.page.waitForNavigation(), anon.page.click('.verify-card button')]);
    assert.match(await anon.page.locator('main').textContent(), /报告有效/);
    await anon.page.screenshot({ path: join(OUT, 'verify-number.png'), fullPage: true });
    // The explanation page is a real 403, which Chromium logs; nothing else may be.
    assert.deepEqual(b.problems.filter((m) => !/status of 403/.test(m)), []);
    assert.deepEqual(anon.problems, []);
  } finally {
    await b.close();
    await anon.close();
  }
});

test('agency pages: fee orders, arrears, documents', async () => {
  const cashier = await open();
  const approver = await open();
  try {
    await login(cashier, 'cashier', 'Tejian#2026');
    await cashier.page.goto(BASE + '/agency/payments');
    assert.equal(await cashier.page.locator('h1').textContent(), '收费登记');
    assert.ok(await cashier.page.locator('button:has-text("登记收费")').count() >= 1);
    await cashier.page.screenshot({ path: join(OUT, 'agency-payments.png'), fullPage: true });
    await cashier.page.goto(BASE + '/agency/arrears');
    await cashier.page.screenshot({ path: join(OUT, 'agency-arrears.png'), fullPage: true });
    await login(approver, 'approver', 'Tejian#2026');
    await approver.page.goto(BASE + '/agency/documents');
    assert.ok(await approver.page.locator('button:has-text("重新出具")').count() >= 1);
    await approver.page.screenshot({ path: join(OUT, 'agency-documents.png'), fullPage: true });
    await approver.page.goto(BASE + '/agency/rectifications');
    assert.equal(await approver.page.locator('h1').textContent(), '整改审核');
    assert.deepEqual(cashier.problems, []);
    assert.deepEqual(approver.problems, []);
  } finally {
    await cashier.close();
    await approver.close();
  }
});

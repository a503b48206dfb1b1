// Page tests for the public landing page, driven by real headless Chromium.
//
//   TEJIAN_URL=http://127.0.0.1:18080 ./run.sh
//
// Uses the system Chromium (/usr/bin/chromium); no browser is downloaded.
// Screenshots go to ./out/ (gitignored).

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, 'out');
const CHROMIUM = process.env.TEJIAN_CHROMIUM || '/usr/bin/chromium';

const RAW_URL = process.env.TEJIAN_URL;
if (!RAW_URL) {
  console.error('landing.test.mjs: TEJIAN_URL is not set (e.g. TEJIAN_URL=http://127.0.0.1:18080)');
  process.exit(2);
}
const BASE = RAW_URL.replace(/\/+$/, '');

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

before(async () => {
  await mkdir(OUT, { recursive: true });
});

// Each test gets its own browser with a fresh, throw-away profile directory
// (launchPersistentContext: Playwright refuses --user-data-dir in launch()
// args, and a persistent context carries the viewport / JS options itself).
// Console errors and uncaught page errors are collected; a CSP violation is
// reported by Chromium as a console error.
async function openPage(contextOptions = {}) {
  const profileDir = await mkdtemp(join(tmpdir(), 'tejian-e2e-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: LAUNCH_ARGS,
      locale: 'zh-CN',
      ...contextOptions,
    });
  } catch (err) {
    await rm(profileDir, { recursive: true, force: true });
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  const close = async () => {
    try {
      await context.close();
    } finally {
      await rm(profileDir, { recursive: true, force: true });
    }
  };
  return { context: { close }, page, problems };
}

test('landing page (desktop 1280x900): content, links, verify form, no console errors', async () => {
  const { context, page, problems } = await openPage({ viewport: { width: 1280, height: 900 } });
  try {
    const resp = await page.goto(BASE + '/', { waitUntil: 'load' });
    assert.ok(resp, 'no response for /');
    assert.equal(resp.status(), 200, `GET / status`);

    const title = await page.title();
    assert.ok(title.includes('特检'), `title should contain 特检, got ${JSON.stringify(title)}`);

    const h1 = page.locator('h1', { hasText: '特种设备检验检测' });
    assert.equal(await h1.count(), 1, 'exactly one h1 containing 特种设备检验检测');
    assert.ok(await h1.isVisible(), 'h1 is visible');

    const login = page.getByRole('link', { name: '登录', exact: true });
    assert.ok((await login.count()) >= 1, 'a link with text 登录 exists');
    for (const href of await login.evaluateAll((els) => els.map((e) => e.getAttribute('href')))) {
      assert.equal(href, '/login', '登录 link href');
    }

    const register = page.getByRole('link', { name: '注册企业账号', exact: true });
    assert.equal(await register.count(), 1, 'a link with text 注册企业账号 exists');
    assert.equal(await register.getAttribute('href'), '/register', '注册企业账号 link href');

    const form = page.locator('form[action="/verify"]');
    assert.equal(await form.count(), 1, 'verify form with action=/verify');
    const noInput = form.locator('input[name="no"]');
    assert.equal(await noInput.count(), 1, 'verify form has input name="no"');
    assert.ok(await noInput.isVisible(), 'report-number input is visible');

    // Give late-reported errors (CSP reports, async script failures) a moment.
    await page.waitForLoadState('networkidle');
    assert.deepEqual(problems, [], 'no console errors / page errors during load');

    await page.screenshot({ path: join(OUT, 'landing-desktop.png'), fullPage: true });
  } finally {
    await context.close();
  }
});

test('landing page (mobile 390x844): no horizontal overflow', async () => {
  const { context, page, problems } = await openPage({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  try {
    const resp = await page.goto(BASE + '/', { waitUntil: 'load' });
    assert.equal(resp?.status(), 200, 'GET / status');
    await page.waitForLoadState('networkidle');

    const m = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    let offenders = [];
    if (m.scrollWidth > m.innerWidth + 1) {
      offenders = await page.evaluate(() => {
        const w = window.innerWidth;
        return [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > w + 1)
          .slice(0, 10)
          .map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().replace(/\s+/g, '.') : ''} right=${Math.round(el.getBoundingClientRect().right)}`);
      });
    }
    await page.screenshot({ path: join(OUT, 'landing-mobile.png'), fullPage: true });
    assert.ok(
      m.scrollWidth <= m.innerWidth + 1,
      `horizontal overflow: scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}; widest: ${offenders.join(', ')}`,
    );
    assert.deepEqual(problems, [], 'no console errors / page errors during load');
  } finally {
    await context.close();
  }
});

test('landing page renders without JavaScript', async () => {
  const { context, page } = await openPage({
    viewport: { width: 1280, height: 900 },
    javaScriptEnabled: false,
  });
  try {
    const resp = await page.goto(BASE + '/', { waitUntil: 'load' });
    assert.equal(resp?.status(), 200, 'GET / status');
    const h1 = page.locator('h1', { hasText: '特种设备检验检测' });
    assert.equal(await h1.count(), 1, 'h1 present without JS');
    assert.ok(await h1.isVisible(), 'h1 visible without JS');
    const login = page.getByRole('link', { name: '登录', exact: true }).first();
    assert.ok(await login.isVisible(), '登录 link visible without JS');
    assert.equal(await login.getAttribute('href'), '/login');
  } finally {
    await context.close();
  }
});

test('unknown path shows the 404 page', async () => {
  const { context, page } = await openPage({ viewport: { width: 1280, height: 900 } });
  try {
    const resp = await page.goto(BASE + '/no-such-page', { waitUntil: 'load' });
    assert.ok(resp, 'no response for /no-such-page');
    assert.equal(resp.status(), 404, 'GET /no-such-page status');
    const heading = page.getByRole('heading', { name: '页面不存在' });
    assert.ok((await heading.count()) >= 1, 'heading 页面不存在 present');
    assert.ok(await heading.first().isVisible(), 'heading 页面不存在 visible');
  } finally {
    await context.close();
  }
});

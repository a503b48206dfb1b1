// Shared by the page tests: a fresh headless Chromium per test and the login form.
// The stack runs with test_routes on, so /captcha answers carry X-Test-Captcha-Answer
// (a browser test cannot read the image).

import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
export const OUT = join(HERE, 'out');
export const BASE = (process.env.TEJIAN_URL || '').replace(/\/+$/, '');
if (!BASE) { console.error('TEJIAN_URL is not set'); process.exit(2); }
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export async function outDir() { await mkdir(OUT, { recursive: true }); }

export async function open(options = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'tejian-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS, locale: 'zh-CN',
    viewport: { width: 1280, height: 900 }, ...options });
  const page = context.pages()[0] ?? await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  let captcha = '';
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/captcha') captcha = r.headers()['x-test-captcha-answer'] || '';
  });
  return { page, problems, captcha: () => captcha,
    close: async () => { await context.close(); await rm(dir, { recursive: true, force: true }); } };
}

export async function login(b, user, password) {
  await b.page.goto(BASE + '/login');
  await b.page.waitForFunction(() => document.querySelector('.captcha-img').naturalWidth > 0);
  await b.page.fill('#f-login', user);
  await b.page.fill('#f-password', password);
  await b.page.fill('#f-captcha', b.captcha().toLowerCase()); // not case-sensitive
  await Promise.all([b.page.waitForNavigation(), b.page.click('button[type=submit]')]);
}


// Sharing on a story page in headless Chromium, the example site served
// under a sub-path: the "Sao chép liên kết" button copies the page's address
// (navigator.clipboard, or the execCommand fallback where there is none) and
// says "Đã sao chép" in its live region; without JavaScript it stays hidden.
// The favicon and the share card load from under the base path.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { build, tempDir, remove, REPO } from './helpers/site.mjs';
import { serve } from './helpers/server.mjs';
import { launch, newPage } from './helpers/browser.mjs';

const TIMEOUT = { timeout: 30_000 };
const PREFIX = '/bang-vang/';
const STORY = 'truyen/anh-giao-hang-loi-nuoc-dua-cu-ba-ra-khoi-can-nha-ngap.html';

let browser;
let site;
let dir;

async function openStory(options = {}, init) {
  const context = await browser.newContext({ locale: 'vi-VN', ...options });
  await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (init) await page.addInitScript(init);
  await page.goto(site.url + STORY);
  return { context, page, errors };
}

describe('share button and icons in headless Chromium', () => {
  before(async () => {
    dir = tempDir('share');
    build(REPO, path.join(dir, 'public'), ['--base-url', PREFIX]);
    site = await serve(path.join(dir, 'public'), { prefix: PREFIX });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    if (dir) remove(dir);
  });

  test('the button copies the page address and says so', TIMEOUT, async () => {
    const { context, page, errors } = await openStory();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
    const button = page.getByRole('button', { name: 'Sao chép liên kết' });
    await button.click();
    await page.locator('.share-status').filter({ hasText: 'Đã sao chép' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const canonical = await page.locator('link[rel=canonical]').getAttribute('href');
    assert.equal(copied, canonical);
    assert.equal(await page.locator('.share-status').getAttribute('aria-live'), 'polite');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('without navigator.clipboard the fallback copies and says so', TIMEOUT, async () => {
    const { context, page, errors } = await openStory({}, () => {
      Object.defineProperty(navigator, 'clipboard', { value: undefined });
    });
    await page.getByRole('button', { name: 'Sao chép liên kết' }).click();
    await page.locator('.share-status').filter({ hasText: 'Đã sao chép' }).waitFor();
    assert.equal(await page.locator('textarea').count(), 0, 'the helper field is removed');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('without JavaScript the button is not shown', TIMEOUT, async () => {
    const { context, page } = await openStory({ javaScriptEnabled: false });
    assert.equal(await page.locator('.share').count(), 1);
    assert.equal(await page.locator('.share').isVisible(), false);
    await context.close();
  });

  test('the favicon and the share card load from under the base path', TIMEOUT, async () => {
    const { context, page } = await openStory();
    const icons = await page.locator('link[rel=icon]').evaluateAll((ls) => ls.map((l) => l.href));
    assert.equal(icons.length, 2);
    const card = await page.locator('meta[property="og:image"]').getAttribute('content');
    for (const url of [...icons, new URL(card, site.url).href]) {
      assert.ok(new URL(url).pathname.startsWith(PREFIX), url);
      const res = await page.request.get(url);
      assert.equal(res.status(), 200, url);
    }
    assert.ok(site.requests.every((r) => r !== '/favicon.ico'), 'nothing asked at the host root');
    await context.close();
  });
});

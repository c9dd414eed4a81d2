// Headless Chromium from Debian (never a downloaded browser), driven by playwright-core.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    // Never skip: a missing browser is a failure (scripts/test.sh installs it).
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's \`chromium\` package (scripts/test.sh does) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/**
 * A new page that records uncaught errors, console errors and dialogs, and
 * only talks to 127.0.0.1.
 */
export async function newPage(browser) {
  const context = await browser.newContext({ locale: 'vi-VN' });
  await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  const dialogs = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // A 404 is an error too: search.js asks only for index files that exist.
    if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return { context, page, errors, dialogs };
}

const STATUS = '#tim-kiem-trang-thai';

/** Waits until the status region reports a finished search (found or not), optionally for `query`. */
export async function waitForResults(page, query) {
  await page
    .waitForFunction(
      ([sel, q]) => {
        const t = document.querySelector(sel)?.textContent || '';
        if (!/^(Tìm thấy \d+ kết quả|Không tìm thấy kết quả nào)/.test(t)) return false;
        return q === null ? true : t.includes('“' + q + '”');
      },
      [STATUS, query ?? null],
      { timeout: 10_000 },
    )
    .catch(async () => {
      const status = await page.locator(STATUS).textContent().catch(() => '(no status)');
      throw new Error(`search did not finish${query ? ` for “${query}”` : ''}: status is ${JSON.stringify(status)}, URL ${page.url()}`);
    });
  return page.locator(STATUS).textContent();
}

/** The shown results: [{ title, href, name, meta, snippet }]. */
export function results(page) {
  return page.$$eval('#ket-qua > li', (items) =>
    items.map((li) => ({
      title: li.querySelector('.result-title')?.textContent ?? '',
      href: li.querySelector('.result-title a')?.getAttribute('href') ?? '',
      name: li.querySelector('.result-meta strong')?.textContent ?? '',
      meta: li.querySelector('.result-meta')?.textContent ?? '',
      snippet: li.querySelector('.result-snippet')?.textContent ?? '',
    })),
  );
}

/** Clicks "Xem thêm kết quả" until every result is shown, and returns them. */
export async function allResults(page) {
  for (let i = 0; i < 100; i++) {
    const more = page.locator('#xem-them');
    if (await more.isHidden()) break;
    const before = await page.locator('#ket-qua > li').count();
    await more.click();
    // Results arrive one by one: wait until the whole page is listed (the list
    // is no longer busy), not just its first new result.
    await page.waitForFunction((n) => {
      const list = document.getElementById('ket-qua');
      return list.querySelectorAll(':scope > li').length > n && list.getAttribute('aria-busy') !== 'true';
    }, before);
  }
  return results(page);
}

#!/usr/bin/env node
// Regenerates the screenshots under docs/screenshots/ (shown in the README)
// from the example site of this repository, in headless Chromium:
//
//   node tests/browser/screenshots.mjs
//
// It runs `cargo build`, builds the example site into a temporary folder with
// target/debug/bangvang, serves it on 127.0.0.1 (helpers/server.mjs) and
// takes:
//   ban-tin-in.png               the June 2023 bulletin in print mode (A4 width)
//   ban-tin-pdf-trang-1.png, -2  pages 1 and 2 of the bulletin printed to an A4
//                                PDF (needs pdftoppm, Debian's poppler-utils)
//   tong-ket-dien-thoai.png      the 2023 yearly review on a phone (390×844)
//   tong-ket-may-tinh.png        the same on a desktop (1280×900)
//
// Not a test (the name does not end in .test.mjs, so `node --test` skips it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './helpers/server.mjs';
import { launch } from './helpers/browser.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.join(REPO, 'docs', 'screenshots');
const MONTH = '2023-06';
const YEAR = '2023';
/** The README shows these: keep each file small. */
const MAX_BYTES = 400 * 1024;

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'], ...opts });
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** A page of `width`×`height` CSS pixels, talking to 127.0.0.1 only. */
async function openPage(browser, url, { width, height, print = false }) {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 1,
    locale: 'vi-VN',
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (print) await page.emulateMedia({ media: 'print' });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response || response.status() !== 200) {
    throw new Error(`${url}: HTTP ${response && response.status()}`);
  }
  await page.evaluate(() => document.fonts.ready);
  return { context, page, errors };
}

/**
 * A full-page PNG screenshot, or, when that is over MAX_BYTES, the longest
 * top part of the page that ends at the bottom of one of the `sections`
 * (CSS selector) and fits: the README shows these files.
 */
async function shot(page, file, sections) {
  const target = path.join(OUT, file);
  const options = { type: 'png', scale: 'css', animations: 'disabled' };
  const { width, height, cuts } = await page.evaluate((sel) => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    cuts: [...document.querySelectorAll(sel)].map((e) => Math.ceil(e.getBoundingClientRect().bottom + window.scrollY)),
  }), sections);
  let png = await page.screenshot({ ...options, fullPage: true });
  let cut = height;
  for (const bottom of cuts.filter((y) => y < height).sort((a, b) => b - a)) {
    if (png.length <= MAX_BYTES) break;
    cut = Math.min(height, bottom + 16);
    png = await page.screenshot({ ...options, fullPage: true, clip: { x: 0, y: 0, width, height: cut } });
  }
  writeFileSync(target, png);
  console.log(`  ${file}: ${width}×${cut} of ${width}×${height} CSS px`);
  return target;
}

function report(files) {
  let tooBig = false;
  for (const f of files) {
    const size = statSync(f).size;
    const big = size > MAX_BYTES;
    tooBig ||= big;
    console.log(`${big ? '!' : ' '} ${path.relative(REPO, f)}  ${(size / 1024).toFixed(0)} KB`);
  }
  if (tooBig) {
    console.error(`some screenshots are over ${MAX_BYTES / 1024} KB: reduce the viewport or clip`);
    process.exitCode = 1;
  }
}

async function main() {
  run('cargo', ['build', '--quiet']);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bangvang-screenshots-'));
  const publicDir = path.join(tmp, 'public');
  let server;
  let browser;
  const written = [];
  try {
    run(path.join(REPO, 'target', 'debug', 'bangvang'), ['build', '--output', publicDir], {
      stdio: ['ignore', 'ignore', 'pipe'], // the example site's warnings (a draft, an unconsented story) are expected
    });
    server = await serve(publicDir);
    browser = await launch();
    mkdirSync(OUT, { recursive: true });

    // (a) The monthly bulletin as printed: no navigation, one story a page.
    {
      const url = `${server.url}ban-tin/${MONTH}/`;
      const { context, page, errors } = await openPage(browser, url, { width: 794, height: 1123, print: true });
      const visible = await page.evaluate(() =>
        ['.site-header nav', '.crumbs', '.site-footer', '.header-search', '.no-print']
          .filter((sel) => [...document.querySelectorAll(sel)].some((el) => el.getClientRects().length > 0)));
      if (visible.length) throw new Error(`shown in print mode: ${visible.join(', ')}`);
      written.push(await shot(page, 'ban-tin-in.png', '.bulletin-unit'));
      const pdf = path.join(tmp, 'ban-tin.pdf');
      await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
      if (hasCommand('pdftoppm')) {
        for (const n of [1, 2]) {
          const prefix = path.join(OUT, `ban-tin-pdf-trang-${n}`);
          run('pdftoppm', ['-png', '-r', '96', '-f', String(n), '-l', String(n), '-singlefile', pdf, prefix]);
          written.push(`${prefix}.png`);
        }
      } else {
        console.warn('pdftoppm not found (apt-get install poppler-utils): PDF pages not rendered');
      }
      if (errors.length) throw new Error(`errors on ${url}:\n${errors.join('\n')}`);
      await context.close();
    }

    // (b) The yearly review on a phone and on a desktop.
    for (const [file, width, height] of [
      ['tong-ket-dien-thoai.png', 390, 844],
      ['tong-ket-may-tinh.png', 1280, 900],
    ]) {
      const url = `${server.url}tong-ket/${YEAR}/`;
      const { context, page, errors } = await openPage(browser, url, { width, height });
      const charts = await page.locator('svg.bar-chart').count();
      if (charts !== 5) throw new Error(`${url}: ${charts} charts, expected 5`);
      written.push(await shot(page, file, '.review-chart'));
      if (errors.length) throw new Error(`errors on ${url}:\n${errors.join('\n')}`);
      await context.close();
    }
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  report(written);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

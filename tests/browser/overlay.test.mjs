// `bangvang serve` in real headless Chromium: a story saved with a mistake
// shows the error box over the page with the code staff look up in the
// guide, the hint, and the line to copy on a line of its own; fixing the
// story takes the box away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { binary, copyExampleSite, remove } from './helpers/site.mjs';
import { launch, newPage } from './helpers/browser.mjs';

const STORY = 'content/stories/2026-09/nguoi-tho-khoa-pha-cua-cuu-cu-ong-bi-nga-trong-nha.md';
let root, server, origin, browser;

/** Starts `bangvang serve --port 0` and resolves with the address it prints. */
function startServe(dir) {
  const child = spawn(binary(), ['serve', '--port', '0', '--root', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address:\n${seen}`)), 60_000);
    const read = (chunk) => {
      seen += chunk;
      const m = seen.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) {
        clearTimeout(timer);
        resolve({ child, origin: m[0] });
      }
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', read);
    child.on('exit', (code) => reject(new Error(`serve exited (${code}):\n${seen}`)));
  });
}

before(async () => {
  root = copyExampleSite('overlay');
  ({ child: server, origin } = await startServe(root));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  remove(root);
});

test('an error saved in a story shows its code, hint and line to copy; fixing it clears the box', { timeout: 90_000 }, async () => {
  const { page, context } = await newPage(browser);
  await page.goto(origin);
  const good = readFileSync(path.join(root, STORY), 'utf8');
  writeFileSync(path.join(root, STORY), good.replace('  birth_year: 1979', '  birth_year:1979'));
  const item = page.locator('#bangvang-loi .bangvang-loi-muc').first();
  await item.waitFor({ timeout: 30_000 });
  const text = await item.innerText();
  assert.match(text, /^content\/stories\/2026-09\/nguoi-tho-khoa[^\n]*\.md:6:\d+/, text);
  assert.match(text, /Lỗi \[yaml-syntax\]: dòng này có dấu hai chấm dính liền với giá trị/, text);
  // The line to copy stands on its own line, indented as in the terminal.
  assert.match(text, /Dòng đúng \(thụt vào 2 dấu cách, rồi chép phần dưới đây\):\n {6}birth_year: 1979$/, text);
  writeFileSync(path.join(root, STORY), good);
  await page.locator('#bangvang-loi').waitFor({ state: 'detached', timeout: 30_000 });
  await context.close();
});

// What staff print, as Chromium prints it: the example site's monthly
// bulletin, the 2023 review and a month board as A4 PDFs (playwright's
// page.pdf()). Pages are counted with pdfinfo and rendered with pdftoppm
// (poppler-utils, installed by scripts/test.sh), then decoded with pngjs to
// find pages left nearly blank. A long month's bulletin is cut into pages of
// at most 30 honorees, whole units together; a unit's button prints it alone.
// Never skipped: a missing Chromium or poppler fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { addStory, build, copyExampleSite, tempDir, remove } from './helpers/site.mjs';
import { serve } from './helpers/server.mjs';
import { launch, newPage } from './helpers/browser.mjs';

const TIMEOUT = { timeout: 240_000 };
/** The example's month with the most honorees (and a photo). */
const MONTH = '2023-11';
/** The long month made for the split: more than 30 honorees of one unit. */
const LONG = 35;

let root, out, site, browser, pdfDir;

before(async () => {
  root = copyExampleSite('print');
  // LONG more honorees of one ward in the example's month, each a person of
  // their own (no duplicate award), after the story with a photo.
  const base = `content/stories/${MONTH}/bac-bao-ve-lap-tu-sach-mien-phi-dau-ngo.md`;
  const givens = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hải', 'Hiếu', 'Hoà', 'Hùng', 'Huy',
    'Khánh', 'Khoa', 'Kiên', 'Lâm', 'Lộc', 'Long', 'Luân', 'Minh', 'Nam', 'Nghĩa', 'Phong',
    'Phúc', 'Quang', 'Quân', 'Sơn', 'Tài', 'Tâm', 'Thành', 'Thắng', 'Thịnh', 'Toàn', 'Trung',
    'Tùng', 'Việt', 'Vinh', 'Bảo', 'Duy', 'Đạt', 'Hậu', 'Hoàng'];
  for (let i = 0; i < LONG; i++) {
    addStory(root, base, `content/stories/${MONTH}/tu-sach-${i + 1}.md`, {
      title: `"Góp sách cho tủ sách đầu ngõ, lượt ${givens[i]}"`,
      name: `"Trần Văn ${givens[i]}"`,
    });
  }
  out = path.join(tempDir('print-out'), 'public');
  build(root, out);
  pdfDir = tempDir('print-pdf');
  site = await serve(out);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
  // PRINT_KEEP=1 keeps the PDFs and page images to look at.
  if (process.env.PRINT_KEEP) console.log(`# PDFs kept in ${pdfDir}`);
  else if (pdfDir) remove(pdfDir);
  for (const dir of [root, out && path.dirname(out)]) if (dir) remove(dir);
});

/** Prints `url` to an A4 PDF as the print button would; returns its file. */
async function printToPdf(url, name, prepare) {
  const { context, page, errors } = await newPage(browser);
  try {
    await page.goto(url, { waitUntil: 'load' });
    if (prepare) await prepare(page);
    await page.emulateMedia({ media: 'print' });
    const file = path.join(pdfDir, `${name}.pdf`);
    // preferCSSPageSize: the stylesheet's @page (A4, its margins) rules.
    await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true });
    assert.deepEqual(errors, [], `${url}: errors while printing`);
    return file;
  } finally {
    await context.close();
  }
}

function pageCount(pdf) {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const m = /^Pages:\s+(\d+)/m.exec(info);
  assert.ok(m, `pdfinfo gave no page count for ${pdf}:\n${info}`);
  return Number(m[1]);
}

/**
 * How far down each page is printed: the lowest row with ink (a pixel darker
 * than near-white), as a fraction of the page height. A page printed only at
 * its top (a heading left alone, a split card) scores low.
 */
function inkDepths(pdf) {
  const prefix = pdf.replace(/\.pdf$/, '');
  execFileSync('pdftoppm', ['-r', '30', '-gray', '-png', pdf, prefix]);
  const stem = path.basename(prefix);
  const files = readdirSync(path.dirname(pdf))
    .filter((f) => f.startsWith(stem + '-') && f.endsWith('.png'))
    .sort((a, b) => Number(/-(\d+)\.png$/.exec(a)[1]) - Number(/-(\d+)\.png$/.exec(b)[1]));
  return files.map((f) => {
    const png = PNG.sync.read(readFileSync(path.join(path.dirname(pdf), f)));
    let lowest = 0;
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        if (png.data[(y * png.width + x) * 4] < 200) {
          lowest = y;
          break;
        }
      }
    }
    return lowest / png.height;
  });
}

/** Every page but the last is printed at least to `least` of its height. */
function assertNoBlankPages(pdf, what, least = 0.6) {
  const depths = inkDepths(pdf);
  depths.slice(0, -1).forEach((d, i) => {
    assert.ok(d > least, `${what}: page ${i + 1} of ${depths.length} is printed only to ${Math.round(d * 100)} % of its height`);
  });
  return depths;
}

test('the bulletin of a month fits several honorees on each A4 page, with the issuing body, the month and a photo', TIMEOUT, async () => {
  const html = readFileSync(path.join(out, 'ban-tin', '2023-10', 'index.html'), 'utf8');
  const n = html.split('<article class="bulletin-story">').length - 1;
  assert.ok(n >= 4, `the October bulletin has ${n} honorees`);
  assert.match(html, /<p class="bulletin-issuer">Ủy ban nhân dân phường Bạch Mai<\/p>/);
  const pdf = await printToPdf(`${site.url}ban-tin/2023-10/`, 'bulletin-2023-10');
  const pages = pageCount(pdf);
  assert.ok(pages <= Math.ceil(n / 2), `${n} honorees printed on ${pages} pages`);
  assertNoBlankPages(pdf, 'October bulletin');
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.match(text, /ỦY BAN NHÂN DÂN PHƯỜNG BẠCH MAI/);
  assert.match(text, /Tháng 10\/2023 · In ngày \d\d\/\d\d\/\d{4}/);
});

test('a long month is cut into pages of at most 30, whole units together, and a unit prints alone', TIMEOUT, async () => {
  const dir = path.join(out, 'ban-tin', MONTH);
  const files = readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
  assert.deepEqual(files, ['index.html', 'trang-2.html', 'trang-3.html']);
  const count = (f) => readFileSync(path.join(dir, f), 'utf8').split('<article class="bulletin-story">').length - 1;
  const counts = files.map(count);
  assert.ok(counts.every((c) => c > 0 && c <= 30), `honorees per page: ${counts}`);
  // The first page lists every unit with its awards and pages.
  const index = readFileSync(path.join(dir, 'index.html'), 'utf8');
  assert.match(index, /<li><a href="\/ban-tin\/2023-11\/trang-2\.html#don-vi-phuong-quynh-mai">Phường Quỳnh Mai<\/a> <span class="count">36 lượt khen · trang 2–3<\/span><\/li>/);
  assert.match(readFileSync(path.join(dir, 'trang-3.html'), 'utf8'), /<h2>Phường Quỳnh Mai \(tiếp theo\)<\/h2>/);
  assert.match(readFileSync(path.join(dir, 'trang-2.html'), 'utf8'), /<figure class="bulletin-photo"><img src="\/images\/tu-sach-dau-ngo/);

  let printed = 0;
  const pdf = await printToPdf(`${site.url}ban-tin/${MONTH}/trang-2.html`, 'unit-alone', async (page) => {
    await page.exposeFunction('printCalled', () => { printed += 1; });
    await page.evaluate(() => { window.print = () => window.printCalled(); });
    await page.getByRole('button', { name: 'In riêng đơn vị này (36 lượt khen)' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-unit="phuong-quynh-mai"] .bulletin-story').length === 36);
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  });
  assert.equal(printed, 1, 'the button printed once, after gathering the unit');
  const pages = pageCount(pdf);
  assert.ok(pages <= Math.ceil(36 / 2), `36 honorees printed on ${pages} pages`);
  assertNoBlankPages(pdf, 'one unit');
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  for (const given of ['An', 'Hiếu', 'Việt']) assert.match(text, new RegExp(`Trần Văn ${given}\\b`));
  const units = [...text.matchAll(/^Phường [^\n]+$/gm)].map((m) => m[0]);
  assert.deepEqual([...new Set(units)], ['Phường Quỳnh Mai'], 'only the unit is printed');
});

test('the 2023 review prints compact: no heading alone at a page end, no chart split, no navigation', TIMEOUT, async () => {
  const pdf = await printToPdf(`${site.url}tong-ket/2023/`, 'review-2023');
  const pages = pageCount(pdf);
  assert.ok(pages <= 6, `the review printed on ${pages} pages`);
  // A chart kept whole with its table may not fit the rest of a page: it
  // moves on, leaving at most half a page.
  assertNoBlankPages(pdf, 'review', 0.45);
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  assert.ok(!text.includes('Tìm kiếm') && !text.includes('Trang chủ'), 'navigation printed');
  // Each chart's title stands on the page of its chart and table.
  const perPage = text.split('\f');
  for (const title of ['Lượt khen theo tháng', 'Lượt khen theo đơn vị', 'Lượt khen theo cấp']) {
    const where = perPage.map((p, i) => [i, p.split(title).length - 1]).filter(([, k]) => k > 0);
    assert.equal(where.length, 1, `“${title}” is on pages ${where.map(([i]) => i + 1)}`);
  }
});

test('a month board prints whole cards, several to a page', TIMEOUT, async () => {
  const html = readFileSync(path.join(out, 'thang', '2023-10', 'index.html'), 'utf8');
  const n = html.split('<article class="card">').length - 1;
  const pdf = await printToPdf(`${site.url}thang/2023-10/`, 'board-2023-10');
  const pages = pageCount(pdf);
  assert.ok(pages <= Math.ceil(n / 3), `${n} cards printed on ${pages} pages`);
  assertNoBlankPages(pdf, 'month board');
  // No card is cut: every card's title and awards line are on one page.
  const perPage = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).split('\f');
  const titles = [...html.matchAll(/<h3 class="card-title"><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
  assert.equal(titles.length, n);
  writeFileSync(path.join(pdfDir, 'titles.txt'), titles.join('\n'));
  for (const p of perPage) {
    const starts = titles.filter((t) => p.replace(/\s+/g, ' ').includes(t.slice(0, 20))).length;
    const ends = (p.match(/Cấp (phường|quận|thành phố)\s+Tháng/g) || []).length;
    assert.ok(ends >= starts, `a page has ${starts} card titles but ${ends} award lines:\n${p}`);
  }
});

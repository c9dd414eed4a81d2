// Relevance of bangvang's search on a built site, in headless Chromium: for
// every judged query of judged.json, P@5 and recall, per group.
//
//   node bench/search/relevance.mjs SITE_DIR [CONTENT_ROOT]
//
// SITE_DIR: `bangvang build --output SITE_DIR` of CONTENT_ROOT (default: this
// repository, the example site). A query's relevant stories follow from its
// rule (judged.json "about"). Per query: the results of /tim-kiem/?q=…, all
// pages ("Xem thêm"); when nothing matches in order and the page suggests a
// query ("Có phải bạn muốn tìm …"), the suggestion's results, as a person
// would click it.
//   P@5    relevant among the first min(5, |relevant|) results, ÷ that number;
//   recall relevant anywhere in the list ÷ |relevant|;
//   above  relevant above the "Ít liên quan hơn" divider ÷ |relevant|.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
let chromium;
for (const from of [HERE, path.join(HERE, '..', '..', 'tests', 'browser')]) {
  try { ({ chromium } = require(require.resolve('playwright-core', { paths: [from] }))); break; } catch { /* next */ }
}
if (!chromium) throw new Error('playwright-core not found: npm ci in bench/search or tests/browser');

const [site, root = path.join(HERE, '..', '..')] = process.argv.slice(2);
if (!site) { console.error('usage: node bench/search/relevance.mjs SITE_DIR [CONTENT_ROOT]'); process.exit(2); }
const judged = JSON.parse(fs.readFileSync(path.join(HERE, 'judged.json'), 'utf8')).queries;
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/đ/g, 'd').replace(/[^a-z0-9]+/g, ' ').trim();

function walk(dir) {
  return fs.readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return fs.statSync(p).isDirectory() ? walk(p) : p.endsWith('.md') ? [p] : [];
  });
}
/** Published stories (web consent, not a draft) by title. */
const stories = walk(path.join(root, 'content', 'stories')).map((f) => {
  const fm = fs.readFileSync(f, 'utf8').normalize('NFC').split(/^---$/m)[1] || '';
  const get = (k) => { const m = fm.match(new RegExp(`^\\s*${k}:\\s*"?([^"\\n]*)"?`, 'm')); return m ? m[1].trim() : ''; };
  return {
    title: get('title'), summary: get('summary'), name: get('name'), unit: get('unit'), residence: get('residence'),
    tags: JSON.parse((fm.match(/^tags:\s*(\[.*\])\s*$/m) || [, '[]'])[1]),
    web: /channels:\s*\[[^\]]*\bweb\b/.test(fm) && !/^draft:\s*true/m.test(fm) && !/^withdrawn:\s*true/m.test(fm),
  };
}).filter((s) => s.web);

function relevant(j) {
  return new Set(stories.filter((s) =>
    (j.name && s.name === j.name) || (j.unit && (s.unit === j.unit || s.residence === j.unit)) ||
    (j.tag && s.tags.includes(j.tag)) || (j.phrase && ` ${fold(s.title)} ${fold(s.summary)} `.includes(` ${j.phrase} `)),
  ).map((s) => s.title));
}

function serve(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(HERE, 'serve.mjs'), dir, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d) => { const m = String(d).match(/http:\/\/127\.0\.0\.1:\d+\//); if (m) resolve({ url: m[0], close: () => child.kill() }); });
    child.on('exit', (c) => reject(new Error(`serve.mjs exited (${c})`)));
  });
}

const FINISHED = () => /^(Tìm thấy \d+|Không tìm thấy)/.test(document.getElementById('tim-kiem-trang-thai').textContent);
async function resultsOf(page) {
  await page.waitForFunction(FINISHED);
  for (let i = 0; i < 50 && await page.locator('#xem-them').isVisible(); i++) {
    const n = await page.locator('#ket-qua > li').count();
    await page.click('#xem-them');
    await page.waitForFunction((k) => document.querySelectorAll('#ket-qua > li').length > k, n);
  }
  return page.$$eval('#ket-qua > li', (lis) => lis.map((li) => ({ title: li.querySelector('.result-title').textContent, less: !!li.querySelector('.results-divider') })));
}

const server = await serve(path.resolve(site));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const rows = [];
try {
  for (const j of judged) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}tim-kiem/?q=${encodeURIComponent(j.q)}`);
    let rs = await resultsOf(page);
    let via = '';
    if (!rs.length || rs[0].less) {
      // The suggestion comes after the results: give it a moment.
      const link = page.locator('#tim-kiem-goi-y a');
      await page.waitForFunction(() => /Có phải/.test(document.getElementById('tim-kiem-goi-y')?.textContent), null, { timeout: 3000 }).catch(() => {});
      if (/Có phải/.test(await page.evaluate(() => document.getElementById('tim-kiem-goi-y')?.textContent))) {
        via = await link.first().textContent();
        await link.first().click();
        await page.waitForFunction((q) => document.getElementById('tim-kiem-trang-thai').textContent.includes(`“${q}”`), via);
        rs = await resultsOf(page);
      }
    }
    await page.context().close();
    const rel = relevant(j);
    const k = Math.min(5, rel.size);
    const cut = rs.findIndex((r) => r.less);
    const above = cut < 0 ? rs : rs.slice(0, cut);
    rows.push({ ...j, rel: rel.size, n: rs.length, via,
      p5: k ? rs.slice(0, k).filter((r) => rel.has(r.title)).length / k : 1,
      recall: rel.size ? rs.filter((r) => rel.has(r.title)).length / rel.size : 1,
      above: rel.size ? above.filter((r) => rel.has(r.title)).length / rel.size : 1 });
  }
} finally {
  await browser.close();
  server.close();
}
const f = (x) => x.toFixed(2);
console.log('| group | query | relevant | results | P@5 | recall | recall above divider | suggestion followed |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
for (const r of rows) console.log(`| ${r.group} | ${r.q} | ${r.rel} | ${r.n} | ${f(r.p5)} | ${f(r.recall)} | ${f(r.above)} | ${r.via} |`);
console.log('\n| group | queries | mean P@5 | mean recall | mean recall above divider |');
console.log('| --- | ---: | ---: | ---: | ---: |');
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
for (const g of [...new Set(rows.map((r) => r.group))]) {
  const rs = rows.filter((r) => r.group === g);
  console.log(`| ${g} | ${rs.length} | ${f(mean(rs.map((r) => r.p5)))} | ${f(mean(rs.map((r) => r.recall)))} | ${f(mean(rs.map((r) => r.above)))} |`);
}

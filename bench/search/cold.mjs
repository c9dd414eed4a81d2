// Cold queries only, bangvang alone: what one search costs a first-time
// visitor, at any size, without Pagefind (whose indexing is too slow at
// 100,000 stories) and without the recall listing and later queries of
// bench.mjs (recall lists every result, ten a click: 26,149 for "nguyen"
// at 100,000 stories).
//
//   node bench/search/cold.mjs SITE_DIR [--truth truth.json] [--out results.json] [--runs N] [query …]
//
// SITE_DIR is a built site, served by serve.mjs on 127.0.0.1 with gzip.
// Queries: the surnames "nguyen" and "nguyễn", then the 24 of truth.json
// (bench/search/truth.py: 8 full names, 8 wards, 8 deed phrases), then any
// given on the command line. Each runs in a fresh browser context (empty
// cache): /tim-kiem/?q=… until the status shows the answer. Prints per
// query the bytes as sent (gzip) of the script and the index, split by part,
// the requests, and ms from navigation start to the first result on screen
// and to the final status (all ten results shown), and when the last syllable
// file or pair bucket had arrived; then the median and the
// largest over the truth.json queries. --runs N (default 1) runs every
// query N times, each cold, and keeps the fastest: on a busy machine the
// other load only ever adds time (bytes and requests are the same each run).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// playwright-core from this folder's `npm ci`, or the browser tests' copy.
let chromium;
for (const from of [HERE, path.join(HERE, '..', '..', 'tests', 'browser')]) {
  try {
    ({ chromium } = require(require.resolve('playwright-core', { paths: [from] })));
    break;
  } catch { /* next */ }
}
if (!chromium) throw new Error('playwright-core not found: npm ci in bench/search or tests/browser');

const argv = process.argv.slice(2);
const opt = { queries: [] };
for (let i = 0; i < argv.length; i++) {
  if (['--truth', '--out', '--runs'].includes(argv[i])) opt[argv[i].slice(2)] = argv[++i];
  else if (!opt.site) opt.site = argv[i];
  else opt.queries.push(argv[i]);
}
if (!opt.site) {
  console.error('usage: node bench/search/cold.mjs SITE_DIR [--truth truth.json] [--out results.json] [--runs N] [query …]');
  process.exit(2);
}
const SURNAMES = ['nguyen', 'nguyễn'];
const queries = [
  ...SURNAMES.map((q) => ({ kind: 'surname', q })),
  ...(opt.truth ? JSON.parse(fs.readFileSync(opt.truth, 'utf8')).queries.map((x) => ({ kind: x.kind, q: x.q })) : []),
  ...opt.queries.map((q) => ({ kind: 'given', q })),
];

function serve(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(HERE, 'serve.mjs'), dir, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d) => {
      const m = String(d).match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve({ url: m[0], close: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`serve.mjs exited (${code})`)));
  });
}

async function log(base, from) {
  return (await fetch(`${base}__bench/log?from=${from}`)).json();
}

/** search.js, meta.json, t/, b/, v/, d/, f/: the parts of a query's download. */
function part(u) {
  if (u === '/search.js') return 'js';
  const m = u.match(/^\/search\/(?:([a-z])\/|(meta)\.json)/);
  return m ? m[1] || m[2] : null;
}
const PARTS = ['js', 'meta', 't', 'b', 'd', 'v', 'f'];

async function measure(browser, base, q) {
  const context = await browser.newContext({ locale: 'vi-VN' });
  const page = await context.newPage();
  const mark = (await log(base, 0)).next;
  await page.goto(`${base}tim-kiem/?q=${encodeURIComponent(q)}`, { waitUntil: 'commit' });
  const first = await page.waitForFunction(() => {
    const t = document.getElementById('tim-kiem-trang-thai')?.textContent || '';
    const shown = document.querySelector('#ket-qua > li.result') || /^Không tìm thấy/.test(t);
    return shown ? performance.now() : false;
  }, null, { polling: 'raf', timeout: 60_000 }).then((h) => h.jsonValue());
  const final = await page.waitForFunction(() => {
    const t = document.getElementById('tim-kiem-trang-thai')?.textContent || '';
    return /^(Tìm thấy|Không tìm thấy|Không tải được)/.test(t) ? [performance.now(), t] : false;
  }, null, { polling: 'raf', timeout: 60_000 }).then((h) => h.jsonValue());
  // When the last syllable file or pair bucket had arrived: what follows is
  // ranking and the result records (d/).
  const indexAt = await page.evaluate(() => Math.max(0, ...performance.getEntriesByType('resource')
    .filter((r) => /\/search\/(t|b)\//.test(r.name)).map((r) => r.responseEnd)));
  const top = await page.evaluate(() => [...document.querySelectorAll('#ket-qua li h2 a')].map((a) => a.getAttribute('href')));
  // Let a typo suggestion's requests (after the status) land in the log too.
  await page.waitForLoadState('networkidle');
  await context.close();
  const { entries } = await log(base, mark);
  const by = Object.fromEntries(PARTS.map((p) => [p, 0]));
  let bytes = 0;
  let requests = 0;
  for (const e of entries) {
    const p = part(e.u);
    if (!p) continue;
    by[p] += e.b;
    bytes += e.b;
    requests += 1;
  }
  const m = final[1].match(/Tìm thấy (\d+)/);
  return { q, bytes, requests, by, first, final: final[0], count: m ? Number(m[1]) : 0, status: final[1], top, indexAt, files: entries.map((e) => [e.u, e.b]) };
}

const kb = (b) => (b / 1024).toFixed(1);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const server = await serve(path.resolve(opt.site));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
const rows = [];
try {
  // One throw-away query, so the first measured one doesn't pay for a cold browser.
  await measure(browser, server.url, 'warm up');
  console.log(`| kind | query | results | KB | requests | ms to first result | ms to all 10 | index in at ms | ${PARTS.join(' KB | ')} KB |`);
  console.log(`| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ${PARTS.map(() => '---:').join(' | ')} |`);
  for (const { kind, q } of queries) {
    const r = { kind, ...(await measure(browser, server.url, q)) };
    for (let run = 1; run < Number(opt.runs || 1); run++) {
      const again = await measure(browser, server.url, q);
      if (again.first < r.first) Object.assign(r, { first: again.first, final: again.final, indexAt: again.indexAt });
    }
    rows.push(r);
    console.log(`| ${kind} | ${q} | ${r.count} | ${kb(r.bytes)} | ${r.requests} | ${Math.round(r.first)} | ${Math.round(r.final)} | ${Math.round(r.indexAt)} | ${PARTS.map((p) => kb(r.by[p])).join(' | ')} |`);
  }
  const truth = rows.filter((r) => ['name', 'ward', 'deed'].includes(r.kind));
  if (truth.length) {
    const stat = (f, fmt) => `${fmt(median(truth.map(f)))} / ${fmt(Math.max(...truth.map(f)))}`;
    console.log(`| **median / largest of ${truth.length}** | names, wards, deeds | | ${stat((r) => r.bytes, kb)} | ${stat((r) => r.requests, String)} | ${stat((r) => r.first, Math.round)} | ${stat((r) => r.final, Math.round)} | ${stat((r) => r.indexAt, Math.round)} | ${PARTS.map((p) => stat((r) => r.by[p], kb)).join(' | ')} |`);
  }
} finally {
  await browser.close();
  server.close();
}
if (opt.out) fs.writeFileSync(opt.out, JSON.stringify(rows, null, 1));

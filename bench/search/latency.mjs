// Time to first search results on a slow network, in headless Chromium with
// Chrome DevTools network emulation (latency added to every request, download
// and upload throughput capped), each query in a fresh browser context (cold
// cache), the site served with gzip by serve.mjs.
//
//   node bench/search/latency.mjs SITE_DIR [query …]
//
// SITE_DIR is a built site (`bangvang build --output SITE_DIR`). Prints, per
// network profile and query: ms from navigation start to the first result on
// screen, the bytes and requests of the whole load (page, CSS, script, index),
// the bytes of the search index alone, and the sequential round trips: a
// request's round is one more than the latest round of the requests that had
// finished before it started (the page is round 1), so requests fetched in
// parallel share a round.
import { spawn } from 'node:child_process';
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

const [site, ...argQueries] = process.argv.slice(2);
if (!site) {
  console.error('usage: node bench/search/latency.mjs SITE_DIR [query …]');
  process.exit(2);
}
const QUERIES = argQueries.length ? argQueries : ['nguyen manh hung', 'bach dang', 'p. vinh tuy', 'cuu nguoi', 'hien mau'];
const PROFILES = [
  { name: '150 ms, 1.6 Mbps', latency: 150, bps: 1_600_000 },
  { name: '300 ms, 400 kbps', latency: 300, bps: 400_000 },
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
  return (await (await fetch(`${base}__bench/log?from=${from}`)).json());
}

/** Round of every resource: 1 + the latest round among those finished before it started. */
function rounds(entries) {
  const done = [];
  let max = 0;
  for (const e of entries.sort((a, b) => a.start - b.start)) {
    const r = 1 + done.filter((d) => d.end <= e.start).reduce((m, d) => Math.max(m, d.round), 0);
    done.push({ end: e.end, round: r });
    max = Math.max(max, r);
  }
  return max;
}

async function measure(browser, base, profile, q) {
  const context = await browser.newContext({ locale: 'vi-VN' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latency,
    downloadThroughput: profile.bps / 8,
    uploadThroughput: profile.bps / 8,
  });
  const mark = (await log(base, 0)).next;
  await page.goto(`${base}tim-kiem/?q=${encodeURIComponent(q)}`, { waitUntil: 'commit' });
  const ms = await page.waitForFunction(() => {
    const t = document.getElementById('tim-kiem-trang-thai')?.textContent || '';
    const shown = document.querySelector('#ket-qua > li.result') || /^Không tìm thấy/.test(t);
    return shown ? performance.now() : false;
  }, null, { polling: 'raf', timeout: 60_000 }).then((h) => h.jsonValue());
  const timing = await page.evaluate(() => [
    { start: 0, end: performance.getEntriesByType('navigation')[0].responseEnd },
    ...performance.getEntriesByType('resource').map((r) => ({ start: r.startTime, end: r.responseEnd, name: r.name })),
  ]);
  const found = await page.locator('#ket-qua > li.result').count();
  await context.close();
  const { entries } = await log(base, mark);
  const index = entries.filter((e) => e.u.startsWith('/search/'));
  const sum = (es) => es.reduce((s, e) => s + e.b, 0);
  return { ms, found, bytes: sum(entries), requests: entries.length, indexBytes: sum(index), indexRequests: index.length, rounds: rounds(timing.filter((t) => t.end <= ms)) };
}

const server = await serve(path.resolve(site));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
try {
  console.log('| network | query | first results ms | rounds | requests | KB, all | KB, index | results |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const profile of PROFILES) {
    const times = [];
    for (const q of QUERIES) {
      const r = await measure(browser, server.url, profile, q);
      times.push(r.ms);
      console.log(`| ${profile.name} | ${q} | ${Math.round(r.ms)} | ${r.rounds} | ${r.requests} | ${(r.bytes / 1024).toFixed(1)} | ${(r.indexBytes / 1024).toFixed(1)} | ${r.found} |`);
    }
    const sorted = times.sort((a, b) => a - b);
    console.log(`| ${profile.name} | **median / largest** | **${Math.round(sorted[Math.floor(sorted.length / 2)])} / ${Math.round(sorted.at(-1))}** | | | | | |`);
  }
} finally {
  await browser.close();
  server.close();
}

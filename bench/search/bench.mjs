// Drives headless Chromium over the queries of truth.json, for bangvang's
// search page and for Pagefind, and writes the measurements as JSON.
//
//   node bench/search/bench.mjs --base URL --truth truth.json --public DIR --out results.json
//        [--chromium /usr/bin/chromium] [--systems bangvang,pagefind]
//
// The site at URL must be served by bench/search/serve.mjs: bytes and requests
// are read from its log (/__bench/log), so they are exactly the response bodies
// as sent (gzipped where the server gzips), requests from web workers included.
// Every query starts in a fresh browser context: an empty cache.
//
// bangvang, per query, three contexts:
//   A  open /tim-kiem/?q=Q, wait for "Tìm thấy …"/"Không tìm thấy …": the cold
//      query (bytes, requests, ms from navigation start to results, top 10);
//      then, in the same page, type the later query at 40 ms a key, as a person
//      would (search-as-you-type fires once, 150 ms after the last key): the
//      typed later query's extra bytes;
//   B  the cold query again, then the later query filled in and Enter pressed:
//      the submitted later query's extra bytes (no prefix expansion);
//   C  the cold query again, then "Xem thêm kết quả" until every relevant story
//      is listed or the list ends: recall, and the bytes that listing took.
// Pagefind, per query, one context: /pagefind-bench.html?q=Q (pagefind.search,
// then data() of the first 10 results): cold bytes, ms, top 10; recall from
// every result's id, mapped to its URL offline from the fragment files (so it
// costs no bytes); then, in the same page, the later query (search + data() of
// its first 10): the later query's extra bytes.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

function args() {
  const out = { chromium: '/usr/bin/chromium', systems: 'bangvang,pagefind' };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) out[a[i].replace(/^--/, '')] = a[i + 1];
  for (const k of ['base', 'truth', 'public', 'out']) {
    if (!out[k]) {
      console.error(`bench.mjs: --${k} is required`);
      process.exit(2);
    }
  }
  return out;
}

const opt = args();
const BASE = opt.base.replace(/\/$/, '');
const truth = JSON.parse(fs.readFileSync(opt.truth, 'utf8'));
const systems = new Set(opt.systems.split(','));
const LATER_KEY_DELAY = 40;
const TIMEOUT = 60000;

async function logFrom(from) {
  const r = await fetch(`${BASE}/__bench/log?from=${from}`);
  return r.json();
}
async function logMark() {
  return (await logFrom(0)).next;
}

/** Bytes and requests since a mark, split by what each file is. */
async function bytesSince(mark, classify) {
  const { entries } = await logFrom(mark);
  const out = { bytes: 0, requests: 0, by: {}, files: [] };
  for (const e of entries) {
    const kind = classify(e.u);
    out.bytes += e.b;
    out.requests += 1;
    out.by[kind] = (out.by[kind] || 0) + e.b;
    out.files.push([e.u, e.b, e.s]);
  }
  return out;
}

function bangvangKind(u) {
  // index:meta, index:t (syllable postings), index:b (pair buckets),
  // index:d (what results show), index:v (vocabulary), index:f (filters).
  const m = u.match(/^\/search\/(?:([a-z])\/|(meta)\.json)/);
  if (m) return `index:${m[1] || m[2]}`;
  if (u.startsWith('/search/')) return 'index';
  if (u === '/search.js') return 'script';
  if (u.endsWith('.css')) return 'css';
  if (u.startsWith('/tim-kiem/')) return 'page';
  return 'other';
}

function pagefindKind(u) {
  if (u === '/pagefind-bench.html') return 'page';
  if (/\.pf_fragment$/.test(u)) return 'fragments';
  if (/\.(pf_meta|pf_index|pf_filter)$/.test(u)) return 'index';
  if (u.startsWith('/pagefind/')) return 'script';
  return 'other';
}

/** Searchable bytes: everything but the page itself and its stylesheet. */
function searchBytes(m) {
  return m.bytes - (m.by.page || 0) - (m.by.css || 0);
}

/** Wait until the page has no request in flight for `quiet` ms. */
function tracker(page) {
  let pending = 0;
  let last = Date.now();
  const done = () => { pending = Math.max(0, pending - 1); last = Date.now(); };
  page.on('request', () => { pending += 1; last = Date.now(); });
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return async (quiet = 150) => {
    const t0 = Date.now();
    while ((pending > 0 || Date.now() - last < quiet) && Date.now() - t0 < TIMEOUT) {
      await new Promise((r) => setTimeout(r, 25));
    }
  };
}

// Records when the status first shows a final answer, relative to navigation start.
const STATUS_WATCH = `(() => {
  window.__status = [];
  const seen = new Set();
  const look = () => {
    const el = document.getElementById('tim-kiem-trang-thai');
    if (!el) return;
    const t = el.textContent;
    if (t && !seen.has(t)) { seen.add(t); window.__status.push([performance.now(), t]); }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

function isFinal(text) {
  return /^(Tìm thấy|Không tìm thấy|Không tải được)/.test(text);
}

async function waitForStatus(page, query) {
  // The final status quotes the query: "Tìm thấy 12 kết quả cho “q”."
  await page.waitForFunction(
    (q) => {
      const el = document.getElementById('tim-kiem-trang-thai');
      const t = el ? el.textContent : '';
      return (/^(Tìm thấy|Không tìm thấy)/.test(t) && t.includes('“' + q + '”')) || /^Không tải được/.test(t);
    },
    query.trim(),
    { timeout: TIMEOUT, polling: 10 },
  );
}

async function bangvangState(page) {
  return page.evaluate(() => {
    const status = document.getElementById('tim-kiem-trang-thai').textContent;
    const m = status.match(/Tìm thấy (\d+)/);
    return {
      status,
      count: m ? Number(m[1]) : 0,
      top: [...document.querySelectorAll('#ket-qua li h2 a')].slice(0, 10).map((a) => a.getAttribute('href')),
      timeline: window.__status || [],
    };
  });
}

async function bangvangCold(browser, q) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.addInitScript(STATUS_WATCH);
  const settle = tracker(page);
  const mark = await logMark();
  await page.goto(`${BASE}/tim-kiem/?q=${encodeURIComponent(q)}`, { waitUntil: 'commit', timeout: TIMEOUT });
  await waitForStatus(page, q);
  await settle();
  const state = await bangvangState(page);
  const final = state.timeline.find(([, t]) => isFinal(t));
  const cold = await bytesSince(mark, bangvangKind);
  return { ctx, page, settle, state, cold, ms: final ? final[0] : null };
}

async function runBangvang(browser, item) {
  const relevant = new Set(item.relevant);
  // A: cold, then the later query typed.
  const a = await bangvangCold(browser, item.q);
  let mark = await logMark();
  await a.page.click('#q', { clickCount: 3 });
  await a.page.keyboard.type(item.later, { delay: LATER_KEY_DELAY });
  await waitForStatus(a.page, item.later);
  await a.settle();
  const laterTyped = await bytesSince(mark, bangvangKind);
  const laterTypedState = await bangvangState(a.page);
  await a.ctx.close();

  // B: cold, then the later query submitted.
  const b = await bangvangCold(browser, item.q);
  mark = await logMark();
  await b.page.fill('#q', item.later);
  await b.page.press('#q', 'Enter');
  await waitForStatus(b.page, item.later);
  await b.settle();
  const laterSubmitted = await bytesSince(mark, bangvangKind);
  const laterState = await bangvangState(b.page);
  await b.ctx.close();

  // C: cold, then list results until every relevant story is shown or the list ends.
  const c = await bangvangCold(browser, item.q);
  mark = await logMark();
  const listed = await c.page.evaluate(async (want) => {
    const want_ = new Set(want);
    const more = document.getElementById('xem-them');
    const list = document.getElementById('ket-qua');
    const found = new Set();
    const collect = () => {
      for (const a of list.querySelectorAll('li h2 a')) {
        const h = a.getAttribute('href');
        if (want_.has(h)) found.add(h);
      }
    };
    collect();
    let clicks = 0;
    while (!more.hidden && found.size < want_.size && clicks < 2000) {
      const n = list.children.length;
      more.click();
      clicks += 1;
      const t0 = performance.now();
      while (list.children.length === n && !more.hidden && performance.now() - t0 < 10000) {
        await new Promise((r) => setTimeout(r, 2));
      }
      collect();
    }
    return { shown: list.children.length, found: [...found], exhausted: more.hidden, clicks };
  }, item.relevant);
  await c.settle();
  const listing = await bytesSince(mark, bangvangKind);
  await c.ctx.close();

  const foundSet = new Set(listed.found);
  return {
    count: a.state.count,
    status: a.state.status,
    ms: a.ms,
    top: a.state.top,
    cold: a.cold,
    later: { q: item.later, typed: laterTyped, submitted: laterSubmitted, count: laterState.count, typedCount: laterTypedState.count },
    recall: relevant.size ? foundSet.size / relevant.size : 1,
    missing: item.relevant.filter((u) => !foundSet.has(u)),
    listing: { bytes: listing.bytes, requests: listing.requests, shown: listed.shown, exhausted: listed.exhausted },
  };
}

function pagefindUrls(publicDir) {
  const dir = path.join(publicDir, 'pagefind', 'fragment');
  const map = new Map();
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith('.pf_fragment')) continue;
    let text = zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString('utf8');
    text = text.replace(/^pagefind_dcd/, '');
    map.set(f.replace(/\.pf_fragment$/, ''), JSON.parse(text).url);
  }
  return map;
}

async function runPagefind(browser, item, urls) {
  const relevant = new Set(item.relevant);
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const settle = tracker(page);
  const mark = await logMark();
  await page.goto(`${BASE}/pagefind-bench.html?q=${encodeURIComponent(item.q)}`, { waitUntil: 'commit', timeout: TIMEOUT });
  await page.waitForFunction(() => window.__bench, null, { timeout: TIMEOUT });
  await settle();
  const r = await page.evaluate(() => window.__bench);
  if (r.error) throw new Error(`Pagefind failed for "${item.q}": ${r.error}`);
  const cold = await bytesSince(mark, pagefindKind);
  const all = r.ids.map((id) => urls.get(id) || `?${id}`);
  const unknown = all.filter((u) => u.startsWith('?')).length;
  if (unknown) throw new Error(`Pagefind: ${unknown} result ids with no fragment file (first: ${all.find((u) => u.startsWith('?'))})`);

  const laterMark = await logMark();
  const later = await page.evaluate(async (q) => {
    const pagefind = await import('/pagefind/pagefind.js');
    const t0 = performance.now();
    const search = await pagefind.search(q);
    const data = await Promise.all(search.results.slice(0, 10).map((x) => x.data()));
    return { ms: performance.now() - t0, count: search.results.length, top: data.map((d) => d.url) };
  }, item.later);
  await settle();
  const laterBytes = await bytesSince(laterMark, pagefindKind);
  await ctx.close();

  const found = all.filter((u) => relevant.has(u));
  const foundSet = new Set(found);
  return {
    count: r.count,
    ms: r.t,
    top: r.top,
    cold,
    later: { q: item.later, submitted: laterBytes, count: later.count, ms: later.ms },
    recall: relevant.size ? foundSet.size / relevant.size : 1,
    missing: item.relevant.filter((u) => !foundSet.has(u)),
  };
}

async function main() {
  const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const browser = await chromium.launch({ executablePath: opt.chromium, args: launchArgs, headless: true });
  const version = browser.version();
  const urls = systems.has('pagefind') ? pagefindUrls(opt.public) : new Map();

  // One throw-away query each, so the first measured one doesn't pay for a cold browser.
  if (systems.has('bangvang')) {
    const w = await bangvangCold(browser, 'warm up');
    await w.ctx.close();
  }
  if (systems.has('pagefind')) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${BASE}/pagefind-bench.html?q=warm`, { timeout: TIMEOUT });
    await page.waitForFunction(() => window.__bench, null, { timeout: TIMEOUT });
    await ctx.close();
  }

  const results = [];
  for (const item of truth.queries) {
    const row = { kind: item.kind, q: item.q, later: item.later, relevant: item.relevant.length };
    const t0 = Date.now();
    if (systems.has('bangvang')) row.bangvang = await runBangvang(browser, item);
    if (systems.has('pagefind')) row.pagefind = await runPagefind(browser, item, urls);
    const bv = row.bangvang;
    const pf = row.pagefind;
    console.log(`  ${item.kind.padEnd(4)}  ${item.q.padEnd(22)}` +
      (bv ? ` bangvang ${(searchBytes(bv.cold) / 1024).toFixed(1).padStart(6)} KB ${String(Math.round(bv.ms)).padStart(5)} ms recall ${bv.recall.toFixed(3)}` : '') +
      (pf ? ` | pagefind ${(searchBytes(pf.cold) / 1024).toFixed(1).padStart(6)} KB ${String(Math.round(pf.ms)).padStart(5)} ms recall ${pf.recall.toFixed(3)}` : '') +
      `  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    results.push(row);
  }
  await browser.close();
  fs.writeFileSync(opt.out, JSON.stringify({ chromium: version, results }, null, 1));
}

main().catch((e) => {
  console.error(e && e.stack || e);
  process.exit(1);
});

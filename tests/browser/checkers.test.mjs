// The example site through the checkers a portal is judged by: the Nu HTML
// checker (vnu.jar from the `vnu-jar` npm package, run by Debian's Java) on
// one page of each type, and axe-core (WCAG 2.2 A/AA rules) in headless
// Chromium at 390 and 1280 px, light and dark, on the same pages. Plus what
// axe does not measure: focus rings and field borders ≥ 3:1, no horizontal
// scrolling at 320 px, at 200% text and where the search filters used to
// overflow (640–740 px). Never skipped: a missing Java or Chromium fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build, copyExampleSite, tempDir, remove } from './helpers/site.mjs';
import { serve } from './helpers/server.mjs';
import { launch, newPage } from './helpers/browser.mjs';

const require = createRequire(import.meta.url);
const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
const AXE_JS = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const TIMEOUT = { timeout: 240_000 };

let root, out, site, browser;
/** [{ type, file, url }]: one page of each type. */
let pages;

/** The first entry of `dir` (sorted) that is a folder with an index, or a page. */
function first(dir, pick) {
  const names = readdirSync(path.join(out, dir)).sort().filter(pick);
  assert.ok(names.length > 0, `the example site has nothing under ${dir}/`);
  return names[0];
}

before(async () => {
  root = copyExampleSite('checkers');
  out = path.join(tempDir('checkers-out'), 'public');
  build(root, out);
  const isDir = (d) => (n) => existsSync(path.join(out, d, n, 'index.html'));
  const latest = readdirSync(path.join(out, 'thang')).filter(isDir('thang')).sort().pop();
  const files = {
    home: 'index.html',
    story: `truyen/${first('truyen', (n) => n.endsWith('.html'))}`,
    person: `nguoi/${first('nguoi', (n) => n.endsWith('.html') && n !== 'index.html')}`,
    month: `thang/${latest}/index.html`,
    unit: `don-vi/${first('don-vi', isDir('don-vi'))}/index.html`,
    level: `cap/${first('cap', isDir('cap'))}/index.html`,
    list: `chu-de/${first('chu-de', isDir('chu-de'))}/index.html`,
    index: 'thang/index.html',
    follow: 'theo-doi/index.html',
    search: 'tim-kiem/index.html',
    review: `tong-ket/${first('tong-ket', isDir('tong-ket'))}/index.html`,
    halfReview: `tong-ket/${first('tong-ket', (n) => existsSync(path.join(out, 'tong-ket', n, '6-thang-dau', 'index.html')))}/6-thang-dau/index.html`,
    404: '404.html',
  };
  site = await serve(out);
  pages = Object.entries(files).map(([type, file]) => {
    const url = site.url + file.replace(/index\.html$/, '') + (type === 'search' ? '?q=cuu' : '');
    return { type, file, url };
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
  if (root) remove(root);
  if (out) remove(path.dirname(out));
});

function java() {
  const home = process.env.JAVA_HOME;
  const bin = home ? path.join(home, 'bin', 'java') : 'java';
  const probe = spawnSync(bin, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`Java not found (${bin}): the Nu HTML checker needs it; install Debian's \`default-jre-headless\` (scripts/test.sh does)`);
  }
  return bin;
}

test('the Nu HTML checker finds no error on any page type', TIMEOUT, () => {
  assert.ok(existsSync(VNU_JAR), `vnu.jar missing at ${VNU_JAR}: run \`npm ci --prefix tests/browser\``);
  const files = pages.map((p) => path.join(out, p.file));
  const run = spawnSync(java(), ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(!run.error, `vnu did not run: ${run.error}`);
  let messages;
  try {
    messages = JSON.parse(run.stderr || run.stdout).messages;
  } catch {
    throw new Error(`vnu gave no JSON report (exit ${run.status}):\n${run.stderr}\n${run.stdout}`);
  }
  const errors = messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => `${path.relative(out, new URL(m.url).pathname)}:${m.lastLine}:${m.firstColumn ?? m.lastColumn}: ${m.message}`);
  assert.deepEqual(errors, [], `Nu HTML checker errors:\n${errors.join('\n')}`);
  assert.equal(run.status, 0, `vnu exited ${run.status}:\n${run.stderr}`);
});

/** Opens `url` at `width`, in `scheme`, with the search (if any) finished. */
async function open(p, width, scheme = 'light') {
  const tab = await newPage(browser);
  await tab.page.setViewportSize({ width, height: 900 });
  await tab.page.emulateMedia({ colorScheme: scheme });
  await tab.page.goto(p.url);
  if (p.type === 'search') {
    await tab.page.waitForFunction(() => (document.querySelector('#tim-kiem-trang-thai')?.textContent || '').trim() !== '');
  }
  return tab;
}

async function axe(page) {
  await page.addScriptTag({ content: AXE_JS });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`);
  }, AXE_TAGS);
}

for (const scheme of ['light', 'dark']) {
  test(`axe-core (WCAG 2.2 AA) finds no violation at 390 and 1280 px, ${scheme}`, TIMEOUT, async () => {
    const found = [];
    for (const p of pages) {
      for (const width of [390, 1280]) {
        const tab = await open(p, width, scheme);
        for (const v of await axe(tab.page)) found.push(`${p.type} ${p.file} @${width}px: ${v}`);
        assert.deepEqual(tab.errors, [], `script errors on ${p.url}`);
        await tab.context.close();
      }
    }
    assert.deepEqual(found, [], `axe violations:\n${found.join('\n')}`);
  });
}

/**
 * Page helpers for WCAG 1.4.11 (non-text contrast): `__ratio(a, b)` of two
 * CSS colours, `__behind(el)` the first opaque background at or above `el`.
 */
const CONTRAST_JS = `
window.__rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
window.__ratio = (a, b) => {
  const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const lum = ([r, g, bl]) => 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(bl);
  const [x, y] = [lum(__rgb(a)), lum(__rgb(b))].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
window.__behind = (el) => {
  for (let e = el; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    const a = __rgb(c);
    if (a.length === 3 || (a.length === 4 && a[3] === 1)) return c;
  }
  return getComputedStyle(document.documentElement).colorScheme === 'dark' ? 'rgb(0, 0, 0)' : 'rgb(255, 255, 255)';
};
window.__name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '');
`;

/** Links and controls that stand alone, each a target of its own. */
const TARGETS = '.card a, .nav a, .brand, .crumbs a, .pager a, .month-nav a, .chips a, button, input, select, .site-footer a';

test('focus rings and field edges have 3:1 contrast, targets are 24 px, light and dark', TIMEOUT, async () => {
  const bad = [];
  for (const scheme of ['light', 'dark']) {
    for (const p of pages.filter((q) => ['home', 'search', 'story', 'month'].includes(q.type))) {
      const tab = await open(p, 390, scheme);
      await tab.page.addScriptTag({ content: CONTRAST_JS });
      const edges = await tab.page.evaluate(() =>
        [...document.querySelectorAll('input:not([type=hidden]), select')]
          .filter((el) => el.offsetParent)
          .map((el) => {
            const s = getComputedStyle(el);
            const edge = parseFloat(s.borderTopWidth) > 0 ? s.borderTopColor : s.backgroundColor;
            return { what: __name(el), ratio: __ratio(edge, __behind(el.parentElement)) };
          }),
      );
      for (const e of edges) if (e.ratio < 3) bad.push(`${scheme} ${p.type}: edge of ${e.what} ${e.ratio.toFixed(2)}:1`);
      // Targets of their own (not words inside a sentence) are ≥ 24 px tall (2.5.8).
      const small = await tab.page.evaluate((sel) =>
        [...document.querySelectorAll(sel)]
          .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().height < 24)
          .map((el) => `${__name(el)} “${el.textContent.trim().slice(0, 30)}” ${el.getBoundingClientRect().height.toFixed(1)}px`),
      TARGETS);
      for (const t of small) bad.push(`${scheme} ${p.type}: target ${t}`);
      // Tab through the header, the crumbs and the start of the content.
      for (let i = 0; i < 14; i++) {
        await tab.page.keyboard.press('Tab');
        const ring = await tab.page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const s = getComputedStyle(el);
          return { what: __name(el), style: s.outlineStyle, width: parseFloat(s.outlineWidth), ratio: __ratio(s.outlineColor, __behind(el.parentElement)) };
        });
        if (ring && (ring.style === 'none' || ring.width < 2 || ring.ratio < 3)) {
          bad.push(`${scheme} ${p.type}: focus ring of ${ring.what} is ${ring.style} ${ring.width}px, ${ring.ratio.toFixed(2)}:1`);
        }
      }
      await tab.context.close();
    }
  }
  assert.deepEqual(bad, [], bad.join('\n'));
});

test('no page scrolls sideways at 320 px, at 200% text, or at 640–740 px', TIMEOUT, async () => {
  const bad = [];
  const cases = [
    { width: 320, text: '100%' },
    { width: 390, text: '200%' },
    { width: 1280, text: '200%' },
    { width: 640, text: '100%' },
    { width: 690, text: '100%' },
    { width: 740, text: '100%' },
  ];
  for (const p of pages) {
    for (const c of cases) {
      const tab = await open(p, c.width);
      const over = await tab.page.evaluate((text) => {
        document.documentElement.style.fontSize = text;
        const w = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('main *, header *, footer *')]
          .filter((el) => el.getBoundingClientRect().right > w + 1 && el.getClientRects().length > 0)
          .map((el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''));
        return { scroll: document.documentElement.scrollWidth - w, wide: wide.slice(0, 4) };
      }, c.text);
      if (over.scroll > 0 || over.wide.length > 0) {
        bad.push(`${p.type} @${c.width}px text ${c.text}: ${over.scroll}px sideways; past the edge: ${over.wide.join(', ')}`);
      }
      await tab.context.close();
    }
  }
  assert.deepEqual(bad, [], bad.join('\n'));
});

// The search page (/tim-kiem/) of the example site in real headless Chromium:
// the site is built from this repository's content/ with target/debug/bangvang,
// served on 127.0.0.1 by helpers/server.mjs, and driven like a person would.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { build, copyExampleSite, addStory, tempDir, remove, REPO } from './helpers/site.mjs';
import { serve } from './helpers/server.mjs';
import { launch, newPage, waitForResults, results, allResults } from './helpers/browser.mjs';
import { stories } from './helpers/content.mjs';
import { readVectors, foldFailures } from './helpers/vectors.mjs';
import { readFileSync } from 'node:fs';

const TIMEOUT = { timeout: 30_000 };
const XSS_TITLE = '<img src=x onerror=alert(1)>';
const XSS_SUMMARY = 'Tóm tắt thử có mã <script>alert(2)</script> và <b onmouseover=alert(3)>đậm</b>.';

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/đ/g, 'd');

let browser;
const sites = {};
const cleanup = [];
const published = stories().filter((s) => s.published);

/** Opens `url` in a fresh page; `check()` at the end asserts no script error and no dialog. */
async function open(url) {
  const p = await newPage(browser);
  cleanup.push(() => p.context.close());
  await p.page.goto(url);
  p.check = () => {
    assert.deepEqual(p.errors, [], `errors on ${url}:\n${p.errors.join('\n')}`);
    assert.deepEqual(p.dialogs, [], `dialogs opened on ${url}: ${p.dialogs.join(', ')}`);
  };
  return p;
}

/** Types `text` into the search box key by key, as a person would. */
async function typeQuery(page, text) {
  const input = page.locator('#q');
  await input.click();
  await input.fill('');
  await page.keyboard.type(text, { delay: 25 });
  return waitForResults(page, text);
}

/** Replaces the query and submits it with Enter before the typing timer fires. */
async function submitQuery(page, text) {
  await page.locator('#q').fill(text);
  await page.keyboard.press('Enter');
  return waitForResults(page, text);
}

const titles = (rs) => rs.map((r) => r.title);

/** A published story's front matter: awards [{ level, month, decision }], residence, tags. */
function frontMatter(story) {
  const fm = readFileSync(path.join(REPO, story.file), 'utf8').normalize('NFC').split(/^---$/m)[1];
  // A decision is a record: { number: "…", date: YYYY-MM-DD, issuer: … }; kept as the
  // words every page writes before the issuer's name ("Quyết định số … ngày d/m/yyyy").
  const written = (number, date) => date && `Quyết định số ${number} ngày ${date.split('-').map(Number).reverse().join('/')}`;
  const awards = [...fm.matchAll(/-\s*level:\s*(\S+)\s*\n\s*month:\s*(\S+)(?:\s*\n\s*decision:\s*\{\s*number:\s*"([^"]*)",\s*date:\s*([\d-]+))?/g)]
    .map((m) => ({ level: m[1], month: m[2], number: m[3], decision: written(m[3], m[4]) }));
  const residence = (fm.match(/^\s*residence:\s*(\S+)/m) || [])[1];
  const tags = JSON.parse((fm.match(/^tags:\s*(\[.*\])\s*$/m) || [, '[]'])[1]);
  return { awards, residence, tags };
}
const monthLabel = (m) => `Tháng ${Number(m.slice(5))}/${m.slice(0, 4)}`;
/** Texts of the "why it matched" lines and the divider of the result list. */
const whyLines = (page) => page.$$eval('#ket-qua > li', (items) => items.map((li) => [...li.querySelectorAll('.result-why')].map((p) => p.textContent)));
const dividerAt = (page) => page.$$eval('#ket-qua > li', (items) => items.findIndex((li) => li.querySelector('.results-divider')));
const show = (rs) => rs.map((r, i) => `  ${i + 1}. ${r.title} — ${r.meta}`).join('\n') || '  (no results)';

describe('search page in headless Chromium', () => {
  before(async () => {
    const t0 = Date.now();
    // The example site as it is.
    const dir = (d) => (cleanup.push(() => remove(d)), d); // removed in after(), even when a build fails
    const plain = build(REPO, path.join(dir(tempDir('site')), 'public'));
    // The same site with one extra story whose title is HTML.
    const xssRoot = dir(copyExampleSite('xss'));
    addStory(
      xssRoot,
      'content/stories/2023-05/dua-cu-ba-lac-duong-ve-voi-gia-dinh.md',
      'content/stories/2023-05/bai-thu-tieu-de-co-ma-html.md',
      { title: JSON.stringify(XSS_TITLE), summary: JSON.stringify(XSS_SUMMARY), name: '"Kiểm Thử Viên"', date: '2023-05-27' },
      'Bài thử tự động: tiêu đề và tóm tắt có mã HTML phải hiện ra như chữ.\n',
    );
    const xss = build(xssRoot, path.join(xssRoot, 'public'));
    // The example site published under a sub-path.
    const sub = build(REPO, path.join(dir(tempDir('sub')), 'public'), ['--base-url', '/bang-vang/']);

    sites.plain = await serve(plain);
    sites.xss = await serve(xss);
    sites.sub = await serve(sub, { prefix: '/bang-vang/' });
    for (const s of Object.values(sites)) cleanup.push(s.close);
    browser = await launch();
    cleanup.push(() => browser.close());
    console.log(`# sites built and served, Chromium ${browser.version()} up in ${Date.now() - t0} ms`);
  });

  after(async () => {
    for (const f of cleanup.reverse()) await Promise.resolve().then(f).catch((e) => console.log(`# cleanup: ${e.message}`));
  });

  test('Chromium folds every vector of tests/folding_vectors.txt like src/vietnamese.rs', TIMEOUT, async () => {
    const p = await open(sites.plain.url + 'tim-kiem/');
    await p.page.waitForFunction(() => window.bangvangSearch);
    const vectors = readVectors();
    const got = await p.page.evaluate((inputs) => inputs.map((s) => window.bangvangSearch.fold(s)), vectors.map((v) => v.input));
    const failures = foldFailures(vectors, got);
    assert.deepEqual(failures, [], `${failures.length} of ${vectors.length} vectors fail in Chromium:\n${failures.join('\n')}`);
    assert.equal(await p.page.evaluate(() => window.bangvangSearch.fnv1a('a')), 0xe40c292c, 'fnv1a("a") in Chromium');
    p.check();
  });

  test('an unaccented name typed key by key finds that person\'s story first; a prefix finds Nguyễn', TIMEOUT, async () => {
    const name = 'Đàm Quang Hiếu';
    const story = published.filter((s) => s.name === name);
    assert.equal(story.length, 1, `expected exactly one published story of ${name} in content/stories`);
    const others = published.filter((s) => s.name !== name && fold(s.name) === fold(name));
    assert.deepEqual(others, [], `${name} should be the only person whose name folds to "${fold(name)}"`);

    const p = await open(sites.plain.url + 'tim-kiem/');
    const query = fold(name); // "dam quang hieu"
    await typeQuery(p.page, query);
    let rs = await results(p.page);
    assert.ok(rs.length > 0, `no result for “${query}”`);
    assert.equal(rs[0].title, story[0].title, `first result for “${query}” should be ${story[0].file}; got:\n${show(rs)}`);
    assert.equal(rs[0].name, name, 'the first result shows the accented name');
    assert.match(p.page.url(), /[?&]q=dam(\+|%20)quang(\+|%20)hieu(&|$)/, 'the typed query is in the URL');

    // Prefix while typing: "nguy" reaches "Nguyễn".
    await typeQuery(p.page, 'nguy');
    rs = await results(p.page);
    const nguyen = published.filter((s) => /(^| )Nguyễn /.test(s.name) && !s.file.includes('cau-hoc-tro')); // a minor is shown by initials
    assert.ok(nguyen.length >= 2, 'the example content should have several people named Nguyễn');
    assert.ok(rs.length > 0, 'no result for the prefix “nguy”');
    assert.match(fold(rs[0].name), /(^| )nguy/, `the first result for “nguy” should be a name starting with Nguy…; got:\n${show(rs)}`);
    const shownTitles = titles(rs);
    for (const s of nguyen) {
      assert.ok(shownTitles.includes(s.title), `“nguy” should show ${s.name}'s story “${s.title}” on the first page; got:\n${show(rs)}`);
    }
    const marked = await p.page.$$eval('#ket-qua .result-meta strong mark', (ms) => ms.map((m) => m.textContent));
    assert.ok(marked.includes('Nguyễn'), `“Nguyễn” should be highlighted in names; marks: ${JSON.stringify(marked)}`);
    p.check();
  });

  test('"dong tam" finds the stories of Phường Đồng Tâm; an accented query ranks the exact accent first', TIMEOUT, async () => {
    const dongTam = published.filter((s) => s.unit === 'phuong-dong-tam');
    assert.ok(dongTam.length >= 1, 'the example content should have stories proposed by phuong-dong-tam');
    const p = await open(sites.plain.url + 'tim-kiem/');
    await typeQuery(p.page, 'dong tam');
    const rs = await allResults(p.page);
    for (const s of dongTam) {
      const r = rs.find((x) => x.title === s.title);
      assert.ok(r, `“dong tam” should find ${s.file} (unit phuong-dong-tam); got:\n${show(rs)}`);
      assert.match(r.meta, /Phường Đồng Tâm/, `the result for ${s.file} should show its unit`);
    }
    const top = rs.slice(0, dongTam.length);
    for (const r of top) assert.match(r.meta, /Phường Đồng Tâm/, `the first ${dongTam.length} results for “dong tam” should be Đồng Tâm's; got:\n${show(rs)}`);

    // "Đống" (Phường Đống Mác) and "Đồng" (Đồng Tâm, Đồng Nhân) both fold to "dong":
    // an accented query ranks the stories with its exact accent first.
    const isMac = (r) => /Phường Đống Mác/.test(r.meta);
    const isDong = (r) => /Phường Đồng (Tâm|Nhân)/.test(r.meta);
    await submitQuery(p.page, 'Đống');
    let acc = await allResults(p.page);
    assert.ok(acc.some(isMac) && acc.some(isDong), `“Đống” should match both Đống Mác and Đồng Tâm/Nhân (all fold to “dong”); got:\n${show(acc)}`);
    assert.ok(isMac(acc[0]), `the first result for “Đống” should be a story of Phường Đống Mác; got:\n${show(acc)}`);
    assert.ok(acc.findLastIndex(isMac) < acc.findIndex(isDong), `for “Đống”, every Đống Mác story should rank above the Đồng Tâm/Nhân ones; got:\n${show(acc)}`);
    await submitQuery(p.page, 'Đồng');
    acc = await allResults(p.page);
    assert.ok(acc.findLastIndex(isDong) < acc.findIndex(isMac), `for “Đồng”, every Đồng Tâm/Nhân story should rank above the Đống Mác ones; got:\n${show(acc)}`);
    p.check();
  });

  test('filters by month and unit, with and without text, are kept in the URL', TIMEOUT, async () => {
    const p = await open(sites.plain.url + 'tim-kiem/');
    const { page } = p;
    // A month alone: every story with an award that month.
    await page.selectOption('select[name=thang]', '2023-06');
    await waitForResults(page);
    assert.match(page.url(), /\/tim-kiem\/\?thang=2023-06$/, 'the month is in the URL');
    let rs = await allResults(page);
    const june = published.filter((s) => s.months.includes('2023-06'));
    assert.deepEqual(titles(rs).sort(), june.map((s) => s.title).sort(), `the month filter alone should list exactly the stories awarded in 2023-06; got:\n${show(rs)}`);
    assert.match(await page.locator('#tim-kiem-trang-thai').textContent(), new RegExp(`^Tìm thấy ${june.length} kết quả\\.`));

    // Month and unit: Phường Vĩnh Tuy has two stories awarded in June 2023.
    await page.selectOption('select[name=don-vi]', 'phuong-vinh-tuy');
    await page.waitForURL(/don-vi=phuong-vinh-tuy/);
    await waitForResults(page);
    assert.match(page.url(), /\?thang=2023-06&don-vi=phuong-vinh-tuy$/, 'both filters are in the URL');
    rs = await allResults(page);
    const expected = published.filter((s) => s.unit === 'phuong-vinh-tuy' && s.months.includes('2023-06'));
    assert.ok(expected.length >= 2, 'content should have two or more Vĩnh Tuy stories of 2023-06');
    assert.deepEqual(titles(rs).sort(), expected.map((s) => s.title).sort(), `month + unit; got:\n${show(rs)}`);
    for (const r of rs) {
      assert.match(r.meta, /Phường Vĩnh Tuy/, `every result shows the unit: ${r.title} — ${r.meta}`);
      assert.match(r.meta, /Tháng 6\/2023/, `every result shows the month: ${r.title} — ${r.meta}`);
    }

    // With text: only those stories that also match the words.
    await submitQuery(page, 'cuu');
    assert.match(page.url(), /\?q=cuu&thang=2023-06&don-vi=phuong-vinh-tuy$/);
    rs = await results(page);
    for (const r of rs) assert.match(r.meta, /Phường Vĩnh Tuy · Tháng 6\/2023/, `filtered text search: ${r.title} — ${r.meta}`);
    p.check();
  });

  test('a month filter shows the filtered month in every result', TIMEOUT, async () => {
    const p = await open(sites.plain.url + 'tim-kiem/?thang=2023-12');
    await waitForResults(p.page);
    const rs = await allResults(p.page);
    const wrong = rs.filter((r) => !/Tháng 12\/2023/.test(r.meta));
    assert.deepEqual(wrong.map((r) => `${r.title} — ${r.meta}`), [], 'results of ?thang=2023-12 that do not show Tháng 12/2023');
    p.check();
  });

  test('a shared URL opens with its results and form; Back returns to the previous search', TIMEOUT, async () => {
    const p = await open(sites.plain.url + 'tim-kiem/?q=hien+mau&don-vi=phuong-quynh-mai');
    const { page } = p;
    await waitForResults(page, 'hien mau');
    assert.equal(await page.inputValue('#q'), 'hien mau', 'the query box is filled from the URL');
    assert.equal(await page.inputValue('select[name=don-vi]'), 'phuong-quynh-mai', 'the unit filter is set from the URL');
    assert.equal(await page.inputValue('select[name=thang]'), '', 'the month filter stays empty');
    const shared = await results(page);
    const expected = published.filter((s) => s.unit === 'phuong-quynh-mai' && /hiến máu/i.test(s.title));
    assert.ok(expected.length >= 2, 'content should have two Quỳnh Mai stories about hiến máu');
    for (const s of expected) assert.ok(titles(shared).includes(s.title), `the shared URL should show “${s.title}”; got:\n${show(shared)}`);
    for (const r of shared) assert.match(r.meta, /Phường Quỳnh Mai/, `filtered by unit: ${r.title} — ${r.meta}`);

    // A new search submitted with Enter. The value is set without an `input`
    // event: typed text would first replaceState() the shared URL's entry
    // away whenever the machine is slow (see the test below).
    await page.$eval('#q', (el, v) => { el.value = v; }, 'bon muoi');
    await page.locator('#q').press('Enter');
    await waitForResults(page, 'bon muoi');
    assert.match(page.url(), /\?q=bon\+muoi&don-vi=phuong-quynh-mai$/);
    const second = await results(page);
    assert.notDeepEqual(titles(second), titles(shared), 'the new search should show other results');

    await page.goBack();
    await waitForResults(page, 'hien mau');
    assert.match(page.url(), /\?q=hien\+mau&don-vi=phuong-quynh-mai$/, 'Back restores the URL');
    assert.equal(await page.inputValue('#q'), 'hien mau', 'Back restores the query box');
    assert.equal(await page.inputValue('select[name=don-vi]'), 'phuong-quynh-mai', 'Back restores the filter');
    assert.deepEqual(titles(await results(page)), titles(shared), 'Back shows the previous results again');

    await page.goForward();
    await waitForResults(page, 'bon muoi');
    assert.deepEqual(titles(await results(page)), titles(second), 'Forward shows the newer results');
    p.check();
  });

  test('Back after a new search typed at a normal pace returns to the previous search', TIMEOUT, async () => {
    const p = await open(sites.plain.url + 'tim-kiem/?q=hien+mau');
    const { page } = p;
    await waitForResults(page, 'hien mau');
    const before = titles(await results(page));
    await typeQuery(page, 'chay'); // live results appear while typing; the person then presses Enter
    await page.keyboard.press('Enter');
    await waitForResults(page, 'chay');
    await page.goBack();
    await page.waitForTimeout(300);
    await waitForResults(page);
    assert.match(page.url(), /\?q=hien\+mau$/, 'Back should return to ?q=hien+mau');
    assert.equal(await page.inputValue('#q'), 'hien mau');
    assert.deepEqual(titles(await results(page)), before);
    p.check();
  });

  test('a story title made of HTML is shown as text and never runs', TIMEOUT, async () => {
    const p = await open(sites.xss.url + 'tim-kiem/');
    const { page } = p;
    for (const query of ['onerror', 'img src']) {
      await typeQuery(page, query);
      const rs = await results(page);
      assert.equal(rs[0]?.title, XSS_TITLE, `the first result for “${query}” should be the story titled ${XSS_TITLE}, as text; got:\n${show(rs)}`);
      const inside = await page.$$eval('#ket-qua img, #ket-qua script, #ket-qua b, #ket-qua [onerror], #ket-qua [onmouseover]', (els) => els.map((e) => e.outerHTML));
      assert.deepEqual(inside, [], `HTML from the index became elements inside #ket-qua for “${query}”`);
      assert.equal(rs[0].snippet, XSS_SUMMARY, 'the summary with HTML in it is shown as text');
    }
    await page.locator('#ket-qua .result-snippet').first().hover();
    await page.waitForTimeout(200); // time for a broken image's onerror to fire, were there one
    assert.equal(await page.evaluate(() => document.images.length), 0, 'no image element on the search page');
    assert.deepEqual(p.dialogs, [], 'no dialog opened on the search page');
    // The story page the result links to shows the title as text too.
    await page.locator('#ket-qua .result-title a').first().click();
    await page.waitForURL(/\/truyen\//);
    assert.equal((await page.locator('h1').first().textContent()).trim(), XSS_TITLE, 'the story page shows the title as text');
    assert.equal(await page.evaluate(() => document.querySelectorAll('h1 img, main img[src="x"]').length), 0, 'no image from the title on the story page');
    await page.waitForTimeout(200);
    p.check();
  });

  test('under --base-url /bang-vang/ the index and the result links stay under /bang-vang/', TIMEOUT, async () => {
    const p = await open(sites.sub.url + 'tim-kiem/?q=dam+quang+hieu');
    const { page } = p;
    await waitForResults(page, 'dam quang hieu');
    const rs = await results(page);
    assert.ok(rs.length > 0, 'results under the sub-path');
    assert.equal(rs[0].name, 'Đàm Quang Hiếu', `first result under /bang-vang/; got:\n${show(rs)}`);
    for (const r of rs) assert.match(r.href, /^\/bang-vang\/truyen\/[^/]+\.html$/, `result link under /bang-vang/truyen/: ${r.href}`);
    const searchFiles = sites.sub.requests.filter((u) => /\/search\//.test(u));
    assert.ok(searchFiles.some((u) => u === '/bang-vang/search/meta.json'), `meta.json fetched from /bang-vang/search/; requests: ${searchFiles.join(', ')}`);
    const outside = searchFiles.filter((u) => !u.startsWith('/bang-vang/search/'));
    assert.deepEqual(outside, [], 'every index file is fetched under /bang-vang/search/');
    const notFound = sites.sub.requests.filter((u) => !u.startsWith('/bang-vang/'));
    assert.deepEqual(notFound, [], 'nothing is requested outside /bang-vang/');
    // The link leads to the story.
    await page.locator('#ket-qua .result-title a').first().click();
    await page.waitForURL(/\/bang-vang\/truyen\//);
    assert.match(await page.locator('h1').first().textContent(), /Sinh viên chế tạo thiết bị báo cháy/);
    p.check();
  });

  test('the status region announces the number of results; the search box has a label', TIMEOUT, async () => {
    const p = await open(sites.plain.url + 'tim-kiem/');
    const { page } = p;
    const status = page.locator('#tim-kiem-trang-thai');
    assert.equal(await status.getAttribute('role'), 'status');
    assert.equal(await status.getAttribute('aria-live'), 'polite');
    await page.waitForFunction(() => document.getElementById('tim-kiem-trang-thai').textContent.trim() !== '');
    assert.match(await status.textContent(), /Nhập họ tên/, 'an empty search says what to type');
    const box = page.getByRole('searchbox', { name: 'Họ tên, đơn vị hoặc việc tốt' });
    assert.equal(await box.count(), 1, 'the search box is labelled “Họ tên, đơn vị hoặc việc tốt”');
    assert.equal(await box.getAttribute('id'), 'q');
    for (const name of ['Tháng', 'Đơn vị', 'Cấp khen', 'Lĩnh vực']) {
      assert.equal(await page.getByRole('combobox', { name }).count(), 1, `the filter “${name}” has a label`);
    }

    const text = await typeQuery(page, 'cuu');
    const m = text.match(/^Tìm thấy (\d+) kết quả cho “cuu”\.$/);
    assert.ok(m, `status should announce the count: ${JSON.stringify(text)}`);
    const all = await allResults(page);
    assert.equal(all.length, Number(m[1]), 'the announced count equals the results listed (with “Xem thêm”)');
    assert.ok(all.length > 10, '“cuu” should need more than one page of results');

    await submitQuery(page, 'khongcotutrongtrang');
    assert.equal(await status.textContent(), 'Không tìm thấy kết quả nào cho “khongcotutrongtrang”.');
    assert.equal(await page.locator('#ket-qua > li').count(), 0);
    p.check();
  });

  test('a story with awards of several levels shows the highest level with its own month, or the filtered month\'s award', TIMEOUT, async () => {
    const story = published.find((s) => s.name === 'Nguyễn Mạnh Hùng');
    const { awards } = frontMatter(story);
    assert.deepEqual(awards.map((a) => a.level), ['phuong', 'quan', 'thanh-pho'], `${story.file} should have three awards`);
    assert.notEqual(awards[0].month, awards[2].month, 'the lowest and highest awards are in different months');
    const p = await open(sites.plain.url + 'tim-kiem/?q=nguyen+manh+hung');
    await waitForResults(p.page, 'nguyen manh hung');
    let rs = await results(p.page);
    assert.equal(rs[0].title, story.title);
    assert.match(rs[0].meta, new RegExp(`${monthLabel(awards[2].month)} · Cấp thành phố`), `highest level with its month: ${rs[0].meta}`);
    assert.doesNotMatch(rs[0].meta, new RegExp(monthLabel(awards[0].month)), 'not the first award\'s month');
    // Filtered by the district award's month: that award, with that month.
    await p.page.goto(sites.plain.url + `tim-kiem/?q=nguyen+manh+hung&thang=${awards[1].month}`);
    await waitForResults(p.page, 'nguyen manh hung');
    rs = await results(p.page);
    assert.match(rs[0].meta, new RegExp(`${monthLabel(awards[1].month)} · Cấp quận`), `filtered month: ${rs[0].meta}`);
    p.check();
  });

  test('"bach dang" puts the ward\'s stories first, says a residence match, and divides the scattered matches', TIMEOUT, async () => {
    const ward = published.filter((s) => s.unit === 'phuong-bach-dang' || frontMatter(s).residence === 'phuong-bach-dang');
    assert.ok(ward.length >= 2, 'content has stories of Bạch Đằng (unit or residence)');
    const p = await open(sites.plain.url + 'tim-kiem/?q=bach+dang');
    const status = await waitForResults(p.page, 'bach dang');
    const rs = await allResults(p.page);
    const cut = await dividerAt(p.page);
    assert.equal(cut, ward.length, `the divider comes right after the ${ward.length} Bạch Đằng stories; got:\n${show(rs)}`);
    assert.deepEqual(titles(rs.slice(0, cut)).sort(), ward.map((s) => s.title).sort());
    assert.match(rs[0].meta, /Phường Bạch Đằng/, 'the story proposed by the ward ranks first');
    assert.equal(await p.page.locator('.results-divider').textContent(), 'Ít liên quan hơn');
    assert.equal(status, `Tìm thấy ${rs.length} kết quả cho “bach dang”: ${cut} khớp đúng thứ tự, ${rs.length - cut} ít liên quan hơn.`);
    const why = await whyLines(p.page);
    const byResidence = ward.filter((s) => s.unit !== 'phuong-bach-dang');
    for (const s of byResidence) {
      assert.deepEqual(why[titles(rs).indexOf(s.title)], ['Nơi cư trú: Phường Bạch Đằng'], `${s.file} matched on its residence and says so`);
    }
    p.check();
  });

  test('a unit written with its kind ("P.", "p", "phường") finds what the bare name finds', TIMEOUT, async () => {
    const p = await open(sites.plain.url + 'tim-kiem/?q=vinh+tuy');
    await waitForResults(p.page, 'vinh tuy');
    const cut = await dividerAt(p.page);
    const bare = titles(await allResults(p.page)).slice(0, cut < 0 ? undefined : cut);
    assert.ok(bare.length >= 2);
    for (const q of ['P. Vĩnh Tuy', 'p vinh tuy', 'phường vĩnh tuy', 'P.Vinh Tuy']) {
      await submitQuery(p.page, q);
      const rs = await allResults(p.page);
      const c = await dividerAt(p.page);
      assert.deepEqual(titles(rs).slice(0, c < 0 ? undefined : c), bare, `“${q}” should find the Vĩnh Tuy stories first; got:\n${show(rs)}`);
      for (const r of rs.slice(0, bare.length)) assert.match(r.meta, /Phường Vĩnh Tuy/);
    }
    // A person's initials are not unit kinds: "h q nam" still needs every letter.
    await submitQuery(p.page, 'h q nam');
    assert.equal((await results(p.page))[0]?.name, 'H. Q. Nam');
    p.check();
  });

  test('a tag\'s words and a decision number find the story and say why', TIMEOUT, async () => {
    const story = published.find((s) => s.name === 'Nguyễn Mạnh Hùng');
    const { tags, awards } = frontMatter(story);
    const p = await open(sites.plain.url + 'tim-kiem/');
    const number = awards[2].number; // "3862/QĐ-UBND"
    await submitQuery(p.page, number);
    let rs = await results(p.page);
    assert.equal(rs[0]?.title, story.title, `“${number}”; got:\n${show(rs)}`);
    const why = (await whyLines(p.page))[0];
    assert.equal(why.length, 1, why.join('\n'));
    assert.ok(why[0].startsWith(`Quyết định: ${awards[2].decision} của `), why[0]);
    // Tag "đuối nước" of a story whose title says "đuối nước" too: the tag line still shows.
    const tag = tags[1];
    await submitQuery(p.page, fold(tag));
    rs = await results(p.page);
    const at = titles(rs).indexOf(story.title);
    assert.ok(at >= 0 && at < await dividerAt(p.page).then((c) => (c < 0 ? rs.length : c)), `“${fold(tag)}” finds the tagged story in order; got:\n${show(rs)}`);
    assert.ok((await whyLines(p.page))[at].includes(`Thẻ: ${tags.join(', ')}`));
    p.check();
  });

  test('a typo finds nothing but suggests the right words, with a link that finds them', TIMEOUT, async () => {
    const p = await open(sites.plain.url + 'tim-kiem/?q=nguyen+manh+hun');
    await waitForResults(p.page, 'nguyen manh hun');
    const hint = p.page.locator('#tim-kiem-goi-y');
    await hint.waitFor({ state: 'visible' });
    assert.equal(await hint.textContent(), 'Có phải bạn muốn tìm “nguyen manh hung”?');
    await hint.locator('a').click();
    await waitForResults(p.page, 'nguyen manh hung');
    assert.equal((await results(p.page))[0].name, 'Nguyễn Mạnh Hùng');
    p.check();
  });

  test('a typo or an unknown word asks for no index file that does not exist, and still suggests or finds', TIMEOUT, async () => {
    // Every 404 is a console error (Lighthouse's best practices count it) and
    // a line in the host's log: search.js asks only for files the index has.
    // Listening before the page loads: a cold query asks at once.
    const p = await newPage(browser);
    cleanup.push(() => p.context.close());
    const missing = [];
    p.page.on('response', (r) => { if (r.status() === 404) missing.push(new URL(r.url()).pathname); });
    const consoleErrors = [];
    p.page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    await p.page.goto(sites.plain.url + 'tim-kiem/?q=nguyen+manh+hun');
    const hint = p.page.locator('#tim-kiem-goi-y');
    // A cold misspelled query from a link: the suggestion still comes.
    await waitForResults(p.page, 'nguyen manh hun');
    await hint.waitFor({ state: 'visible' });
    assert.equal(await hint.textContent(), 'Có phải bạn muốn tìm “nguyen manh hung”?');
    // Typed key by key with a doubled letter: prefixes while typing, then the suggestion.
    await typeQuery(p.page, 'bach maii');
    await p.page.waitForFunction(() => /bach mai”/.test(document.getElementById('tim-kiem-goi-y').textContent));
    assert.equal(await hint.textContent(), 'Có phải bạn muốn tìm “bach mai”?');
    await hint.locator('a').click();
    await waitForResults(p.page, 'bach mai');
    assert.ok((await results(p.page)).length > 0, '“bach mai” finds stories');
    // A word the site never uses, one with a letter no syllable starts with, a dropped vowel.
    for (const q of ['nguyen vn hung', 'facebook', 'xyzw']) {
      assert.match(await submitQuery(p.page, q), /^Không tìm thấy kết quả nào/);
    }
    await hint.waitFor({ state: 'visible' });
    // A known name still finds its story; a filter value typed into the URL finds nothing, quietly.
    await submitQuery(p.page, 'nguyen manh hung');
    assert.equal((await results(p.page))[0].name, 'Nguyễn Mạnh Hùng');
    await p.page.goto(sites.plain.url + 'tim-kiem/?q=hung&cap=khong-co');
    assert.match(await waitForResults(p.page, 'hung'), /^Không tìm thấy kết quả nào/);
    await p.page.waitForLoadState('networkidle');
    assert.deepEqual(missing, [], `index files asked for that do not exist:\n${missing.join('\n')}`);
    assert.deepEqual(consoleErrors, [], `console errors:\n${consoleErrors.join('\n')}`);
    assert.deepEqual(p.errors, []);
    assert.deepEqual(p.dialogs, []);
  });

  test('the placeholder and the empty state give examples from the site\'s stories, and each finds a story', TIMEOUT, async () => {
    const p = await open(sites.plain.url + 'tim-kiem/');
    const hint = p.page.locator('#tim-kiem-goi-y');
    await hint.waitFor({ state: 'visible' });
    const examples = await hint.locator('a').allTextContents();
    assert.equal(examples.length, 3, `a name, a unit, a tag: ${examples}`);
    assert.equal(await p.page.getAttribute('#q', 'placeholder'), `ví dụ: ${examples.join(', ')}`);
    assert.ok(published.some((s) => fold(s.name) === examples[0]), `“${examples[0]}” is a person's name`);
    for (const q of examples) {
      await submitQuery(p.page, q);
      assert.ok((await results(p.page)).length > 0, `the example “${q}” finds a story`);
    }
    p.check();
  });

  // meta.json and the script (meta.json lists which term files exist: asking
  // for a missing one is a 404), the term files and pair buckets, the result
  // records.
  test('a cold query takes at most 3 round trips after the page', TIMEOUT, async () => {
    const p = await open(sites.plain.url + 'tim-kiem/?q=cuu+nguoi');
    await waitForResults(p.page, 'cuu nguoi');
    const timing = await p.page.evaluate(() => performance.getEntriesByType('resource')
      .filter((r) => r.name.includes('/search'))
      .map((r) => ({ name: r.name.replace(/^.*\/search/, 'search'), start: r.startTime, end: r.responseEnd })));
    // A request's round: 1 + the latest round of the requests finished before it started.
    const done = [];
    for (const e of timing.sort((a, b) => a.start - b.start)) {
      e.round = 1 + done.filter((d) => d.end <= e.start).reduce((m, d) => Math.max(m, d.round), 0);
      done.push(e);
    }
    const rounds = Math.max(...done.map((e) => e.round));
    assert.ok(rounds <= 3, `index requests in ${rounds} rounds:\n${done.map((e) => `  ${e.round} ${e.name}`).join('\n')}`);
    p.check();
  });

  test('on a 360×740 phone the status and the first result show without scrolling; results arriving shift nothing', TIMEOUT, async () => {
    const shifts = async (page) => page.evaluate(() => new Promise((resolve) => {
      new PerformanceObserver((list) => resolve(list.getEntries().map((e) => e.value))).observe({ type: 'layout-shift', buffered: true });
      setTimeout(() => resolve([]), 500);
    }));
    // A phone (mobile viewport, overlay scrollbars) and Lighthouse's desktop (a classic scrollbar).
    for (const [width, height, isMobile] of [[360, 740, true], [1350, 940, false]]) {
      const context = await browser.newContext({ locale: 'vi-VN', viewport: { width, height }, isMobile, hasTouch: isMobile });
      cleanup.push(() => context.close());
      const page = await context.newPage();
      await page.goto(sites.plain.url + 'tim-kiem/?q=P.+V%C4%A9nh+Tuy');
      await waitForResults(page, 'P. Vĩnh Tuy');
      const top = await page.$eval('#ket-qua > li', (li) => li.getBoundingClientRect().top);
      assert.ok(top + 40 <= height, `at ${width}×${height} the first result starts ${top} px down, below the fold`);
      assert.deepEqual(await shifts(page), [], `at ${width}×${height} the page shifted while results arrived`);
    }
  });
});

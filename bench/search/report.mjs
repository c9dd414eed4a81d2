// Turns the measurements of bench.mjs into the Markdown report.
//
//   node bench/search/report.mjs --truth truth.json --results results.json --public DIR
//        --build-log bangvang-build.stdout --pagefind-log pagefind.stdout
//        --pagefind-seconds S --stories N [--build-wall S] [--rev TEXT] [--machine TEXT]
//
// Prints the report on stdout.
import fs from 'node:fs';
import path from 'node:path';

const opt = {};
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) opt[a[i].replace(/^--/, '')] = a[i + 1];
}
const truth = JSON.parse(fs.readFileSync(opt.truth, 'utf8'));
const run = JSON.parse(fs.readFileSync(opt.results, 'utf8'));
const rows = run.results;
const info = truth.info;
const relevantOf = new Map(truth.queries.map((q) => [q.q, new Set(q.relevant)]));

const GOALS = { cold: 100, cold100k: 200, later: 20, build: 5 };

const kb = (b) => (b / 1024).toFixed(1);
const median = (xs) => {
  const s = xs.filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const max = (xs) => Math.max(...xs);
const f3 = (x) => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));
const bangvangPart = (u) => {
  const m = u.match(/^\/search\/(?:([a-z])\/|(meta)\.json)/);
  if (m) return `index:${m[1] || m[2]}`;
  return u === '/search.js' ? 'script' : 'other';
};
const searchBytes = (m) => m.bytes - (m.by.page || 0) - (m.by.css || 0);

/** Top-5 precision: of the first min(5, relevant) results, the share that is relevant. */
function p5(row, sys) {
  const rel = relevantOf.get(row.q);
  const k = Math.min(5, rel.size);
  if (!k) return NaN;
  const top = row[sys].top.slice(0, k);
  return top.filter((u) => rel.has(u)).length / k;
}

function dirStats(dir) {
  let bytes = 0;
  let files = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        files += 1;
        bytes += fs.statSync(p).size;
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return { bytes, files };
}

// bangvang --timings lines: "     6196.2 ms  render pages and search index, write";
// --build-log may name several runs (comma-separated): each stage is their median.
const buildLogs = (opt['build-log'] || '').split(',').filter(Boolean).map((f) => fs.readFileSync(f, 'utf8'));
const runs = buildLogs.map((log) => [...log.matchAll(/^\s*([\d.]+) ms\s+(.+)$/gm)].map((m) => [m[2].trim(), Number(m[1])]));
const stages = (runs[0] || []).map(([name], i) => [name, median(runs.map((r) => (r[i] && r[i][0] === name ? r[i][1] : NaN)))]);
const buildRuns = runs.length;
const stage = (re) => stages.find(([name]) => re.test(name));
const totalStage = stage(/^tổng$/);
const indexStage = stage(/search index|chỉ mục/i);
const pagefindLog = opt['pagefind-log'] ? fs.readFileSync(opt['pagefind-log'], 'utf8') : '';
const pfFinished = pagefindLog.match(/Finished in ([\d.]+) seconds/);
const pfVersion = (pagefindLog.match(/Running Pagefind (v[\d.]+)/) || [])[1] || '';
const bvIndex = dirStats(path.join(opt.public, 'search'));
const pfIndex = dirStats(path.join(opt.public, 'pagefind'));
const n = Number(opt.stories || truth.stories);

const out = [];
const p = (s = '') => out.push(s);

function perSystem(sys, title) {
  p(`### ${title}: every query`);
  p();
  const laterCols = sys === 'bangvang' ? '| later KB typed | later KB Enter ' : '| later KB ';
  p(`| kind | query | relevant | results | cold KB | requests | ms to results | later query ${laterCols}| recall | P@5 |`);
  p(`| --- | --- | ---: | ---: | ---: | ---: | ---: | --- ${sys === 'bangvang' ? '| ---: | ---: ' : '| ---: '}| ---: | ---: |`);
  for (const row of rows) {
    const r = row[sys];
    if (!r) continue;
    const pp = p5(row, sys);
    const later = sys === 'bangvang'
      ? `| ${kb(r.later.typed.bytes)} | ${kb(r.later.submitted.bytes)} `
      : `| ${kb(r.later.submitted.bytes)} `;
    p(`| ${row.kind} | ${row.q} | ${row.relevant} | ${r.count} | ${kb(searchBytes(r.cold))} | ${r.cold.requests} | ${Math.round(r.ms)} | ${row.later} ${later}| ${f3(r.recall)} | ${row.kind === 'deed' ? `(${f3(pp)})` : f3(pp)} |`);
  }
  p();
}

function summary(sys) {
  const rs = rows.filter((r) => r[sys]);
  const by = (kind) => rs.filter((r) => r.kind === kind);
  const cold = rs.map((r) => searchBytes(r[sys].cold));
  const coldAll = rs.map((r) => r[sys].cold.bytes);
  const laterTyped = rs.map((r) => (r[sys].later.typed || r[sys].later.submitted).bytes);
  const laterSubmitted = rs.map((r) => r[sys].later.submitted.bytes);
  const ms = rs.map((r) => r[sys].ms);
  const recall = (xs) => mean(xs.map((r) => r[sys].recall));
  const pat5 = (xs) => mean(xs.map((r) => p5(r, sys)));
  return {
    coldMedian: median(cold), coldMax: max(cold), coldAllMedian: median(coldAll),
    requests: median(rs.map((r) => r[sys].cold.requests)),
    laterTypedMedian: median(laterTyped), laterTypedMax: max(laterTyped),
    laterSubmittedMedian: median(laterSubmitted), laterSubmittedMax: max(laterSubmitted),
    msMedian: median(ms), msMax: max(ms),
    recall: recall(rs), recallName: recall(by('name')), recallWard: recall(by('ward')), recallDeed: recall(by('deed')),
    recallBelow1: rs.filter((r) => r[sys].recall < 1).length,
    p5Name: pat5(by('name')), p5Ward: pat5(by('ward')), p5Deed: pat5(by('deed')),
    p5Below1: [...by('name'), ...by('ward')].filter((r) => p5(r, sys) < 1).length,
    queries: rs.length,
  };
}

const bv = summary('bangvang');
const pf = rows.some((r) => r.pagefind) ? summary('pagefind') : null;
const ok = (cond) => (cond ? 'yes' : '**no**');
const coldGoal = n <= 10000 ? GOALS.cold : GOALS.cold100k;

p(`# Search benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
p();
p(`- ${n} stories from bench/gen.py; bangvang ${opt.rev || ''}; Pagefind ${pfVersion} (npm \`pagefind\`, story pages only: \`--glob 'truyen/*.html'\`); ${run.chromium ? `Chromium ${run.chromium}` : ''} headless`);
p(`- machine: ${opt.machine || ''}${opt.load ? `; load average before the builds: ${opt.load}` : ''}`);
if (opt.outputs) p(`- built site on: ${opt.outputs}`);
p('- served by bench/search/serve.mjs on 127.0.0.1, gzip level 6 on HTML/CSS/JS/JSON (Pagefind\'s .pf_* files and wasm are already gzipped and sent as they are); bytes = response bodies as sent, read from the server\'s log, so requests from Pagefind\'s web worker count too');
p('- every query in a fresh browser context (empty cache), typed lowercase without diacritics');
p('- cold KB = what the query downloads besides the page itself and its stylesheet: the search script and the index files (bangvang: search.js + search/…; Pagefind: pagefind.js, its worker, wasm, metadata, index chunks and the fragments of the first 10 results); requests counts the page too');
p('- later KB = extra bytes of a refinement typed in the same page after the cold query (bangvang: "typed" = keystrokes at 40 ms, search-as-you-type; "Enter" = filled in and submitted, in another fresh page; Pagefind: `pagefind.search()` + data of the first 10 results)');
p('- ms to results = from navigation start to the first results on screen (bangvang: the status says "Tìm thấy …"; Pagefind: the data of the first 10 results loaded)');
p('- recall = share of the relevant stories anywhere in the result list; P@5 = share of the first min(5, relevant) results that are relevant (names and wards; deeds in parentheses, for information: a deed phrase also rightly matches stories that only mention it in the body)');
p('- relevant: name = person.name folds to the query; ward = unit or person.residence is that ward; deed = the title or summary holds the phrase (all after folding: NFD, marks removed, lowercase, đ → d)');
p();
p('## Summary');
p();
p('| | bangvang | Pagefind | goal (bangvang) | met |');
p('| --- | ---: | ---: | --- | --- |');
const pv = (f) => (pf ? f(pf) : 'n/a');
p(`| median cold query KB (script + index) | ${kb(bv.coldMedian)} | ${pv((s) => kb(s.coldMedian))} | ≤ ${coldGoal} KB at ${n <= 10000 ? '10,000' : '100,000'} | ${ok(bv.coldMedian <= coldGoal * 1024)} |`);
p(`| largest cold query KB | ${kb(bv.coldMax)} | ${pv((s) => kb(s.coldMax))} | ≤ ${coldGoal} KB | ${ok(bv.coldMax <= coldGoal * 1024)} |`);
p(`| median cold KB with the page and CSS | ${kb(bv.coldAllMedian)} | ${pv((s) => kb(s.coldAllMedian))} | | |`);
p(`| median requests, cold query | ${bv.requests} | ${pv((s) => s.requests)} | | |`);
p(`| median later query KB (bangvang typed) | ${kb(bv.laterTypedMedian)} | ${pv((s) => kb(s.laterSubmittedMedian))} | ≤ ${GOALS.later} KB | ${ok(bv.laterTypedMedian <= GOALS.later * 1024)} |`);
p(`| largest later query KB (bangvang typed) | ${kb(bv.laterTypedMax)} | ${pv((s) => kb(s.laterSubmittedMax))} | ≤ ${GOALS.later} KB | ${ok(bv.laterTypedMax <= GOALS.later * 1024)} |`);
p(`| median / largest later query KB, bangvang Enter | ${kb(bv.laterSubmittedMedian)} / ${kb(bv.laterSubmittedMax)} | | | |`);
p(`| median ms to first results | ${Math.round(bv.msMedian)} | ${pv((s) => Math.round(s.msMedian))} | | |`);
p(`| largest ms to first results | ${Math.round(bv.msMax)} | ${pv((s) => Math.round(s.msMax))} | | |`);
p(`| mean recall, all ${bv.queries} queries | ${f3(bv.recall)} | ${pv((s) => f3(s.recall))} | 1 | ${ok(bv.recall === 1)} |`);
p(`| mean recall: names / wards / deeds | ${f3(bv.recallName)} / ${f3(bv.recallWard)} / ${f3(bv.recallDeed)} | ${pv((s) => `${f3(s.recallName)} / ${f3(s.recallWard)} / ${f3(s.recallDeed)}`)} | | |`);
p(`| queries with recall < 1 | ${bv.recallBelow1} | ${pv((s) => s.recallBelow1)} | 0 | ${ok(bv.recallBelow1 === 0)} |`);
p(`| mean P@5, names | ${f3(bv.p5Name)} | ${pv((s) => f3(s.p5Name))} | 1 | ${ok(bv.p5Name === 1)} |`);
p(`| mean P@5, wards | ${f3(bv.p5Ward)} | ${pv((s) => f3(s.p5Ward))} | 1 | ${ok(bv.p5Ward === 1)} |`);
p(`| (mean P@5, deeds) | (${f3(bv.p5Deed)}) | (${pv((s) => f3(s.p5Deed))}) | | |`);
const pfSec = opt['pagefind-seconds'] ? Number(opt['pagefind-seconds']) : (pfFinished ? Number(pfFinished[1]) : NaN);
p(`| index build s | ${indexStage ? (indexStage[1] / 1000).toFixed(2) : 'n/a'} ¹ | ${Number.isNaN(pfSec) ? 'n/a' : pfSec.toFixed(2)} ² | ≤ ${GOALS.build} s | ${indexStage ? ok(indexStage[1] <= GOALS.build * 1000) : 'n/a'} ¹ |`);
p(`| whole site build s (bangvang: its total / wall) | ${totalStage ? (totalStage[1] / 1000).toFixed(2) : 'n/a'} / ${opt['build-wall'] || 'n/a'} | | | |`);
p(`| index on disk | ${(bvIndex.bytes / 1048576).toFixed(1)} MiB, ${bvIndex.files} files | ${(pfIndex.bytes / 1048576).toFixed(1)} MiB, ${pfIndex.files} files | | |`);
p();
p(`¹ bangvang builds the index in parallel with the pages and times them together: this is its \`--timings\` stage "${indexStage ? indexStage[0] : '?'}", an upper bound for the index alone.`);
p(`² Pagefind's wall time over the built story pages (\`npx pagefind --site …\`), after bangvang's build.`);
p();
p('Where bangvang\'s bytes go (median KB over the queries; the later query typed):');
p();
const parts = [['script', 'search.js'], ['index:meta', 'meta.json'], ['index:t', 't/ syllable postings'], ['index:b', 'b/ pair buckets'],
  ['index:v', 'v/ vocabulary (prefixes)'], ['index:d', 'd/ result data (4 stories a file)'], ['index:f', 'f/ filters']];
p('| part | cold KB | later KB | files, cold |');
p('| --- | ---: | ---: | ---: |');
for (const [key, label] of parts) {
  const bvRows = rows.filter((r) => r.bangvang);
  const c = median(bvRows.map((r) => r.bangvang.cold.by[key] || 0));
  const l = median(bvRows.map((r) => r.bangvang.later.typed.by[key] || 0));
  const files = median(bvRows.map((r) => r.bangvang.cold.files.filter(([u]) => bangvangPart(u) === key).length));
  p(`| ${label} | ${kb(c)} | ${kb(l)} | ${files} |`);
}
p();
p();
p(`bangvang build stages (\`bangvang build --timings\`, median of ${buildRuns} build${buildRuns === 1 ? '' : 's'} from an empty output folder; every run: ${runs.map((r) => ((r.find(([n]) => /^tổng$/.test(n)) || [0, NaN])[1] / 1000).toFixed(2)).join(', ')} s):`);
p();
p('```');
for (const [name, ms] of stages) p(`${ms.toFixed(1).padStart(9)} ms  ${name}`);
p('```');
p();

// What to fix: every bangvang query short of recall 1 or (names, wards) P@5 1.
p('## bangvang queries short of the goals');
p();
const describe = (u) => {
  const i = info[u];
  return i ? `\`${u}\` — ${i[0]}; "${i[1]}"; unit ${i[2]}; residence ${i[3]}` : `\`${u}\``;
};
let any = false;
for (const row of rows) {
  const r = row.bangvang;
  if (!r) continue;
  const pp = p5(row, 'bangvang');
  const badRecall = r.recall < 1;
  const badP5 = row.kind !== 'deed' && pp < 1;
  if (!badRecall && !badP5) continue;
  any = true;
  const rel = relevantOf.get(row.q);
  p(`### ${row.kind} "${row.q}"`);
  p();
  p(`- expected ${row.relevant} relevant stories; bangvang says ${r.count} results ("${r.status}")`);
  if (badRecall) {
    p(`- recall ${f3(r.recall)}: ${r.missing.length} relevant stories not in the list (listed ${r.listing.shown}${r.listing.exhausted ? ', the whole list' : ''}); the first ${Math.min(5, r.missing.length)}:`);
    for (const u of r.missing.slice(0, 5)) p(`  - ${describe(u)}`);
  }
  if (badP5) {
    const k = Math.min(5, rel.size);
    p(`- P@5 ${f3(pp)}: the first ${k} results:`);
    r.top.slice(0, k).forEach((u, i) => p(`  ${i + 1}. ${rel.has(u) ? 'right' : '**wrong**'}: ${describe(u)}`));
    if (r.top.length < k) p(`  - only ${r.top.length} results shown`);
  }
  p();
}
if (!any) p('None: every query has recall 1, and every name and ward query P@5 1.');
p();

perSystem('bangvang', 'bangvang');
if (pf) perSystem('pagefind', 'Pagefind');

process.stdout.write(out.join('\n') + '\n');

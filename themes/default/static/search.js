/* bangvang search: fully static, Vietnamese-aware. No framework, no CDN.
 * Reads the index that `bangvang build` writes under search/ (see src/search.rs).
 * Folding and tokenizing here must equal src/vietnamese.rs (tests/folding_vectors.txt). */
(function () {
  'use strict';

  var BASE = document.documentElement.getAttribute('data-base') || '/';
  var INDEX = BASE + 'search/';
  var PAGE = 10;
  // Field bits (src/search.rs) and their weights: name, unit, title, summary, body.
  var WEIGHT = { 1: 16, 2: 8, 4: 6, 8: 3, 16: 1 };
  var PARAMS = { thang: 'm', 'don-vi': 'u', cap: 'l', 'linh-vuc': 'f' };

  /** NFD, marks U+0300–U+036F removed, lowercase, đ → d. */
  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/đ/g, 'd');
  }

  /** [folded syllable, accented lowercase spelling or null] for each syllable. */
  function syllables(text) {
    var out = [];
    var words = text.normalize('NFC').split(/[^\p{L}\p{M}\p{N}]+/u);
    for (var i = 0; i < words.length; i++) {
      var word = words[i];
      if (!word) continue;
      var parts = fold(word).split(/[^a-z0-9]+/).filter(Boolean);
      var accented = parts.length === 1 && /[^\x00-\x7f]/.test(word) ? word.toLowerCase().normalize('NFC') : null;
      for (var j = 0; j < parts.length; j++) out.push([parts[j], accented]);
    }
    return out;
  }

  /** Old and new tone placement are one spelling: "hoà" = "hòa" (src/vietnamese.rs spelling_key). */
  var TONES = { '\u0300': 1, '\u0309': 2, '\u0303': 3, '\u0301': 4, '\u0323': 5 };
  function spellingKey(word) {
    var tone = 0;
    var letters = '';
    var nfd = word.normalize('NFD');
    for (var i = 0; i < nfd.length; i++) {
      if (TONES[nfd[i]]) tone = TONES[nfd[i]];
      else letters += nfd[i];
    }
    return letters.toLowerCase().normalize('NFC') + (tone ? tone : '');
  }

  function fnv1a(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  /** The file of a term's postings, as src/urls.rs term_file names it: a term
   * over 64 letters is its first 16 and a hash; a Windows-reserved name gets `_`. */
  var RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/;
  function termFile(term) {
    if (term.length > 64) return term.slice(0, 16) + '_' + ('0000000' + fnv1a(term).toString(16)).slice(-8);
    return RESERVED.test(term) ? term + '_' : term;
  }

  // Exposed for the folding-vector tests; harmless elsewhere.
  window.bangvangSearch = { fold: fold, syllables: syllables, fnv1a: fnv1a, spellingKey: spellingKey, termFile: termFile };

  var form = document.getElementById('tim-kiem-form');
  if (!form) return;
  var input = form.querySelector('input[name="q"]');
  var status = document.getElementById('tim-kiem-trang-thai');
  var list = document.getElementById('ket-qua');
  var more = document.getElementById('xem-them');

  var cache = {};
  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(INDEX + path).then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error(r.status + ' ' + path);
        return r.json();
      });
    }
    return cache[path];
  }

  function undelta(flat, stride) {
    var out = [];
    var id = 0;
    for (var i = 0; i < flat.length; i += stride) {
      id += flat[i];
      out.push(id);
    }
    return out;
  }

  function best(mask) {
    var w = 0;
    for (var bit in WEIGHT) if (mask & bit) w = Math.max(w, WEIGHT[bit]);
    return w;
  }

  /** Postings of one syllable: Map doc → [mask, spelling]. */
  async function postings(term) {
    var file = await load('t/' + termFile(term) + '.json');
    var map = new Map();
    if (!file) return map;
    var ids = undelta(file.p, 3);
    for (var i = 0; i < ids.length; i++) {
      var v = file.p[i * 3 + 2];
      map.set(ids[i], [file.p[i * 3 + 1], v ? file.v[v - 1] : null]);
    }
    return map;
  }

  /** The last syllable while typing also matches longer syllables ("nguy" → nguyen). */
  async function expand(prefix) {
    // One letter says too little to be worth fetching longer syllables.
    if (prefix.length < 2) return [];
    var vocab = (await load('v/' + (/[0-9]/.test(prefix[0]) ? '0' : prefix[0]) + '.json')) || [];
    // A finished syllable ("tu") needs few guesses; a partial one ("nguy") more.
    var complete = vocab.some(function (v) { return v[0] === prefix; });
    var limit = complete ? 2 : 5;
    var found = [];
    for (var i = 0; i < vocab.length && found.length < limit; i++) {
      if (vocab[i][0] !== prefix && vocab[i][0].indexOf(prefix) === 0) found.push(vocab[i][0]);
    }
    return found;
  }

  async function pairPostings(meta, a, b) {
    var pair = a + ' ' + b;
    var bucket = await load('b/' + (fnv1a(pair) % meta.buckets) + '.json');
    var map = new Map();
    if (!bucket || !bucket[pair]) return map;
    var flat = bucket[pair];
    var ids = undelta(flat, 2);
    for (var i = 0; i < ids.length; i++) map.set(ids[i], flat[i * 2 + 1]);
    return map;
  }

  async function filterSet(key) {
    var flat = await load('f/' + key + '.json');
    return new Set(flat ? undelta(flat, 1) : []);
  }

  /** Ranked doc ids for a query and filters. */
  async function run(query, filters, typing) {
    var meta = await load('meta.json');
    var syl = syllables(query);
    var sets = [];
    for (var k in filters) if (filters[k]) sets.push(await filterSet(PARAMS[k] + '-' + filters[k]));
    var allowed = null;
    sets.forEach(function (s) {
      allowed = allowed === null ? s : new Set([...allowed].filter(function (x) { return s.has(x); }));
    });
    if (!syl.length) {
      return allowed === null ? [] : [...allowed].sort(function (a, b) { return a - b; });
    }

    // One map per query syllable: doc → [weight, spelling, exact].
    var perToken = [];
    for (var i = 0; i < syl.length; i++) {
      var term = syl[i][0];
      var merged = new Map();
      var exact = await postings(term);
      exact.forEach(function (p, doc) { merged.set(doc, [best(p[0]), p[1], true, p[0]]); });
      if (typing && i === syl.length - 1) {
        var longer = await expand(term);
        var maps = await Promise.all(longer.map(postings));
        maps.forEach(function (m) {
          m.forEach(function (p, doc) {
            var w = best(p[0]) * 0.8;
            var cur = merged.get(doc);
            if (!cur || cur[0] < w) merged.set(doc, [w, p[1], false, p[0]]);
          });
        });
      }
      perToken.push(merged);
    }

    // Every syllable must match; the rarest list drives the intersection.
    var order = perToken.slice().sort(function (a, b) { return a.size - b.size; });
    var scores = new Map();
    order[0].forEach(function (_, doc) {
      if (allowed !== null && !allowed.has(doc)) return;
      for (var j = 1; j < order.length; j++) if (!order[j].has(doc)) return;
      var s = 0;
      for (var t = 0; t < perToken.length; t++) {
        var p = perToken[t].get(doc);
        s += p[0];
        // Accented queries rank exact-accent matches first.
        if (syl[t][1] && p[1] && spellingKey(p[1]) === spellingKey(syl[t][1])) s += 5;
      }
      scores.set(doc, s);
    });

    // Syllables adjacent and in order, as typed, rank above scattered ones.
    for (var q = 0; q + 1 < syl.length; q++) {
      var pairs = await pairPostings(meta, syl[q][0], syl[q + 1][0]);
      pairs.forEach(function (mask, doc) {
        if (scores.has(doc)) scores.set(doc, scores.get(doc) + 2 * best(mask) + 4);
      });
    }
    return [...scores.entries()]
      .sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
      .map(function (e) { return e[0]; });
  }

  async function doc(meta, id) {
    var chunk = await load('d/' + Math.floor(id / meta.chunk) + '.json');
    return chunk[id % meta.chunk];
  }

  /** Text with the words that match the query wrapped in <mark>, built as DOM. */
  function highlight(el, text, terms, prefix) {
    el.textContent = '';
    var parts = text.split(/([^\p{L}\p{M}\p{N}]+)/u);
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      if (!part) continue;
      var folded = fold(part);
      var hit = terms.has(folded) || (prefix && folded.indexOf(prefix) === 0);
      if (hit && i % 2 === 0) {
        var mark = document.createElement('mark');
        mark.textContent = part;
        el.appendChild(mark);
      } else {
        el.appendChild(document.createTextNode(part));
      }
    }
  }

  function monthLabel(m) {
    var p = m.split('-');
    return 'Tháng ' + Number(p[1]) + '/' + p[0];
  }

  var current = { ids: [], shown: 0, terms: new Set(), prefix: null, token: 0, month: '' };

  async function show(count) {
    var meta = await load('meta.json');
    var token = current.token;
    var slice = current.ids.slice(current.shown, current.shown + count);
    var docs = await Promise.all(slice.map(function (id) { return doc(meta, id); }));
    if (token !== current.token) return;
    docs.forEach(function (d) {
      var li = document.createElement('li');
      li.className = 'result';
      var h = document.createElement('h2');
      h.className = 'result-title';
      var a = document.createElement('a');
      a.href = BASE + d[0];
      highlight(a, d[2], current.terms, current.prefix);
      h.appendChild(a);
      var who = document.createElement('p');
      who.className = 'result-meta';
      var name = document.createElement('strong');
      highlight(name, d[1], current.terms, current.prefix);
      who.appendChild(name);
      var bits = [];
      if (d[4] >= 0) bits.push(meta.units[d[4]][1]);
      // The month filtered on, when the story was honored then; else its first.
      var month = current.month && d[5].indexOf(current.month) >= 0 ? current.month : d[5][0];
      if (month) bits.push(monthLabel(month));
      var top = Math.max.apply(null, d[6]);
      if (isFinite(top)) bits.push(meta.levels[top][1]);
      bits.push(meta.domains[d[7]][1]);
      var rest = document.createElement('span');
      highlight(rest, ' · ' + bits.join(' · '), current.terms, current.prefix);
      who.appendChild(rest);
      var snippet = document.createElement('p');
      snippet.className = 'result-snippet';
      highlight(snippet, d[3], current.terms, current.prefix);
      li.appendChild(h);
      li.appendChild(who);
      li.appendChild(snippet);
      list.appendChild(li);
    });
    current.shown += slice.length;
    more.hidden = current.shown >= current.ids.length;
  }

  function readForm() {
    var filters = {};
    for (var k in PARAMS) {
      var el = form.elements[k];
      filters[k] = el ? el.value : '';
    }
    return { q: input.value, filters: filters };
  }

  function writeForm(state) {
    input.value = state.q;
    for (var k in PARAMS) if (form.elements[k]) form.elements[k].value = state.filters[k] || '';
  }

  function stateFromUrl() {
    var params = new URLSearchParams(location.search);
    var filters = {};
    for (var k in PARAMS) filters[k] = params.get(k) || '';
    return { q: params.get('q') || '', filters: filters };
  }

  function urlFor(state) {
    var params = new URLSearchParams();
    if (state.q) params.set('q', state.q);
    for (var k in PARAMS) if (state.filters[k]) params.set(k, state.filters[k]);
    var s = params.toString();
    return location.pathname + (s ? '?' + s : '');
  }

  async function update(state, typing) {
    var token = ++current.token;
    var hasFilter = Object.keys(state.filters).some(function (k) { return state.filters[k]; });
    if (!state.q.trim() && !hasFilter) {
      list.textContent = '';
      more.hidden = true;
      status.textContent = 'Nhập họ tên, tên đơn vị hoặc việc tốt để tìm.';
      return;
    }
    status.textContent = 'Đang tìm…';
    var ids;
    try {
      ids = await run(state.q, state.filters, typing);
    } catch (e) {
      status.textContent = 'Không tải được chỉ mục tìm kiếm. Hãy thử lại.';
      return;
    }
    if (token !== current.token) return;
    var syl = syllables(state.q);
    current.terms = new Set(syl.map(function (s) { return s[0]; }));
    current.prefix = typing && syl.length ? syl[syl.length - 1][0] : null;
    current.ids = ids;
    current.shown = 0;
    current.month = state.filters.thang || '';
    list.textContent = '';
    await show(PAGE);
    if (token !== current.token) return;
    status.textContent = ids.length
      ? 'Tìm thấy ' + ids.length + ' kết quả' + (state.q.trim() ? ' cho “' + state.q.trim() + '”' : '') + '.'
      : 'Không tìm thấy kết quả nào' + (state.q.trim() ? ' cho “' + state.q.trim() + '”' : '') + '.';
  }

  var timer = null;
  // Typing a new search adds one history entry (so Back returns to the last
  // search), then updates that entry as the words grow.
  var typingEntry = false;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var state = readForm();
      if (typingEntry) history.replaceState(null, '', urlFor(state));
      else history.pushState(null, '', urlFor(state));
      typingEntry = true;
      update(state, true);
    }, 150);
  });
  form.addEventListener('change', function (e) {
    if (e.target === input) return;
    typingEntry = false;
    var state = readForm();
    history.pushState(null, '', urlFor(state));
    update(state, false);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    var state = readForm();
    var url = urlFor(state);
    if (typingEntry) history.replaceState(null, '', url);
    else if (url !== location.pathname + location.search) history.pushState(null, '', url);
    typingEntry = false;
    update(state, false);
  });
  more.addEventListener('click', function () { show(PAGE); });
  window.addEventListener('popstate', function () {
    typingEntry = false;
    var state = stateFromUrl();
    writeForm(state);
    update(state, false);
  });

  var initial = stateFromUrl();
  writeForm(initial);
  update(initial, false);
})();

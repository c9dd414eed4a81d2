/* bangvang search: fully static, Vietnamese-aware. No framework, no CDN.
 * Reads the index that `bangvang build` writes under search/ (see src/search.rs).
 * Folding and tokenizing here must equal src/vietnamese.rs (tests/folding_vectors.txt). */
(function () {
  'use strict';

  var BASE = document.documentElement.getAttribute('data-base') || '/';
  var INDEX = BASE + 'search/';
  var PAGE = 10;
  // Field bits (src/render/search_index/terms.rs) and their weights: name,
  // unit, residence, tag, title, decision, summary, body.
  var WEIGHT = { 1: 16, 2: 10, 32: 9, 64: 7, 4: 6, 128: 5, 8: 3, 16: 1 };
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
  var hint = document.getElementById('tim-kiem-goi-y');

  // Only files the index is known to have are asked for (a 404 is a console
  // error, which Lighthouse counts, and a line in the host's log): a syllable
  // file when meta.json lists the syllable, a pair bucket when both syllables
  // are known, a filter list when the form offers the choice. A 404 is still
  // read as "nothing" so an older index degrades to no results.
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
  // Asked for at once (search.html also preloads it): the labels, the pair
  // buckets' count and the unit prefixes every query needs first.
  load('meta.json').catch(function () {});

  /** Per mask, its best field's weight × 5 (whole at a longer form's 0.8). */
  var BEST5 = new Uint8Array(256);
  for (var mk = 1; mk < 256; mk++) for (var bit in WEIGHT) if (mk & bit) BEST5[mk] = Math.max(BEST5[mk], WEIGHT[bit] * 5);

  /** The vocabulary of a syllable's first letter: [[syllable, documents]], most frequent first.
   * Every letter has a file, empty when no syllable starts with it (src/render/search_index/mod.rs). */
  function vocabulary(term) {
    return load('v/' + (/[0-9]/.test(term[0]) ? '0' : term[0]) + '.json').then(function (v) { return v || []; });
  }

  /** Every syllable that has a `t/` file, from meta.syllables: sorted, each an uppercase
   * letter (how many leading letters it shares with the one before: 'A' none, 'B' one…)
   * and the rest (src/render/search_index/mod.rs known_syllables). */
  var knownSet = null;
  function known(meta) {
    if (!knownSet) {
      knownSet = new Set();
      var re = /([A-Z])([^A-Z]*)/g;
      var prev = '';
      var m;
      while ((m = re.exec(meta.syllables))) {
        prev = prev.slice(0, m[1].charCodeAt(0) - 65) + m[2];
        knownSet.add(prev);
      }
    }
    return knownSet;
  }

  /** Whether the index has a file for `term`. meta.json, which every query reads first, lists
   * them: no request and no wait. (A meta.json older than the list, from a cache: the vocabulary
   * of the term's first letter lists them too, one round later.) */
  var knownSets = {};
  function isKnown(meta, term) {
    if (typeof meta.syllables === 'string') return Promise.resolve(known(meta).has(term));
    var letter = /[0-9]/.test(term[0]) ? '0' : term[0];
    if (!knownSets[letter]) {
      knownSets[letter] = vocabulary(term).then(function (v) { return new Set(v.map(function (e) { return e[0]; })); });
    }
    return knownSets[letter].then(function (set) { return set.has(term); });
  }

  /** The postings file of one syllable, or null. */
  async function postings(meta, term) {
    // A syllable the index lacks ("vn", "maii") has no file.
    if (!(await isKnown(meta, term))) return null;
    return load('t/' + termFile(term) + '.json');
  }

  /** A syllable's documents by id, in arrays (up to 50,000 at 100,000 stories): weight × 5,
   * fields, spelling (index + 1 in v). */
  function List(docs) {
    this.w = new Uint8Array(docs);
    this.mask = new Uint8Array(docs);
    this.spell = new Uint16Array(docs);
    this.v = [];
    this.size = 0;
  }

  /** Adds a file at `scale` (4: a longer form); a document keeps its best match. */
  List.prototype.add = function (file, scale) {
    if (!file) return;
    var base = this.v.length;
    this.v = this.v.concat(file.v);
    var p = file.p;
    var id = 0;
    for (var i = 0; i < p.length; i += 3) {
      id += p[i];
      var w = BEST5[p[i + 1]] / 5 * scale;
      if (w > this.w[id]) {
        if (!this.w[id]) this.size++;
        this.w[id] = w;
        this.mask[id] = p[i + 1];
        this.spell[id] = p[i + 2] ? base + p[i + 2] : 0;
      }
    }
  };

  /** The last syllable while typing also matches longer syllables ("nguy" → nguyen). */
  async function expand(prefix) {
    // One letter says too little to be worth fetching longer syllables.
    if (prefix.length < 2) return [];
    var vocab = await vocabulary(prefix);
    // A finished syllable ("tu") needs few guesses; a partial one ("nguy") more.
    var complete = vocab.some(function (v) { return v[0] === prefix; });
    var limit = complete ? 2 : 5;
    var found = [];
    for (var i = 0; i < vocab.length && found.length < limit; i++) {
      if (vocab[i][0] !== prefix && vocab[i][0].indexOf(prefix) === 0) found.push(vocab[i][0]);
    }
    return found;
  }

  /** Documents with syllables `a b` adjacent: field masks by id. */
  async function pairPostings(meta, a, b) {
    var pair = a + ' ' + b;
    var masks = new Uint8Array(meta.docs);
    // No pair has an unknown syllable: its bucket would be bytes for nothing.
    // (Every bucket has a file; the check costs no round, see isKnown.)
    var both = await Promise.all([isKnown(meta, a), isKnown(meta, b)]);
    if (!both[0] || !both[1]) return masks;
    var bucket = await load('b/' + (fnv1a(pair) % meta.buckets) + '.json');
    if (!bucket || !bucket[pair]) return masks;
    var flat = bucket[pair];
    var id = 0;
    for (var i = 0; i < flat.length; i += 2) {
      id += flat[i];
      masks[id] = flat[i + 1];
    }
    return masks;
  }

  /** Whether the form offers `value` for filter `name`: the index has a list for each offered choice
   * (both come from the stories' groups), and none for a value typed into the URL by hand. */
  function offered(name, value) {
    var el = form.elements[name];
    return !!el && Array.prototype.some.call(el.options || [], function (o) { return o.value === value; });
  }

  async function filterSet(name, value) {
    if (!offered(name, value)) return new Set();
    var flat = await load('f/' + PARAMS[name] + '-' + value + '.json');
    var id = 0;
    return new Set((flat || []).map(function (d) { return (id += d); }));
  }

  /**
   * The query's syllables, with a unit's kind written before a name ("P.",
   * "p", "phường", "TP", "xã": meta.prefixes, from the site's data) spelled
   * out and made optional: [[folded, accented, optional]].
   */
  function parse(meta, text) {
    var syl = syllables(text);
    var kinds = new Map(meta.prefixes);
    var isShort = function (w) { return kinds.has(w) && kinds.get(w) !== w; };
    var out = [];
    for (var i = 0; i < syl.length; i++) {
      var two = i + 1 < syl.length ? syl[i][0] + ' ' + syl[i + 1][0] : null;
      var written = two && kinds.has(two) ? two : kinds.has(syl[i][0]) ? syl[i][0] : null;
      var n = written ? written.split(' ').length : 1;
      var rest = syl.length - i - n;
      // "H. Q. Nam" is a person's initials, not two kinds: a short form is
      // understood only beside words that are not short forms themselves.
      var short = written && isShort(written);
      var lone = short && !isShort((syl[i - 1] || [])[0]) && !isShort((syl[i + n] || [])[0]);
      if (written && rest > 0 && (!short || lone)) {
        kinds.get(written).split(' ').forEach(function (w) { out.push([w, short ? null : syl[i][1], true]); });
        i += n - 1;
      } else {
        out.push([syl[i][0], syl[i][1], false]);
      }
    }
    return out;
  }

  /** Filter sets, intersected; null when no filter is set. */
  async function allowedBy(filters) {
    var keys = Object.keys(filters).filter(function (k) { return filters[k]; });
    var sets = await Promise.all(keys.map(function (k) { return filterSet(k, filters[k]); }));
    var allowed = null;
    sets.forEach(function (s) {
      allowed = allowed === null ? s : new Set([...allowed].filter(function (x) { return s.has(x); }));
    });
    return allowed;
  }

  /**
   * Every index file the query needs, fetched in parallel, one round after
   * meta.json (which says which files exist): per syllable its postings, per
   * adjacent pair its bucket; while typing, the last syllable's longer forms
   * (its letter's vocabulary first, one more round unless typing fetched it).
   */
  async function fetchQuery(meta, terms, typing) {
    var words = terms.map(function (t) { return t[0]; });
    var lists = Promise.all(words.map(function (w) { return postings(meta, w); }));
    var pairs = Promise.all(words.slice(1).map(function (w, i) { return pairPostings(meta, words[i], w); }));
    var longer = [];
    var last = words.length - 1;
    if (typing && !terms[last][2]) {
      var forms = await expand(words[last]);
      longer = await Promise.all(forms.map(function (f) {
        return Promise.all([postings(meta, f), last > 0 ? pairPostings(meta, words[last - 1], f) : null]);
      }));
    }
    return { lists: await lists, pairs: await pairs, longer: longer };
  }

  /** Per syllable its List; the last one widened by its longer forms. */
  function perSyllable(meta, got) {
    var out = got.lists.map(function (file) {
      var list = new List(meta.docs);
      list.add(file, 5);
      return list;
    });
    var last = out[out.length - 1];
    var lastPair = got.pairs.length ? got.pairs[got.pairs.length - 1] : null;
    got.longer.forEach(function (lp) {
      last.add(lp[0], 4);
      // "nguyen van hu" is in order when "van hung" is a pair.
      if (lastPair) for (var d = 0; d < lastPair.length; d++) lastPair[d] |= lp[1][d];
    });
    return out;
  }

  /**
   * Ranked results: { ids, exact, why }. `exact` results come first: a field
   * holds the query's syllables adjacent and in order (for one syllable, any
   * match). The rest match scattered syllables. `why` holds, per doc id, the
   * mask of the fields that explain the match.
   */
  async function run(query, filters, typing) {
    var meta = await load('meta.json');
    var terms = parse(meta, query);
    var allowedP = allowedBy(filters);
    if (!terms.length) {
      var only = await allowedP;
      return { ids: only === null ? [] : [...only].sort(function (a, b) { return a - b; }), exact: 0, why: new Uint8Array(0), terms: terms };
    }
    var got = await fetchQuery(meta, terms, typing);
    var allowed = await allowedP;
    var per = perSyllable(meta, got);
    var n = meta.docs;
    // A result is a number (id = key % n) that sorts in rank order.
    var keys = new Float64Array(n);
    var found = 0;
    var exact = 0;
    var why = new Uint8Array(n);
    var required = [];
    terms.forEach(function (t, i) { if (!t[2]) required.push(i); });
    // Accented queries rank exact-accent matches first.
    var accent = per.map(function (list, i) {
      var key = terms[i][1] && spellingKey(terms[i][1]);
      return key ? list.v.map(function (v) { return spellingKey(v) === key; }) : null;
    });
    for (var doc = 0; doc < n; doc++) {
      if (allowed !== null && !allowed.has(doc)) continue;
      // Every required syllable must match.
      var j = 0;
      while (j < required.length && per[required[j]].w[doc]) j++;
      if (j < required.length) continue;
      var score = 0;
      var every = 255;
      var any = 0;
      for (var i = 0; i < terms.length; i++) {
        var list = per[i];
        var mask = list.mask[doc];
        if (!mask) continue;
        score += list.w[doc];
        if (!terms[i][2]) every &= mask;
        any |= mask;
        if (accent[i] && accent[i][list.spell[doc] - 1]) score += 25;
      }
      // Adjacent and in order: every pair of required neighbours shares a field.
      var phrase = required.length === 1 ? per[required[0]].mask[doc] : 255;
      for (var k = 0; k + 1 < required.length; k++) {
        phrase &= required[k + 1] === required[k] + 1 ? got.pairs[required[k]][doc] : 0;
      }
      // An optional kind word ("phường") in place before the name adds a little.
      for (k = 0; k + 1 < terms.length; k++) if (terms[k][2] && got.pairs[k][doc] & phrase) score += 15;
      if (phrase) {
        score += 2 * BEST5[phrase] + 20;
        exact++;
      }
      why[doc] = phrase || every || any;
      keys[found++] = ((phrase ? 0 : SCORES) + SCORES - Math.min(score, SCORES)) * n + doc;
    }
    keys = keys.subarray(0, found).sort();
    return {
      ids: Array.from(keys, function (k) { return k % n; }),
      exact: exact,
      why: why,
      terms: terms,
      lists: per,
    };
  }

  /** Above any score × 5 (at most 120 a syllable, 180 in order). */
  var SCORES = 1 << 20;

  /**
   * How `b` is one edit from the typed `a`: 1 a letter added at the end (a
   * syllable cut short: "hun" → "hung"), 2 two letters swapped ("mua" →
   * "mau"), 3 a letter added, dropped or changed elsewhere; 0 not one edit.
   */
  function oneEdit(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return 0;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (i === a.length) return 1;
    if (a.length === b.length) {
      if (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)) return 2;
      return a.slice(i + 1) === b.slice(i + 1) ? 3 : 0;
    }
    return (a.length < b.length ? a.slice(i) === b.slice(i + 1) : a.slice(i + 1) === b.slice(i)) ? 3 : 0;
  }

  /**
   * When a query finds nothing in order: the same query with one syllable
   * one edit away from a syllable of the vocabulary, if that finds results
   * in order. Costs the vocabulary file of each syllable's first letter and
   * the files of at most six new queries (fetched in parallel).
   */
  async function suggest(query, filters, found) {
    var words = found.terms.map(function (t) { return t[0]; });
    // Per syllable, up to 3 syllables of the vocabulary one edit away.
    var fixes = await Promise.all(words.map(async function (w, i) {
      var out = [];
      if (found.terms[i][2] || /[0-9]/.test(w)) return out;
      var vocab = await vocabulary(w);
      for (var j = 0; j < vocab.length; j++) {
        var kind = oneEdit(w, vocab[j][0]);
        if (kind) out.push([kind, j, vocab[j][0]]);
      }
      // The likeliest edits first, then the more frequent syllable.
      out.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
      return out.slice(0, 3).map(function (c) { return c[2]; });
    }));
    // Unknown syllables first; at most six queries, fetched in parallel.
    var order = words.map(function (_, i) { return i; }).sort(function (a, b) { return found.lists[a].size - found.lists[b].size; });
    var tries = [];
    order.forEach(function (i) {
      fixes[i].forEach(function (f) { tries.push(words.map(function (w, j) { return j === i ? f : w; }).join(' ')); });
    });
    tries = tries.slice(0, 6);
    var results = await Promise.all(tries.map(function (t) { return run(t, filters, false); }));
    var bestTry = null;
    results.forEach(function (r, i) {
      if (r.exact > found.exact && (!bestTry || r.exact > bestTry[1])) bestTry = [tries[i], r.exact];
    });
    return bestTry && bestTry[0];
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

  /**
   * The award a result shows, with its own month: of the awards in the
   * filtered month and level (else all), the highest level, then the latest.
   */
  function shownAward(meta, awards, month, level) {
    var pool = awards.filter(function (a) {
      return (!month || a[0] === month) && (!level || meta.levels[a[1]][0] === level);
    });
    if (!pool.length) pool = awards;
    return pool.reduce(function (b, a) { return !b || a[1] > b[1] || (a[1] === b[1] && a[0] > b[0]) ? a : b; }, null);
  }

  var BIT = { residence: 32, tag: 64, decision: 128 };

  /** "Nơi cư trú: …", "Thẻ: …", "Quyết định: …": the matched fields a result would not show otherwise. */
  function reasons(d, mask, unitName) {
    var out = [];
    if (mask & BIT.residence && d[7] && d[7] !== unitName) out.push('Nơi cư trú: ' + d[7]);
    if (mask & BIT.tag && d[8].length) out.push('Thẻ: ' + d[8].join(', '));
    if (mask & BIT.decision) {
      // The decisions with the most of the query's syllables ("3862" of three).
      var hits = d[5].map(function (a) {
        return [a[2], fold(a[2]).split(/[^a-z0-9]+/).filter(function (w) { return current.terms.has(w); }).length];
      });
      var most = Math.max.apply(null, hits.map(function (h) { return h[1]; }));
      var ds = hits.filter(function (h) { return h[1] && h[1] === most; }).map(function (h) { return h[0]; });
      if (ds.length) out.push('Quyết định: ' + ds.join('; '));
    }
    return out;
  }

  var current = { ids: [], exact: 0, why: new Uint8Array(0), shown: 0, terms: new Set(), prefix: null, token: 0, month: '', level: '' };

  function resultItem(meta, d, id, pos) {
    var li = document.createElement('li');
    li.className = 'result';
    // The first result whose syllables are scattered opens the less relevant ones.
    if (current.terms.size && pos === current.exact) {
      li.className = 'result result-less';
      var divider = document.createElement('p');
      divider.className = 'results-divider';
      divider.textContent = 'Ít liên quan hơn';
      li.appendChild(divider);
    }
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
    var unitName = d[4] >= 0 ? meta.units[d[4]][1] : '';
    if (unitName) bits.push(unitName);
    var award = shownAward(meta, d[5], current.month, current.level);
    if (award) bits.push(monthLabel(award[0]), meta.levels[award[1]][1]);
    bits.push(meta.domains[d[6]][1]);
    var rest = document.createElement('span');
    highlight(rest, ' · ' + bits.join(' · '), current.terms, current.prefix);
    who.appendChild(rest);
    li.appendChild(h);
    li.appendChild(who);
    reasons(d, current.why[id] || 0, unitName).forEach(function (text) {
      var p = document.createElement('p');
      p.className = 'result-why';
      highlight(p, text, current.terms, current.prefix);
      li.appendChild(p);
    });
    var snippet = document.createElement('p');
    snippet.className = 'result-snippet';
    highlight(snippet, d[3], current.terms, current.prefix);
    li.appendChild(snippet);
    return li;
  }

  async function show(count) {
    var meta = await load('meta.json');
    var token = current.token;
    var slice = current.ids.slice(current.shown, current.shown + count);
    // Asked for at once, shown in order as they come: on a slow network the
    // first results appear before the last file of the page has arrived.
    var docs = slice.map(function (id) { return doc(meta, id); });
    // Hidden while a page loads, so a second press cannot list it twice; the
    // list is marked busy so a screen reader waits for the whole page.
    more.hidden = true;
    list.setAttribute('aria-busy', 'true');
    var start = current.shown;
    for (var i = 0; i < docs.length; i++) {
      var d = await docs[i];
      if (token !== current.token) return;
      list.appendChild(resultItem(meta, d, slice[i], start + i));
      current.shown = start + i + 1;
    }
    list.removeAttribute('aria-busy');
    more.hidden = current.shown >= current.ids.length;
  }

  /** Links to searches: the examples from the site's stories, or a suggestion. */
  function hintLinks(lead, queries, tail, filters) {
    hint.textContent = lead;
    queries.forEach(function (q, i) {
      if (i) hint.appendChild(document.createTextNode(', '));
      var a = document.createElement('a');
      a.href = urlFor({ q: q, filters: filters || {} });
      a.textContent = q;
      hint.appendChild(a);
    });
    hint.appendChild(document.createTextNode(tail));
    hint.hidden = false;
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

  function found(ids, exact, q) {
    var cho = q ? ' cho “' + q + '”' : '';
    if (!ids.length) return 'Không tìm thấy kết quả nào' + cho + '.';
    var split = q && exact < ids.length ? ': ' + exact + ' khớp đúng thứ tự, ' + (ids.length - exact) + ' ít liên quan hơn' : '';
    return 'Tìm thấy ' + ids.length + ' kết quả' + cho + split + '.';
  }

  async function update(state, typing) {
    var token = ++current.token;
    var hasFilter = Object.keys(state.filters).some(function (k) { return state.filters[k]; });
    hint.hidden = true;
    var meta = await load('meta.json').catch(function () { return null; });
    if (token !== current.token) return;
    if (meta && meta.examples.length) input.placeholder = 'ví dụ: ' + meta.examples.join(', ');
    if (!state.q.trim() && !hasFilter) {
      list.textContent = '';
      list.removeAttribute('aria-busy');
      more.hidden = true;
      status.textContent = 'Nhập họ tên, tên đơn vị hoặc việc tốt để tìm.';
      if (meta && meta.examples.length) hintLinks('Ví dụ: ', meta.examples, '.');
      return;
    }
    status.textContent = 'Đang tìm…';
    var r;
    try {
      r = await run(state.q, state.filters, typing);
    } catch (e) {
      status.textContent = 'Không tải được chỉ mục tìm kiếm. Hãy thử lại.';
      return;
    }
    if (token !== current.token) return;
    current.terms = new Set(r.terms.map(function (s) { return s[0]; }));
    var last = r.terms[r.terms.length - 1];
    current.prefix = typing && last && !last[2] ? last[0] : null;
    current.ids = r.ids;
    current.exact = r.terms.length ? r.exact : r.ids.length;
    current.why = r.why;
    current.shown = 0;
    current.month = state.filters.thang || '';
    current.level = state.filters.cap || '';
    list.textContent = '';
    await show(PAGE);
    if (token !== current.token) return;
    var q = state.q.trim();
    status.textContent = found(r.ids, current.exact, q);
    // Nothing in order: perhaps a typo ("nguyen manh hun").
    if (r.terms.length && !r.exact) {
      var better = await suggest(state.q, state.filters, r).catch(function () { return null; });
      if (token !== current.token) return;
      if (better) hintLinks('Có phải bạn muốn tìm “', [better], '”?', state.filters);
      else if (!r.ids.length && meta.examples.length) hintLinks('Thử tìm: ', meta.examples, '.');
    }
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

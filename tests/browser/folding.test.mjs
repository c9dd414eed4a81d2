// search.js folds exactly like src/vietnamese.rs: the same vectors as
// tests/folding.rs, run on the script itself in a minimal fake window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { readVectors, foldFailures, SEARCH_JS } from './helpers/vectors.mjs';

/** Runs search.js with just enough of `window` and `document` to define its API. */
function loadSearchJs() {
  const source = readFileSync(SEARCH_JS, 'utf8');
  const document = {
    documentElement: { getAttribute: (name) => (name === 'data-base' ? '/' : null) },
    getElementById: () => null,
  };
  const window = {};
  const context = vm.createContext({ window, document });
  vm.runInContext(source, context, { filename: SEARCH_JS });
  assert.ok(window.bangvangSearch, 'search.js did not set window.bangvangSearch');
  for (const name of ['fold', 'syllables', 'fnv1a']) {
    assert.equal(typeof window.bangvangSearch[name], 'function', `window.bangvangSearch.${name} is not a function`);
  }
  return window.bangvangSearch;
}

test('search.js fold() matches every vector of tests/folding_vectors.txt', () => {
  const { fold } = loadSearchJs();
  const vectors = readVectors();
  assert.ok(vectors.length >= 134 * 2 + 20, `only ${vectors.length} vectors in tests/folding_vectors.txt`);
  const nfd = vectors.filter((v) => v.input.normalize('NFC') !== v.input).length;
  assert.ok(nfd >= 132 + 10, `only ${nfd} vectors are stored in NFD; was the file re-saved as NFC?`);
  const failures = foldFailures(vectors, vectors.map((v) => fold(v.input)));
  assert.deepEqual(failures, [], `${failures.length} of ${vectors.length} vectors fail in search.js:\n${failures.join('\n')}`);
});

test('search.js fnv1a() is 32-bit FNV-1a like bucket_of in src/search.rs', () => {
  const { fnv1a } = loadSearchJs();
  assert.equal(fnv1a('a'), 0xe40c292c, 'fnv1a("a")');
  assert.equal(fnv1a(''), 0x811c9dc5, 'fnv1a("") is the offset basis');
  assert.equal(fnv1a('foobar'), 0xbf9cf968, 'fnv1a("foobar") (published FNV-1a test vector)');
});

test('search.js termFile() names term files like term_file in src/urls.rs', () => {
  const { termFile } = loadSearchJs();
  assert.equal(termFile('nguyen'), 'nguyen', 'a plain term is its own file');
  // Windows refuses con.json, nul.json, com1.json: the build writes con_.json.
  for (const t of ['con', 'prn', 'aux', 'nul', 'com1', 'lpt9']) assert.equal(termFile(t), t + '_', t);
  assert.equal(termFile('cong'), 'cong');
  // Same literal as the Rust unit test long_names_are_bounded_and_stable.
  assert.equal(termFile('a'.repeat(300)), 'aaaaaaaaaaaaaaaa_279e8f01');
  assert.equal(termFile('a'.repeat(64)), 'a'.repeat(64), '64 letters are kept');
});

test('search.js syllables() splits and folds like src/search.rs syllables()', () => {
  const api = loadSearchJs();
  // Arrays made inside the vm context have another Array prototype: copy them out.
  const syllables = (text) => JSON.parse(JSON.stringify(api.syllables(text)));
  // Same expectations as the unit test `syllables_keep_accented_spelling` in src/search.rs.
  const s = syllables('Nguyễn Văn Hùng, phường Đồng Tâm!');
  assert.deepEqual(s.map((x) => x[0]), ['nguyen', 'van', 'hung', 'phuong', 'dong', 'tam']);
  assert.equal(s[2][1], 'hùng');
  const nfd = syllables('Nguyễn Văn Hùng'.normalize('NFD'));
  assert.deepEqual(nfd.map((x) => x[0]), ['nguyen', 'van', 'hung'], 'NFD input gives the same syllables');
  assert.equal(nfd[2][1], 'hùng', 'NFD input gives the NFC accented spelling');
  assert.deepEqual(syllables('nguyen van hung').map((x) => x[1]), [null, null, null], 'unaccented words have no spelling');
});

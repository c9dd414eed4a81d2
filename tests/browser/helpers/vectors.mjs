// Reads tests/folding_vectors.txt: `input<TAB>expected` per line, # comments.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const VECTORS_FILE = path.join(REPO, 'tests', 'folding_vectors.txt');
export const SEARCH_JS = path.join(REPO, 'themes', 'default', 'static', 'search.js');

/** [{ line, input, expected }] for every vector line. */
export function readVectors() {
  const text = readFileSync(VECTORS_FILE, 'utf8');
  const out = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line || line.startsWith('#')) return;
    const parts = line.split('\t');
    if (parts.length !== 2) {
      throw new Error(`tests/folding_vectors.txt:${i + 1}: expected input<TAB>expected, got ${JSON.stringify(line)}`);
    }
    out.push({ line: i + 1, input: parts[0], expected: parts[1] });
  });
  return out;
}

/** Code points of a string, for readable failure messages. */
export function codePoints(s) {
  return [...s].map((c) => 'U+' + c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')).join(' ');
}

/** Failures of `fold` over the vectors, as messages (empty when all pass). */
export function foldFailures(vectors, results) {
  const failures = [];
  vectors.forEach((v, i) => {
    if (results[i] !== v.expected) {
      failures.push(`tests/folding_vectors.txt:${v.line}: fold(${JSON.stringify(v.input)} = ${codePoints(v.input)}) = ${JSON.stringify(results[i])}, expected ${JSON.stringify(v.expected)}`);
    }
  });
  return failures;
}

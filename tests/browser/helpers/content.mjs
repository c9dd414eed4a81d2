// Reads what the tests need from the example site's stories (content/stories),
// so that expectations follow the content rather than being copied into tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './vectors.mjs';

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.md') ? [p] : [];
  });
}

function field(frontMatter, key) {
  const m = frontMatter.match(new RegExp(`^\\s*${key}:\\s*(.*)$`, 'm'));
  if (!m) return null;
  const v = m[1].trim();
  return v.startsWith('"') ? JSON.parse(v) : v;
}

/**
 * Whether the story's consent record names the web: `consent:` as a block
 * (indented lines below it) or on one line (`{ by: …, channels: [web, …] }`).
 */
function consentsToWeb(frontMatter) {
  const block = frontMatter.match(/^consent:(.*(?:\n[ \t]+.*)*)/m);
  const channels = block && block[1].match(/channels:\s*\[([^\]]*)\]/);
  return Boolean(channels) && channels[1].split(',').map((c) => c.trim()).includes('web');
}

/** Every story: { file, title, name, unit, months, published }. */
export function stories(root = REPO) {
  return walk(path.join(root, 'content', 'stories')).map((file) => {
    const text = readFileSync(file, 'utf8').normalize('NFC');
    const fm = text.split(/^---$/m)[1] || '';
    return {
      file: path.relative(root, file),
      title: field(fm, 'title'),
      name: field(fm, 'name'),
      unit: field(fm, 'unit'),
      months: [...fm.matchAll(/^\s*(?:-\s*)?month:\s*(\d{4}-\d{2})\s*$/gm)].map((m) => m[1]),
      published: consentsToWeb(fm) && field(fm, 'draft') !== 'true',
    };
  });
}

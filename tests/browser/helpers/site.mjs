// Builds the example site of this repository (site.yaml, content/, themes/)
// with the bangvang binary that scripts/test.sh has built.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, cpSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './vectors.mjs';

export { REPO };

export function binary() {
  const bin = process.env.BANGVANG_BIN || path.join(REPO, 'target', 'debug', process.platform === 'win32' ? 'bangvang.exe' : 'bangvang');
  if (!existsSync(bin)) {
    throw new Error(`bangvang binary not found at ${bin}: run \`cargo build\` first (scripts/test.sh does), or set BANGVANG_BIN`);
  }
  return bin;
}

export function tempDir(name) {
  return mkdtempSync(path.join(os.tmpdir(), `bangvang-${name}-`));
}

/** `bangvang build --root root --output out [...args]`; throws with its stderr on failure. */
export function build(root, out, args = []) {
  try {
    execFileSync(binary(), ['build', '--root', root, '--output', out, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (e) {
    throw new Error(`bangvang build --root ${root} ${args.join(' ')} failed (exit ${e.status}):\n${e.stderr || e.message}`);
  }
  if (!existsSync(path.join(out, 'tim-kiem', 'index.html')) || !existsSync(path.join(out, 'search', 'meta.json'))) {
    throw new Error(`bangvang build wrote no search page or index into ${out}`);
  }
  return out;
}

/** A copy of the example site (site.yaml, content/, themes/, templates/) in a temp dir. */
export function copyExampleSite(name) {
  const root = tempDir(name);
  for (const entry of ['site.yaml', 'content', 'themes', 'templates']) {
    const from = path.join(REPO, entry);
    if (existsSync(from)) cpSync(from, path.join(root, entry), { recursive: true });
  }
  return root;
}

/** Adds a story to a site copy: `base` (a story path relative to root) with some front matter keys replaced. */
export function addStory(root, base, target, replace, body) {
  let text = readFileSync(path.join(root, base), 'utf8');
  for (const [key, value] of Object.entries(replace)) {
    const re = new RegExp(`^(\\s*${key}:)\\s.*$`, 'm');
    if (!re.test(text)) throw new Error(`no \`${key}:\` line in ${base}`);
    text = text.replace(re, (_, k) => `${k} ${value}`);
  }
  if (body !== undefined) text = text.replace(/^(---\n[\s\S]*?\n---\n)[\s\S]*$/, (_, fm) => fm + body);
  writeFileSync(path.join(root, target), text);
}

export function remove(dir) {
  rmSync(dir, { recursive: true, force: true });
}

// The static server the browser tests use: index.html for folders, 404 for
// anything else, and never a file outside the folder it serves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { serve } from './helpers/server.mjs';
import { tempDir, remove } from './helpers/site.mjs';

let dir, site, sub;

/** GET with the path sent as is (no URL normalization by the client). */
function get(origin, rawPath) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  dir = tempDir('server');
  mkdirSync(path.join(dir, 'public', 'tim-kiem'), { recursive: true });
  writeFileSync(path.join(dir, 'public', 'index.html'), 'home');
  writeFileSync(path.join(dir, 'public', 'tim-kiem', 'index.html'), 'search');
  writeFileSync(path.join(dir, 'public', 'a b.json'), '{}');
  writeFileSync(path.join(dir, 'secret.txt'), 'SECRET');
  symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'public', 'link.txt'));
  site = await serve(path.join(dir, 'public'));
  sub = await serve(path.join(dir, 'public'), { prefix: '/bang-vang/' });
});

after(async () => {
  await site?.close();
  await sub?.close();
  remove(dir);
});

test('folders serve index.html, files their content with a type, the rest is 404', async () => {
  assert.deepEqual(await get(site.origin, '/'), { status: 200, type: 'text/html; charset=utf-8', body: 'home' });
  assert.equal((await get(site.origin, '/tim-kiem/')).body, 'search');
  assert.equal((await get(site.origin, '/tim-kiem/?q=x')).body, 'search');
  assert.equal((await get(site.origin, '/tim-kiem')).status, 404, 'a folder without its slash is not a file');
  assert.equal((await get(site.origin, '/a%20b.json')).type, 'application/json; charset=utf-8');
  assert.equal((await get(site.origin, '/nope.html')).status, 404);
});

test('nothing outside the folder is served', async () => {
  for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/tim-kiem/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/link.txt', '/%00', '/%E0%A4%A']) {
    const r = await get(site.origin, p);
    assert.equal(r.status, 404, `${p} should be 404, got ${r.status}`);
    assert.ok(!r.body.includes('SECRET'), `${p} leaked the file outside the folder`);
  }
});

test('with a prefix, only the paths under it are served', async () => {
  assert.equal((await get(sub.origin, '/bang-vang/')).body, 'home');
  assert.equal((await get(sub.origin, '/bang-vang/tim-kiem/')).body, 'search');
  assert.equal((await get(sub.origin, '/')).status, 404);
  assert.equal((await get(sub.origin, '/tim-kiem/')).status, 404);
  assert.equal((await get(sub.origin, '/bang-vang/../secret.txt')).status, 404);
});

// A tiny static server for the search benchmark, like a static host with gzip on.
//
//   node bench/search/serve.mjs ROOT [PORT]     (PORT 0 or absent: a free one)
//
// Listens on 127.0.0.1 only and prints "listening http://127.0.0.1:PORT/" when
// ready. /x/ serves /x/index.html. HTML, CSS, JS and JSON are gzipped (zlib
// level 6, like nginx's gzip_comp_level 6 or a CDN) when the client accepts
// gzip, so transfer sizes are realistic; everything else, such as Pagefind's
// .pf_* fragments and wasm, which Pagefind already compresses, is sent as is.
// Responses carry Cache-Control: max-age=3600 and no ETag, so a browser
// context reuses what it fetched and a fresh context starts cold.
//
// Every response is logged (path, body bytes as sent, status); the benchmark
// reads the log at /__bench/log?from=N (entries N.. as JSON), which is how it
// counts what a query downloaded, requests from Pagefind's web worker included.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(process.argv[2] || '.');
const port = Number(process.argv[3] || 0);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.wasm': 'application/wasm',
};
const COMPRESS = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.txt', '.xml']);
const gzCache = new Map();
const log = [];

function resolve(urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const full = path.normalize(path.join(root, p));
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  try {
    const st = fs.statSync(full);
    if (st.isDirectory()) {
      const index = path.join(full, 'index.html');
      return fs.existsSync(index) ? index : null;
    }
    return full;
  } catch {
    return null;
  }
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/__bench/log') {
    const from = Number(url.searchParams.get('from') || 0);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ next: log.length, entries: log.slice(from) }));
    return;
  }
  const send = (status, headers, body) => {
    log.push({ u: url.pathname, s: status, b: body ? body.length : 0 });
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const file = resolve(url.pathname);
  if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
    send(file ? 405 : 404, { 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from(file ? 'method not allowed' : 'not found'));
    return;
  }
  const ext = path.extname(file).toLowerCase();
  const headers = {
    'Content-Type': TYPES[ext] || 'application/octet-stream',
    'Cache-Control': 'max-age=3600',
  };
  const gzip = COMPRESS.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
  let body;
  try {
    if (gzip) {
      body = gzCache.get(file);
      if (!body) {
        body = zlib.gzipSync(fs.readFileSync(file), { level: 6 });
        gzCache.set(file, body);
      }
      headers['Content-Encoding'] = 'gzip';
      headers['Vary'] = 'Accept-Encoding';
    } else {
      body = fs.readFileSync(file);
    }
  } catch {
    send(404, { 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from('not found'));
    return;
  }
  headers['Content-Length'] = body.length;
  send(200, headers, body);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${server.address().port}/`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));

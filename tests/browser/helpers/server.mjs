// A tiny static file server for a built site, on 127.0.0.1 and a free port.
// `/dir/` serves `/dir/index.html`; anything else that is not a file is 404;
// nothing outside `root` is ever served. With `prefix` ('/bang-vang/'), only
// URLs under that path are served (the site as published under a sub-path).
import http from 'node:http';
import { promises as fs } from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
};

/** Resolves a URL path to a file inside root, or null. */
export function resolveInside(root, prefix, urlPath) {
  if (!urlPath.startsWith(prefix)) return null;
  let rel;
  try {
    rel = decodeURIComponent(urlPath.slice(prefix.length));
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

/**
 * Serves `dir` and resolves to { url, close, requests } where `url` is the
 * site's address (with the prefix) and `requests` lists every path asked for.
 */
export async function serve(dir, { prefix = '/' } = {}) {
  const root = await fs.realpath(dir);
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const urlPath = new URL(req.url, 'http://127.0.0.1').pathname;
    requests.push(urlPath);
    const notFound = () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404 not found\n');
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const file = resolveInside(root, prefix, urlPath);
    if (!file) return notFound();
    try {
      // Symlinks that lead outside the site are refused too.
      const real = await fs.realpath(file);
      if (!real.startsWith(root + path.sep)) return notFound();
      const stat = await fs.stat(real);
      if (!stat.isFile()) return notFound();
      const body = await fs.readFile(real);
      res.writeHead(200, {
        'content-type': TYPES[path.extname(real).toLowerCase()] || 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      notFound();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

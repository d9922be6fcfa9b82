// Shared harness for relief's real-browser tests.
//
// Everything a browser test needs and nothing site-specific: a tiny static
// HTTP server on 127.0.0.1, Debian's Chromium launched through playwright-core,
// discovery of a built site's pages, a console/network error recorder, colour
// helpers and a small concurrency pool. check-site.mjs uses it; later scripts
// (live reload, search) import the same pieces:
//
//   import { serveDir, launchBrowser, newPage, findPages } from './lib.mjs';
//   const server = await serveDir(siteDir);          // { url, port, close() }
//   const browser = await launchBrowser();
//   const { context, page, problems } = await newPage(browser, { allowedOrigin: server.url });
//   await page.goto(server.url + '/');                 // problems: console errors, failed requests...
//
// Install the dependencies with `scripts/test` (or `npm ci --ignore-scripts`
// in this folder); never let a tool download its own browser or Java.

import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const NODE_MODULES = path.join(HERE, 'node_modules');
export const CHROMIUM = process.env.RELIEF_CHROMIUM || '/usr/bin/chromium';
export const AXE_PATH = path.join(NODE_MODULES, 'axe-core', 'axe.min.js');
export const VNU_JAR = path.join(NODE_MODULES, 'vnu-jar', 'build', 'dist', 'vnu.jar');

/**
 * What the browser tests ask of axe-core: every WCAG 2.0/2.1 A and AA and 2.2 AA rule, and
 * axe's landmark rules, which are "best practice" rather than WCAG: one main, banner and
 * contentinfo at the top level, and landmarks of one role told apart by their names (a page
 * with the header's search form and a search form of its own must name them differently).
 * Pass it to `axe.run(document, AXE_OPTIONS)`.
 */
export const AXE_OPTIONS = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  rules: Object.fromEntries([
    'landmark-unique',
    'landmark-one-main',
    'landmark-no-duplicate-main',
    'landmark-no-duplicate-banner',
    'landmark-no-duplicate-contentinfo',
    'landmark-main-is-top-level',
    'landmark-banner-is-top-level',
    'landmark-contentinfo-is-top-level',
    'landmark-complementary-is-top-level',
  ].map((id) => [id, { enabled: true }])),
};

/** Chromium flags that work as root on a machine with a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Throw a helpful error when something the harness needs is not installed. */
export function requireTools({ java = false } = {}) {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM})`);
  if (!existsSync(path.join(NODE_MODULES, 'playwright-core'))) missing.push('tests/browser/node_modules/playwright-core');
  if (!existsSync(AXE_PATH)) missing.push('tests/browser/node_modules/axe-core');
  if (java && !existsSync(VNU_JAR)) missing.push(`the Nu HTML checker (${VNU_JAR})`);
  if (missing.length) {
    throw new Error(`missing: ${missing.join(', ')} - run scripts/test, which installs them`);
  }
}

// ---------------------------------------------------------------------------
// Static server

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xsl': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/**
 * Serve `root` on 127.0.0.1 at a free port. Directory URLs serve their
 * index.html (a directory without a trailing slash is redirected to the slash
 * form); unknown paths get the nearest 404.html above them (es/404.html for
 * /es/…, as relief serve and Cloudflare Pages answer), else root/404.html, with
 * status 404. Paths escaping the
 * root are refused. Returns { url, port, root, close(), requests }.
 * `requests` records every request as { method, path, status }.
 * With `gzip`, text (HTML, CSS, JavaScript, JSON, XML, SVG, plain text) goes gzipped to a
 * client that accepts it, as static hosts send it.
 */
export async function serveDir(root, { host = '127.0.0.1', port = 0, gzip = false } = {}) {
  root = await realpath(root);
  const requests = [];

  async function resolveFile(urlPath) {
    let rel;
    try {
      rel = decodeURIComponent(urlPath);
    } catch {
      return null;
    }
    if (rel.includes('\0') || rel.includes('\\')) return null;
    const file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
    if (file !== root && !file.startsWith(root + path.sep)) return null;
    let st;
    try {
      st = await stat(file);
    } catch {
      return null;
    }
    if (st.isDirectory()) {
      if (!urlPath.endsWith('/')) return { redirect: urlPath + '/' };
      const index = path.join(file, 'index.html');
      try {
        const ist = await stat(index);
        if (ist.isFile()) return { file: index, size: ist.size };
      } catch {
        return null;
      }
      return null;
    }
    if (!st.isFile()) return null;
    // Refuse symlinks that point outside the root.
    const real = await realpath(file);
    if (real !== root && !real.startsWith(root + path.sep)) return null;
    return { file, size: st.size };
  }

  const server = createServer(async (req, res) => {
    const record = { method: req.method, path: req.url, status: 0 };
    requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const url = new URL(req.url, 'http://127.0.0.1');
      let found = await resolveFile(url.pathname);
      let status = 200;
      if (found && found.redirect) {
        res.writeHead(301, { Location: found.redirect + url.search }).end();
        return;
      }
      if (!found) {
        status = 404;
        // The nearest folder above the path that has a 404.html, else the root's.
        const folders = url.pathname.split('/').slice(1, -1);
        found = null;
        while (!found && folders.length) {
          const near = await resolveFile(`/${folders.join('/')}/404.html`);
          if (near && !near.redirect) found = near;
          folders.pop();
        }
        found ??= await resolveFile('/404.html');
        if (!found || found.redirect) {
          res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 Not Found\n');
          return;
        }
      }
      const type = contentType(found.file);
      const compress = gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') &&
        /^(text\/|application\/(json|xml|manifest\+json)|image\/svg\+xml)/.test(type);
      res.writeHead(status, {
        'Content-Type': type,
        ...(compress ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : { 'Content-Length': found.size }),
        'Cache-Control': 'no-cache',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const body = createReadStream(found.file).on('error', () => res.destroy());
      (compress ? body.pipe(createGzip()) : body).pipe(res);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  return {
    root,
    port: actualPort,
    url: `http://${host}:${actualPort}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

// ---------------------------------------------------------------------------
// Pages of a built site

/**
 * Every HTML page of a built site as URL paths: each directory holding an
 * index.html ("/", "/topics/sleep/"), plus "/404.html" when present and each
 * language's 404 page ("/es/404.html"). Sorted, with "/" first and the 404
 * pages last.
 */
export async function findPages(root) {
  const pages = [];
  const notFound = [];
  async function walk(dir, urlPath) {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.isDirectory()) {
        await walk(path.join(dir, e.name), `${urlPath}${e.name}/`);
      } else if (e.isFile() && e.name === 'index.html') {
        pages.push(urlPath);
      } else if (e.isFile() && e.name === '404.html' && urlPath !== '/') {
        notFound.push(`${urlPath}404.html`);
      }
    }
  }
  await walk(root, '/');
  pages.sort((a, b) => (a === '/' ? -1 : b === '/' ? 1 : a.localeCompare(b)));
  if (existsSync(path.join(root, '404.html'))) pages.push('/404.html');
  return pages.concat(notFound.sort());
}

// ---------------------------------------------------------------------------
// Browser

let playwrightPromise;
/** playwright-core, imported lazily so the server helpers work without it. */
export function playwright() {
  playwrightPromise ??= import('playwright-core');
  return playwrightPromise;
}

/** Launch Debian's Chromium headless. Close it with `browser.close()`. */
export async function launchBrowser(options = {}) {
  requireTools();
  const { chromium } = await playwright();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
    ...options,
  });
}

/** Default options of the contexts the harness opens. */
export const CONTEXT_DEFAULTS = { viewport: { width: 1280, height: 800 }, colorScheme: 'light' };

/**
 * A new context (with CONTEXT_DEFAULTS and `contextOptions`) and a watched
 * page in it (see watchedPage). Returns { context, page, problems }; close
 * the context when done.
 */
export async function newPage(browser, { contextOptions = {}, ...watch } = {}) {
  const context = await browser.newContext({ ...CONTEXT_DEFAULTS, ...contextOptions });
  const { page, problems } = await watchedPage(context, watch);
  return { context, page, problems };
}

/**
 * A new page in `context` that records problems in `problems` (an array of
 * strings):
 *  - console messages of type "error" and uncaught page errors;
 *  - failed requests and responses with status >= 400 (each reported once);
 *  - any request to an origin other than `allowedOrigin` (it is aborted); an
 *    `allowedOrigin` of `file:///…/` (a folder) allows the files under it.
 * `expectStatus` maps a URL to the status it is allowed to have (e.g. the
 * 404 page's own document). Returns { page, problems }.
 */
export async function watchedPage(context, { allowedOrigin, expectStatus = {} } = {}) {
  const page = await context.newPage();
  const problems = [];
  const allowed = (u) => {
    try {
      const url = new URL(u);
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true;
      if (allowedOrigin?.startsWith('file:')) return url.href.startsWith(allowedOrigin);
      return !allowedOrigin || url.origin === allowedOrigin;
    } catch {
      return false;
    }
  };
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (allowed(u)) return route.continue();
    problems.push(`request to another origin: ${u}`);
    return route.abort('blockedbyclient');
  });
  const badResponses = new Set();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    const text = msg.text();
    // Reported better by the response and route handlers.
    if (/^Failed to load resource: (the server responded with a status of \d+|net::ERR_BLOCKED_BY_CLIENT)/.test(text)) return;
    problems.push(`console error: ${text}${loc.url ? ` (${loc.url}:${loc.lineNumber + 1})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('response', (res) => {
    const status = res.status();
    if (status < 400) return;
    badResponses.add(res.url());
    if (expectStatus[res.url()] === status) return;
    problems.push(`HTTP ${status}: ${res.url()}`);
  });
  page.on('requestfailed', (req) => {
    if (!allowed(req.url()) || badResponses.has(req.url())) return; // already reported
    problems.push(`failed request: ${req.url()} (${req.failure()?.errorText ?? 'unknown error'})`);
  });
  return { page, problems };
}

// ---------------------------------------------------------------------------
// Colours

/** Parse a CSS rgb()/rgba()/color(srgb ...) string into [r, g, b, a] (0-255, alpha 0-1). */
export function parseColor(css) {
  const s = css.trim();
  let m = s.match(/^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/);
  if (m) {
    let a = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return [Number(m[1]), Number(m[2]), Number(m[3]), a];
  }
  m = s.match(/^color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s*\/\s*([\d.]+%?))?\s*\)$/);
  if (m) {
    let a = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return [m[1] * 255, m[2] * 255, m[3] * 255, a];
  }
  if (s === 'transparent') return [0, 0, 0, 0];
  return null;
}

/** WCAG relative luminance of an sRGB colour given as [r, g, b] in 0-255. */
export function relativeLuminance([r, g, b]) {
  const lin = (c) => {
    c /= 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * The colour the page's background paints behind the body, as [r, g, b]:
 * the body's background, else the root element's, else the canvas colour
 * (dark when the root's used color-scheme is dark, white otherwise).
 */
export async function pageBackground(page) {
  const found = await page.evaluate(() => {
    const html = document.documentElement;
    const layers = [getComputedStyle(document.body).backgroundColor, getComputedStyle(html).backgroundColor];
    const scheme = getComputedStyle(html).colorScheme || 'normal';
    const dark = /\bdark\b/.test(scheme) && (!/\blight\b/.test(scheme) || matchMedia('(prefers-color-scheme: dark)').matches);
    return { layers, dark };
  });
  // Composite from the canvas up.
  let base = found.dark ? [18, 18, 18] : [255, 255, 255];
  for (const css of found.layers.reverse()) {
    const c = parseColor(css);
    if (!c) continue;
    const a = c[3];
    base = [0, 1, 2].map((i) => c[i] * a + base[i] * (1 - a));
  }
  return base;
}

// ---------------------------------------------------------------------------
// Misc

/** Run `fn(item, index)` over `items` with at most `limit` running at once. */
export async function runPool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Run a command; resolve to { code, stdout, stderr } (never rejects on exit code). */
export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Named checks, one output line each: `await check(name, fn)` runs `fn`, which fails by
 * throwing (as `assert` does); `finish(where)` prints the totals and exits, with 1 when any
 * check failed.
 */
export function checks() {
  let passed = 0;
  let failed = 0;
  return {
    async check(name, fn) {
      try {
        await fn();
        passed++;
        console.log(`ok   ${name}`);
      } catch (err) {
        failed++;
        console.log(`FAIL ${name}: ${err.message.split('\n')[0]}`);
      }
    },
    finish(where) {
      console.log(`${passed} passed, ${failed} failed (${where})`);
      process.exit(failed ? 1 : 0);
    },
  };
}

/** Throw `message` unless `cond` holds: a failed check. */
export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

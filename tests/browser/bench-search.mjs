#!/usr/bin/env node
// Benchmark of the site search in headless Chromium (a benchmark, not a test: run it by hand).
//
//   node bench-search.mjs SITE_DIR [--runs N] [QUERY...]
//
// For each query, in a fresh page (cold: the whole query arrives at once and the term shards
// and text fragments it needs are fetched from a local server), in another fresh page with
// the query typed key by key (typed: earlier keys have fetched some files already), and then
// N times in the first page (warm: files cached by search.js), measures in the page the time from the `input` event on the header search
// box to the results being in the DOM (status line and list rendered). Also prints the
// sizes of the search files and of the site's HTML.

import path from 'node:path';
import { readdir, stat } from 'node:fs/promises';
import { launchBrowser, serveDir } from './lib.mjs';

const argv = process.argv.slice(2);
const siteDir = argv.shift();
if (!siteDir) {
  console.error('usage: node bench-search.mjs SITE_DIR [--runs N] [QUERY...]');
  process.exit(2);
}
let runs = 20;
const queries = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--runs') runs = Number(argv[++i]);
  else queries.push(argv[i]);
}
if (!queries.length) queries.push('sleep', 'cortisol', 'massage', 'kernel', 'cache', 'deployment', 'cache kernel', 'depl', 'xylophone');

async function sizes(dir) {
  const out = { html: 0, search: 0, searchFiles: 0, script: 0 };
  async function walk(d) {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else {
        const { size } = await stat(p);
        const rel = path.relative(dir, p);
        if (rel.endsWith('.html')) out.html += size;
        if (rel.startsWith(`search${path.sep}`) && !rel.endsWith('.html')) { out.search += size; out.searchFiles++; }
        if (rel === 'search.js') out.script = size;
      }
    }
  }
  await walk(dir);
  return out;
}

const s = await sizes(siteDir);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`site HTML ${kb(s.html)}; search index ${kb(s.search)} in ${s.searchFiles} files; search.js ${kb(s.script)}`);
console.log(`index + script = ${(100 * (s.search + s.script) / s.html).toFixed(1)}% of the HTML`);

const server = await serveDir(siteDir);
const browser = await launchBrowser();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Time one query in `page`: input event → results rendered. */
function timeQuery(page, query) {
  return page.evaluate((q) => new Promise((resolve) => {
    const input = document.getElementById('site-search');
    const status = document.querySelector('header .search-panel [role="status"]');
    const t0 = performance.now();
    const done = () => {
      if (!status.textContent.includes(`“${q}”`)) return false;
      const n = document.querySelectorAll('header .search-panel .search-results li').length;
      resolve({ ms: performance.now() - t0, shown: n, status: status.textContent });
      return true;
    };
    const obs = new MutationObserver(() => { if (done()) obs.disconnect(); });
    obs.observe(status, { childList: true, characterData: true, subtree: true });
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }), query);
}

try {
  console.log(`\nquery                 cold ms   typed ms   warm median ms (n=${runs})   warm max ms   results`);
  for (const q of queries) {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.locator('#site-search').focus();
    await page.waitForFunction(() => document.querySelector('header .search-panel'));
    // search/index.js is loaded on focus; wait for it so "cold" means shards + fragments.
    await page.waitForLoadState('networkidle');
    const cold = await timeQuery(page, q);
    // Typed: a fresh page again, the query typed key by key (150 ms apart, as people type);
    // the time counts from the last key.
    const typedPage = await browser.newPage();
    await typedPage.goto(`${server.url}/`);
    await typedPage.locator('#site-search').focus();
    await typedPage.waitForFunction(() => document.querySelector('header .search-panel'));
    await typedPage.waitForLoadState('networkidle');
    for (let i = 1; i < q.length; i++) {
      await typedPage.evaluate((v) => {
        const input = document.getElementById('site-search');
        input.value = v;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }, q.slice(0, i));
      await typedPage.waitForTimeout(150);
    }
    const typed = await timeQuery(typedPage, q);
    await typedPage.close();
    const warm = [];
    for (let i = 0; i < runs; i++) {
      await page.evaluate(() => {
        const input = document.getElementById('site-search');
        input.value = '';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      warm.push((await timeQuery(page, q)).ms);
    }
    console.log(
      `${JSON.stringify(q).padEnd(20)} ${cold.ms.toFixed(1).padStart(8)}   ${typed.ms.toFixed(1).padStart(8)}   ${median(warm).toFixed(1).padStart(22)}   ${Math.max(...warm).toFixed(1).padStart(11)}   ${cold.status}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

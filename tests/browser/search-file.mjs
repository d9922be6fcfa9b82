#!/usr/bin/env node
// Real-browser checks of relief's site search opened from disk: a `relief build --relative`
// site promises to work from file://, search included.
//
//   node search-file.mjs SITE_DIR
//
// SITE_DIR must be a relative build. Opens its pages as file:// URLs in Debian's headless
// Chromium (no server) and checks:
//
//   lazy       nothing of the search loads before a visitor focuses the header box
//   header     typing "sleep" into the header box of index.html lists the sleep page first,
//              every result linking to a page file (…/index.html) that exists on disk
//   follow     clicking a result opens that page from disk; a result with a section opens
//              its page at that heading
//   typo       a misspelt word ("arthritus") still finds the page of the word it resembles
//   submit     Enter in the header box opens search/index.html?q=… with results on the page
//   page       search/index.html?q=sleep shows results; typing into the page's box and into
//              its header box updates them
//   es         on a Spanish page (es/…/index.html), "sueño" lists the Spanish sleep page
//              first, every link a page file on disk
//   clean      no console error, failed request or request outside SITE_DIR
//
// One line per check; exits 1 when any failed.

import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assert, checks, launchBrowser, newPage, requireTools } from './lib.mjs';

const siteDir = process.argv[2];
if (!siteDir) {
  console.error('usage: node search-file.mjs SITE_DIR');
  process.exit(2);
}
requireTools();

const { check, finish } = checks();

/** The site folder as a file:// URL ending in a slash. */
const site = pathToFileURL(path.resolve(siteDir) + path.sep).href;
const pageUrl = (rel) => new URL(rel, site).href;

const browser = await launchBrowser();
const { page, problems } = await newPage(browser, { allowedOrigin: site });
const requested = [];
page.on('request', (r) => requested.push(r.url()));

/**
 * Wait until the status line in `scope` mentions `query` (quoted “…”, or «…» in Spanish);
 * the results listed there.
 */
async function results(scope, query, [open, close] = ['“', '”']) {
  const quoted = `${open}${query}${close}`;
  await page.waitForFunction(
    ([scope, q]) => {
      const s = document.querySelector(`${scope} [role="status"]`);
      return s && s.textContent.includes(q) || (s && /not available|no está disponible/.test(s.textContent));
    },
    [scope, quoted],
    { timeout: 10_000 },
  );
  const status = await page.locator(`${scope} [role="status"]`).textContent();
  assert(status.includes(quoted), `status says "${status}"`);
  return page.locator(`${scope} .search-results li`).evaluateAll((items) =>
    items.map((li) => ({
      href: li.querySelector('a').href,
      title: li.querySelector('.search-title')?.textContent ?? '',
      heading: li.querySelector('.search-heading')?.textContent ?? '',
    })),
  );
}

/** Every result links to a page file of the site that exists. */
function assertLinksOnDisk(found) {
  for (const r of found) {
    const u = new URL(r.href);
    assert(r.href.startsWith(site), `${r.href} is outside the site folder`);
    assert(u.pathname.endsWith('/index.html'), `${r.href} does not name a page file`);
    const file = fileURLToPath(new URL(u.pathname, site));
    assert(existsSync(file), `${r.href}: no file ${file}`);
  }
}

const header = 'header .search-panel';
const box = page.locator('#site-search');

async function typeQuery(locator, text) {
  await locator.fill('');
  await locator.pressSequentially(text, { delay: 15 });
}

try {
  await check('lazy: nothing of the search loads before the visitor starts searching', async () => {
    await page.goto(pageUrl('index.html'));
    await page.waitForLoadState('load');
    const early = requested.filter((u) => /search(\.js|\/)/.test(u.slice(site.length)));
    assert(early.length === 0, `loaded before any search: ${early.join(', ')}`);
    await box.focus();
    await page.waitForFunction(() => document.querySelector('header .search-panel'), null, { timeout: 10_000 });
  });

  let first;
  await check('header: "sleep" lists the sleep page first, every link a page file on disk', async () => {
    await typeQuery(box, 'sleep');
    const found = await results(header, 'sleep');
    assert(found.length > 0, 'no results for "sleep"');
    first = found[0];
    assert(first.href === pageUrl('benefits/sleep-energy/index.html'), `first result is ${first.href}`);
    assertLinksOnDisk(found);
  });

  await check('follow: a result opens its page from disk', async () => {
    await page.locator(`${header} a[href="${first.href}"]`).click();
    await page.waitForURL(first.href);
    const h1 = await page.locator('h1').first().textContent();
    assert(h1.trim() === first.title.trim(), `the page opened has h1 "${h1}", the result said "${first.title}"`);
    assert(await page.evaluate(() => document.styleSheets.length > 0 && getComputedStyle(document.body).margin !== ''),
      'the page opened has no stylesheet');
  });

  await check('follow: a result with a section opens its page at that heading', async () => {
    await page.goto(pageUrl('index.html'));
    await typeQuery(box, 'cortisol');
    const found = await results(header, 'cortisol');
    assertLinksOnDisk(found);
    const anchored = found.find((r) => new URL(r.href).hash && r.heading);
    assert(anchored, 'no result names a section');
    await page.locator(`${header} a[href="${anchored.href}"]`).click();
    await page.waitForURL(anchored.href);
    const id = decodeURIComponent(new URL(anchored.href).hash.slice(1));
    const heading = await page.evaluate((id) => {
      const el = document.getElementById(id);
      return el && /^H[2-6]$/.test(el.tagName) ? el.textContent : null;
    }, id);
    assert(heading && heading.includes(anchored.heading), `no heading #${id} reading "${anchored.heading}"`);
  });

  await check('typo: "arthritus" finds the joint pain page', async () => {
    await typeQuery(box, 'arthritus');
    const found = await results(header, 'arthritus');
    const pages = found.map((r) => r.href.split('#')[0]);
    assert(pages.includes(pageUrl('benefits/joint-pain/index.html')), `results: ${pages.join(', ')}`);
    assertLinksOnDisk(found);
  });

  await check('submit: Enter in the header box opens the search page with results', async () => {
    await page.goto(pageUrl('benefits/index.html'));
    await typeQuery(box, 'massage');
    await box.press('Enter');
    await page.waitForURL((u) => u.href.startsWith(pageUrl('search/index.html')));
    assert(new URL(page.url()).searchParams.get('q') === 'massage', `opened ${page.url()}`);
    const found = await results('#search-results', 'massage');
    assert(found.length > 0, 'no results on the search page');
    assertLinksOnDisk(found);
  });

  await check('page: search/index.html?q=sleep shows results, and both boxes search', async () => {
    await page.goto(`${pageUrl('search/index.html')}?q=sleep`);
    let found = await results('#search-results', 'sleep');
    assert(found[0]?.href === pageUrl('benefits/sleep-energy/index.html'), `first result is ${found[0]?.href}`);
    assertLinksOnDisk(found);
    await typeQuery(page.locator('#search-page-q'), 'cortisol');
    found = await results('#search-results', 'cortisol');
    assert(found.some((r) => r.href.startsWith(pageUrl('benefits/stress-relief/index.html'))),
      `no stress page among ${found.map((r) => r.href).join(', ')}`);
    assert(new URL(page.url()).searchParams.get('q') === 'cortisol', `the address is ${page.url()}`);
    await typeQuery(box, 'sleeping');
    found = await results(header, 'sleeping');
    assert(found[0]?.href === pageUrl('benefits/sleep-energy/index.html'), `header box: first result is ${found[0]?.href}`);
  });

  await check('es: "sueño" on a Spanish page lists the Spanish sleep page first, from disk', async () => {
    await page.goto(pageUrl('es/benefits/joint-pain/index.html'));
    await box.focus();
    await typeQuery(box, 'sueño');
    const found = await results(header, 'sueño', ['«', '»']);
    assert(found.length > 0, 'no results for "sueño"');
    assert(found[0].href === pageUrl('es/benefits/sleep-energy/index.html'), `first result is ${found[0].href}`);
    assertLinksOnDisk(found);
  });

  await check('clean: no console error, failed request or request outside the site folder', async () => {
    const unique = [...new Set(problems)];
    assert(unique.length === 0, `${unique.length} problems: ${unique.slice(0, 5).join('; ')}`);
  });
} finally {
  await browser.close();
}

finish(site);

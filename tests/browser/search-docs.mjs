#!/usr/bin/env node
// Real-browser checks of the search of relief's documentation site (docs/), served over HTTP
// or, with --file, a relative build opened from disk.
//
//   node search-docs.mjs SITE_DIR [--file]
//
//   lazy       nothing of the search loads before a visitor focuses the header box
//   header     typing "shortcode" into the header box lists the shortcodes guide, each
//              result linking to a page of the site (from disk: a page file that exists)
//   section    a result that names a section opens its page at that heading
//   none       a word that appears nowhere says clearly that nothing matched
//   page       the search page with ?q=diagnostic shows results, the diagnostics reference
//              among them
//   clean      no console error, failed request or request to another origin
//
// One line per check; exits 1 when any failed.

import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assert, checks, launchBrowser, newPage, requireTools, serveDir } from './lib.mjs';

const siteDir = process.argv[2];
const fromDisk = process.argv.includes('--file');
if (!siteDir) {
  console.error('usage: node search-docs.mjs SITE_DIR [--file]');
  process.exit(2);
}
requireTools();

const { check, finish } = checks();

const server = fromDisk ? null : await serveDir(siteDir);
const origin = fromDisk ? pathToFileURL(path.resolve(siteDir) + path.sep).href : `${server.url}/`;
/** The URL of a page of the site, by its folder (`guides/shortcodes/`). */
const pageUrl = (dir) => new URL(fromDisk ? `${dir}index.html` : dir, origin).href;
/** The folder of the site a result's URL leads to (`guides/shortcodes/`). */
const folderOf = (href) => {
  const u = new URL(href);
  const rel = decodeURIComponent(u.pathname).slice(new URL(origin).pathname.length);
  return rel.replace(/index\.html$/, '');
};

const browser = await launchBrowser();
const { page, problems } = await newPage(browser, { allowedOrigin: fromDisk ? origin : server.url });
const requested = [];
page.on('request', (r) => requested.push(r.url()));
const box = page.locator('#site-search');

/** Type `text` into the search box `input` and wait for the status line in `scope` to name it. */
async function search(input, scope, text) {
  await input.fill('');
  await input.pressSequentially(text, { delay: 15 });
  await page.waitForFunction(
    ([s, q]) => {
      const el = document.querySelector(`${s} [role="status"]`);
      return el && el.textContent.includes(`“${q}”`);
    },
    [scope, text],
    { timeout: 10_000 },
  );
  return page.locator(`${scope} .search-results li`).evaluateAll((items) =>
    items.map((li) => ({
      href: li.querySelector('a').href,
      heading: li.querySelector('.search-heading')?.textContent ?? '',
    })),
  );
}

let withSection;
try {
  await check('lazy: nothing loads before the visitor starts searching', async () => {
    await page.goto(pageUrl(''));
    await page.waitForLoadState('networkidle');
    const early = requested.filter((u) => /search(\.js|\/)/.test(u));
    assert(early.length === 0, `requested before any search: ${early.join(', ')}`);
    await box.focus();
    await page.waitForFunction(() => document.querySelector('header .search-panel'), null, { timeout: 10_000 });
  });

  await check('header: "shortcode" lists the shortcodes guide', async () => {
    const found = await search(box, 'header .search-panel', 'shortcode');
    const folders = found.map((r) => folderOf(r.href));
    assert(folders.includes('guides/shortcodes/'), `not among ${folders.join(', ')}`);
    if (fromDisk) {
      for (const r of found) {
        const file = fileURLToPath(new URL(r.href.split('#')[0]));
        assert(existsSync(file), `${r.href} is no file on disk`);
      }
    }
    withSection = found.find((r) => new URL(r.href).hash && r.heading);
    assert(withSection, 'no result names a section and links to its anchor');
  });

  await check('section: a result opens its page at the heading', async () => {
    const u = new URL(withSection.href);
    await page.locator(`header .search-panel a[href="${withSection.href}"]`).click();
    await page.waitForURL((url) => url.pathname === u.pathname);
    const heading = await page.evaluate((id) => {
      const el = document.getElementById(decodeURIComponent(id));
      return el && /^H[2-6]$/.test(el.tagName) ? el.textContent : null;
    }, u.hash.slice(1));
    assert(heading && heading.includes(withSection.heading), `no heading ${u.hash} reading "${withSection.heading}"`);
  });

  await check('none: a word found nowhere says so', async () => {
    await page.goto(pageUrl(''));
    await box.focus();
    await search(box, 'header .search-panel', 'zqxjvw');
    const status = await page.locator('header .search-panel [role="status"]').textContent();
    assert(/^No results for/.test(status), `the status reads "${status}"`);
  });

  await check('page: the search page shows results for ?q=', async () => {
    await page.goto(`${pageUrl('search/')}?q=diagnostic`);
    await page.waitForFunction(
      () => document.querySelectorAll('#search-results .search-results li').length > 0,
      null,
      { timeout: 10_000 },
    );
    const folders = await page.locator('#search-results .search-results a').evaluateAll((as) => as.map((a) => a.href));
    assert(folders.map(folderOf).includes('reference/diagnostics/'), `not among ${folders.join(', ')}`);
  });

  await check('clean: no console error or failed request', async () => {
    const real = problems.filter((p) => !/\(net::ERR_ABORTED\)$/.test(p));
    assert(real.length === 0, real.join('; '));
  });
} finally {
  await browser.close();
  if (server) await server.close();
}

finish(path.resolve(siteDir));

#!/usr/bin/env node
// Real-browser checks of relief's site search (static/search.js over the index in search/).
//
//   node search.mjs SITE_DIR
//
// Serves SITE_DIR on 127.0.0.1 and drives Debian's headless Chromium:
//
//   lazy       nothing of the search loads before a visitor focuses the header box
//   sleep      typing "sleep" shows the sleep page first, with a <mark>ed snippet
//   typo       "arthritus" and "cortizol" find the pages of the words they resemble,
//              and the status says the match is to similar words
//   cortisol   "cortisol" lists the stress and the anxiety pages; a result with a
//              section jumps to that heading's anchor
//   none       a word that appears nowhere says clearly that nothing matched
//   keyboard   ArrowDown reaches the results, Escape closes them and returns to the box
//   axe        axe-core finds no WCAG violation with the results open (light and dark)
//   page       /search/?q=sleeping shows results on the page, the sleep page first
//   axe        /search/ with results on the page and in the header passes axe-core too
//              (its two search landmarks have different names)
//   no-js      without JavaScript /search/ lists every topic
//   es         on a Spanish page, "sueño" searches the Spanish index (es/search/) and
//              shows the Spanish sleep page first, with a Spanish status line; /es/search/
//              does the same on the page; axe-core passes with the Spanish results open
//   clean      no console error, failed request or request to another origin
//
// One line per check; exits 1 when any failed.

import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { assert, AXE_OPTIONS, AXE_PATH, checks, launchBrowser, newPage, requireTools, serveDir } from './lib.mjs';

const siteDir = process.argv[2];
if (!siteDir) {
  console.error('usage: node search.mjs SITE_DIR');
  process.exit(2);
}
requireTools();

const { check, finish } = checks();

const server = await serveDir(siteDir);
const browser = await launchBrowser();
const { page, problems } = await newPage(browser, { allowedOrigin: server.url });
const box = page.locator('#site-search');
const panel = page.locator('header .search-panel');
const status = panel.locator('[role="status"]');

/** Type `text` into the header box key by key (results update as the visitor types). */
async function typeQuery(text) {
  await box.fill('');
  await box.pressSequentially(text, { delay: 15 });
}

/**
 * Wait until the status line mentions `query` (quoted as the page's language quotes: “…” in
 * English, «…» in Spanish) and the results are settled.
 */
async function results(query, [open, close] = ['“', '”']) {
  await page.waitForFunction(
    (quoted) => {
      const s = document.querySelector('header .search-panel [role="status"]');
      return s && s.textContent.includes(quoted);
    },
    `${open}${query}${close}`,
    { timeout: 10_000 },
  );
  return panel.locator('.search-results li').evaluateAll((items) =>
    items.map((li) => ({
      href: li.querySelector('a').href,
      title: li.querySelector('.search-title')?.textContent ?? '',
      heading: li.querySelector('.search-heading')?.textContent ?? '',
      marks: [...li.querySelectorAll('p mark')].map((m) => m.textContent),
    })),
  );
}

try {
  await check('lazy: nothing loads before the visitor starts searching', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForLoadState('networkidle');
    const early = server.requests.filter((r) => /search(\.js|\/)/.test(r.path));
    assert(early.length === 0, `requested before any search: ${early.map((r) => r.path).join(', ')}`);
    await box.focus();
    await page.waitForFunction(() => document.querySelector('header .search-panel'), null, { timeout: 10_000 });
    assert(server.requests.some((r) => r.path.startsWith('/search.js')), 'search.js was not loaded on focus');
  });

  await check('sleep: the sleep page comes first, with highlighted words', async () => {
    await typeQuery('sleep');
    const found = await results('sleep');
    assert(found.length > 0, 'no results for "sleep"');
    assert(new URL(found[0].href).pathname === '/benefits/sleep-energy/', `first result is ${found[0].href}`);
    assert(found.some((r) => r.marks.some((m) => /^sleep/i.test(m))), 'no snippet marks a "sleep" word');
    assert(await panel.evaluate((p) => getComputedStyle(p).display !== 'none' && p.getBoundingClientRect().height > 50),
      'the results panel is not visible');
  });

  await check('sleep: stems match ("sleeping" finds the sleep page first)', async () => {
    await typeQuery('sleeping ');
    const found = await results('sleeping');
    assert(found.length > 0 && new URL(found[0].href).pathname === '/benefits/sleep-energy/',
      `first result is ${found[0]?.href}`);
  });

  let anchored;
  await check('cortisol: the stress and anxiety pages are found', async () => {
    await typeQuery('cortisol');
    const found = await results('cortisol');
    const paths = found.map((r) => new URL(r.href).pathname);
    for (const p of ['/benefits/stress-relief/', '/benefits/anxiety-depression/']) {
      assert(paths.includes(p), `${p} missing from ${paths.join(', ')}`);
    }
    anchored = found.find((r) => new URL(r.href).hash && r.heading);
    assert(anchored, 'no result names a section and links to its anchor');
  });

  await check('cortisol: a result jumps to its section heading', async () => {
    const u = new URL(anchored.href);
    await panel.locator(`a[href="${anchored.href}"]`).click();
    await page.waitForURL((url) => url.pathname === u.pathname);
    const heading = await page.evaluate((id) => {
      const el = document.getElementById(decodeURIComponent(id));
      return el && /^H[2-6]$/.test(el.tagName) ? el.textContent : null;
    }, u.hash.slice(1));
    assert(heading && heading.includes(anchored.heading), `no heading ${u.hash} reading "${anchored.heading}"`);
    await page.goBack();
  });

  await check('typo: a misspelt word finds pages with the word it resembles, and says so', async () => {
    for (const [typo, path] of [['arthritus', '/benefits/joint-pain/'], ['cortizol', '/benefits/stress-relief/']]) {
      await typeQuery(typo);
      const found = await results(typo);
      const paths = found.map((r) => new URL(r.href).pathname);
      assert(paths.includes(path), `"${typo}": ${path} missing from ${paths.join(', ')}`);
      const text = await status.textContent();
      assert(/similar words/.test(text), `"${typo}": status says "${text}"`);
      assert(found.some((r) => r.marks.length > 0), `"${typo}": no snippet marks the similar word`);
    }
    // A word that is found as written is not said to be similar.
    await typeQuery('cortisol ');
    await results('cortisol');
    assert(!/similar/.test(await status.textContent()), 'an exact match called similar');
  });

  await check('none: a word that appears nowhere gets a clear message', async () => {
    await box.focus();
    await typeQuery('xylophonequartz');
    await results('xylophonequartz');
    const text = await status.textContent();
    assert(/no results/i.test(text), `status says "${text}"`);
    assert((await panel.locator('.search-results li').count()) === 0, 'results listed anyway');
  });

  await check('keyboard: arrows reach the results, Escape closes them', async () => {
    await typeQuery('massage');
    await results('massage');
    await box.press('ArrowDown');
    let focused = await page.evaluate(() => document.activeElement.closest('.search-results') !== null);
    assert(focused, 'ArrowDown did not move focus into the results');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    focused = await page.evaluate(() => document.activeElement.id);
    assert(focused === 'site-search', `ArrowUp from the first result focused #${focused}`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    assert(await page.evaluate(() => document.activeElement.id === 'site-search'), 'focus did not return to the box');
    assert(!(await panel.evaluate((p) => p.classList.contains('open'))), 'Escape did not close the results');
    assert((await panel.locator('.search-results li').count()) === 0, 'results still listed after Escape');
    assert((await box.inputValue()) === 'massage', 'Escape cleared the query');
  });

  await check('axe: no WCAG violation with the results open', async () => {
    await typeQuery('sleep');
    await results('sleep');
    await page.addScriptTag({ content: await readFile(AXE_PATH, 'utf8') });
    const violations = await page.evaluate(async (options) => {
      const r = await globalThis.axe.run(document, options);
      return r.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    }, AXE_OPTIONS);
    assert(violations.length === 0, violations.join('; '));
  });

  await check('axe: no WCAG violation with the results open, dark colour scheme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const violations = await page.evaluate(async (options) => {
      const r = await globalThis.axe.run(document, options);
      return r.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    }, AXE_OPTIONS);
    await page.emulateMedia({ colorScheme: 'light' });
    assert(violations.length === 0, violations.join('; '));
  });

  await check('page: /search/?q=sleeping shows results on the page', async () => {
    await page.goto(`${server.url}/search/?q=sleeping`);
    await page.waitForFunction(() => {
      const s = document.querySelector('#search-results [role="status"]');
      return s && s.textContent.includes('sleeping');
    }, null, { timeout: 10_000 });
    const first = await page.locator('#search-results .search-results a').first().getAttribute('href');
    assert(first && new URL(first, server.url).pathname === '/benefits/sleep-energy/', `first result is ${first}`);
    assert((await page.locator('#search-page-q').inputValue()) === 'sleeping', 'the query is not in the page box');
    await page.locator('#search-page-q').fill('cortisol');
    await page.waitForFunction(() => document.querySelector('#search-results [role="status"]').textContent.includes('cortisol'));
    assert(new URL(page.url()).searchParams.get('q') === 'cortisol', `the address is ${page.url()}`);
  });

  await check('axe: /search/ with results on the page and in the header passes (landmarks named apart)', async () => {
    await box.focus();
    await typeQuery('sleep');
    await results('sleep');
    await page.addScriptTag({ content: await readFile(AXE_PATH, 'utf8') });
    const violations = await page.evaluate(async (options) => {
      const r = await globalThis.axe.run(document, options);
      return r.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    }, AXE_OPTIONS);
    assert(violations.length === 0, violations.join('; '));
  });

  await check('es: "sueño" on a Spanish page finds the Spanish sleep page first', async () => {
    await page.goto(`${server.url}/es/benefits/joint-pain/`);
    await box.focus();
    await typeQuery('sueño');
    const found = await results('sueño', ['«', '»']);
    assert(found.length > 0, 'no results for "sueño"');
    assert(new URL(found[0].href).pathname === '/es/benefits/sleep-energy/', `first result is ${found[0].href}`);
    assert(found.every((r) => new URL(r.href).pathname.startsWith('/es/')), 'a result is not a Spanish page');
    assert(found.some((r) => r.marks.some((m) => /^sueñ/i.test(m))), 'no snippet marks a "sueño" word');
    const text = await status.textContent();
    assert(/^\d+ páginas? tienen? «sueño»/.test(text), `status says "${text}"`);
    assert(server.requests.some((r) => r.path.startsWith('/es/search/index.js')), 'the Spanish index was not loaded');
    assert((await panel.locator('.search-results').getAttribute('aria-label')) === 'Resultados de la búsqueda',
      'the results list is not named in Spanish');
  });

  await check('es: stems match ("dormir" and "sueños" find the sleep page; no English stemming)', async () => {
    await typeQuery('sueños ');
    let found = await results('sueños', ['«', '»']);
    assert(found.length > 0 && new URL(found[0].href).pathname === '/es/benefits/sleep-energy/',
      `"sueños": first result is ${found[0]?.href}`);
    await typeQuery('xilófonocuarzo');
    await results('xilófonocuarzo', ['«', '»']);
    const text = await status.textContent();
    assert(/^No hay resultados/.test(text), `status says "${text}"`);
  });

  await check('axe: no WCAG violation with Spanish results open', async () => {
    await typeQuery('sueño');
    await results('sueño', ['«', '»']);
    await page.addScriptTag({ content: await readFile(AXE_PATH, 'utf8') });
    const violations = await page.evaluate(async (options) => {
      const r = await globalThis.axe.run(document, options);
      return r.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    }, AXE_OPTIONS);
    assert(violations.length === 0, violations.join('; '));
  });

  await check('es: /es/search/?q=sueño shows Spanish results on the page', async () => {
    await page.goto(`${server.url}/es/search/?q=${encodeURIComponent('sueño')}`);
    await page.waitForFunction(() => {
      const s = document.querySelector('#search-results [role="status"]');
      return s && s.textContent.includes('«sueño»');
    }, null, { timeout: 10_000 });
    const first = await page.locator('#search-results .search-results a').first().getAttribute('href');
    assert(first && new URL(first, server.url).pathname === '/es/benefits/sleep-energy/', `first result is ${first}`);
  });

  await check('clean: no console error or failed request', async () => {
    // A request still in flight when a result link navigates away (the favicon, say) is
    // aborted by the browser; that is navigation, not a fault.
    const real = problems.filter((p) => !/\(net::ERR_ABORTED\)$/.test(p));
    assert(real.length === 0, real.join('; '));
  });

  await check('no-js: /search/ lists every topic without JavaScript', async () => {
    const { context, page: plain } = await newPage(browser, {
      allowedOrigin: server.url,
      contextOptions: { javaScriptEnabled: false },
    });
    await plain.goto(`${server.url}/search/?q=sleep`);
    const links = await plain.locator('main .topic-index a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const p of ['/benefits/sleep-energy/', '/benefits/stress-relief/', '/benefits/anxiety-depression/']) {
      assert(links.includes(p), `${p} is not listed (${links.length} links)`);
    }
    await context.close();
  });
} finally {
  await browser.close();
  await server.close();
}

finish(path.resolve(siteDir));

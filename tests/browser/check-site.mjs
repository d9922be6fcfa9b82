#!/usr/bin/env node
// Real-browser checks of a built relief site.
//
//   node check-site.mjs SITE_DIR [--concurrency N] [--screenshots DIR] [--verbose]
//
// Serves SITE_DIR on 127.0.0.1, drives Debian's headless Chromium through
// playwright-core and checks every page (each index.html, plus 404.html and
// each language's es/404.html, visited as visitors meet them: at a missing,
// nested URL under their folder, status 404):
//
//   load       loads with the expected status, no console error, no uncaught
//              exception, no failed request, no request to another origin
//   overflow   no horizontal scrolling at 320, 768 and 1280 px
//   light/dark the body background is light (luminance > 0.8) by default and
//              dark (< 0.2) with prefers-color-scheme: dark
//   axe-light  axe-core (WCAG 2.0/2.1 A and AA, 2.2 AA, and the landmark rules, such as
//              distinct names for two search landmarks): no violation
//   axe-dark   the same in the dark colour scheme
//   nu         the Nu HTML checker (vnu.jar, on the system Java): no error
//   chart      each evidence chart (figure.evidence-chart) says the same in its bars as in
//              its table: the same claims with the same ratings in the same order, each
//              rating filling the same number of segments everywhere; the drawing is hidden
//              from assistive technology and takes up room on the screen
//   phone      at 390 x 844 the page's h1 starts in the top 40% of the screen (the menu
//              must leave the first screen to the page)
//   nav        from the home page, clicking each `header nav a` (opening a
//              closed <details> menu first, as a visitor would) and each card
//              link in `main` opens a page (200, has an h1) and Back returns home
//
// One line per failure, then `N passed, M failed` (counted in checks); exits 1
// when anything failed. --screenshots DIR saves the home page and the first
// other page at phone and desktop widths, light and dark.

import path from 'node:path';
import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import {
  AXE_OPTIONS,
  AXE_PATH,
  CONTEXT_DEFAULTS,
  VNU_JAR,
  findPages,
  launchBrowser,
  newPage,
  pageBackground,
  relativeLuminance,
  requireTools,
  run,
  serveDir,
  watchedPage,
} from './lib.mjs';

const WIDTHS = [320, 768, 1280];
const MISSING_URL = '/no-such-folder/no-such-page/';

function usage(msg) {
  if (msg) console.error(`check-site: ${msg}`);
  console.error('usage: node check-site.mjs SITE_DIR [--concurrency N] [--screenshots DIR] [--verbose]');
  process.exit(2);
}

const opts = { concurrency: Number(process.env.RELIEF_BROWSER_CONCURRENCY) || 3, screenshots: null, verbose: false };
let siteDir = null;
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--concurrency') opts.concurrency = Number(argv[++i]) || usage('--concurrency needs a number');
    else if (a === '--screenshots') opts.screenshots = argv[++i] ?? usage('--screenshots needs a directory');
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--help' || a === '-h') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (siteDir === null) siteDir = a;
    else usage('only one SITE_DIR');
  }
  if (siteDir === null) usage('SITE_DIR is required');
}
siteDir = path.resolve(siteDir);
if (!existsSync(siteDir) || !(await stat(siteDir)).isDirectory()) usage(`${siteDir} is not a directory`);

// --- results ---------------------------------------------------------------

let passed = 0;
let failed = 0;
const failureLines = [];

/** Record one check: `problems` is a list of messages, empty when it passed. */
function record(check, page, problems) {
  if (problems.length === 0) {
    passed++;
    if (opts.verbose) console.log(`ok    ${check.padEnd(9)} ${page}`);
    return;
  }
  failed++;
  for (const p of problems) {
    const line = `FAIL  ${check.padEnd(9)} ${page}  ${p}`;
    failureLines.push(line);
    console.log(line);
  }
}

// --- Nu HTML checker (runs in parallel with the browser) ---------------------

async function runNu(pages) {
  const fileToPage = new Map(
    pages.map((p) => [path.join(siteDir, p.endsWith('/') ? p + 'index.html' : p.slice(1)), p]),
  );
  if (!existsSync(VNU_JAR)) {
    record('nu', '(site)', [`${VNU_JAR} is missing - run scripts/test`]);
    return;
  }
  let res;
  try {
    res = await run('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', '--skip-non-html', siteDir]);
  } catch (err) {
    record('nu', '(site)', [`cannot run java (${err.code ?? err.message}) - run scripts/test, which installs a JRE`]);
    return;
  }
  let messages;
  try {
    messages = JSON.parse(res.stderr || res.stdout).messages;
  } catch {
    record('nu', '(site)', [`vnu exited with ${res.code} and no JSON: ${(res.stderr || res.stdout).slice(0, 500)}`]);
    return;
  }
  const byFile = new Map();
  for (const m of messages) {
    if (m.type === 'info') continue; // warnings and notes; --errors-only should not emit them
    let file = m.url ? decodeURIComponent(m.url.replace(/^file:(\/\/)?/, '')) : '(unknown file)';
    if (!file.startsWith('/')) file = '/' + file;
    if (!byFile.has(file)) byFile.set(file, []);
    const where = m.lastLine ? `:${m.firstLine ?? m.lastLine}` + (m.firstLine && m.firstLine !== m.lastLine ? `-${m.lastLine}` : '') : '';
    const col = m.firstColumn ?? m.lastColumn;
    const rel = path.relative(siteDir, file);
    const extract = m.extract ? `  [${m.extract.replace(/\s+/g, ' ').trim().slice(0, 120)}]` : '';
    byFile.get(file).push(`${rel}${where}${col ? ':' + col : ''}: ${m.type === 'error' ? '' : m.type + ': '}${m.message}${extract}`);
  }
  for (const [file, page] of fileToPage) {
    record('nu', page, byFile.get(file) ?? []);
    byFile.delete(file);
  }
  for (const [file, problems] of byFile) record('nu', path.relative(siteDir, file) || file, problems);
  if (res.code !== 0 && messages.length === 0) {
    record('nu', '(site)', [`vnu exited with ${res.code}: ${res.stderr.slice(0, 500)}`]);
  }
}

// --- per-page checks -------------------------------------------------------

async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(async (options) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { ...options, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, AXE_OPTIONS);
  const lines = [];
  for (const v of result) {
    for (const n of v.nodes) {
      const why = (n.summary || '').split('\n').slice(1).map((s) => s.trim()).filter(Boolean).join('; ');
      lines.push(`${v.id} (${v.impact}) at \`${n.target}\`: ${v.help}${why ? ' - ' + why : ''}`);
    }
  }
  return lines;
}

async function overflowAt(page, width) {
  await page.setViewportSize({ width, height: 800 });
  return page.evaluate(() => {
    const root = document.documentElement;
    const { scrollWidth, clientWidth } = root;
    if (scrollWidth <= clientWidth) return null;
    // Name the outermost elements that stick out, to help whoever fixes it.
    const culprits = [];
    const describe = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += '#' + el.id;
      else if (el.classList.length) s += '.' + [...el.classList].join('.');
      return s;
    };
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= clientWidth + 0.5) continue;
      const parent = el.parentElement;
      if (parent && parent !== document.body && parent.getBoundingClientRect().right > clientWidth + 0.5) continue;
      culprits.push(`${describe(el)} (right edge ${Math.round(r.right)}px)`);
      if (culprits.length >= 3) break;
    }
    return { scrollWidth, clientWidth, culprits };
  });
}

/** What differs between the bars and the table of each evidence chart on the page. */
async function chartProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const text = (el) => (el?.textContent ?? '').trim().replace(/\s+/g, ' ');
    document.querySelectorAll('figure.evidence-chart').forEach((figure, i) => {
      const name = `chart ${i + 1}`;
      const svg = figure.querySelector('svg');
      if (!svg) {
        problems.push(`${name} has no svg`);
        return;
      }
      if (svg.getAttribute('aria-hidden') !== 'true') problems.push(`${name}: the svg is not aria-hidden, so screen readers would hear the chart and its table`);
      if (svg.getBoundingClientRect().height < 1) problems.push(`${name}: the svg takes no room on the screen`);
      const bars = [...svg.querySelectorAll('.chart-row')].map((g) => ({
        claim: text(g.querySelector('.chart-claim')),
        rating: text(g.querySelector('.chart-level')),
        filled: g.querySelectorAll('.chart-on').length,
        steps: g.querySelectorAll('.chart-step').length,
        drawn: [...g.querySelectorAll('.chart-step')].every((r) => r.getBoundingClientRect().width > 0),
      }));
      const rows = [...figure.querySelectorAll('table tbody tr')].map((tr) => ({
        claim: text(tr.querySelector('th')),
        rating: text(tr.querySelector('td')),
      }));
      if (bars.length === 0) problems.push(`${name} draws no bar`);
      if (bars.length !== rows.length) problems.push(`${name} draws ${bars.length} bars but its table has ${rows.length} rows`);
      const fillOf = new Map();
      bars.forEach((bar, j) => {
        const row = rows[j];
        if (row && (row.claim !== bar.claim || row.rating !== bar.rating)) {
          problems.push(`${name}, row ${j + 1}: the bar shows "${bar.claim}: ${bar.rating}", the table "${row.claim}: ${row.rating}"`);
        }
        if (!bar.drawn) problems.push(`${name}, row ${j + 1}: a segment of "${bar.claim}" is not drawn`);
        if (bar.filled < 1 || bar.filled > bar.steps) problems.push(`${name}, row ${j + 1}: ${bar.filled} of ${bar.steps} segments filled`);
        if (fillOf.has(bar.rating) && fillOf.get(bar.rating) !== bar.filled) {
          problems.push(`${name}, row ${j + 1}: "${bar.rating}" fills ${bar.filled} segments here and ${fillOf.get(bar.rating)} above`);
        }
        fillOf.set(bar.rating, bar.filled);
      });
    });
    return problems;
  });
}

/** Where the page's h1 starts on a 390 x 844 phone screen: a problem when below the top 40%. */
async function phoneProblems(page) {
  await page.setViewportSize({ width: 390, height: 844 });
  const top = await page.evaluate(() => {
    window.scrollTo(0, 0);
    const h1 = document.querySelector('main h1') ?? document.querySelector('h1');
    return h1 ? h1.getBoundingClientRect().top : null;
  });
  if (top === null) return []; // the nav check reports pages without an h1
  return top > 844 * 0.4 ? [`at 390 x 844 the h1 starts ${Math.round(top)}px down, below the top 40% of the screen`] : [];
}

async function checkPage(context, server, p) {
  // A 404 page is checked as visitors meet it: at a missing, nested URL under its folder.
  const notFound = p.endsWith('/404.html');
  const url = server.url + (notFound ? p.slice(0, -'/404.html'.length) + MISSING_URL : p);
  const expected = notFound ? 404 : 200;
  const { page, problems } = await watchedPage(context, {
    allowedOrigin: server.url,
    expectStatus: expected === 404 ? { [url]: 404 } : {},
  });
  try {
    const resp = await page.goto(url, { waitUntil: 'load' });
    if (!resp) problems.push('no response');
    else if (resp.status() !== expected) problems.push(`status ${resp.status()}, expected ${expected}`);

    const overflow = [];
    for (const w of WIDTHS) {
      const o = await overflowAt(page, w);
      if (o) overflow.push(`at ${w}px the page is ${o.scrollWidth}px wide (viewport ${o.clientWidth}px): ${o.culprits.join(', ') || 'no single element found'}`);
    }
    record('overflow', p, overflow);
    record('phone', p, await phoneProblems(page));
    record('chart', p, await chartProblems(page));

    await page.setViewportSize({ width: 1280, height: 800 });
    const bgLight = await pageBackground(page);
    const lumLight = relativeLuminance(bgLight);
    record('light', p, lumLight > 0.8 ? [] : [`background rgb(${bgLight.map(Math.round).join(', ')}) has luminance ${lumLight.toFixed(3)}, expected > 0.8`]);
    record('axe-light', p, await runAxe(page));

    // The same page with prefers-color-scheme: dark.
    await page.emulateMedia({ colorScheme: 'dark' });
    await settle(page);
    const bgDark = await pageBackground(page);
    const lumDark = relativeLuminance(bgDark);
    record('dark', p, lumDark < 0.2 ? [] : [`background rgb(${bgDark.map(Math.round).join(', ')}) has luminance ${lumDark.toFixed(3)}, expected < 0.2`]);
    record('axe-dark', p, await runAxe(page));
  } catch (err) {
    problems.push(`error during the checks: ${err.message.split('\n')[0]}`);
  } finally {
    await page.close();
  }
  record('load', p, problems);
}

/** Wait until CSS transitions and animations (e.g. after a colour-scheme switch) have finished. */
async function settle(page) {
  await page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const running = document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
    await Promise.race([Promise.all(running.map((a) => a.finished.catch(() => {}))), new Promise((r) => setTimeout(r, 2000))]);
  });
}

// --- navigation from the home page ------------------------------------------

/**
 * Open the closed <details> around a hidden link by clicking their summaries,
 * as a visitor opens a "Menu" disclosure before choosing a link.
 */
async function openDisclosures(link) {
  for (let i = 0; i < 4 && !(await link.isVisible()); i++) {
    const summary = await link.evaluateHandle((a) => {
      let outer = null;
      for (let d = a.closest('details:not([open])'); d; d = d.parentElement?.closest('details:not([open])')) outer = d;
      return outer ? outer.querySelector(':scope > summary') : null;
    });
    const el = summary.asElement();
    if (!el || !(await el.isVisible())) break;
    await el.click();
  }
  return link.isVisible();
}

const CARD_SELECTORS = ['main a[href][class*="card"], main [class*="card"] a[href]', 'main article a[href]'];
// Desktop, then phone: a menu may be an open band on one and a disclosure on the other.
// Every link is clicked at the first width where it is visible.
const NAV_VIEWPORTS = [
  ['1280px', { width: 1280, height: 800 }],
  ['360px', { width: 360, height: 740 }],
];

/** The links to click on the home page: [{ selector, index, href, label, kind }]. */
async function navTargets(page) {
  const targets = [];
  const seen = new Set();
  const collect = async (selector, kind) => {
    const links = await page.$$eval(selector, (as) => as.map((a) => [a.href, (a.textContent || '').trim().replace(/\s+/g, ' ')]));
    links.forEach(([href, label], index) => {
      const key = `${kind}:${href.split('#')[0]}`;
      if (seen.has(key)) return;
      seen.add(key);
      targets.push({ selector, index, href, label, kind });
    });
    return links.length;
  };
  const header = await collect('header nav a[href]', 'header nav');
  let cards = 0;
  for (const sel of CARD_SELECTORS) {
    cards = await collect(sel, 'card');
    if (cards) break;
  }
  return { targets, header, cards };
}

async function checkNavigation(browser, server) {
  const home = server.url + '/';
  const clicked = new Map(); // target key -> clicked at some width
  let allTargets = [];
  for (const [widthName, viewport] of NAV_VIEWPORTS) {
    const { context, page } = await newPage(browser, { allowedOrigin: server.url, contextOptions: { viewport } });
    page.setDefaultTimeout(10_000);
    try {
      await page.goto(home, { waitUntil: 'load' });
      const homeH1 = (await page.locator('h1').first().textContent().catch(() => null))?.trim() ?? null;
      const { targets, header, cards } = await navTargets(page);
      const firstWidth = widthName === NAV_VIEWPORTS[0][0];
      if (firstWidth) {
        allTargets = targets;
        if (header === 0) record('nav', '/', ['no links in `header nav`']);
        if (cards === 0) record('nav', '/', ['no card links in `main` (looked for `main [class*=card] a`, `main a[class*=card]`, `main article a`)']);
      }
      // At the first width click everything; at the others only what was hidden
      // so far, and one header link (to prove the menu works there too).
      const sample = targets.find((t) => t.kind === 'header nav' && t.href.split('#')[0] !== home);
      for (const t of targets) {
        const key = `${t.kind}:${t.href}`;
        if (!firstWidth && clicked.get(key) === true && t !== sample) continue;
        const dest = new URL(t.href);
        const where = dest.origin === server.url ? dest.pathname + dest.search + dest.hash : t.href;
        const name = `${t.kind} link "${t.label.slice(0, 40)}" clicked on the home page at ${widthName}`;
        if (dest.origin !== server.url) {
          if (!clicked.has(key)) record('nav', where, [`${t.kind} link "${t.label.slice(0, 40)}" on the home page points to another origin`]);
          clicked.set(key, true);
          continue;
        }
        const issues = [];
        try {
          if (page.url().split('#')[0] !== home) await page.goto(home, { waitUntil: 'load' });
          const link = page.locator(t.selector).nth(t.index);
          if (!(await openDisclosures(link))) {
            // Hidden at this width by design (e.g. "Home" in a desktop band); must be clickable at another.
            if (!clicked.has(key)) clicked.set(key, false);
            continue;
          }
          clicked.set(key, true);
          const toHome = dest.href.split('#')[0] === home;
          const navResponse = page
            .waitForResponse(
              (r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400),
            )
            .catch((err) => err);
          await link.click();
          const resp = await navResponse;
          if (resp instanceof Error) throw new Error(`clicking did not navigate: ${resp.message.split('\n')[0]}`);
          await page.waitForLoadState('load');
          if (resp.status() !== 200) issues.push(`destination answered ${resp.status()}`);
          if (page.url().split('#')[0] !== dest.href.split('#')[0]) issues.push(`ended at ${page.url()}`);
          if ((await page.locator('h1').count()) === 0) issues.push('destination has no h1');

          // A link to the home page itself replaces the history entry: nothing to go back to.
          if (!toHome) {
            await page.goBack({ waitUntil: 'load' });
            if (page.url().split('#')[0] !== home) issues.push(`Back went to ${page.url()}, not the home page`);
            else {
              const h1 = (await page.locator('h1').first().textContent().catch(() => null))?.trim() ?? null;
              if (h1 !== homeH1) issues.push(`after Back the h1 is "${h1}", expected "${homeH1}"`);
            }
          }
        } catch (err) {
          issues.push(err.message.split('\n')[0]);
        }
        // Console and request problems of each page are the `load` check's business.
        record('nav', where, issues.map((i) => `${name}: ${i}`));
      }
    } catch (err) {
      record('nav', '/', [`cannot load the home page at ${widthName}: ${err.message.split('\n')[0]}`]);
    } finally {
      await context.close();
    }
  }
  for (const t of allTargets) {
    if (clicked.get(`${t.kind}:${t.href}`) === false) {
      record('nav', new URL(t.href).pathname, [
        `${t.kind} link "${t.label.slice(0, 40)}" on the home page is not visible at ${NAV_VIEWPORTS.map((v) => v[0]).join(' or ')}, even after opening its menu`,
      ]);
    }
  }
}

// --- screenshots -------------------------------------------------------------

async function screenshots(browser, server, pages, dir) {
  await mkdir(dir, { recursive: true });
  const chosen = pages.filter((p) => !p.endsWith('/404.html'));
  // The home page and the deepest page listed first (usually a topic).
  const shots = [chosen[0], chosen.slice(1).sort((a, b) => b.split('/').length - a.split('/').length)[0]].filter(Boolean);
  for (const p of shots) {
    for (const [device, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 800 }]]) {
      for (const scheme of ['light', 'dark']) {
        const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.goto(server.url + p, { waitUntil: 'load' });
        const slug = p === '/' ? 'home' : p.replace(/^\/|\/$/g, '').replace(/[/.]/g, '_');
        const file = path.join(dir, `${slug}-${device}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await context.close();
        console.log(`screenshot ${file}`);
      }
    }
  }
}

// --- main ----------------------------------------------------------------------

const started = Date.now();
// A hung browser must not hang the test suite.
const WATCHDOG_SECONDS = Number(process.env.RELIEF_BROWSER_TIMEOUT) || 300;
setTimeout(() => {
  console.log(`FAIL  setup     the checks did not finish within ${WATCHDOG_SECONDS} s`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}, WATCHDOG_SECONDS * 1000).unref();
try {
  requireTools();
} catch (err) {
  console.log(`FAIL  setup     ${err.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const server = await serveDir(siteDir);
const pages = await findPages(siteDir);
console.log(`checking ${pages.length} pages of ${siteDir} at ${server.url}`);
const nu = runNu(pages);
let browser;
try {
  browser = await launchBrowser();
  if (!pages.includes('/')) record('load', '/', ['the site has no index.html at its root']);
  if (!pages.includes('/404.html')) record('load', '/404.html', ['the site has no 404.html']);
  // Pages in a few workers, each with its own context; navigation beside them.
  const queue = [...pages];
  const worker = async () => {
    const context = await browser.newContext({ ...CONTEXT_DEFAULTS, bypassCSP: true });
    try {
      while (queue.length) await checkPage(context, server, queue.shift());
    } finally {
      await context.close();
    }
  };
  await Promise.all([
    ...Array.from({ length: Math.max(1, Math.min(opts.concurrency, pages.length)) }, worker),
    pages.includes('/') ? checkNavigation(browser, server) : null,
  ]);
  if (opts.screenshots) await screenshots(browser, server, pages, path.resolve(opts.screenshots));
} catch (err) {
  record('setup', '(browser)', [err.stack || String(err)]);
} finally {
  await browser?.close();
  await nu;
  await server.close();
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`browser checks of ${pages.length} pages took ${seconds} s`);
if (failed) console.log(`${failureLines.length} problems in ${failed} failed checks`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

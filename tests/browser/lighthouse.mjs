#!/usr/bin/env node
// Lighthouse on a built relief site, as on a phone.
//
//   node lighthouse.mjs SITE_DIR PORT PAGES_JSON
//
// Serves SITE_DIR on 127.0.0.1:PORT (the port the site was built for, so that its
// canonical, hreflang and feed links name the server), gzipping text as static hosts do,
// launches Debian's Chromium once through chrome-launcher and runs Lighthouse's default
// configuration, the mobile one (a Moto G Power's screen, slow 4G and a 4× slower CPU,
// simulated), on each page in turn. PAGES_JSON is an array of
//
//   { "name": "home", "path": "/" }                        a page that must score 100
//   { "name": "search", "path": "/search/", "noindex": true }
//   { "name": "404", "path": "/no-such-page/", "status": 404, "noindex": true }
//
// Every page must score 100 (as Lighthouse rounds it) in performance, accessibility, best
// practices and SEO. A page that asks not to be indexed (`noindex`: a search page, the 404
// page) or is served with an error status (`status`: the 404 page) fails, by design, the
// SEO audit that looks for it (`is-crawlable`, `http-status-code`); and the browser logs a
// page's error status as a console error (`errors-in-console`, best practices). Those
// audits must fail, for that reason alone (the console must hold nothing but the page's own
// status), and the page's scores are counted without them, from every other audit.
//
// Nothing may move as the page loads: its cumulative layout shift must be 0 (Lighthouse
// scores up to 0.1 as good; issue 18 asks for no shift at all, from images or anything else).
//
// Prints one line per page with its four scores and its metrics, one `FAIL` line per
// category under 100 with every audit that cost points (id, score, title, value), and
// `N passed, M failed` (pages); exits 1 when anything failed.

import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, serveDir } from './lib.mjs';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = [
  ['first-contentful-paint', 'FCP'],
  ['largest-contentful-paint', 'LCP'],
  ['total-blocking-time', 'TBT'],
  ['cumulative-layout-shift', 'CLS'],
  ['speed-index', 'SI'],
];

function usage(msg) {
  if (msg) console.error(`lighthouse: ${msg}`);
  console.error('usage: node lighthouse.mjs SITE_DIR PORT PAGES_JSON');
  process.exit(2);
}

const [siteArg, portArg, pagesArg] = process.argv.slice(2);
if (!siteArg || !portArg || !pagesArg) usage();
const siteDir = path.resolve(siteArg);
if (!existsSync(siteDir)) usage(`${siteDir} does not exist`);
const port = Number(portArg);
if (!Number.isInteger(port) || port <= 0) usage(`${portArg} is not a port`);
let pages;
try {
  pages = JSON.parse(pagesArg);
} catch (err) {
  usage(`PAGES_JSON: ${err.message}`);
}
if (!Array.isArray(pages) || pages.length === 0) usage('PAGES_JSON must be a non-empty array');
if (!existsSync(CHROMIUM)) usage(`no Chromium at ${CHROMIUM}: run scripts/test, which installs it`);

/**
 * A category's score from its audits as Lighthouse computes it (the weighted mean of the
 * scored audits: an audit that does not apply, is manual or informative weighs nothing, one
 * that errored scores 0), over `refs` only.
 */
function categoryScore(refs, audits) {
  let sum = 0;
  let weights = 0;
  for (const ref of refs) {
    const audit = audits[ref.id];
    if (!audit || ['notApplicable', 'manual', 'informative'].includes(audit.scoreDisplayMode)) continue;
    sum += (audit.score ?? 0) * ref.weight;
    weights += ref.weight;
  }
  return weights ? sum / weights : 1;
}

/** The audits of `refs` that cost the page points, one line each. */
function costs(refs, audits) {
  return refs
    .filter((ref) => ref.weight > 0)
    .map((ref) => audits[ref.id])
    .filter((a) => a && a.score !== null && a.score < 1 &&
      !['notApplicable', 'manual', 'informative'].includes(a.scoreDisplayMode))
    .map((a) => `    ${a.id} (score ${a.score}): ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}` +
      (a.explanation ? ` — ${a.explanation}` : '') + (a.errorMessage ? ` — ${a.errorMessage}` : ''));
}

const server = await serveDir(siteDir, { port, gzip: true });
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: CHROMIUM_ARGS,
  logLevel: 'silent',
});
let passed = 0;
let failed = 0;
try {
  for (const page of pages) {
    const url = new URL(page.path, server.url).href;
    const problems = [];
    const { lhr } = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: CATEGORIES,
      // The 404 page is tested where visitors meet it, served with status 404.
      ignoreStatusCode: Boolean(page.status),
    });
    if (lhr.runtimeError) {
      problems.push(`Lighthouse could not test the page: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    } else {
      // The SEO audits this page fails by design, and why.
      const designed = new Map();
      if (page.noindex) designed.set('is-crawlable', 'the page asks not to be indexed');
      if (page.status) {
        designed.set('http-status-code', `the page is served with status ${page.status}`);
        designed.set('errors-in-console', `the browser logs the page's status ${page.status} as an error`);
        const logged = lhr.audits['errors-in-console']?.details?.items ?? [];
        const others = logged.filter((i) => !(i.source === 'network' && i.sourceLocation?.url === url &&
          (i.description ?? '').includes(`status of ${page.status}`)));
        for (const i of others) problems.push(`console error: ${i.source}: ${i.description} (${i.sourceLocation?.url ?? 'no URL'})`);
      }
      for (const [id, why] of designed) {
        const audit = lhr.audits[id];
        if (!audit || audit.score !== 0) {
          problems.push(`${id} passed (score ${audit?.score}), but ${why}: it must fail`);
        }
      }
      const scores = [];
      for (const id of CATEGORIES) {
        const category = lhr.categories[id];
        const refs = category.auditRefs.filter((ref) => !designed.has(ref.id));
        const score = refs.length === category.auditRefs.length ? category.score : categoryScore(refs, lhr.audits);
        const shown = Math.round((score ?? 0) * 100);
        const without = category.auditRefs.filter((ref) => designed.has(ref.id)).map((ref) => ref.id);
        scores.push(`${id} ${shown}${without.length ? ` (without ${without.join(', ')})` : ''}`);
        if (shown !== 100) {
          problems.push(`${id} ${shown}:\n${costs(refs, lhr.audits).join('\n') || '    (no single audit: the weighted mean rounds below 100)'}`);
        }
      }
      const cls = lhr.audits['cumulative-layout-shift'];
      if (cls?.numericValue !== 0) {
        const shifted = (lhr.audits['layout-shifts']?.details?.items ?? [])
          .map((i) => `${i.node?.selector ?? i.node?.snippet ?? '?'} (${i.score})`);
        problems.push(`layout shift ${cls?.numericValue}: ${shifted.join(', ') || 'no element named'}`);
      }
      const metrics = METRICS.map(([id, short]) => {
        const audit = lhr.audits[id];
        return `${short} ${audit?.displayValue ?? '?'} (${audit?.score ?? '?'})`;
      }).join(', ');
      console.log(`${page.name} ${page.path}: ${scores.join(', ')}; ${metrics}`);
      for (const warning of lhr.runWarnings ?? []) console.log(`  warning: ${warning}`);
    }
    if (problems.length) {
      failed++;
      for (const p of problems) console.log(`FAIL ${page.name} ${page.path}: ${p}`);
    } else {
      passed++;
    }
  }
} finally {
  await chrome.kill();
  await server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

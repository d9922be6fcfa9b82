// Live reload in a real browser: `node serve-reload.mjs URL FILE [CSS_FILE]`.
//
// URL is a page served by `relief serve`, FILE the Markdown source of that page and
// CSS_FILE (optional) a stylesheet the page uses. In headless Chromium it checks that:
//   1. an edit to FILE makes the open page reload by itself and show the new text;
//   2. a change to CSS_FILE restyles the page without a reload, keeping the scroll position;
//   3. a broken edit shows the error overlay with file:line over the last good page, and
//      fixing the file removes it;
//   4. an edit that builds with a warning (a link to nothing) shows the warnings panel folded
//      in a corner, the page usable under it, opening it shows file:line, and fixing the
//      file removes it.
// FILE and CSS_FILE are restored at the end. Exits non-zero on the first failure.

import { readFile, writeFile } from 'node:fs/promises';
import { launchBrowser, newPage } from './lib.mjs';

const [url, file, cssFile] = process.argv.slice(2);
if (!url || !file) {
  console.error('usage: node serve-reload.mjs URL FILE [CSS_FILE]');
  process.exit(2);
}
const origin = new URL(url).origin;
const original = await readFile(file, 'utf8');
const originalCss = cssFile ? await readFile(cssFile, 'utf8') : null;
const TIMEOUT = 15_000;

function ok(what) {
  console.log(`ok   ${what}`);
}

/** Mark the current document; a reload forgets the mark. */
async function mark(page) {
  await page.evaluate(() => {
    window.__reliefMark = 'still the same document';
  });
}
async function marked(page) {
  return page.evaluate(() => window.__reliefMark === 'still the same document');
}

/** Open `url` and wait until its live-reload connection is up. */
async function open(page) {
  const connected = page.waitForResponse((r) => r.url() === `${origin}/__relief/events`, { timeout: TIMEOUT });
  await page.goto(url, { waitUntil: 'load' });
  const response = await connected;
  if (response.status() !== 200) throw new Error(`the live-reload endpoint answered ${response.status()}`);
}

const browser = await launchBrowser();
let failed = false;
try {
  const { page, problems } = await newPage(browser, { allowedOrigin: origin });

  // 1. An edit reloads the page by itself.
  await open(page);
  await mark(page);
  const token = `Live reload check ${Date.now()}`;
  await writeFile(file, `${original.trimEnd()}\n\n${token}.\n`);
  await page.waitForFunction((t) => document.body && document.body.innerText.includes(t), token, { timeout: TIMEOUT });
  if (await marked(page)) throw new Error('the new text appeared without a reload');
  ok('an edit to the source reloads the open page, which shows the new text');

  // 2. A stylesheet change restyles without a reload and keeps the scroll position.
  if (cssFile) {
    await page.setViewportSize({ width: 800, height: 300 });
    await page.evaluate(() => {
      document.body.style.minHeight = '3000px';
      window.scrollTo(0, 400);
    });
    await mark(page);
    const scrolled = await page.evaluate(() => window.scrollY);
    await writeFile(cssFile, `${originalCss}\nhtml { outline: 7px solid rgb(1, 2, 3); }\n`);
    await page.waitForFunction(() => getComputedStyle(document.documentElement).outlineColor === 'rgb(1, 2, 3)', null, { timeout: TIMEOUT });
    if (!(await marked(page))) throw new Error('the stylesheet change reloaded the page');
    const after = await page.evaluate(() => window.scrollY);
    if (after !== scrolled) throw new Error(`the scroll position moved from ${scrolled} to ${after}`);
    ok('a stylesheet change restyles the page without a reload and keeps the scroll position');
    await writeFile(cssFile, originalCss);
    await page.waitForFunction(() => getComputedStyle(document.documentElement).outlineColor !== 'rgb(1, 2, 3)', null, { timeout: TIMEOUT });
  }

  // 3. A broken edit shows the overlay over the last good page; fixing it clears it.
  await writeFile(file, `${original.trimEnd()}\n\nA [broken link](@/no/such/page.md).\n`);
  const overlay = page.locator('#relief-error-overlay');
  await overlay.waitFor({ state: 'visible', timeout: TIMEOUT });
  const text = await overlay.innerText();
  const shown = file.replace(/\\/g, '/').split('/content/').pop();
  if (!new RegExp(`content/${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`).test(text)) {
    throw new Error(`the overlay does not name content/${shown}:LINE:\n${text}`);
  }
  if (!text.includes('no/such/page.md')) throw new Error(`the overlay does not show the error:\n${text}`);
  ok('a broken edit shows the error overlay with file:line');
  if (!(await page.locator('body').innerText()).includes(token)) throw new Error('the last good page is no longer shown under the overlay');
  await mark(page);
  await writeFile(file, original);
  await overlay.waitFor({ state: 'detached', timeout: TIMEOUT });
  await page.waitForFunction((t) => document.body && !document.body.innerText.includes(t), token, { timeout: TIMEOUT });
  if (await marked(page)) throw new Error('the fix did not reload the page');
  ok('fixing the file removes the overlay and reloads the page');

  // 4. A warning does not cover the page: a folded panel in a corner, cleared by the fix.
  await writeFile(file, `${original.trimEnd()}\n\nSee [a gone page](/no/such/place/).\n`);
  const panel = page.locator('#relief-warnings');
  await panel.waitFor({ state: 'visible', timeout: TIMEOUT });
  if (await page.locator('#relief-error-overlay').count()) throw new Error('a warning opened the error overlay');
  if (await panel.evaluate((el) => el.open)) throw new Error('the warnings panel is open before the author opens it');
  const folded = await panel.boundingBox();
  const viewport = page.viewportSize();
  if (folded.height > 80 || folded.width * folded.height > 0.25 * viewport.width * viewport.height) {
    throw new Error(`the folded warnings panel covers too much of the page: ${JSON.stringify(folded)}`);
  }
  const summary = await panel.locator('summary').innerText();
  if (!/1 warning\b/.test(summary)) throw new Error(`the panel's summary does not count the warning: ${summary}`);
  await panel.locator('summary').click();
  const details = await panel.locator('pre').innerText();
  if (!details.includes('/no/such/place/') || !new RegExp(`content/${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`).test(details)) {
    throw new Error(`the opened panel does not show the warning at file:line:\n${details}`);
  }
  ok('a warning shows a folded panel in the corner; opened, it names file:line');
  await writeFile(file, original);
  await panel.waitFor({ state: 'detached', timeout: TIMEOUT });
  ok('fixing the file removes the warnings panel');

  const real = problems.filter((p) => !p.includes('/__relief/events'));
  if (real.length) throw new Error(`the page reported problems:\n${real.join('\n')}`);
  ok('no console errors or failed requests');
} catch (err) {
  failed = true;
  console.log(`FAIL ${err.message}`);
} finally {
  await writeFile(file, original);
  if (cssFile) await writeFile(cssFile, originalCss);
  await browser.close();
}
if (failed) {
  console.log('serve-reload: failed');
  process.exit(1);
}
console.log('serve-reload: all checks passed');

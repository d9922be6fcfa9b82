// Which candidate of each responsive image Chromium fetches: `node srcset.mjs DIR PATH WIDTH...`.
//
// Serves the built site DIR, opens PATH at each viewport WIDTH (844 px tall, device pixel
// ratio 1, a fresh context each so that nothing is cached), scrolls every image into view so
// that lazy ones load, and prints one line per image: `WIDTH ALT CURRENT_SRC`, the
// candidate the browser chose (`img.currentSrc`). The Rust test decides what is right.

import { launchBrowser, serveDir } from './lib.mjs';

const [dir, pagePath, ...widths] = process.argv.slice(2);
if (!dir || !pagePath || widths.length === 0) {
  console.error('usage: node srcset.mjs DIR PATH WIDTH...');
  process.exit(2);
}
const server = await serveDir(dir);
const browser = await launchBrowser();
try {
  for (const width of widths.map(Number)) {
    const context = await browser.newContext({ viewport: { width, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(new URL(pagePath, server.url).href, { waitUntil: 'load' });
    for (const img of await page.$$('img')) {
      await img.scrollIntoViewIfNeeded();
      await img.evaluate((i) => (i.complete ? null : new Promise((done) => i.addEventListener('load', done, { once: true }))));
    }
    const chosen = await page.$$eval('img', (imgs) => imgs.map((i) => [i.alt, i.currentSrc]));
    for (const [alt, src] of chosen) console.log(`${width}\t${alt}\t${new URL(src).pathname}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

// Screenshot one page of a running dashboard: node screenshot.mjs URL OUT.png [selector]
// (used for the README's picture of the seeds; see README).
import { chromium } from 'playwright-core';
const [url, out, selector] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
await page.goto(url);
if (selector) await page.locator(selector).first().scrollIntoViewIfNeeded();
await page.screenshot({ path: out, fullPage: false });
await browser.close();

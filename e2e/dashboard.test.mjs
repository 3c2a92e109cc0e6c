// End-to-end tests of the dashboard in a real browser: Debian's Chromium driven by
// playwright-core (no browser download). The store is built by the drumbeat binary from
// a synthetic corpus with months of history (so there are alerts), the seed articles and
// a hostile article full of markup. Screenshots go to e2e/out/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.DRUMBEAT_BIN || resolve(here, '../target/release/drumbeat');
const seeds = resolve(here, '../../shared/seeds');
const out = join(here, 'out');
const port = 18000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
let server, browser, page;
const dialogs = [];

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try { const r = await fetch(`${base}/api/stats`); if (r.ok) return; } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('drumbeat serve did not start');
}

before(async () => {
  assert.ok(existsSync(bin), `build drumbeat first: ${bin}`);
  mkdirSync(out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'drumbeat-e2e-'));
  const store = join(work, 'e2e.db');
  const corpus = join(work, 'corpus');
  execFileSync(bin, ['bench', '--docs', '3000', '--write-corpus', corpus]);
  execFileSync(bin, ['--store', store, 'ingest', corpus, seeds, join(here, 'fixtures')], { stdio: 'ignore' });
  server = spawn(bin, ['--store', store, 'serve', '--addr', `127.0.0.1:${port}`], { stdio: 'ignore' });
  await waitForServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

test('overview → alert → dyad page → day → event with its evidence highlighted', async () => {
  await page.goto(base + '/');
  await page.screenshot({ path: join(out, '1-overview.png'), fullPage: true });
  const alertLink = page.locator('#alerts tr.alert td:first-child a').first();
  assert.ok(await alertLink.count() > 0, 'the overview lists at least one alert');
  const day = (await alertLink.textContent()).trim();
  await alertLink.click();
  await page.waitForURL(/\/dyad\/[A-Z0-9]+-[A-Z0-9]+/);
  assert.ok(await page.locator('figure.chart svg rect.bar').count() > 0, 'the dyad page draws the index');
  assert.ok(await page.locator('figure.chart rect.bar.alert').count() > 0, 'alert days are marked');
  assert.match(await page.locator('#day h2').textContent(), new RegExp(day));
  await page.screenshot({ path: join(out, '2-dyad.png'), fullPage: true });

  // Clicking another day's bar lists that day's events.
  const bar = page.locator('figure.chart a:has(rect.bar:not(.selected))').first();
  const barDay = await bar.locator('rect').getAttribute('data-day');
  await bar.click();
  await page.waitForURL(new RegExp(`day=${barDay}`));
  assert.match(await page.locator('#day h2').textContent(), new RegExp(barDay));
  assert.ok(await page.locator('#day table.events tbody tr').count() > 0, "the day's events are listed");

  const ev = page.locator('#day td.evidence a').first();
  const evidence = (await ev.textContent()).trim();
  await ev.click();
  await page.waitForURL(/\/event\/[0-9a-f]+/);
  const mark = page.locator('mark.evidence').first();
  await mark.waitFor({ state: 'visible' });
  assert.equal((await mark.textContent()).trim(), evidence, 'the evidence sentence is highlighted in its article');
  await mark.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(out, '3-event.png'), fullPage: true });
});

test('story, quotes and actor pages render', async () => {
  await page.goto(base + '/stories');
  await page.locator('ul.stories a').first().click();
  await page.waitForURL(/\/story\//);
  assert.ok(await page.locator('h2:text("Documents") + table tbody tr').count() > 0);
  await page.screenshot({ path: join(out, '4-story.png'), fullPage: true });
  await page.goto(base + '/quotes?speaker=Ryabkov');
  assert.ok(await page.locator('ul.quotes li').count() > 0, 'Ryabkov is quoted in the seeds');
  await page.goto(base + '/actor/RUS');
  assert.ok(await page.locator('h1:text("Actor RUS")').count() === 1);
  await page.screenshot({ path: join(out, '5-actor.png'), fullPage: true });
});

test('search finds people, events, quotes and articles, and a quote opens in its article', async () => {
  await page.goto(base + '/search?q=Ryabkov');
  assert.ok(await page.locator('ul.people li').count() > 0, 'Ryabkov is a person of the seeds');
  assert.ok(await page.locator('ul.docs li').count() > 0, 'articles name him');
  assert.ok(await page.locator('main mark').count() > 0, 'the words found are marked');
  const docTitles = await page.locator('ul.docs li a').allTextContents();
  assert.ok(docTitles.every((t) => !/^date \d{4}-/.test(t)), 'titles leave out the date header');
  await page.goto(base + '/search?q=drumbeat+of+war');
  const ctx = page.locator('ul.found-quotes li a').first();
  assert.ok(await ctx.count() === 1, 'a quote with the word');
  await ctx.click();
  await page.waitForURL(/\/doc\/.*#q\d+/);
  assert.ok(await page.locator('mark.quote:target').count() === 1, 'the quote is the anchor');
  await page.screenshot({ path: join(out, '7-search.png'), fullPage: true });
});

test('hostile article text is shown, never run', async () => {
  await page.goto(base + '/search?q=Protesters+rally+Manila');
  const link = page.locator('main ul.docs li a').first();
  await link.click();
  await page.waitForURL(/\/doc\//);
  const text = await page.locator('div.article').textContent();
  assert.ok(text.includes('<script>window.__pwned = 1'), 'the markup is shown as text');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script ran');
  assert.equal(await page.locator('main script, main img, main iframe, main svg[onload]').count(), 0, 'no element came from the article');
  const hrefs = await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.every((h) => !/^\s*javascript:/i.test(h || '')), 'no javascript: link');
  for (const href of await page.locator('table.events td.evidence a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    await page.goto(base + href);
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
  }
  await page.goto(base + '/quotes?speaker=Tarriela');
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.screenshot({ path: join(out, '6-hostile.png'), fullPage: true });
  assert.deepEqual(dialogs, [], 'no dialog opened');
});

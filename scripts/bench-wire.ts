/**
 * npm run bench:wire — what a first visit costs on the wire: starts the built server
 * (scripts/serve.ts; npm run build first) with the demo content, opens each page in a fresh
 * Chromium context (cold cache) and sums the bytes transferred (compressed sizes, headers
 * included, as Chromium's network log counts them).
 * Budget: home ≤ 30 KB; an article ≤ 60 KB including its first image; home plus the first
 * instant search ≤ 100 KB. `npm run bench:wire -- --verbose` lists every response.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { printTable } from './bench/table.ts';
import { freePort, startPortal } from './bench/server.ts';

if (!fs.existsSync('dist/server/entry.mjs')) {
  console.error('dist/server/entry.mjs is missing: run `npm run build` first');
  process.exit(1);
}

const port = await freePort();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierzero-bench-wire-'));
const server = await startPortal(port, { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: process.env.CONTENT_DIR ?? 'content', SITE_URL: `http://127.0.0.1:${port}` });
const base = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });

/** `-- --verbose` lists every response with its size. */
const verbose = process.argv.includes('--verbose');
const KB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** Runs `visit` in a fresh context and returns the bytes and requests it transferred. */
async function measure(visit: (page: Page) => Promise<void>): Promise<{ bytes: number; requests: number }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let bytes = 0;
  let requests = 0;
  const urls = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (event) => void urls.set(event.requestId, event.request.url));
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
    requests += 1;
    if (verbose) console.log(`  ${KB(event.encodedDataLength).padStart(9)}  ${urls.get(event.requestId)?.replace(base, '')}`);
  });
  await visit(page);
  await page.waitForLoadState('networkidle');
  await context.close();
  return { bytes, requests };
}

const rows: (string | number)[][] = [];
let failed = false;
try {
  // Warm the server's page cache, so the numbers are those of a cached page.
  for (const url of ['/de/', '/de/articles/erste-rechnung-erstellen']) await (await fetch(base + url)).arrayBuffer();
  const cases: [string, number, (page: Page) => Promise<void>][] = [
    ['home (/de/)', 30, async (page) => void (await page.goto(`${base}/de/`))],
    ['article with image (/de/articles/erste-rechnung-erstellen)', 60, async (page) => {
      await page.goto(`${base}/de/articles/erste-rechnung-erstellen`);
      await page.locator('.prose img').first().scrollIntoViewIfNeeded();
    }],
    ['home + first instant search ("rechnung")', 100, async (page) => {
      await page.goto(`${base}/de/`);
      await page.locator('#home-search-input').click();
      await page.locator('#home-search-input').pressSequentially('rechnung', { delay: 30 });
      await page.locator('#home-search-listbox [role="option"]').first().waitFor();
    }],
  ];
  for (const [name, budgetKb, visit] of cases) {
    const { bytes, requests } = await measure(visit);
    const ok = bytes <= budgetKb * 1024;
    failed ||= !ok;
    rows.push([name, requests, KB(bytes), `${budgetKb} KB`, ok ? 'ok' : 'OVER']);
  }
  printTable(['page (Chromium, cold cache, 390×844)', 'requests', 'transferred', 'budget', ''], rows);
} finally {
  await browser.close();
  server.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

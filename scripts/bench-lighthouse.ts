/**
 * npm run bench:lighthouse — Lighthouse (npm `lighthouse`) in Debian's Chromium, headless,
 * mobile and desktop, on the help centre's key pages: both home pages, an article in each
 * language, a category and the ticket form. Starts the built server (scripts/serve.ts; npm run
 * build first) with the demo content and prints one row per page and form factor with the
 * four category scores, and below the table every audit that cost a point in SEO,
 * accessibility or best practices. Targets: SEO 100 on indexable pages (the ticket form is
 * `noindex`), accessibility 100, best practices 100. Exits 1 when a target is missed.
 * Not part of `npm test` (about a minute per page on a busy machine).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { printTable } from './bench/table.ts';
import { freePort, startPortal } from './bench/server.ts';

if (!fs.existsSync('dist/server/entry.mjs')) {
  console.error('dist/server/entry.mjs is missing: run `npm run build` first');
  process.exit(1);
}

/** The pages measured; `indexable: false` pages carry `noindex`, so SEO cannot be 100 there. */
const PAGES: { name: string; path: string; indexable: boolean }[] = [
  { name: 'home (de)', path: '/de/', indexable: true },
  { name: 'home (en)', path: '/en/', indexable: true },
  { name: 'article (de)', path: '/de/articles/erste-rechnung-erstellen', indexable: true },
  { name: 'article (en)', path: '/en/articles/create-your-first-invoice', indexable: true },
  { name: 'category (de)', path: '/de/categories/invoices', indexable: true },
  { name: 'ticket form', path: '/tickets/new', indexable: false },
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

const port = await freePort();
const debugPort = await freePort();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierzero-bench-lighthouse-'));
const server = await startPortal(port, { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: process.env.CONTENT_DIR ?? 'content', SITE_URL: `http://127.0.0.1:${port}` });
const base = `http://127.0.0.1:${port}`;
// Playwright starts the browser; Lighthouse drives it over the DevTools port.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', `--remote-debugging-port=${debugPort}`],
});

const rows: (string | number)[][] = [];
const lost: string[] = [];
let failed = false;
try {
  // Warm the server's page cache, as bench:wire does: the figures are those of a cached page.
  // A page that does not answer 200 (an article refused as too slow on a busy machine) would be scored as a notice.
  for (const page of PAGES) {
    const response = await fetch(base + page.path);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${page.path} answered ${response.status}: the machine is too busy; run again`);
  }
  for (const page of PAGES) {
    for (const formFactor of ['mobile', 'desktop'] as const) {
      const result = await lighthouse(
        base + page.path,
        { port: debugPort, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] },
        formFactor === 'desktop' ? desktopConfig : undefined,
      );
      if (!result) throw new Error(`Lighthouse returned nothing for ${page.path}`);
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`Lighthouse could not measure ${page.path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const score = (key: string): number => Math.round((lhr.categories[key]?.score ?? 0) * 100);
      const scores = Object.fromEntries(CATEGORIES.map((key) => [key, score(key)]));
      const misses = [
        scores.accessibility! < 100,
        scores['best-practices']! < 100,
        page.indexable && scores.seo! < 100,
      ].some(Boolean);
      failed ||= misses;
      rows.push([page.name, formFactor, scores.performance!, scores.accessibility!, scores['best-practices']!, page.indexable ? scores.seo! : `${scores.seo} (noindex)`, misses ? 'MISS' : 'ok']);
      for (const key of ['accessibility', 'best-practices', 'seo'] as const) {
        for (const ref of lhr.categories[key]?.auditRefs ?? []) {
          const audit = lhr.audits[ref.id];
          if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) lost.push(`${page.name} ${formFactor} ${key}: ${audit.id} — ${audit.title}`);
        }
      }
    }
  }
  printTable(['page (Lighthouse ' + ((await import('lighthouse/package.json', { with: { type: 'json' } })).default.version as string) + ')', 'form', 'perf', 'a11y', 'best pr.', 'SEO', ''], rows);
  if (lost.length) {
    console.log('\nAudits that cost points:');
    for (const line of lost) console.log(`  ${line}`);
  }
} finally {
  await browser.close();
  server.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

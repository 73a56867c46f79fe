/**
 * npm run bench:http — starts the built server (scripts/serve.ts; npm run build first) with the demo content
 * and a temp data folder, loads it with autocannon on loopback, and prints requests per
 * second and latency for the home page, an article page and a search page, beside a
 * static file served by the same server as the ceiling.
 * Targets: article pages at ≥ 50 % of the static-file rate, the search page at ≥ 25 %. The
 * search page row repeats one query (a repeated search is answered from the rendered page,
 * search-page.ts); the row after it asks a new query with every request, so every one is
 * rendered (no target; shown so the cost of rendering stays visible).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { printTable } from './bench/table.ts';
import { freePort, startPortal } from './bench/server.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

if (!fs.existsSync('dist/server/entry.mjs')) {
  console.error('dist/server/entry.mjs is missing: run `npm run build` first');
  process.exit(1);
}

const port = await freePort();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierzero-bench-http-'));
const base = `http://127.0.0.1:${port}`;
const server = await startPortal(port, { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: process.env.CONTENT_DIR ?? 'content' });

try {
  const targets: [string, string][] = [
    ['static file (ceiling)', '/favicon.svg'],
    ['home page', '/de/'],
    ['article page', '/de/articles/datev-export-erstellen'],
    ['search page', '/de/search?q=rechnung+stornieren'],
  ];
  const rows: (string | number)[][] = [];
  const rates = new Map<string, number>();
  let fresh = 0;
  /** A search nobody asked before: "rechnung stornieren <n>" (the number is in no article). */
  const freshSearch = (): string => `/de/search?q=rechnung+stornieren+${fresh++}`;
  targets.push(['search page, a new query each time', '/de/search?q=rechnung+stornieren+<n>']);
  for (const [name, url] of targets) {
    const isFresh = url.endsWith('<n>');
    // Warm caches (rendering, search) before measuring.
    for (let i = 0; i < 20; i++) await (await fetch(base + (isFresh ? freshSearch() : url))).arrayBuffer();
    const result = await autocannon({
      url: base + (isFresh ? freshSearch() : url),
      connections: CONNECTIONS,
      duration: DURATION_S,
      ...(isFresh ? { requests: [{ method: 'GET' as const, setupRequest: (request: autocannon.Request) => ({ ...request, path: freshSearch() }) }] } : {}),
    });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
    rates.set(name, result.requests.average);
    rows.push([name, url, result.requests.average.toFixed(0), `${result.latency.p50} ms`, `${result.latency.p99} ms`]);
  }
  console.log(`\nHTTP throughput, ${CONNECTIONS} connections, ${DURATION_S} s per URL, Node ${process.version}, ${os.cpus().length} cores\n`);
  printTable(['page', 'url', 'req/s', 'p50', 'p99'], rows);
  const share = (rates.get('article page') ?? 0) / (rates.get('static file (ceiling)') ?? 1);
  console.log(`\narticle page at ${(share * 100).toFixed(0)} % of the static-file rate (target ≥ 50 %): ${share >= 0.5 ? 'met' : 'NOT met'}`);
  const searchShare = (rates.get('search page') ?? 0) / (rates.get('static file (ceiling)') ?? 1);
  console.log(`search page at ${(searchShare * 100).toFixed(0)} % of the static-file rate (target ≥ 25 %): ${searchShare >= 0.25 ? 'met' : 'NOT met'}`);
} finally {
  server.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

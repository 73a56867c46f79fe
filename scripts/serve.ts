/**
 * npm run serve — starts the built portal (dist/) on PORT (default 4321) and HOST.
 * It is Astro's standalone Node server with two additions: the build's CSS and JS are sent
 * compressed (brotli/gzip, compressed once; src/lib/server/platform/compression.ts), and cached
 * public pages are answered before Astro's routing runs (serveFromPageCache in
 * src/lib/server/platform/page-cache.ts).
 */
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createStaticAssetServer } from '../src/lib/server/platform/compression.ts';

type FastPath = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

// Use the handler without letting the adapter start its own listener.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const entry = pathToFileURL(path.resolve(process.env.TIERZERO_DIST ?? 'dist', 'server/entry.mjs')).href;
const { handler } = (await import(entry)) as { handler: Handler };
const fastPathKey = Symbol.for('tierzero.pageCacheFastPath');
const staticAssets = createStaticAssetServer(path.resolve(process.env.TIERZERO_DIST ?? 'dist', 'client'));

const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? '0.0.0.0';
const server = http.createServer((req, res) => {
  if (staticAssets(req, res)) return;
  const fastPath = (globalThis as Record<symbol, FastPath | undefined>)[fastPathKey];
  if (fastPath?.(req, res)) return;
  handler(req, res);
});
server.listen(port, host, () => {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  console.log(`Tierzero is listening on http://${shown}:${port}`);
});

const stop = (): void => {
  server.close(() => process.exit(0));
  // Keep-alive connections would hold the close; exit after a moment anyway.
  setTimeout(() => process.exit(0), 2000).unref();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

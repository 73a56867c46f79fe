/**
 * npm run serve — starts the built portal (dist/) on PORT (default 4321) and HOST.
 * It is Astro's standalone Node server with three additions: the build's CSS and JS are sent
 * compressed (brotli/gzip, compressed once; src/lib/server/platform/compression.ts), cached public pages are answered
 * before Astro's routing runs (see serveFromPageCache in src/lib/server/platform/page-cache.ts),
 * and no request can end the process: every request goes through a guard that logs an
 * unexpected error and answers it (400 for a request it cannot read, else 500), socket and
 * request 'error' events are handled, and an unhandled promise rejection is logged, not fatal.
 * A start-up failure (bad setting, port in use, missing build) ends with one line naming what
 * to fix, never a stack trace. Run it under a supervisor (README: "Running in production").
 * For a load balancer: GET /healthz (process up) and /readyz (database answers; 503 while
 * starting or shutting down), and SIGTERM/SIGINT shut down gracefully — stop accepting,
 * finish in-flight requests (at most SHUTDOWN_TIMEOUT_MS, default 10 s), flush buffered
 * writes, close the database, exit 0 (src/lib/server/platform/graceful-shutdown.ts).
 */
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorAnswer, type ErrorStatus } from '../src/lib/server/platform/error-answer.ts';
import { rawReaderLang, refuseRawRequest } from '../src/lib/server/platform/request-guard.ts';
import { createStaticAssetServer } from '../src/lib/server/platform/compression.ts';
import { answerProbe, shutDownGracefully } from '../src/lib/server/platform/graceful-shutdown.ts';

type FastPath = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/** Ends the start-up with one line that names the setting to fix. */
function fail(line: string): never {
  console.error(`serve: ${line}`);
  process.exit(1);
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const port = Number(process.env.PORT ?? 4321);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be a whole number from 0 to 65535 (got "${process.env.PORT}")`);
const host = process.env.HOST ?? '0.0.0.0';
const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000);
if (!Number.isFinite(shutdownTimeoutMs) || shutdownTimeoutMs < 0) fail(`SHUTDOWN_TIMEOUT_MS must be a number of milliseconds (got "${process.env.SHUTDOWN_TIMEOUT_MS}")`);

// Use the handler without letting the adapter start its own listener.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const dist = path.resolve(process.env.TIERZERO_DIST ?? 'dist');
let handler: Handler;
try {
  ({ handler } = (await import(pathToFileURL(path.join(dist, 'server/entry.mjs')).href)) as { handler: Handler });
} catch (error) {
  fail(`cannot load the built portal from ${dist} (${message(error)}); run npm run build first, or set TIERZERO_DIST`);
}
const fastPathKey = Symbol.for('tierzero.pageCacheFastPath');
const staticAssets = createStaticAssetServer(path.resolve(process.env.TIERZERO_DIST ?? 'dist', 'client'));

// Logged, never fatal: one failed promise must not take every other request down with it.
process.on('unhandledRejection', (reason) => console.error(`serve: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));

/** Sends one of the portal's error pages (or JSON for action calls) in the reader's language. */
function answer(req: http.IncomingMessage, res: http.ServerResponse, status: ErrorStatus): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  try {
    const { headers, body } = errorAnswer(status, rawReaderLang(req.headers), req.url?.startsWith('/_actions/') ?? false);
    // The body of a refused request is read and dropped (so the client sees the answer rather
    // than a reset), and the connection closes after it.
    req.resume();
    res.writeHead(status, { ...headers, connection: 'close' });
    res.end(body);
  } catch {
    res.destroy();
  }
}

/** Answers a request whose handling failed: logged with its cause, 400 when the input was unreadable, else 500. */
function answerFailure(req: http.IncomingMessage, res: http.ServerResponse, error: unknown): void {
  console.error(`serve: ${req.method} ${JSON.stringify(req.url?.slice(0, 200))} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  answer(req, res, error instanceof URIError ? 400 : 500);
}

const server = http.createServer((req, res) => {
  // A client that resets the connection must not raise an unhandled 'error' event.
  req.on('error', () => res.destroy());
  res.on('error', () => res.destroy());
  try {
    const refused = refuseRawRequest(req.url, req.headers);
    if (refused !== null) {
      answer(req, res, refused);
      return;
    }
    if (answerProbe(req, res)) return;
    if (staticAssets(req, res)) return;
    const fastPath = (globalThis as Record<symbol, FastPath | undefined>)[fastPathKey];
    if (fastPath?.(req, res)) return;
    const pending = handler(req, res);
    if (pending instanceof Promise) pending.catch((error: unknown) => answerFailure(req, res, error));
  } catch (error) {
    answerFailure(req, res, error);
  }
});
server.on('connection', (socket) => socket.on('error', () => socket.destroy()));
// Requests Node's parser cannot read (bad request line, header overflow) get a 400 and a closed socket.
server.on('clientError', (_error, socket) => {
  if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  else socket.destroy();
});
server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') fail(`port ${port} on ${host} is already in use; stop the other program or set PORT`);
  if (error.code === 'EACCES') fail(`not allowed to listen on port ${port}; choose a port above 1023 with PORT`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') fail(`cannot listen on HOST=${host} (${error.code}); set HOST to an address of this machine`);
  fail(`cannot listen on ${host}:${port} (${error.message}); check HOST and PORT`);
});
// A bad setting found while the portal starts its services (DESK_LEVELS, DATA_DIR, CONTENT_DIR …)
// ends the process with that one line (src/lib/server/platform/app.ts).
(globalThis as Record<symbol, unknown>)[Symbol.for('tierzero.startupFailure')] = (line: string) => fail(line);
server.listen(port, host, () => {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  console.log(`Tierzero is listening on http://${shown}:${port}`);
  // Start the services now rather than on the first visitor's request, so that a bad setting shows at once.
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  http.get({ host: local, port: (server.address() as { port: number }).port, path: '/' }, (res) => res.resume()).on('error', () => undefined);
});

let stopping = false;
const stop = (signal: string): void => {
  // A second signal while draining ends the process at once.
  if (stopping) process.exit(1);
  stopping = true;
  console.log(`serve: ${signal}: finishing in-flight requests, then closing the database`);
  shutDownGracefully(server, shutdownTimeoutMs).then(
    ({ forced }) => {
      if (forced) console.warn(`serve: connections still open after ${shutdownTimeoutMs} ms were closed`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(`serve: shutdown failed: ${message(error)}`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

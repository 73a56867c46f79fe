/**
 * Health, readiness and graceful shutdown for the production server (scripts/serve.ts) behind
 * a load balancer (issue 17). Owns the three hooks the server and the app share through
 * globalThis (the server loads the app from the build, so it cannot import it):
 * - `/healthz`: the process is up and serving — always 200, never touches the database.
 * - `/readyz`: 200 only when the app has started and its database answers; 503 while it
 *   starts, when the database does not answer, and from the moment a shutdown begins (so the
 *   balancer stops sending new requests before the listener closes).
 * - Shutdown: stop accepting connections, let in-flight requests finish (idle keep-alive
 *   connections are closed at once, the rest at the latest after `timeoutMs`), then the app's
 *   hook flushes buffered writes and closes the database.
 * Both answers are plain text, `Cache-Control: no-store`, no session, no page cache.
 */
import type http from 'node:http';

/** The app's readiness check (registered by app.ts once it has started). */
export const READINESS_KEY = Symbol.for('tierzero.readiness');
/** The app's shutdown hook: flush buffered writes, stop timers, close the database. */
export const SHUTDOWN_KEY = Symbol.for('tierzero.shutdown');

type Readiness = () => Promise<boolean>;
type ShutdownHook = () => Promise<void>;
const hooks = globalThis as Record<symbol, unknown>;

/** Registers the app's readiness check and shutdown hook (app.ts). */
export function registerLifecycle(readiness: Readiness, shutdown: ShutdownHook): void {
  hooks[READINESS_KEY] = readiness;
  hooks[SHUTDOWN_KEY] = shutdown;
}

let draining = false;

/** True once a shutdown has begun. */
export function isDraining(): boolean {
  return draining;
}

function plain(res: http.ServerResponse, status: number, body: string, head: boolean): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

/** Answers /healthz and /readyz (GET or HEAD); returns false for every other request. */
export function answerProbe(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const path = req.url?.split('?')[0];
  if (path !== '/healthz' && path !== '/readyz') return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const head = req.method === 'HEAD';
  if (path === '/healthz') {
    plain(res, 200, 'ok\n', head);
    return true;
  }
  if (draining) {
    plain(res, 503, 'shutting down\n', head);
    return true;
  }
  const readiness = hooks[READINESS_KEY] as Readiness | undefined;
  if (!readiness) {
    plain(res, 503, 'starting\n', head);
    return true;
  }
  readiness().then(
    (ready) => plain(res, ready ? 200 : 503, ready ? 'ready\n' : 'database not answering\n', head),
    () => plain(res, 503, 'database not answering\n', head),
  );
  return true;
}

/**
 * Stops `server` gracefully: no new connections, in-flight requests finish (at most
 * `timeoutMs`, then the remaining connections are cut), then the app's shutdown hook runs.
 * Resolves with whether connections had to be cut.
 */
export async function shutDownGracefully(server: http.Server, timeoutMs: number): Promise<{ forced: boolean }> {
  draining = true;
  let forced = false;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    // A keep-alive connection that finished its request would hold close() open: end idle ones as they appear.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, timeoutMs);
    server.once('close', () => {
      clearInterval(idle);
      clearTimeout(deadline);
    });
    server.closeIdleConnections();
  });
  const shutdown = hooks[SHUTDOWN_KEY] as ShutdownHook | undefined;
  await shutdown?.();
  return { forced };
}

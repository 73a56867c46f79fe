/**
 * What happens when the disk is full, read-only or failing. Rules that always hold:
 * - every storage error is logged with its cause, once per cause until storage works again
 *   (then one "works again" line), never swallowed silently and never once per request;
 * - a write that is only bookkeeping (search log, view counts, clicks) never breaks the page
 *   that made it: `bestEffortWrite` logs and carries on;
 * - a write the person asked for fails as a whole (its transaction rolls back) and the
 *   request is marked, so the middleware answers "temporarily unavailable" (503, Retry-After);
 * - nothing here needs a restart: SQLite retries on the next write, so service comes back
 *   by itself when space returns.
 * The per-request mark lives in AsyncLocalStorage (`withStorageScope`), so domain code
 * needs no extra parameter; outside a scope (scripts, tests) errors are only logged.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** SQLite result codes (primary and extended) and Node error codes that mean "storage trouble". */
const SQLITE_STORAGE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB|PROTOCOL)/;
const FS_STORAGE = new Set(['ENOSPC', 'EROFS', 'EDQUOT', 'EIO', 'EACCES', 'EPERM']);

/** True for an error caused by the disk or the database file rather than by the input. */
export function isStorageError(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return SQLITE_STORAGE.test(code) || FS_STORAGE.has(code);
}

interface Scope {
  /** What the scope is doing, for the log ("search log", "POST /tickets/new"). */
  label: string;
  failed: Error | null;
}
const scopes = new AsyncLocalStorage<Scope>();

/** What the log shows; replaceable in tests only by passing another sink to `setStorageLog`. */
type Sink = (line: string) => void;
let sink: Sink = (line) => console.error(line);
const failing = new Map<string, string>(); // code → first cause

/** Where storage log lines go (console.error by default). */
export function setStorageLog(next: Sink): void {
  sink = next;
}

/** The storage problems logged and not yet recovered from (code → cause). */
export function currentStorageFailures(): ReadonlyMap<string, string> {
  return failing;
}

/** Notes a storage error: logged once per cause until recovery, and marks the current request. */
export function noteStorageFailure(where: string, error: Error & { code: string }): void {
  const scope = scopes.getStore();
  if (scope && !scope.failed) scope.failed = error;
  if (failing.has(error.code)) return;
  failing.set(error.code, error.message);
  sink(`storage: ${scope ? `${scope.label} (${where})` : where} failed: ${error.code}: ${error.message} (logged once until storage works again)`);
}

/** Notes a successful write: after failures, logs once that storage works again. */
export function noteStorageSuccess(): void {
  if (failing.size === 0) return;
  const codes = [...failing.keys()].join(', ');
  failing.clear();
  sink(`storage: writes work again (after ${codes})`);
}

/** Runs `fn` (a request) with a fresh mark; the result says whether a storage error hit it. */
export async function withStorageScope<T>(label: string, fn: () => Promise<T>): Promise<{ value: T; failed: Error | null }> {
  const scope: Scope = { label, failed: null };
  const value = await scopes.run(scope, fn);
  return { value, failed: scope.failed };
}

/** True when a storage error has already hit the current request. */
export function storageFailedInThisRequest(): boolean {
  return scopes.getStore()?.failed != null;
}

/**
 * Runs a bookkeeping write; a storage error is logged (once) and swallowed, and does not mark
 * the request, so the page that made the write still works. Other errors are thrown.
 */
export function bestEffortWrite(where: string, write: () => void): void {
  scopes.run({ label: where, failed: null }, () => {
    try {
      write();
    } catch (error) {
      if (!isStorageError(error)) throw error;
      noteStorageFailure(where, error);
    }
  });
}

/** `bestEffortWrite` for a write on the query layer (Kysely): same rules, awaited. */
export async function bestEffortWriteAsync(where: string, write: () => Promise<unknown>): Promise<void> {
  await scopes.run({ label: where, failed: null }, async () => {
    try {
      await write();
    } catch (error) {
      if (!isStorageError(error)) throw error;
      noteStorageFailure(where, error);
    }
  });
}

/**
 * Who may try a password now: the log-in throttle. Owns the rules that stop guessing without
 * letting a stranger lock a staff member out of their own account.
 *
 * Rules that always hold (failures are counted before the password is checked, so parallel
 * guesses cannot slip past a limit; a successful attempt takes its count back):
 * 1. Per (account, client address) pair: `pair.limit` failures within `pair.windowMs` lock
 *    that pair only. Someone guessing from elsewhere does not lock the owner's own network.
 * 2. Per client address, over all accounts: `client.limit` failures within `client.windowMs`
 *    lock that address (one address trying many accounts).
 * 3. Per account, from clients that have not logged in to it before: after `account.limit`
 *    failures within `account.windowMs`, such clients share a slow lane of one attempt per
 *    `slowIntervalMs` for that account, so distributed guessing stays slow.
 *    A client that logged in to the account successfully within `knownClientMs` (the owner's
 *    usual network) is exempt from rule 3, so the owner can still log in during an attack.
 * Admins can list the current locks and lift them (`locks`, `lift`). State is in memory, per
 * process: a restart forgets locks and known clients.
 */
import { RateLimiter, type RateLimitOptions } from '../platform/rate-limit.ts';

/** The limits of the three rules. */
export interface LoginThrottleOptions {
  pair: RateLimitOptions;
  client: RateLimitOptions;
  account: RateLimitOptions;
  /** Slow lane: one attempt per this many ms per account for unknown clients (rule 3). */
  slowIntervalMs: number;
  /** How long a successful log-in makes a client "known" to the account. */
  knownClientMs: number;
  /** Known (account, client) pairs kept at most. */
  maxKnown?: number;
}

/** The defaults: 5 per pair and 20 per address in 15 min; 10 per account, then one a minute. */
export const LOGIN_THROTTLE_DEFAULTS: LoginThrottleOptions = {
  pair: { limit: 5, windowMs: 15 * 60_000, maxKeys: 20_000 },
  client: { limit: 20, windowMs: 15 * 60_000, maxKeys: 10_000 },
  account: { limit: 10, windowMs: 15 * 60_000, maxKeys: 10_000 },
  slowIntervalMs: 60_000,
  knownClientMs: 30 * 24 * 60 * 60_000,
  maxKnown: 20_000,
};

/** Which rule a lock comes from. */
export type LoginLockKind = 'pair' | 'client' | 'account';

/** A current lock, as the admin page lists it. */
export interface LoginLock {
  kind: LoginLockKind;
  /** The lock's key: pass it back to `lift`. */
  key: string;
  /** The account (normalised e-mail address), for 'pair' and 'account'. */
  account: string | null;
  /** The client address, for 'pair' and 'client'. */
  client: string | null;
  failures: number;
  /** Until the next attempt is allowed (for 'account': for unknown clients). */
  retryAfterMs: number;
}

/** The answer to `begin`. */
export type LoginAttempt =
  | { allowed: true; account: string; client: string; countedForAccount: boolean }
  | { allowed: false; retryAfterMs: number; rule: LoginLockKind };

const SEPARATOR = ' '; // never in a validated e-mail address or a client address
const KIND_ORDER: LoginLockKind[] = ['account', 'pair', 'client'];

/** Normalised account key: the e-mail address, trimmed and lower-cased. */
export function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

/** The log-in throttle (see the module comment for its rules). */
export class LoginThrottle {
  private readonly pairs: RateLimiter;
  private readonly clients: RateLimiter;
  private readonly accounts: RateLimiter;
  private readonly slowLane = new Map<string, number>();
  private readonly known = new Map<string, number>();

  private readonly options: LoginThrottleOptions;

  constructor(options: LoginThrottleOptions = LOGIN_THROTTLE_DEFAULTS) {
    this.options = options;
    this.pairs = new RateLimiter(options.pair);
    this.clients = new RateLimiter(options.client);
    this.accounts = new RateLimiter(options.account);
  }

  /** True when `client` logged in to `account` successfully within `knownClientMs`. */
  isKnownClient(email: string, client: string, now = Date.now()): boolean {
    const key = accountKey(email) + SEPARATOR + client;
    const until = this.known.get(key);
    if (until === undefined) return false;
    if (until <= now) {
      this.known.delete(key);
      return false;
    }
    return true;
  }

  /** Counts an attempt before the password is checked; refused attempts count nowhere. */
  begin(email: string, client: string, now = Date.now()): LoginAttempt {
    const account = accountKey(email);
    const pairKey = account + SEPARATOR + client;
    const byPair = this.pairs.consume(pairKey, now);
    if (!byPair.allowed) return { allowed: false, retryAfterMs: byPair.retryAfterMs, rule: 'pair' };
    const byClient = this.clients.consume(client, now);
    if (!byClient.allowed) {
      this.pairs.refund(pairKey);
      return { allowed: false, retryAfterMs: byClient.retryAfterMs, rule: 'client' };
    }
    if (this.isKnownClient(account, client, now)) return { allowed: true, account, client, countedForAccount: false };
    const byAccount = this.accounts.consume(account, now);
    if (byAccount.allowed) return { allowed: true, account, client, countedForAccount: true };
    // Over the account's limit: unknown clients share one slow lane.
    const last = this.slowLane.get(account);
    if (last === undefined || now - last >= this.options.slowIntervalMs) {
      this.slowLane.set(account, now);
      return { allowed: true, account, client, countedForAccount: false };
    }
    this.pairs.refund(pairKey);
    this.clients.refund(client);
    return { allowed: false, retryAfterMs: Math.max(1, last + this.options.slowIntervalMs - now), rule: 'account' };
  }

  /** The password was right: the attempt was no failure, and the client becomes known to the account. */
  succeeded(attempt: Extract<LoginAttempt, { allowed: true }>, now = Date.now()): void {
    const pairKey = attempt.account + SEPARATOR + attempt.client;
    this.pairs.reset(pairKey);
    this.clients.refund(attempt.client);
    if (attempt.countedForAccount) this.accounts.refund(attempt.account);
    this.known.delete(pairKey);
    const maxKnown = Math.max(1, this.options.maxKnown ?? 20_000);
    while (this.known.size >= maxKnown) this.known.delete(this.known.keys().next().value!);
    this.known.set(pairKey, now + this.options.knownClientMs);
  }

  /** Current locks: pairs and addresses that are refused, and accounts in the slow lane. */
  locks(now = Date.now()): LoginLock[] {
    const result: LoginLock[] = [];
    for (const entry of this.pairs.blocked(now)) {
      const [account, client] = entry.key.split(SEPARATOR);
      result.push({ kind: 'pair', key: entry.key, account: account ?? '', client: client ?? '', failures: entry.hits, retryAfterMs: entry.retryAfterMs });
    }
    for (const entry of this.clients.blocked(now)) {
      result.push({ kind: 'client', key: entry.key, account: null, client: entry.key, failures: entry.hits, retryAfterMs: entry.retryAfterMs });
    }
    for (const entry of this.accounts.blocked(now)) {
      result.push({ kind: 'account', key: entry.key, account: entry.key, client: null, failures: entry.hits, retryAfterMs: entry.retryAfterMs });
    }
    return result.sort((a, b) => b.retryAfterMs - a.retryAfterMs || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.key.localeCompare(b.key));
  }

  /** Lifts one lock; returns false when there was none with that kind and key. */
  lift(kind: LoginLockKind, key: string, now = Date.now()): boolean {
    const limiter = kind === 'pair' ? this.pairs : kind === 'client' ? this.clients : this.accounts;
    const present = !limiter.peek(key, now).allowed;
    limiter.reset(key);
    if (kind === 'account') this.slowLane.delete(key);
    return present;
  }
}

// Kept on globalThis so that the dev server's module reloads and separate bundle chunks share one instance.
const holder = globalThis as typeof globalThis & { __tierzeroLoginThrottle?: LoginThrottle };

/** The process-wide log-in throttle. */
export function sharedLoginThrottle(): LoginThrottle {
  holder.__tierzeroLoginThrottle ??= new LoginThrottle();
  return holder.__tierzeroLoginThrottle;
}

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
 * Admins can list the current locks and lift them (`locks`, `lift`). State is in the database
 * (rate_limit_hits, login_slow_lane, login_known_clients; migration 0018), shared by every
 * instance on it and kept across restarts; each `begin` and `succeeded` is one transaction.
 */
import type { Database } from '../platform/database/connect.ts';
import { lockKey, writeTransaction } from '../platform/database/write-transaction.ts';
import type { RateLimitOptions } from '../platform/rate-limit.ts';
import { BOOKKEEPING, SharedRateLimiter } from '../platform/shared-rate-limit.ts';

/** The limits of the three rules. */
export interface LoginThrottleOptions {
  pair: RateLimitOptions;
  client: RateLimitOptions;
  account: RateLimitOptions;
  /** Slow lane: one attempt per this many ms per account for unknown clients (rule 3). */
  slowIntervalMs: number;
  /** How long a successful log-in makes a client "known" to the account. */
  knownClientMs: number;
  /** Known (account, client) pairs kept at most (the ones that expire soonest go first). */
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
  private readonly database: Database;
  private readonly pairs: SharedRateLimiter;
  private readonly clients: SharedRateLimiter;
  private readonly accounts: SharedRateLimiter;
  private readonly options: LoginThrottleOptions;

  constructor(database: Database, options: LoginThrottleOptions = LOGIN_THROTTLE_DEFAULTS) {
    this.database = database;
    this.options = options;
    this.pairs = new SharedRateLimiter(database, 'login-pair', options.pair);
    this.clients = new SharedRateLimiter(database, 'login-client', options.client);
    this.accounts = new SharedRateLimiter(database, 'login-account', options.account);
  }

  /** True when `client` logged in to `account` successfully within `knownClientMs`. */
  async isKnownClient(email: string, client: string, now = Date.now()): Promise<boolean> {
    const row = await this.database.kysely
      .selectFrom('login_known_clients')
      .select('until')
      .where('account', '=', accountKey(email))
      .where('client', '=', client)
      .executeTakeFirst();
    return row !== undefined && row.until > now;
  }

  /** Counts an attempt before the password is checked; refused attempts count nowhere. */
  begin(email: string, client: string, now = Date.now()): Promise<LoginAttempt> {
    const account = accountKey(email);
    const pairKey = account + SEPARATOR + client;
    return writeTransaction(this.database, async (trx): Promise<LoginAttempt> => {
      const byPair = await this.pairs.consumeIn(trx, pairKey, now);
      if (!byPair.allowed) return { allowed: false, retryAfterMs: byPair.retryAfterMs, rule: 'pair' };
      const byClient = await this.clients.consumeIn(trx, client, now);
      if (!byClient.allowed) {
        await this.pairs.refundIn(trx, pairKey);
        return { allowed: false, retryAfterMs: byClient.retryAfterMs, rule: 'client' };
      }
      const known = await trx
        .selectFrom('login_known_clients')
        .select('until')
        .where('account', '=', account)
        .where('client', '=', client)
        .executeTakeFirst();
      if (known && known.until > now) return { allowed: true, account, client, countedForAccount: false };
      const byAccount = await this.accounts.consumeIn(trx, account, now);
      if (byAccount.allowed) return { allowed: true, account, client, countedForAccount: true };
      // Over the account's limit: unknown clients share one slow lane (serialised by the account's lock).
      const lane = await trx.selectFrom('login_slow_lane').select('last_at').where('account', '=', account).executeTakeFirst();
      if (lane === undefined || now - lane.last_at >= this.options.slowIntervalMs) {
        await trx
          .insertInto('login_slow_lane')
          .values({ account, last_at: now })
          .onConflict((conflict) => conflict.column('account').doUpdateSet({ last_at: now }))
          .execute();
        return { allowed: true, account, client, countedForAccount: false };
      }
      await this.pairs.refundIn(trx, pairKey);
      await this.clients.refundIn(trx, client);
      return { allowed: false, retryAfterMs: Math.max(1, lane.last_at + this.options.slowIntervalMs - now), rule: 'account' };
    }, BOOKKEEPING);
  }

  /** The password was right: the attempt was no failure, and the client becomes known to the account. */
  succeeded(attempt: Extract<LoginAttempt, { allowed: true }>, now = Date.now()): Promise<void> {
    const pairKey = attempt.account + SEPARATOR + attempt.client;
    return writeTransaction(this.database, async (trx) => {
      await lockKey(trx, `login-known ${attempt.account}`);
      await this.pairs.resetIn(trx, pairKey);
      await this.clients.refundIn(trx, attempt.client);
      if (attempt.countedForAccount) await this.accounts.refundIn(trx, attempt.account);
      const until = now + this.options.knownClientMs;
      await trx
        .insertInto('login_known_clients')
        .values({ account: attempt.account, client: attempt.client, until })
        .onConflict((conflict) => conflict.columns(['account', 'client']).doUpdateSet({ until }))
        .execute();
      // Bounded: expired pairs go, and beyond maxKnown the ones that expire soonest.
      await trx.deleteFrom('login_known_clients').where('until', '<=', now).execute();
      const maxKnown = Math.max(1, this.options.maxKnown ?? 20_000);
      const over = await trx.selectFrom('login_known_clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      if (Number(over.n) > maxKnown) {
        const keep = await trx.selectFrom('login_known_clients').select('until').orderBy('until', 'desc').offset(maxKnown - 1).limit(1).executeTakeFirst();
        if (keep) await trx.deleteFrom('login_known_clients').where('until', '<', keep.until).execute();
      }
    }, BOOKKEEPING);
  }

  /** Current locks: pairs and addresses that are refused, and accounts in the slow lane. */
  async locks(now = Date.now()): Promise<LoginLock[]> {
    const result: LoginLock[] = [];
    for (const entry of await this.pairs.blocked(now)) {
      const [account, client] = entry.key.split(SEPARATOR);
      result.push({ kind: 'pair', key: entry.key, account: account ?? '', client: client ?? '', failures: entry.hits, retryAfterMs: entry.retryAfterMs });
    }
    for (const entry of await this.clients.blocked(now)) {
      result.push({ kind: 'client', key: entry.key, account: null, client: entry.key, failures: entry.hits, retryAfterMs: entry.retryAfterMs });
    }
    for (const entry of await this.accounts.blocked(now)) {
      result.push({ kind: 'account', key: entry.key, account: entry.key, client: null, failures: entry.hits, retryAfterMs: entry.retryAfterMs });
    }
    return result.sort((a, b) => b.retryAfterMs - a.retryAfterMs || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.key.localeCompare(b.key));
  }

  /** Lifts one lock; returns false when there was none with that kind and key. */
  async lift(kind: LoginLockKind, key: string, now = Date.now()): Promise<boolean> {
    const limiter = kind === 'pair' ? this.pairs : kind === 'client' ? this.clients : this.accounts;
    const present = !(await limiter.peek(key, now)).allowed;
    await writeTransaction(this.database, async (trx) => {
      await limiter.resetIn(trx, key);
      if (kind === 'account') await trx.deleteFrom('login_slow_lane').where('account', '=', key).execute();
    });
    return present;
  }

  /** Forgets every lock, count and known client (tests). */
  async clear(): Promise<void> {
    await writeTransaction(this.database, async (trx) => {
      await trx.deleteFrom('rate_limit_hits').where('bucket', 'in', ['login-pair', 'login-client', 'login-account']).execute();
      await trx.deleteFrom('login_slow_lane').execute();
      await trx.deleteFrom('login_known_clients').execute();
    });
  }
}

const throttles = new WeakMap<Database, LoginThrottle>();

/** The log-in throttle on `database` (one per database object; its state is in the database). */
export function sharedLoginThrottle(database: Database): LoginThrottle {
  let throttle = throttles.get(database);
  if (!throttle) throttles.set(database, (throttle = new LoginThrottle(database)));
  return throttle;
}

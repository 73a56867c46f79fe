/**
 * The log-in throttle's rules (issue 18: anyone could lock any staff account with 5 wrong
 * passwords from anywhere): per (account, client) pair, per client, a slow lane per account
 * for unknown clients, known clients exempt, and the admin's view and lifting of locks — on
 * both engines (the state is in the database, shared by every instance; issue 17), plus
 * parallel attempts from two "instances" (two connections) that cannot slip past a limit.
 */
import { describe, expect, it } from 'vitest';
import { accountKey, LoginThrottle, LOGIN_THROTTLE_DEFAULTS, type LoginAttempt } from '../../../src/lib/server/accounts/login-throttle.ts';
import { postgresDatabase } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

const T0 = Date.UTC(2026, 9, 14, 12);
const MIN = 60_000;
const WINDOW = 15 * MIN;

function fail(throttle: LoginThrottle, email: string, client: string, now: number): Promise<LoginAttempt> {
  return throttle.begin(email, client, now); // counted, and never followed by succeeded()
}

async function succeed(throttle: LoginThrottle, email: string, client: string, now: number): Promise<boolean> {
  const attempt = await throttle.begin(email, client, now);
  if (attempt.allowed) await throttle.succeeded(attempt, now);
  return attempt.allowed;
}

describe.each(ENGINES)('LoginThrottle on %s', (engine) => {
  const env = useDatabase(engine);
  /** A throttle on the suite's database, with nothing counted yet. */
  const fresh = async (): Promise<LoginThrottle> => {
    const throttle = new LoginThrottle(env.current.database);
    await throttle.clear();
    return throttle;
  };

  it('has the documented defaults', () => {
    expect(LOGIN_THROTTLE_DEFAULTS).toMatchObject({
      pair: { limit: 5, windowMs: WINDOW },
      client: { limit: 20, windowMs: WINDOW },
      account: { limit: 10, windowMs: WINDOW },
      slowIntervalMs: MIN,
    });
    expect(accountKey('  Agent@Example.COM ')).toBe('agent@example.com');
  });

  it('locks a pair after 5 failures, for that pair only', async () => {
    const throttle = await fresh();
    for (let i = 0; i < 5; i++) expect((await fail(throttle, 'agent@example.com', '203.0.113.9', T0 + i)).allowed).toBe(true);
    expect(await throttle.begin('AGENT@example.com', '203.0.113.9', T0 + 10)).toEqual({ allowed: false, rule: 'pair', retryAfterMs: WINDOW - 10 });
    // The owner on another address is not affected.
    expect(await succeed(throttle, 'agent@example.com', '198.51.100.7', T0 + 20)).toBe(true);
    // The pair opens again when the window has passed.
    expect((await throttle.begin('agent@example.com', '203.0.113.9', T0 + WINDOW)).allowed).toBe(true);
  });

  it('locks a client that tries many accounts (20 failures)', async () => {
    const throttle = await fresh();
    for (let i = 0; i < 20; i++) expect((await fail(throttle, `user${i}@example.com`, '203.0.113.9', T0)).allowed).toBe(true);
    expect(await throttle.begin('fresh@example.com', '203.0.113.9', T0)).toMatchObject({ allowed: false, rule: 'client' });
  });

  it('slows an attacked account down for unknown clients to one attempt a minute, shared', async () => {
    const throttle = await fresh();
    for (let i = 0; i < 10; i++) expect((await fail(throttle, 'agent@example.com', `bot${i}`, T0 + i)).allowed).toBe(true);
    // Over the limit: the next unknown client gets the slow lane's one attempt …
    expect((await fail(throttle, 'agent@example.com', 'bot10', T0 + 100)).allowed).toBe(true);
    // … and the others wait for the rest of that minute.
    expect(await throttle.begin('agent@example.com', 'bot11', T0 + 30_100)).toEqual({ allowed: false, rule: 'account', retryAfterMs: 30_000 });
    expect((await throttle.begin('agent@example.com', 'bot12', T0 + 100 + MIN)).allowed).toBe(true);
    // A refused attempt was counted nowhere: bot11's own pair and address are untouched.
    expect((await throttle.locks(T0 + 30_100)).filter((lock) => lock.client === 'bot11')).toEqual([]);
  });

  it('lets a known client (a success within 30 days) past the account rule, never past its own pair limit', async () => {
    const throttle = await fresh();
    expect(await succeed(throttle, 'agent@example.com', 'office', T0)).toBe(true);
    expect(await throttle.isKnownClient('Agent@example.com', 'office', T0 + 1)).toBe(true);
    for (let i = 0; i < 50; i++) await fail(throttle, 'agent@example.com', `bot${i}`, T0 + 1000 + i);
    expect(await throttle.begin('agent@example.com', 'unknown', T0 + 2000)).toMatchObject({ allowed: false, rule: 'account' });
    expect(await succeed(throttle, 'agent@example.com', 'office', T0 + 2000)).toBe(true);
    // Typos at the office count for the office pair like anywhere else.
    for (let i = 0; i < 5; i++) await fail(throttle, 'agent@example.com', 'office', T0 + 3000);
    expect(await throttle.begin('agent@example.com', 'office', T0 + 3000)).toMatchObject({ allowed: false, rule: 'pair' });
    // Known status expires.
    expect(await throttle.isKnownClient('agent@example.com', 'office', T0 + 2000 + LOGIN_THROTTLE_DEFAULTS.knownClientMs)).toBe(false);
  });

  it('takes a success back: it uses up no allowance', async () => {
    const throttle = await fresh();
    for (let i = 0; i < 30; i++) expect(await succeed(throttle, 'agent@example.com', 'office', T0)).toBe(true);
    for (let i = 0; i < 30; i++) expect(await succeed(throttle, `user${i}@example.com`, 'lobby', T0)).toBe(true);
    expect(await throttle.locks(T0)).toEqual([]);
  });

  it('lists current locks for the admin and lifts them', async () => {
    const throttle = await fresh();
    for (let i = 0; i < 5; i++) await fail(throttle, 'agent@example.com', '203.0.113.9', T0);
    for (let i = 0; i < 10; i++) await fail(throttle, 'boss@example.com', `bot${i}`, T0);
    const locks = await throttle.locks(T0 + MIN);
    expect(locks.map(({ kind, account, client, failures }) => ({ kind, account, client, failures }))).toEqual([
      { kind: 'account', account: 'boss@example.com', client: null, failures: 10 },
      { kind: 'pair', account: 'agent@example.com', client: '203.0.113.9', failures: 5 },
    ]);
    expect(locks.every((lock) => lock.retryAfterMs === WINDOW - MIN)).toBe(true);

    const pair = locks.find((lock) => lock.kind === 'pair')!;
    expect(await throttle.lift('pair', pair.key, T0 + MIN)).toBe(true);
    expect((await throttle.begin('agent@example.com', '203.0.113.9', T0 + MIN)).allowed).toBe(true);
    expect(await throttle.lift('account', 'boss@example.com', T0 + MIN)).toBe(true);
    expect(await throttle.begin('boss@example.com', 'new', T0 + MIN)).toMatchObject({ allowed: true, countedForAccount: true });
    expect(await throttle.lift('client', 'nobody', T0 + MIN)).toBe(false);
    expect(await throttle.locks(T0 + MIN)).toEqual([]);
  });

  it('holds the pair limit for parallel attempts from two instances (two connections on one database)', async () => {
    await fresh();
    const second = engine === 'postgres' ? postgresDatabase(env.current.url!, { max: 5 }) : env.current.database;
    try {
      const a = new LoginThrottle(env.current.database);
      const b = new LoginThrottle(second);
      const attempts = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).begin('agent@example.com', '203.0.113.9', T0 + i));
      const answers = await Promise.all(attempts);
      expect(answers.filter((answer) => answer.allowed)).toHaveLength(5);
      expect((await b.locks(T0 + 20)).map((lock) => `${lock.kind}:${lock.failures}`)).toEqual(['pair:5']);
    } finally {
      if (second !== env.current.database) await second.close();
    }
  });
});

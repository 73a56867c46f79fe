/**
 * The log-in throttle's rules (issue 18: anyone could lock any staff account with 5 wrong
 * passwords from anywhere): per (account, client) pair, per client, a slow lane per account
 * for unknown clients, known clients exempt, and the admin's view and lifting of locks.
 */
import { describe, expect, it } from 'vitest';
import { accountKey, LoginThrottle, LOGIN_THROTTLE_DEFAULTS, type LoginAttempt } from '../../../src/lib/server/accounts/login-throttle.ts';

const T0 = Date.UTC(2026, 9, 14, 12);
const MIN = 60_000;
const WINDOW = 15 * MIN;

function fail(throttle: LoginThrottle, email: string, client: string, now: number): LoginAttempt {
  return throttle.begin(email, client, now); // counted, and never followed by succeeded()
}

function succeed(throttle: LoginThrottle, email: string, client: string, now: number): boolean {
  const attempt = throttle.begin(email, client, now);
  if (attempt.allowed) throttle.succeeded(attempt, now);
  return attempt.allowed;
}

describe('LoginThrottle', () => {
  it('has the documented defaults', () => {
    expect(LOGIN_THROTTLE_DEFAULTS).toMatchObject({
      pair: { limit: 5, windowMs: WINDOW },
      client: { limit: 20, windowMs: WINDOW },
      account: { limit: 10, windowMs: WINDOW },
      slowIntervalMs: MIN,
    });
    expect(accountKey('  Agent@Example.COM ')).toBe('agent@example.com');
  });

  it('locks a pair after 5 failures, for that pair only', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 5; i++) expect(fail(throttle, 'agent@example.com', '203.0.113.9', T0 + i).allowed).toBe(true);
    expect(throttle.begin('AGENT@example.com', '203.0.113.9', T0 + 10)).toEqual({ allowed: false, rule: 'pair', retryAfterMs: WINDOW - 10 });
    // The owner on another address is not affected.
    expect(succeed(throttle, 'agent@example.com', '198.51.100.7', T0 + 20)).toBe(true);
    // The pair opens again when the window has passed.
    expect(throttle.begin('agent@example.com', '203.0.113.9', T0 + WINDOW).allowed).toBe(true);
  });

  it('locks a client that tries many accounts (20 failures)', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 20; i++) expect(fail(throttle, `user${i}@example.com`, '203.0.113.9', T0).allowed).toBe(true);
    expect(throttle.begin('fresh@example.com', '203.0.113.9', T0)).toMatchObject({ allowed: false, rule: 'client' });
  });

  it('slows an attacked account down for unknown clients to one attempt a minute, shared', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 10; i++) expect(fail(throttle, 'agent@example.com', `bot${i}`, T0 + i).allowed).toBe(true);
    // Over the limit: the next unknown client gets the slow lane's one attempt …
    expect(fail(throttle, 'agent@example.com', 'bot10', T0 + 100).allowed).toBe(true);
    // … and the others wait for the rest of that minute.
    expect(throttle.begin('agent@example.com', 'bot11', T0 + 30_100)).toEqual({ allowed: false, rule: 'account', retryAfterMs: 30_000 });
    expect(throttle.begin('agent@example.com', 'bot12', T0 + 100 + MIN).allowed).toBe(true);
    // A refused attempt was counted nowhere: bot11's own pair and address are untouched.
    expect(throttle.locks(T0 + 30_100).filter((lock) => lock.client === 'bot11')).toEqual([]);
  });

  it('lets a known client (a success within 30 days) past the account rule, never past its own pair limit', () => {
    const throttle = new LoginThrottle();
    expect(succeed(throttle, 'agent@example.com', 'office', T0)).toBe(true);
    expect(throttle.isKnownClient('Agent@example.com', 'office', T0 + 1)).toBe(true);
    for (let i = 0; i < 50; i++) fail(throttle, 'agent@example.com', `bot${i}`, T0 + 1000 + i);
    expect(throttle.begin('agent@example.com', 'unknown', T0 + 2000)).toMatchObject({ allowed: false, rule: 'account' });
    expect(succeed(throttle, 'agent@example.com', 'office', T0 + 2000)).toBe(true);
    // Typos at the office count for the office pair like anywhere else.
    for (let i = 0; i < 5; i++) fail(throttle, 'agent@example.com', 'office', T0 + 3000);
    expect(throttle.begin('agent@example.com', 'office', T0 + 3000)).toMatchObject({ allowed: false, rule: 'pair' });
    // Known status expires.
    expect(throttle.isKnownClient('agent@example.com', 'office', T0 + 2000 + LOGIN_THROTTLE_DEFAULTS.knownClientMs)).toBe(false);
  });

  it('takes a success back: it uses up no allowance', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 30; i++) expect(succeed(throttle, 'agent@example.com', 'office', T0)).toBe(true);
    for (let i = 0; i < 30; i++) expect(succeed(throttle, `user${i}@example.com`, 'lobby', T0)).toBe(true);
    expect(throttle.locks(T0)).toEqual([]);
  });

  it('lists current locks for the admin and lifts them', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 5; i++) fail(throttle, 'agent@example.com', '203.0.113.9', T0);
    for (let i = 0; i < 10; i++) fail(throttle, 'boss@example.com', `bot${i}`, T0);
    const locks = throttle.locks(T0 + MIN);
    expect(locks.map(({ kind, account, client, failures }) => ({ kind, account, client, failures }))).toEqual([
      { kind: 'account', account: 'boss@example.com', client: null, failures: 10 },
      { kind: 'pair', account: 'agent@example.com', client: '203.0.113.9', failures: 5 },
    ]);
    expect(locks.every((lock) => lock.retryAfterMs === WINDOW - MIN)).toBe(true);

    const pair = locks.find((lock) => lock.kind === 'pair')!;
    expect(throttle.lift('pair', pair.key, T0 + MIN)).toBe(true);
    expect(throttle.begin('agent@example.com', '203.0.113.9', T0 + MIN).allowed).toBe(true);
    expect(throttle.lift('account', 'boss@example.com', T0 + MIN)).toBe(true);
    expect(throttle.begin('boss@example.com', 'new', T0 + MIN)).toMatchObject({ allowed: true, countedForAccount: true });
    expect(throttle.lift('client', 'nobody', T0 + MIN)).toBe(false);
    expect(throttle.locks(T0 + MIN)).toEqual([]);
  });
});

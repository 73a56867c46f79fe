/**
 * Sessions after the Lucia design: token format, only the hash stored, validation, expiry,
 * sliding extension, disabled accounts, invalidation, cookies, safe redirects, and the
 * throttled log-in — the database parts on both engines (issue 17).
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LoginThrottle, LOGIN_THROTTLE_DEFAULTS } from '../../../src/lib/server/accounts/login-throttle.ts';
import {
  createSession,
  deleteExpiredSessions,
  deleteSessionCookie,
  generateSessionToken,
  hashSessionToken,
  invalidateSession,
  invalidateUserSessions,
  logIn,
  needsSecureCookie,
  safeRedirectPath,
  SESSION_COOKIE,
  SESSION_LIFETIME_MS,
  setSessionCookie,
  validateSessionToken,
  type CookieJar,
} from '../../../src/lib/server/accounts/session.ts';
import { createUser, type User } from '../../../src/lib/server/accounts/users.ts';
import { ENGINES, useDatabase } from '../engines.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 14, 12);
const PASSWORD = 'a-long-password';

describe('generateSessionToken', () => {
  it('makes 160-bit tokens in lower-case base32 without padding, never the same twice', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateSessionToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{32}$/);
  });
});

describe('cookies', () => {
  /** Records what the helpers ask of Astro's cookies. */
  function fakeJar(): CookieJar & { calls: unknown[][] } {
    const calls: unknown[][] = [];
    return {
      calls,
      set: (...args) => void calls.push(['set', ...args]),
      delete: (...args) => void calls.push(['delete', ...args]),
    };
  }

  it('sets tz_session httpOnly, SameSite=Lax, for the whole site, until the session ends', () => {
    const jar = fakeJar();
    setSessionCookie(jar, 'token', T0 + SESSION_LIFETIME_MS, false);
    expect(jar.calls).toEqual([
      ['set', SESSION_COOKIE, 'token', { httpOnly: true, sameSite: 'lax', secure: false, path: '/', expires: new Date(T0 + SESSION_LIFETIME_MS) }],
    ]);
    deleteSessionCookie(jar, true);
    expect(jar.calls[1]).toEqual(['delete', 'tz_session', { httpOnly: true, sameSite: 'lax', secure: true, path: '/' }]);
  });

  it('is Secure when the request or the public site address is HTTPS', () => {
    expect(needsSecureCookie(new URL('http://localhost:4321/staff'), 'http://localhost:4321')).toBe(false);
    expect(needsSecureCookie(new URL('https://help.example/staff'), 'http://localhost:4321')).toBe(true);
    expect(needsSecureCookie(new URL('http://10.0.0.5:4321/staff'), 'https://help.example')).toBe(true);
  });
});

describe('safeRedirectPath', () => {
  const SITE = 'http://tierzero.invalid';

  it('keeps paths on this site', () => {
    expect(safeRedirectPath('/staff/tickets?status=open#top', SITE)).toBe('/staff/tickets?status=open#top');
    expect(safeRedirectPath('/articles/reset-password', SITE)).toBe('/articles/reset-password');
  });

  it('refuses other sites, odd schemes and the log-in pages themselves', () => {
    for (const bad of [null, undefined, '', 'staff', 'https://evil.example/', '//evil.example', '/\\evil.example', '/\\/evil', 'javascript:alert(1)', '/%0a//evil', '/staff/login', '/staff/logout', '/staff/login?next=/x', '/x\n']) {
      const result = safeRedirectPath(bad, SITE);
      expect(result === '/staff' || (result.startsWith('/') && !result.startsWith('//')), String(bad)).toBe(true);
      expect(new URL(result, 'http://tierzero.invalid').origin).toBe('http://tierzero.invalid');
    }
    expect(safeRedirectPath('//evil.example', SITE)).toBe('/staff');
    expect(safeRedirectPath('/staff/login?next=/x', SITE)).toBe('/staff');
    expect(safeRedirectPath('https://evil.example/', SITE, '/')).toBe('/');
  });

  it('checks the value after normalisation (issue 18: /.//host and /staff/..//host)', () => {
    expect(safeRedirectPath('/.//evil.example/x', SITE)).toBe('/staff');
    expect(safeRedirectPath('/staff/..//evil.example/x', SITE)).toBe('/staff');
    expect(safeRedirectPath('/staff/./login', SITE)).toBe('/staff');
  });
});

describe.each(ENGINES)('sessions on %s', (engine) => {
  const env = useDatabase(engine);
  let agent: User;
  let other: User;

  beforeAll(async () => {
    agent = await createUser(env.current.database, { email: 'agent@example.com', name: 'Agent', role: 'first_level', password: PASSWORD });
    other = await createUser(env.current.database, { email: 'other@example.com', name: 'Other', role: 'second_level', password: PASSWORD });
  });

  beforeEach(async () => {
    await env.current.database.kysely.deleteFrom('sessions').execute();
    await env.current.database.kysely.updateTable('users').set({ disabled: 0 }).execute();
  });

  const storedSessions = (): Promise<{ id: string; user_id: number; created_at: number; expires_at: number }[]> =>
    env.current.database.kysely.selectFrom('sessions').selectAll().orderBy('created_at').execute();
  const disable = (userId: number) => env.current.database.kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', userId).execute();

  describe('createSession / validateSessionToken', () => {
    it('stores only the SHA-256 of the token, and finds the session and user by the token', async () => {
      const token = generateSessionToken();
      const session = await createSession(env.current.database, token, agent.id, T0);
      expect(session).toEqual({ id: hashSessionToken(token), userId: agent.id, createdAt: T0, expiresAt: T0 + SESSION_LIFETIME_MS });
      expect(session.id).toMatch(/^[0-9a-f]{64}$/);
      const rows = await storedSessions();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(token);

      const valid = await validateSessionToken(env.current.database, token, T0 + DAY);
      expect(valid).toEqual({ session, user: agent, refreshed: false });
    });

    it('refuses unknown, malformed and hash-instead-of-token values', async () => {
      const token = generateSessionToken();
      const session = await createSession(env.current.database, token, agent.id, T0);
      expect(await validateSessionToken(env.current.database, generateSessionToken(), T0)).toBeNull();
      expect(await validateSessionToken(env.current.database, '', T0)).toBeNull();
      expect(await validateSessionToken(env.current.database, token.toUpperCase(), T0)).toBeNull();
      expect(await validateSessionToken(env.current.database, `${token}a`, T0)).toBeNull();
      expect(await validateSessionToken(env.current.database, 'x'.repeat(100_000), T0)).toBeNull();
      // Someone who read the database has the hash, not the token: the hash is no cookie.
      expect(await validateSessionToken(env.current.database, session.id, T0)).toBeNull();
      expect(await validateSessionToken(env.current.database, token, T0)).not.toBeNull();
    });

    it('expires after 30 days and deletes the expired session', async () => {
      const token = generateSessionToken();
      await createSession(env.current.database, token, agent.id, T0);
      expect(await validateSessionToken(env.current.database, token, T0 + 30 * DAY - 1)).not.toBeNull();
      // That use extended it; a fresh one that is never used again expires on time.
      const idle = generateSessionToken();
      await createSession(env.current.database, idle, agent.id, T0);
      expect(await validateSessionToken(env.current.database, idle, T0 + 30 * DAY)).toBeNull();
      expect((await storedSessions()).map((row) => row.id)).toEqual([hashSessionToken(token)]);
    });

    it('slides: extended to 30 days when used with less than 15 days left, not before', async () => {
      const token = generateSessionToken();
      await createSession(env.current.database, token, agent.id, T0);
      const early = (await validateSessionToken(env.current.database, token, T0 + 15 * DAY))!;
      expect(early.refreshed).toBe(false);
      expect(early.session.expiresAt).toBe(T0 + 30 * DAY);

      const late = (await validateSessionToken(env.current.database, token, T0 + 15 * DAY + 1))!;
      expect(late.refreshed).toBe(true);
      expect(late.session.expiresAt).toBe(T0 + 45 * DAY + 1);
      expect((await storedSessions())[0].expires_at).toBe(T0 + 45 * DAY + 1);
      // Still valid after the original 30 days, because it was used.
      expect(await validateSessionToken(env.current.database, token, T0 + 40 * DAY)).not.toBeNull();
    });

    it('refuses sessions of disabled accounts and removes them', async () => {
      const token = generateSessionToken();
      await createSession(env.current.database, token, agent.id, T0);
      await disable(agent.id);
      expect(await validateSessionToken(env.current.database, token, T0)).toBeNull();
      expect(await storedSessions()).toHaveLength(0);
    });
  });

  describe('invalidation', () => {
    it('ends one session, or all sessions of one user', async () => {
      const [a1, a2, o1] = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
      const first = await createSession(env.current.database, a1, agent.id, T0);
      await createSession(env.current.database, a2, agent.id, T0);
      await createSession(env.current.database, o1, other.id, T0);

      await invalidateSession(env.current.database, first.id);
      expect(await validateSessionToken(env.current.database, a1, T0)).toBeNull();
      expect(await validateSessionToken(env.current.database, a2, T0)).not.toBeNull();

      expect(await invalidateUserSessions(env.current.database, agent.id)).toBe(1);
      expect(await validateSessionToken(env.current.database, a2, T0)).toBeNull();
      expect((await validateSessionToken(env.current.database, o1, T0))?.user.id).toBe(other.id);
    });

    it('sweeps expired sessions', async () => {
      await createSession(env.current.database, generateSessionToken(), agent.id, T0 - 31 * DAY);
      await createSession(env.current.database, generateSessionToken(), agent.id, T0);
      expect(await deleteExpiredSessions(env.current.database, T0)).toBe(1);
      expect(await storedSessions()).toHaveLength(1);
    });
  });

  describe('logIn', () => {
    const WINDOW = 15 * 60_000;
    // The throttle's state is in the database (migration 0018); each test starts with none.
    const limits = async (): Promise<LoginThrottle> => {
      const throttle = new LoginThrottle(env.current.database, {
        ...LOGIN_THROTTLE_DEFAULTS,
        pair: { limit: 3, windowMs: WINDOW },
        client: { limit: 5, windowMs: WINDOW },
        account: { limit: 4, windowMs: WINDOW },
        slowIntervalMs: 60_000,
      });
      await throttle.clear();
      return throttle;
    };

    it('creates a session for the right password, with any case and spacing of the address', async () => {
      const result = await await logIn(env.current.database, { email: '  AGENT@example.com ', password: PASSWORD, client: '10.0.0.1' }, await limits(), T0);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.user).toEqual(agent);
      expect((await validateSessionToken(env.current.database, result.token, T0))?.user.id).toBe(agent.id);
    });

    it('gives the same answer for a wrong password, an unknown address and a disabled account', async () => {
      const l = await limits();
      expect(await await logIn(env.current.database, { email: 'agent@example.com', password: 'wrong-password', client: 'c' }, l, T0)).toEqual({ ok: false, reason: 'invalid' });
      expect(await await logIn(env.current.database, { email: 'nobody@example.com', password: PASSWORD, client: 'c' }, l, T0)).toEqual({ ok: false, reason: 'invalid' });
      await disable(other.id);
      expect(await await logIn(env.current.database, { email: 'other@example.com', password: PASSWORD, client: 'c' }, l, T0)).toEqual({ ok: false, reason: 'invalid' });
      expect(await storedSessions()).toHaveLength(0);
    });

    it('locks a pair after repeated failures, even with the right password, until the window passes', async () => {
      const l = await limits();
      for (let i = 0; i < 3; i++) {
        expect((await await logIn(env.current.database, { email: 'agent@example.com', password: 'wrong-password', client: 'attacker' }, l, T0 + i)).ok).toBe(false);
      }
      const throttled = await await logIn(env.current.database, { email: 'Agent@example.com', password: PASSWORD, client: 'attacker' }, l, T0 + 10);
      expect(throttled).toEqual({ ok: false, reason: 'throttled', retryAfterMs: WINDOW - 10 });
      expect((await await logIn(env.current.database, { email: 'agent@example.com', password: PASSWORD, client: 'attacker' }, l, T0 + WINDOW)).ok).toBe(true);
    });

    it('issue 18: failures from elsewhere do not lock the owner out of their usual network', async () => {
      const l = await limits();
      // The owner logged in from the office before.
      expect((await await logIn(env.current.database, { email: 'agent@example.com', password: PASSWORD, client: 'office' }, l, T0)).ok).toBe(true);
      // Someone guesses from many addresses, far past every per-account limit.
      for (let i = 0; i < 40; i++) await await logIn(env.current.database, { email: 'agent@example.com', password: 'wrong-password', client: `bot${i}` }, l, T0 + 1000 + i);
      // The owner, at the office, still gets in at once.
      expect((await await logIn(env.current.database, { email: 'agent@example.com', password: PASSWORD, client: 'office' }, l, T0 + 2000)).ok).toBe(true);
      // A new address for the account is slowed down to one attempt a minute, not locked out.
      const slowed = await await logIn(env.current.database, { email: 'agent@example.com', password: PASSWORD, client: 'hotel' }, l, T0 + 2000);
      expect(slowed).toMatchObject({ ok: false, reason: 'throttled' });
      if (!slowed.ok && slowed.reason === 'throttled') expect(slowed.retryAfterMs).toBeLessThanOrEqual(60_000);
      expect((await await logIn(env.current.database, { email: 'agent@example.com', password: PASSWORD, client: 'hotel' }, l, T0 + 1000 + 39 + 60_000)).ok).toBe(true);
    });

    it('throttles a client trying many accounts; successes do not use up its allowance', async () => {
      const l = await limits();
      await await logIn(env.current.database, { email: 'agent@example.com', password: 'wrong-password', client: 'office' }, l, T0);
      await await logIn(env.current.database, { email: 'agent@example.com', password: 'wrong-password', client: 'office' }, l, T0);
      expect((await await logIn(env.current.database, { email: 'agent@example.com', password: PASSWORD, client: 'office' }, l, T0)).ok).toBe(true);
      for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
        await await logIn(env.current.database, { email, password: 'wrong-password', client: 'office' }, l, T0);
      }
      const blocked = await await logIn(env.current.database, { email: 'agent@example.com', password: PASSWORD, client: 'office' }, l, T0);
      expect(blocked).toMatchObject({ ok: false, reason: 'throttled' });
      expect((await l.locks(T0)).map((lock) => `${lock.kind}:${lock.key}`)).toEqual(['client:office']);
    });
  });
});

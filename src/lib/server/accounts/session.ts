/**
 * Staff sessions after the Lucia design: the browser holds a random token in an httpOnly
 * cookie, the database holds only the token's SHA-256 (hex) as the session id, so a leaked
 * database does not leak usable sessions. Sessions last 30 days and slide: a session used
 * when less than 15 days remain is extended to 30 days again.
 * Both engines (issue 17): validating a session — every staff request — is ONE indexed query
 * (sessions by primary key, joined to the user and their areas); only an expired, disabled
 * or renewed session writes.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeHex, encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { safeRedirectTarget } from '../platform/redirect-target.ts';
import { getUserCredentials, USER_COLUMNS, usersFromJoinedRows, type User, type UserRow } from './users.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'tz_session';

const DAY_MS = 86_400_000;

/** How long a session lasts after it was created or last extended. */
export const SESSION_LIFETIME_MS = 30 * DAY_MS;

/** A session used when less than this remains is extended to the full lifetime. */
export const SESSION_RENEW_THRESHOLD_MS = 15 * DAY_MS;

/** Random bytes per token: 160 bits, as Lucia recommends (at least 120). */
const TOKEN_BYTES = 20;

/** Base32 (RFC 4648, lower case, no padding) of TOKEN_BYTES bytes. */
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/** A stored session. Times are Unix milliseconds. */
export interface Session {
  /** SHA-256 of the token, hex. */
  id: string;
  userId: number;
  createdAt: number;
  expiresAt: number;
}

/** A valid session with its user; `refreshed` says that the expiry moved (re-send the cookie). */
export interface SessionValidation {
  session: Session;
  user: User;
  refreshed: boolean;
}

/** A new random session token for the cookie: 20 random bytes, base32 lower-case without padding. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(TOKEN_BYTES);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The session id stored for a token: its SHA-256, hex. */
export function hashSessionToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Stores a new session for a user and returns it. Only the token's hash is stored. */
export async function createSession(database: Database, token: string, userId: number, now = Date.now()): Promise<Session> {
  const session: Session = { id: hashSessionToken(token), userId, createdAt: now, expiresAt: now + SESSION_LIFETIME_MS };
  await database.kysely
    .insertInto('sessions')
    .values({ id: session.id, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt })
    .execute();
  return session;
}

/**
 * The session and user for a cookie token, or null when the token is malformed or unknown,
 * the session has expired (it is then deleted) or the account is disabled or gone (the
 * session is deleted too). Extends the session when less than 15 days remain.
 */
export async function validateSessionToken(database: Database, token: string, now = Date.now()): Promise<SessionValidation | null> {
  // Cheap check first: a malformed or oversized cookie never reaches the hash or the database.
  if (!TOKEN_PATTERN.test(token)) return null;
  const id = hashSessionToken(token);
  // One query: the session by primary key, its user (inner join: a session without a user is
  // gone) and the user's areas (one row per area).
  const rows = await database.kysely
    .selectFrom('sessions')
    .leftJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('user_areas', 'user_areas.user_id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.user_id as session_user_id',
      'sessions.created_at as session_created_at',
      'sessions.expires_at as session_expires_at',
      ...USER_COLUMNS,
      'user_areas.category',
    ])
    .where('sessions.id', '=', id)
    .execute();
  const row = rows[0];
  // The lookup is by primary key; the stored id is compared in constant time all the same.
  if (!row || !constantTimeEqual(decodeHex(row.session_id), decodeHex(id))) return null;
  if (now >= row.session_expires_at) {
    await invalidateSession(database, row.session_id);
    return null;
  }
  // Every row has the same user columns: all null (no such user any more) or all set.
  const user = row.id === null ? null : usersFromJoinedRows(rows as (typeof row & UserRow)[])[0].user;
  if (!user || user.disabled) {
    await invalidateSession(database, row.session_id);
    return null;
  }
  const session: Session = { id: row.session_id, userId: row.session_user_id, createdAt: row.session_created_at, expiresAt: row.session_expires_at };
  let refreshed = false;
  if (session.expiresAt - now < SESSION_RENEW_THRESHOLD_MS) {
    session.expiresAt = now + SESSION_LIFETIME_MS;
    await database.kysely.updateTable('sessions').set({ expires_at: session.expiresAt }).where('id', '=', session.id).execute();
    refreshed = true;
  }
  return { session, user, refreshed };
}

/** Ends one session (log-out). */
export async function invalidateSession(database: Database, sessionId: string): Promise<void> {
  await database.kysely.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user (password change, account disabled). Returns how many. */
export async function invalidateUserSessions(database: Database, userId: number): Promise<number> {
  return endSessionsInChange(database.kysely, userId);
}

/** Ends a user's sessions inside the caller's change, all of them or all but `keepSessionId` (the one in use). Returns how many. */
export async function endSessionsInChange(trx: Trx, userId: number, keepSessionId: string | null = null): Promise<number> {
  let sessions = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) sessions = sessions.where('id', '!=', keepSessionId);
  const result = await sessions.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Removes expired sessions (housekeeping; validation also removes them one by one). */
export async function deleteExpiredSessions(database: Database, now = Date.now()): Promise<number> {
  const result = await database.kysely.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The cookie options the session cookie needs; a subset of Astro's AstroCookieSetOptions. */
export interface SessionCookieOptions {
  httpOnly: boolean;
  sameSite: 'lax';
  secure: boolean;
  path: string;
  expires: Date;
}

/** What the cookie helpers need from Astro's `cookies` (AstroCookies fits). */
export interface CookieJar {
  set(name: string, value: string, options: SessionCookieOptions): void;
  delete(name: string, options: Omit<SessionCookieOptions, 'expires'>): void;
}

/**
 * True when cookies must be `Secure`: the request came over HTTPS or the site's public
 * address (SITE_URL) is HTTPS (behind a TLS-terminating proxy the request itself is HTTP).
 */
export function needsSecureCookie(requestUrl: URL, siteUrl: string): boolean {
  return requestUrl.protocol === 'https:' || siteUrl.trim().toLowerCase().startsWith('https:');
}

/** Sets the session cookie: httpOnly, SameSite=Lax, Secure on HTTPS, whole site, until the session expires. */
export function setSessionCookie(cookies: CookieJar, token: string, expiresAt: number, secure: boolean): void {
  cookies.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: new Date(expiresAt) });
}

/** Removes the session cookie from the browser. */
export function deleteSessionCookie(cookies: CookieJar, secure: boolean): void {
  cookies.delete(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

/** Pages that are never a place to go after logging in. */
const NOT_AFTER_LOGIN = /^\/staff\/(?:login|logout|forbidden)\/?$/;

/**
 * A same-site path to go to after logging in, from an untrusted `next` parameter: the shared
 * redirect check (safeRedirectTarget: one leading "/", same origin as `siteUrl` after
 * normalisation, no backslash or control character), and never the log-in, log-out or 403
 * page. Anything else gives `fallback`.
 */
export function safeRedirectPath(next: string | null | undefined, siteUrl: string, fallback = '/staff'): string {
  return safeRedirectTarget(next, { siteUrl, fallback, refusePath: NOT_AFTER_LOGIN });
}

/** The outcome of a log-in attempt. */
export type LogInResult =
  | { ok: true; user: User; session: Session; token: string }
  /** Wrong e-mail address or password, or a disabled account: the caller must not say which. */
  | { ok: false; reason: 'invalid' }
  /** Too many failures for this account or from this client. */
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * Checks an e-mail address and password and, when they match an enabled account, creates a
 * session. The log-in throttle (login-throttle.ts) counts every attempt before the password
 * is checked, so parallel guesses cannot slip past a limit: per (account, client address)
 * pair, per client address, and per account for clients that never logged in to it (the
 * owner's usual network stays open during an attack). A success takes its count back.
 * Unknown accounts cost as much time as known ones.
 */
export async function logIn(
  database: Database,
  attempt: { email: string; password: string; client: string },
  throttle: LoginThrottle,
  now = Date.now(),
): Promise<LogInResult> {
  const counted = await throttle.begin(attempt.email, attempt.client, now);
  if (!counted.allowed) return { ok: false, reason: 'throttled', retryAfterMs: counted.retryAfterMs };

  const credentials = await getUserCredentials(database, counted.account);
  const matches = await verifyPassword(credentials?.passwordHash ?? (await dummyPasswordHash()), attempt.password);
  if (!credentials || !matches || credentials.user.disabled) return { ok: false, reason: 'invalid' };

  await throttle.succeeded(counted, now);
  const token = generateSessionToken();
  const session = await createSession(database, token, credentials.user.id, now);
  return { ok: true, user: credentials.user, session, token };
}

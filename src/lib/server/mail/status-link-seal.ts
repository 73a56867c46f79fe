/**
 * The private status-link token kept encrypted at rest, so that every mail to the customer can
 * carry the link (issue #12, "every mail has the way back") although the database never holds
 * the token in clear. Rules that always hold:
 * - AES-256-GCM (node:crypto) with a fresh 12-byte IV per token; the ticket id is the
 *   additional authenticated data, so a sealed token copied onto another ticket does not open.
 * - The key is STATUS_LINK_KEY (32 bytes as 64 hex digits or base64) or, without it, the file
 *   DATA_DIR/status-link.key (created once with 32 random bytes, mode 0600). A database backup
 *   alone therefore reveals no link.
 * - The clear token exists only in memory: mails are queued with a placeholder
 *   (`STATUS_LINK_PLACEHOLDER`) that the outbox replaces while sending (outbox.ts); nothing
 *   here logs it. Lookups still go through the token's SHA-256 (desk/ticket-lookup.ts).
 * - Opening never throws: a wrong key, a tampered value or another ticket's value gives null.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The key as given in STATUS_LINK_KEY: 64 hex digits or base64(url) of 32 bytes; throws with the variable's name. */
export function parseStatusLinkKey(value: string): Buffer {
  const text = value.trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES) throw new Error('STATUS_LINK_KEY: not 32 bytes (64 hex digits or base64)');
  return key;
}

/** The key from STATUS_LINK_KEY, else from DATA_DIR/status-link.key (created on first use). */
export function loadStatusLinkKey(envValue: string | undefined, dataDir: string): Buffer {
  if (envValue && envValue.trim()) return parseStatusLinkKey(envValue);
  const file = path.join(dataDir, 'status-link.key');
  try {
    return parseStatusLinkKey(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx': two processes starting together never overwrite each other's key.
    fs.writeFileSync(file, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parseStatusLinkKey(fs.readFileSync(file, 'utf8'));
}

let processKey: Buffer | null = null;

/** Sets the key the desk seals and the outbox opens tokens with (app start-up, mail scripts). */
export function setStatusLinkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new Error('status-link key: not 32 bytes');
  processKey = key;
}

/**
 * The process's key. Without `setStatusLinkKey` (unit tests, one-off scripts) a random key
 * for this process: links still work within it, and a later process falls back to the
 * generic status page with "send me my link again".
 */
export function statusLinkKey(): Buffer {
  processKey ??= randomBytes(KEY_BYTES);
  return processKey;
}

function aad(ticketId: number): Buffer {
  return Buffer.from(`tierzero-status-link:${ticketId}`);
}

/** `v1.<iv>.<ciphertext+tag>` (base64url) of the token, bound to the ticket id. */
export function sealToken(token: string, ticketId: number, key: Buffer = statusLinkKey()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(ticketId));
  const data = Buffer.concat([cipher.update(token, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${data.toString('base64url')}`;
}

/** The token sealed for this ticket, or null (missing, malformed, tampered, other key or ticket). */
export function openToken(sealed: string | null | undefined, ticketId: number, key: Buffer = statusLinkKey()): string | null {
  if (!sealed) return null;
  const [version, ivText, dataText, extra] = sealed.split('.');
  if (version !== VERSION || !ivText || !dataText || extra !== undefined) return null;
  try {
    const iv = Buffer.from(ivText, 'base64url');
    const data = Buffer.from(dataText, 'base64url');
    if (iv.length !== IV_BYTES || data.length <= TAG_BYTES) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad(ticketId));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * What a queued mail body holds where the private link of its ticket goes (on a line of its
 * own); `{{status-link:<id>}}` names another ticket of the same recipient (the "send me my
 * links again" mail). The outbox replaces it while sending, never in the stored body.
 */
export const STATUS_LINK_PLACEHOLDER = '{{status-link}}';

/** The placeholder for a given ticket's link. */
export function statusLinkPlaceholder(ticketId?: number): string {
  return ticketId === undefined ? STATUS_LINK_PLACEHOLDER : `{{status-link:${ticketId}}}`;
}

/**
 * Replaces the placeholders of a mail body (each at the start of a line of its own, optionally
 * followed by a path on the status page such as `/solved?article=…`) with links.
 * `personalLink` gets the ticket id (the mail's own ticket for the bare placeholder, null when
 * the mail has none) and returns the private status URL, or null when there is none to give;
 * then the line becomes `general` (without the path: it would lead nowhere).
 */
export function fillStatusLinks(body: string, ownTicketId: number | null, personalLink: (ticketId: number | null) => string | null, general: string): string {
  return body.replace(/^\{\{status-link(?::(\d{1,12}))?\}\}(\/\S*)?$/gm, (_match, id: string | undefined, path: string | undefined) => {
    const link = personalLink(id === undefined ? ownTicketId : Number(id));
    return link ? `${link}${path ?? ''}` : general;
  });
}

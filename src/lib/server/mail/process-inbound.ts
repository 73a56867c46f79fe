/**
 * What happens to one mail from the support mailbox, decided and written in ONE database
 * transaction: it opens a ticket (channel e-mail, category "unsorted", the confirmation with
 * the private link queued exactly like the form's), is added to the ticket it answers, is
 * ignored (a loop: own address, auto-reply, bulk, bounce — no ticket, no mail), or is marked
 * unprocessed with the reason (shown to admins). The mail's row in `mail_inbound`, keyed by
 * its Message-ID (or the hash of its text), is written in the same transaction, so a mail is
 * processed exactly once: run again after a crash, it is recognised and only moved.
 */
import { resolveMergedTicketId } from '../desk/ticket-relations.ts';
import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import { lockKey, queryOf, writeTransaction, type Queryable, type Trx } from '../platform/database/write-transaction.ts';
import type { DeskConfig } from '../desk/desk-config.ts';
import { DeskError } from '../desk/errors.ts';
import { customerReplyInChange } from '../desk/add-customer-reply.ts';
import { createTicketInChange } from '../desk/create-ticket.ts';
import { getTicket, getTicketByReference } from '../desk/ticket-lookup.ts';
import { loopReason } from './loop-detection.ts';
import { stripQuotes } from './quote-strip.ts';
import { detectLanguage } from './detect-language.ts';
import { normalizeMessageId, recordThreadIdInChange, ticketForMessageIds } from './thread-ids.ts';
import { sanitizeMailHtml } from './sanitize-html.ts';
import type { Lang } from '../../languages.ts';
import { checkAttachment, safeFileName, type AttachmentLimits } from '../attachments/attachment-types.ts';
import { recordAttachmentsInChange, writeAttachmentFile, type StoredFile } from '../attachments/attachment-store.ts';

/** How a mail was handled; `duplicate` means it had been processed before (only move it). */
export type InboundOutcome = 'ticket' | 'reply' | 'ignored' | 'unprocessed';

/** The result of processing one mail. */
export interface InboundResult {
  outcome: InboundOutcome;
  /** True when this mail had already been processed (by an earlier run); nothing was written now. */
  duplicate: boolean;
  reason: string | null;
  ticketId: number | null;
}

/** Settings of the e-mail channel that decide what a mail may do. */
export interface InboundOptions {
  /** The support mailbox's own addresses, lower case: mail from them is ignored. */
  supportAddresses: readonly string[];
  /** Mails per sender and hour that may open or answer tickets; more go to "unprocessed". */
  ratePerHour: number;
  now?: number;
  random?: () => number;
  /** The mail's accepted attachments, already written (see `storeMailAttachments`); recorded with the message. */
  files?: readonly StoredFile[];
  /** Attachments that were refused, as "name (reason)": noted in the mail's record for staff. */
  refused?: readonly string[];
}

/** The category of tickets that came in by e-mail, for first level to set. */
export const UNSORTED_CATEGORY = 'unsorted';
/** The raw text of a mail is kept up to this size (staff see the original); larger is cut with a note. */
const MAX_RAW = 2_000_000;
const MAX_TEXT = 20_000;

/** Parses a raw mail; never throws (a broken mail becomes an error message). */
export async function parseMail(raw: Buffer): Promise<ParsedMail | Error> {
  try {
    return await simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The key under which a mail is processed once: its Message-ID, else the SHA-256 of its text. */
export function dedupeKey(parsed: ParsedMail | Error, raw: Buffer): string {
  const id = parsed instanceof Error ? null : normalizeMessageId(parsed.messageId);
  return id ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/** Lower-case header names → raw values (repeated headers joined with ", "). */
function headerMap(parsed: ParsedMail): Map<string, string> {
  const map = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    const name = key.toLowerCase();
    map.set(name, map.has(name) ? `${map.get(name)}, ${value}` : value);
  }
  return map;
}

/** The subject without "Re:"/"AW:"/"Fwd:" prefixes and without the ticket reference. */
export function cleanSubject(subject: string): string {
  let text = subject.replace(/\[T-\d{4}-\d{6}\]/gi, ' ');
  for (;;) {
    const next = text.replace(/^\s*(?:re|aw|antw|wg|fw|fwd|sv|vs)\s*(?:\[\d+\])?\s*:\s*/i, '');
    if (next === text) break;
    text = next;
  }
  return text.replace(/[\s\p{Cc}]+/gu, ' ').trim().slice(0, 200);
}

/** The ids a reply refers to, most specific first: In-Reply-To, then References from the newest. */
export function referencedIds(parsed: Pick<ParsedMail, 'inReplyTo' | 'references'>): string[] {
  const refs = typeof parsed.references === 'string' ? parsed.references.split(/\s+/) : (parsed.references ?? []);
  const ids = [parsed.inReplyTo ?? '', ...[...refs].reverse()].map(normalizeMessageId).filter((id): id is string => id !== null);
  return [...new Set(ids)];
}

/** The customer's own words: the text part (or the text of the HTML part) without quotes and signature. */
function ownText(parsed: ParsedMail): string {
  const text = (parsed.text ?? '').replace(/\0/g, '');
  return stripQuotes(text).slice(0, MAX_TEXT);
}

/** The ticket a mail answers: by Message-ID references, else by the reference in the subject from the ticket's customer. */
export async function threadTicket(db: Queryable, parsed: ParsedMail, from: string): Promise<number | null> {
  const byId = await ticketForMessageIds(queryOf(db), referencedIds(parsed));
  // A merged ticket's mails answer the ticket it went into.
  if (byId !== null) return resolveMergedTicketId(db, byId);
  const reference = /\[(T-\d{4}-\d{6})\]/i.exec(parsed.subject ?? '')?.[1];
  if (!reference) return null;
  const ticket = await getTicketByReference(db, reference);
  // A reference alone is guessable: only the ticket's own customer may answer with it.
  return ticket && ticket.customerEmail.toLowerCase() === from ? resolveMergedTicketId(db, ticket.id) : null;
}

async function customerLang(trx: Trx, email: string, text: string): Promise<Lang> {
  const row = await trx
    .selectFrom('tickets')
    .select('lang')
    .where(sql`lower(customer_email)`, '=', email.toLowerCase())
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (row?.lang as Lang | undefined) ?? detectLanguage(text);
}

async function previousResult(trx: Trx, key: string): Promise<InboundResult | null> {
  const row = await trx.selectFrom('mail_inbound').select(['outcome', 'reason', 'ticket_id']).where('dedupe_key', '=', key).executeTakeFirst();
  return row ? { outcome: row.outcome as InboundOutcome, duplicate: true, reason: row.reason, ticketId: row.ticket_id } : null;
}

/** True when the mail with this key has been processed already. */
export async function isProcessed(database: Database, key: string): Promise<boolean> {
  return (await database.kysely.selectFrom('mail_inbound').select('id').where('dedupe_key', '=', key).executeTakeFirst()) !== undefined;
}

/**
 * Processes one mail in one transaction (see the module comment). Never throws for a bad
 * mail: whatever cannot be handled is recorded as unprocessed with the reason.
 */
export async function processMail(database: Database, raw: Buffer, parsed: ParsedMail | Error, config: DeskConfig, options: InboundOptions): Promise<InboundResult> {
  const now = options.now ?? Date.now();
  const key = dedupeKey(parsed, raw);
  const rawText = raw.length > MAX_RAW ? `${raw.subarray(0, MAX_RAW).toString('utf8')}\n[… cut at ${MAX_RAW} bytes]` : raw.toString('utf8');
  return writeTransaction(database, async (trx): Promise<InboundResult> => {
    const record = async (result: Omit<InboundResult, 'duplicate'>, from: string, subject: string, html: string | null): Promise<number> => {
      const { id } = await trx
        .insertInto('mail_inbound')
        .values({
          dedupe_key: key,
          from_address: from,
          subject: subject.slice(0, 300),
          outcome: result.outcome,
          reason: result.reason,
          ticket_id: result.ticketId,
          raw: rawText,
          html,
          received_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    };
    // The same mail fetched by two instances at once: the second waits and finds the first's result.
    await lockKey(trx, `inbound mail ${key}`);
    const previous = await previousResult(trx, key);
    if (previous) return previous;
    if (parsed instanceof Error) {
      await record({ outcome: 'unprocessed', reason: `unreadable mail: ${parsed.message}`.slice(0, 500), ticketId: null }, '', '', null);
      return { outcome: 'unprocessed', duplicate: false, reason: 'unreadable mail', ticketId: null };
    }
    const sender = parsed.from?.value.find((entry) => entry.address);
    const from = (sender?.address ?? '').trim().toLowerCase();
    const subject = parsed.subject ?? '';
    const html = typeof parsed.html === 'string' ? sanitizeMailHtml(parsed.html) : null;
    const done = async (outcome: InboundOutcome, reason: string | null, ticketId: number | null): Promise<InboundResult> => {
      const accepted = ticketId !== null && (outcome === 'ticket' || outcome === 'reply');
      const refused = accepted && options.refused?.length ? `attachments not accepted: ${options.refused.join(', ')}` : null;
      const inboundId = await record({ outcome, reason: reason ?? refused, ticketId }, from, subject, html);
      if (accepted) {
        const messageId = normalizeMessageId(parsed.messageId);
        if (messageId) await recordThreadIdInChange(trx, messageId, ticketId, now);
        const message = await trx
          .selectFrom('ticket_messages')
          .select((eb) => eb.fn.max('id').as('id'))
          .where('ticket_id', '=', ticketId)
          .where('kind', '=', 'customer')
          .executeTakeFirstOrThrow();
        await trx.updateTable('ticket_messages').set({ inbound_id: inboundId }).where('id', '=', message.id).execute();
        await recordAttachmentsInChange(trx, ticketId, message.id, options.files ?? [], now);
      }
      return { outcome, duplicate: false, reason: reason ?? refused, ticketId };
    };

    const loop = loopReason(headerMap(parsed), from, options.supportAddresses);
    if (loop) return done('ignored', loop, null);
    const recent = await trx
      .selectFrom('mail_inbound')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('from_address', '=', from)
      .where('received_at', '>', now - 3_600_000)
      .where('outcome', 'in', ['ticket', 'reply'])
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= options.ratePerHour) return done('unprocessed', `rate limit: more than ${options.ratePerHour} mails from this sender in an hour`, null);
    const text = ownText(parsed);
    if (!text) return done('unprocessed', 'no text in the mail', null);

    const threaded = await threadTicket(trx, parsed, from);
    if (threaded !== null) {
      // A closed ticket cannot be answered: the mail opens a new one (below). The check is
      // made before anything is written, so a refused answer leaves nothing behind.
      const target = await trx.selectFrom('tickets').select('status').where('id', '=', threaded).executeTakeFirst();
      if (target && target.status !== 'closed') {
        await customerReplyInChange(trx, { ticketId: threaded, body: text, config, now });
        return done('reply', null, threaded);
      }
    }
    const lang = await customerLang(trx, from, text);
    const name = (sender?.name || from.split('@')[0] || from)
      .replace(/[\s\p{Cc}]+/gu, ' ')
      .trim()
      .slice(0, 100);
    const closedBefore = threaded !== null ? (await getTicket(trx, threaded))?.reference : null;
    const title = cleanSubject(subject) || (lang === 'de' ? 'Anfrage per E-Mail' : 'Request by e-mail');
    try {
      const { ticket } = await createTicketInChange(trx, {
        input: { name, email: from, subject: title, description: closedBefore ? `${text}\n\n(${closedBefore})` : text, category: UNSORTED_CATEGORY, lang },
        config,
        now,
        random: options.random,
        channel: 'email',
      });
      return done('ticket', null, ticket.id);
    } catch (error) {
      // Refused by the form's rules before anything was written (createTicket validates first).
      if (error instanceof DeskError && error.code === 'invalid') return done('unprocessed', error.message.slice(0, 500), null);
      throw error;
    }
  });
}

/**
 * Checks a mail's attachments by content and writes the accepted ones (at most
 * `limits.maxFiles`) under random names in `dir`; returns them and the refused ones as
 * "name (type|size|count|empty)". Inline parts without a file name (signature logos) are skipped.
 */
export async function storeMailAttachments(parsed: ParsedMail | Error, dir: string, limits: AttachmentLimits): Promise<{ files: StoredFile[]; refused: string[] }> {
  const files: StoredFile[] = [];
  const refused: string[] = [];
  if (parsed instanceof Error) return { files, refused };
  for (const attachment of parsed.attachments) {
    if (!attachment.filename && attachment.contentDisposition !== 'attachment') continue;
    const name = safeFileName(attachment.filename ?? 'attachment');
    if (files.length >= limits.maxFiles) {
      refused.push(`${name} (count)`);
      continue;
    }
    const check = await checkAttachment(attachment.content, name, limits);
    if (check.ok) files.push(writeAttachmentFile(dir, attachment.content, name, check.mime));
    else refused.push(`${name} (${check.problem})`);
  }
  return { files, refused };
}

/**
 * Records a mail that processing failed on for an unexpected reason (a bug, a full disk) as
 * unprocessed, so it is moved aside and shown to admins rather than retried for ever.
 */
export async function recordUnprocessed(database: Database, raw: Buffer, parsed: ParsedMail | Error, reason: string, now = Date.now()): Promise<void> {
  const key = dedupeKey(parsed, raw);
  const from = parsed instanceof Error ? '' : (parsed.from?.value.find((entry) => entry.address)?.address ?? '').toLowerCase();
  const subject = parsed instanceof Error ? '' : (parsed.subject ?? '').slice(0, 300);
  // Exactly once by the unique dedupe key: a mail recorded before (by any instance) stays as it was.
  await database.kysely
    .insertInto('mail_inbound')
    .values({ dedupe_key: key, from_address: from, subject, outcome: 'unprocessed', reason: reason.slice(0, 500), raw: raw.subarray(0, MAX_RAW).toString('utf8'), received_at: now })
    .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
    .execute();
}

/** Marks a processed mail as moved out of the inbox. */
export async function markMoved(database: Database, keys: readonly string[], now = Date.now()): Promise<void> {
  if (keys.length === 0) return;
  await database.kysely.updateTable('mail_inbound').set({ moved_at: now }).where('dedupe_key', 'in', [...keys]).where('moved_at', 'is', null).execute();
}

/**
 * The e-mail outbox: customer mails are written to the `outbox` table inside the same
 * transaction as the ticket change that causes them (so a mail is never sent for a change that
 * was rolled back, nor lost for one that was committed), and a sender delivers them later.
 * Without SMTP_URL nothing is sent; the mails stay in the table for admins to see.
 * A stored body never holds the customer's private status link: it holds a placeholder line
 * that is replaced while sending, and only for a ticket of the mail's own recipient (so no
 * text anyone types can pull another customer's link into a mail). Older rows that still
 * hold a link lose it once sent. Attachments (staff replies) are read from their files while
 * sending and go out as real MIME attachments.
 * Every mail of a ticket gets its own Message-ID when queued (recorded in `mail_thread_ids`,
 * so that a customer's answer by e-mail threads back into the ticket) and is sent with
 * `In-Reply-To`/`References` to the ticket's earlier mails, as text plus HTML.
 */
import { randomBytes } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { statement, type Db } from '../platform/db.ts';
import path from 'node:path';
import type { Lang } from '../../languages.ts';
import { fillArticleSuggestions, redactStatusLinks, wantsArticleSuggestions, type MailSuggestion } from './desk-emails.ts';
import { fillStatusLinks, openToken } from './status-link-seal.ts';
import { threadHeaders } from './thread-ids.ts';

/** Delivery state of a queued e-mail. */
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** One queued e-mail. */
export interface OutboxEmail {
  id: number;
  ticketId: number | null;
  to: string;
  subject: string;
  body: string;
  status: OutboxStatus;
  /** Failed delivery attempts so far. */
  attempts: number;
  /** When the sender tries (again); Unix ms. */
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  /** `<…>` Message-ID the mail is sent with (null for mails queued before the e-mail channel). */
  messageId: string | null;
}

/** After this many failed attempts an e-mail is given up and marked failed. */
export const MAX_ATTEMPTS = 8;
const BASE_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;
/**
 * A mail being sent is claimed by moving its next attempt this far ahead, so that a second
 * sender (another process) does not send it too; if the process dies mid-send the mail is
 * retried once the claim runs out.
 */
const CLAIM_MS = 10 * 60_000;
const BATCH_SIZE = 50;

/** The wait before the next attempt after `attempts` earlier failures: 30 s × 2^attempts, at most 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(BASE_RETRY_MS * 2 ** attempts, MAX_RETRY_MS);
}

interface OutboxRow {
  id: number;
  ticket_id: number | null;
  to_address: string;
  subject: string;
  body: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
  message_id: string | null;
  attachment_ids: string | null;
}

function toEmail(row: OutboxRow): OutboxEmail {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    to: row.to_address,
    subject: row.subject,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    messageId: row.message_id,
  };
}

let messageIdDomain = 'tierzero.invalid';

/** The domain of the Message-IDs of outgoing mails (app start-up sets it from MAIL_FROM). */
export function setMessageIdDomain(domain: string): void {
  if (/^[A-Za-z0-9.-]+$/.test(domain)) messageIdDomain = domain;
}

/** A new, globally unique Message-ID: `<random@domain>`. */
export function newMessageId(): string {
  return `<${randomBytes(16).toString('hex')}@${messageIdDomain}>`;
}

/**
 * Queues an e-mail for delivery as soon as possible; returns its id. Call it inside the
 * transaction of the change that causes the mail. A mail of a ticket gets a Message-ID that
 * is recorded for threading.
 */
export function queueEmail(
  db: Db,
  email: { to: string; subject: string; body: string; ticketId: number | null; /** attachments.id of files to send along */ attachmentIds?: readonly number[] },
  now = Date.now(),
): number {
  const messageId = newMessageId();
  const attachments = email.attachmentIds?.length ? JSON.stringify(email.attachmentIds) : null;
  const result = statement(
    db,
    'INSERT INTO outbox (ticket_id, to_address, subject, body, next_attempt_at, created_at, message_id, attachment_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(email.ticketId, email.to, email.subject, email.body, now, now, messageId, attachments);
  if (email.ticketId !== null) {
    statement(db, 'INSERT OR IGNORE INTO mail_thread_ids (message_id, ticket_id, created_at) VALUES (?, ?, ?)').run(messageId, email.ticketId, now);
  }
  return Number(result.lastInsertRowid);
}

/** Queued e-mails, newest first, optionally only those of one status (for the admin view). */
export function listOutbox(db: Db, options: { status?: OutboxStatus; limit?: number } = {}): OutboxEmail[] {
  const limit = options.limit ?? 100;
  const rows = options.status
    ? statement(db, 'SELECT * FROM outbox WHERE status = ? ORDER BY id DESC LIMIT ?').all(options.status, limit)
    : statement(db, 'SELECT * FROM outbox ORDER BY id DESC LIMIT ?').all(limit);
  return (rows as OutboxRow[]).map(toEmail);
}

/** What one `sendDue` run did. */
export interface SendReport {
  sent: number;
  /** Failed this time, will be tried again later. */
  retried: number;
  /** Failed for the last time, now marked failed. */
  failed: number;
}

/** Where the sender reports deliveries and failures. */
export type OutboxLog = Pick<Console, 'info' | 'warn'>;

/** Finds the articles a confirmation suggests (mail-suggestions.ts), given the ticket's subject, description and language. */
export type SuggestArticles = (ticket: { subject: string; description: string; lang: Lang }) => MailSuggestion[];

/**
 * Delivers due e-mails through SMTP with nodemailer, retrying failures with exponential
 * back-off. Without an SMTP URL it does nothing, so the mails stay pending and visible.
 */
export class OutboxSender {
  private readonly db: Db;
  private readonly smtpUrl: string | null;
  private readonly from: string;
  private readonly log: OutboxLog;
  private readonly siteUrl: string;
  private readonly attachmentsDir: string | null;
  private readonly suggest: SuggestArticles | null;
  private transport: Transporter | null = null;
  private timer: NodeJS.Timeout | null = null;
  private firstRun: NodeJS.Immediate | null = null;
  private running: Promise<SendReport> | null = null;

  /**
   * @param options.db the database with the outbox table
   * @param options.smtpUrl e.g. `smtp://user:pass@mail.example:587`; empty or null: send nothing
   * @param options.from the sender address (DeskConfig.mailFrom)
   * @param options.log where to report (default: console)
   * @param options.siteUrl the portal's public address, for the status links (DeskConfig.siteUrl)
   * @param options.attachmentsDir where attachment files are (DATA_DIR/attachments); without it none are sent
   * @param options.suggest finds a confirmation's article suggestions while sending; without it the mail has none
   */
  constructor(options: { db: Db; smtpUrl?: string | null; from: string; log?: OutboxLog; siteUrl: string; attachmentsDir?: string; suggest?: SuggestArticles | null }) {
    this.db = options.db;
    this.suggest = options.suggest ?? null;
    this.siteUrl = options.siteUrl.replace(/\/+$/, '');
    this.attachmentsDir = options.attachmentsDir ?? null;
    this.smtpUrl = options.smtpUrl || null;
    this.from = options.from;
    this.log = options.log ?? console;
  }

  /** True when an SMTP URL is configured, i.e. mails are actually delivered. */
  get enabled(): boolean {
    return this.smtpUrl !== null;
  }

  /**
   * The link that replaces a status-link placeholder: the ticket's private link when the
   * ticket belongs to the mail's recipient and its sealed token opens, else the general status
   * page (where "send me my link again" helps). The token is never logged.
   */
  private statusLink(ticketId: number | null, to: string): string | null {
    if (ticketId === null) return null;
    const row = statement(this.db, 'SELECT customer_email, token_sealed FROM tickets WHERE id = ?').get(ticketId) as
      | { customer_email: string | null; token_sealed: string | null }
      | undefined;
    if (!row || !row.customer_email || row.customer_email.trim().toLowerCase() !== to.trim().toLowerCase()) return null;
    const token = openToken(row.token_sealed, ticketId);
    return token ? `${this.siteUrl}/tickets/status/${token}` : null;
  }

  /**
   * The body with its article suggestions filled in (a confirmation queued with the
   * suggestions line): found now from the ticket's subject and first message, in its language.
   * Status-link placeholders stay.
   */
  withSuggestions(row: Pick<OutboxRow, 'body' | 'ticket_id'>): string {
    if (!wantsArticleSuggestions(row.body)) return row.body;
    const ticket =
      row.ticket_id === null
        ? undefined
        : (statement(this.db, 'SELECT subject, lang FROM tickets WHERE id = ?').get(row.ticket_id) as { subject: string; lang: Lang } | undefined);
    let picked: MailSuggestion[] = [];
    if (ticket && this.suggest) {
      const first = statement(this.db, "SELECT body FROM ticket_messages WHERE ticket_id = ? AND kind = 'customer' ORDER BY id LIMIT 1").get(row.ticket_id) as
        | { body: string }
        | undefined;
      try {
        picked = this.suggest({ subject: ticket.subject, description: first?.body ?? '', lang: ticket.lang });
      } catch (error) {
        // Suggestions are a courtesy: a failing search sends the confirmation without them.
        this.log.warn(`outbox: no article suggestions for e-mail of ticket ${row.ticket_id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return fillArticleSuggestions(row.body, ticket?.lang ?? 'en', picked, { siteUrl: this.siteUrl });
  }

  /** The files to send with a mail (those still on disk; a vanished one is skipped). */
  private mailAttachments(row: OutboxRow): { filename: string; path: string; contentType: string }[] {
    if (!row.attachment_ids || !this.attachmentsDir || row.ticket_id === null) return [];
    let ids: unknown;
    try {
      ids = JSON.parse(row.attachment_ids);
    } catch {
      return [];
    }
    if (!Array.isArray(ids)) return [];
    const select = statement(this.db, 'SELECT file_name, mime, storage_name FROM attachments WHERE id = ? AND ticket_id = ?');
    return ids.flatMap((id) => {
      const found = select.get(Number(id), row.ticket_id) as { file_name: string; mime: string; storage_name: string } | undefined;
      return found ? [{ filename: found.file_name, path: path.join(this.attachmentsDir!, found.storage_name), contentType: found.mime }] : [];
    });
  }

  private getTransport(): Transporter {
    if (!this.transport) {
      this.transport = nodemailer.createTransport({
        url: this.smtpUrl!,
        // Fail fast on a dead server: the retry schedule, not a hanging socket, decides when to try again.
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
      });
    }
    return this.transport;
  }

  /**
   * Sends every pending e-mail whose time has come (up to a batch), one after the other.
   * A failure increases the attempt count and schedules the next attempt; after
   * MAX_ATTEMPTS the mail is marked failed with the last error. Never throws for a delivery
   * failure. Overlapping calls share one run.
   */
  sendDue(now?: number): Promise<SendReport> {
    if (!this.enabled) return Promise.resolve({ sent: 0, retried: 0, failed: 0 });
    if (!this.running) {
      this.running = this.run(now).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async run(fixedNow: number | undefined): Promise<SendReport> {
    const report: SendReport = { sent: 0, retried: 0, failed: 0 };
    const clock = (): number => fixedNow ?? Date.now();
    const due = statement(this.db, "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?").all(
      clock(),
      BATCH_SIZE,
    ) as OutboxRow[];
    // Loaded on first use: the Markdown pipeline is heavy, and everything that queues mail imports this module.
    const { mailHtml } = await import('./mail-html.ts');
    const claim = statement(this.db, "UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at = ?");
    for (const row of due) {
      if (!this.db.open) break;
      // Skip mails another sender claimed between the SELECT and now.
      if (claim.run(clock() + CLAIM_MS, row.id, row.next_attempt_at).changes !== 1) continue;
      try {
        const thread = row.ticket_id !== null && row.message_id ? threadHeaders(this.db, row.ticket_id, row.message_id) : null;
        const body = this.withSuggestions(row);
        const text = fillStatusLinks(body, row.ticket_id, (ticketId) => this.statusLink(ticketId, row.to_address), `${this.siteUrl}/tickets/status`);
        const attachments = this.mailAttachments(row);
        await this.getTransport().sendMail({
          from: this.from,
          to: row.to_address,
          subject: row.subject,
          text,
          html: mailHtml(text),
          ...(attachments.length ? { attachments } : {}),
          ...(row.message_id ? { messageId: row.message_id } : {}),
          ...(thread?.inReplyTo ? { inReplyTo: thread.inReplyTo, references: thread.references } : {}),
          // Our own mails are automatic: well-behaved clients and our own inbox never answer them.
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        });
        if (!this.db.open) break;
        // Rows queued before the placeholder held the link itself: once delivered, it goes. The
        // suggestions stay as sent.
        statement(this.db, "UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL, body = ? WHERE id = ?").run(
          clock(),
          redactStatusLinks(body),
          row.id,
        );
        report.sent++;
      } catch (error) {
        if (!this.db.open) break;
        const message = error instanceof Error ? error.message : String(error);
        const attempts = row.attempts + 1;
        if (attempts >= MAX_ATTEMPTS) {
          statement(this.db, "UPDATE outbox SET status = 'failed', attempts = ?, last_error = ? WHERE id = ?").run(attempts, message, row.id);
          report.failed++;
          this.log.warn(`outbox: giving up on e-mail ${row.id} to ${row.to_address} after ${attempts} attempts: ${message}`);
        } else {
          statement(this.db, 'UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?').run(
            attempts,
            clock() + retryDelayMs(row.attempts),
            message,
            row.id,
          );
          report.retried++;
          this.log.warn(`outbox: e-mail ${row.id} to ${row.to_address} failed (attempt ${attempts}), retrying later: ${message}`);
        }
      }
    }
    if (report.sent > 0) this.log.info(`outbox: sent ${report.sent} e-mail(s)`);
    return report;
  }

  /**
   * Runs `sendDue` every `intervalMs` (and once right away). The timer never keeps the
   * process alive, and a failing run is logged, never thrown.
   */
  start(intervalMs = 10_000): void {
    if (this.timer || !this.enabled) return;
    const tick = (): void => {
      this.sendDue().catch((error: unknown) => this.log.warn(`outbox: send run failed: ${error instanceof Error ? error.message : String(error)}`));
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    this.firstRun = setImmediate(tick).unref();
  }

  /** Stops the timer and closes the SMTP connection; a run in progress finishes. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.firstRun) clearImmediate(this.firstRun);
    this.timer = null;
    this.firstRun = null;
    this.transport?.close();
    this.transport = null;
  }
}

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
 * Sent once across instances: a sender claims due mails in one short write transaction
 * (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so two instances claim different rows; SQLite's
 * writers take turns) by moving their next attempt a lease ahead (`CLAIM_MS`), sends them
 * outside any transaction, then marks each sent. An instance that dies mid-send leaves its
 * claim to run out; another one then retries (the same Message-ID lets the receiver drop a
 * duplicate).
 * Both engines (issue 17).
 */
import { randomBytes } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from '../platform/database/connect.ts';
import { forUpdate } from '../platform/database/row-locks.ts';
import { writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import { getAttachment, readAttachmentData } from '../attachments/attachment-store.ts';
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
export async function queueEmailInChange(
  trx: Trx,
  email: { to: string; subject: string; body: string; ticketId: number | null; /** attachments.id of files to send along */ attachmentIds?: readonly number[] },
  now = Date.now(),
): Promise<number> {
  const messageId = newMessageId();
  const attachments = email.attachmentIds?.length ? JSON.stringify(email.attachmentIds) : null;
  const { id } = await trx
    .insertInto('outbox')
    .values({ ticket_id: email.ticketId, to_address: email.to, subject: email.subject, body: email.body, next_attempt_at: now, created_at: now, message_id: messageId, attachment_ids: attachments })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (email.ticketId !== null) {
    await trx
      .insertInto('mail_thread_ids')
      .values({ message_id: messageId, ticket_id: email.ticketId, created_at: now })
      .onConflict((conflict) => conflict.column('message_id').doNothing())
      .execute();
  }
  return id;
}

/** Queued e-mails, newest first, optionally only those of one status (for the admin view). */
export async function listOutbox(database: Database, options: { status?: OutboxStatus; limit?: number } = {}): Promise<OutboxEmail[]> {
  let query = database.kysely.selectFrom('outbox').selectAll();
  if (options.status) query = query.where('status', '=', options.status);
  const rows = await query.orderBy('id', 'desc').limit(options.limit ?? 100).execute();
  return (rows as OutboxRow[]).map(toEmail);
}

/** How many e-mails each status holds (the admin view's filter). */
export async function countOutbox(database: Database): Promise<Partial<Record<OutboxStatus, number>>> {
  const rows = await database.kysely.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
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
  private readonly database: Database;
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
   * @param options.database the database with the outbox table
   * @param options.smtpUrl e.g. `smtp://user:pass@mail.example:587`; empty or null: send nothing
   * @param options.from the sender address (DeskConfig.mailFrom)
   * @param options.log where to report (default: console)
   * @param options.siteUrl the portal's public address, for the status links (DeskConfig.siteUrl)
   * @param options.attachmentsDir where attachment files are (DATA_DIR/attachments); without it none are sent
   * @param options.suggest finds a confirmation's article suggestions while sending; without it the mail has none
   */
  constructor(options: { database: Database; smtpUrl?: string | null; from: string; log?: OutboxLog; siteUrl: string; attachmentsDir?: string; suggest?: SuggestArticles | null }) {
    this.database = options.database;
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
  private async statusLink(ticketId: number | null, to: string): Promise<string | null> {
    if (ticketId === null) return null;
    const row = await this.database.kysely.selectFrom('tickets').select(['customer_email', 'token_sealed']).where('id', '=', ticketId).executeTakeFirst();
    if (!row || !row.customer_email || row.customer_email.trim().toLowerCase() !== to.trim().toLowerCase()) return null;
    const token = openToken(row.token_sealed, ticketId);
    return token ? `${this.siteUrl}/tickets/status/${token}` : null;
  }

  /** The private links a body's placeholders name (its own ticket and `{{status-link:<id>}}`), looked up before filling. */
  private async statusLinks(body: string, ownTicketId: number | null, to: string): Promise<Map<number | null, string | null>> {
    const ids = new Set<number | null>();
    fillStatusLinks(body, ownTicketId, (ticketId) => (ids.add(ticketId), null), '');
    const links = new Map<number | null, string | null>();
    for (const id of ids) links.set(id, await this.statusLink(id, to));
    return links;
  }

  /**
   * The body with its article suggestions filled in (a confirmation queued with the
   * suggestions line): found now from the ticket's subject and first message, in its language.
   * Status-link placeholders stay.
   */
  async withSuggestions(row: Pick<OutboxRow, 'body' | 'ticket_id'>): Promise<string> {
    if (!wantsArticleSuggestions(row.body)) return row.body;
    const ticket =
      row.ticket_id === null ? undefined : await this.database.kysely.selectFrom('tickets').select(['subject', 'lang']).where('id', '=', row.ticket_id).executeTakeFirst();
    const lang = (ticket?.lang ?? 'en') as Lang;
    let picked: MailSuggestion[] = [];
    if (ticket && this.suggest) {
      const first = await this.database.kysely
        .selectFrom('ticket_messages')
        .select('body')
        .where('ticket_id', '=', row.ticket_id!)
        .where('kind', '=', 'customer')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      try {
        picked = this.suggest({ subject: ticket.subject, description: first?.body ?? '', lang });
      } catch (error) {
        // Suggestions are a courtesy: a failing search sends the confirmation without them.
        this.log.warn(`outbox: no article suggestions for e-mail of ticket ${row.ticket_id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return fillArticleSuggestions(row.body, lang, picked, { siteUrl: this.siteUrl });
  }

  /** The files to send with a mail (from this instance's folder or the database; a vanished one is skipped). */
  private async mailAttachments(row: OutboxRow): Promise<{ filename: string; content: Buffer; contentType: string }[]> {
    if (!row.attachment_ids || !this.attachmentsDir || row.ticket_id === null) return [];
    let ids: unknown;
    try {
      ids = JSON.parse(row.attachment_ids);
    } catch {
      return [];
    }
    if (!Array.isArray(ids)) return [];
    const files: { filename: string; content: Buffer; contentType: string }[] = [];
    for (const id of ids) {
      const found = await getAttachment(this.database, this.attachmentsDir, Number(id));
      if (!found || found.ticketId !== row.ticket_id) continue;
      const data = await readAttachmentData(this.database, found);
      if (data) files.push({ filename: found.fileName, content: Buffer.from(data.buffer, data.byteOffset, data.byteLength), contentType: found.mime });
    }
    return files;
  }

  /**
   * Claims up to a batch of due mails for this sender: one short write transaction that moves
   * their next attempt a lease ahead (rows another instance is claiming right now are skipped
   * on PostgreSQL; on SQLite the writers take turns). Returns the claimed rows as they were.
   */
  async claimDue(now: number): Promise<OutboxRow[]> {
    const dueQuery = (trx: Trx) =>
      trx.selectFrom('outbox').selectAll().where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').orderBy('id').limit(BATCH_SIZE);
    // Nothing due (the usual case): no write transaction at all.
    if (!(await dueQuery(this.database.kysely).select('id').executeTakeFirst())) return [];
    return writeTransaction(this.database, async (trx) => {
      const due = (await forUpdate(this.database, dueQuery(trx), { skipLocked: true }).execute()) as OutboxRow[];
      if (due.length > 0) {
        await trx
          .updateTable('outbox')
          .set({ next_attempt_at: now + CLAIM_MS })
          .where('id', 'in', due.map((row) => row.id))
          .execute();
      }
      return due;
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
    const due = await this.claimDue(clock());
    if (due.length === 0) return report;
    // Loaded on first use: the Markdown pipeline is heavy, and everything that queues mail imports this module.
    const { mailHtml } = await import('./mail-html.ts');
    for (const row of due) {
      let body = row.body;
      try {
        const thread = row.ticket_id !== null && row.message_id ? await threadHeaders(this.database, row.ticket_id, row.message_id) : null;
        body = await this.withSuggestions(row);
        const links = await this.statusLinks(body, row.ticket_id, row.to_address);
        const text = fillStatusLinks(body, row.ticket_id, (ticketId) => links.get(ticketId) ?? null, `${this.siteUrl}/tickets/status`);
        const attachments = await this.mailAttachments(row);
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
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const attempts = row.attempts + 1;
        if (attempts >= MAX_ATTEMPTS) {
          await this.database.kysely.updateTable('outbox').set({ status: 'failed', attempts, last_error: message }).where('id', '=', row.id).execute();
          report.failed++;
          this.log.warn(`outbox: giving up on e-mail ${row.id} to ${row.to_address} after ${attempts} attempts: ${message}`);
        } else {
          await this.database.kysely
            .updateTable('outbox')
            .set({ attempts, next_attempt_at: clock() + retryDelayMs(row.attempts), last_error: message })
            .where('id', '=', row.id)
            .execute();
          report.retried++;
          this.log.warn(`outbox: e-mail ${row.id} to ${row.to_address} failed (attempt ${attempts}), retrying later: ${message}`);
        }
        continue;
      }
      // Rows queued before the placeholder held the link itself: once delivered, it goes. The
      // suggestions stay as sent.
      await this.database.kysely
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: clock(), last_error: null, body: redactStatusLinks(body) })
        .where('id', '=', row.id)
        .execute();
      report.sent++;
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

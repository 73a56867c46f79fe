/**
 * Reads the support mailbox over IMAP (imapflow): every mail in the inbox is fetched,
 * processed (process-inbound.ts, one transaction each) and then moved — to the processed
 * folder, or to the unprocessed folder when it could not be handled. Nothing is ever
 * deleted. Rules that always hold:
 * - A mail's result is committed to the database BEFORE it is moved, so a process killed
 *   between the two finds the mail in the inbox on the next run, recognises it by its key
 *   and only moves it: no mail is lost and none opens a second ticket.
 * - Polls never overlap; a failing run (server down) is logged and retried on the next tick.
 * - With IDLE the poller also runs as soon as the server announces new mail.
 */
import { ImapFlow } from 'imapflow';
import type { Database } from '../platform/database/connect.ts';
import type { DeskConfig } from '../desk/desk-config.ts';
import { dedupeKey, isProcessed, markMoved, parseMail, processMail, recordUnprocessed, storeMailAttachments, type InboundOptions, type InboundOutcome } from './process-inbound.ts';
import { discardFiles, type StoredFile } from '../attachments/attachment-store.ts';
import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from '../attachments/attachment-types.ts';

/** The e-mail channel's IMAP settings. */
export interface ImapSettings {
  /** `imaps://user:pass@host:993/INBOX` (or `imap://` for a server without TLS, e.g. on loopback). */
  url: string;
  /** Where processed mail is moved (created if missing). */
  processedFolder: string;
  /** Where mail that could not be processed is moved (created if missing). */
  unprocessedFolder: string;
}

/** Counts of one run. */
export interface PollReport {
  fetched: number;
  outcomes: Record<InboundOutcome, number>;
  /** Mails processed by an earlier run and only moved now. */
  duplicates: number;
}

/** Where the poller reports. */
export type PollerLog = Pick<Console, 'info' | 'warn'>;

/** Mails fetched and processed per round before they are moved together. */
const BATCH_SIZE = 50;

/** Connection options of an IMAP URL; throws with the variable's name for a malformed one. */
export function parseImapUrl(url: string): { host: string; port: number; secure: boolean; user: string; pass: string; mailbox: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('IMAP_URL: not a URL like imaps://user:password@mail.example.com/INBOX');
  }
  if (parsed.protocol !== 'imap:' && parsed.protocol !== 'imaps:') throw new Error('IMAP_URL: the scheme must be imap:// or imaps://');
  const secure = parsed.protocol === 'imaps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    pass: decodeURIComponent(parsed.password),
    mailbox: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'INBOX',
  };
}

/** Polls the support mailbox; see the module comment. */
export class ImapPoller {
  private readonly database: Database;
  private readonly config: DeskConfig;
  private readonly settings: ImapSettings;
  private readonly inbound: Omit<InboundOptions, 'now'>;
  private readonly log: PollerLog;
  private readonly attachments: { dir: string; limits: AttachmentLimits } | null;
  private running: Promise<PollReport> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private idleClient: ImapFlow | null = null;
  private stopped = false;

  /**
   * @param options.attachments where accepted attachments are stored and the limits; without it
   *   attachments are not kept (the original mail still holds them)
   * @param options.database the query layer the mails are processed into
   */
  constructor(options: {
    database: Database;
    config: DeskConfig;
    settings: ImapSettings;
    inbound: Omit<InboundOptions, 'now' | 'files' | 'refused'>;
    attachments?: { dir: string; limits?: AttachmentLimits };
    log?: PollerLog;
  }) {
    this.database = options.database;
    this.config = options.config;
    this.settings = options.settings;
    this.inbound = options.inbound;
    this.log = options.log ?? console;
    this.attachments = options.attachments ? { dir: options.attachments.dir, limits: options.attachments.limits ?? DEFAULT_ATTACHMENT_LIMITS } : null;
    parseImapUrl(this.settings.url);
  }

  private client(): ImapFlow {
    const url = parseImapUrl(this.settings.url);
    return new ImapFlow({
      host: url.host,
      port: url.port,
      secure: url.secure,
      auth: { user: url.user, pass: url.pass },
      logger: false,
      // Plain imap:// is for a server on loopback; never upgrade with an unverifiable certificate there.
      doSTARTTLS: url.secure ? undefined : false,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 120_000,
    });
  }

  /** Processes everything in the inbox now; overlapping calls share a run (and one more follows if asked meanwhile). */
  poll(): Promise<PollReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.poll().catch((error: unknown) => this.warn(error));
      }
    });
    return this.running;
  }

  private warn(error: unknown): void {
    this.log.warn(`mail: IMAP run failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  private async run(): Promise<PollReport> {
    const report: PollReport = { fetched: 0, outcomes: { ticket: 0, reply: 0, ignored: 0, unprocessed: 0 }, duplicates: 0 };
    const { mailbox } = parseImapUrl(this.settings.url);
    const client = this.client();
    client.on('error', (error: Error) => this.warn(error));
    await client.connect();
    try {
      for (const folder of [this.settings.processedFolder, this.settings.unprocessedFolder]) {
        const list = await client.list();
        if (!list.some((entry) => entry.path === folder)) await client.mailboxCreate(folder);
      }
      const lock = await client.getMailboxLock(mailbox);
      try {
        const uids = (await client.search({ all: true }, { uid: true })) || [];
        for (let start = 0; start < uids.length && !this.stopped; start += BATCH_SIZE) {
          const batch = uids.slice(start, start + BATCH_SIZE);
          const sources: { uid: number; raw: Buffer }[] = [];
          for await (const message of client.fetch(batch.join(','), { uid: true, source: true }, { uid: true })) {
            if (message.source) sources.push({ uid: message.uid, raw: message.source });
          }
          const moves: Record<'processed' | 'unprocessed', { uids: number[]; keys: string[] }> = {
            processed: { uids: [], keys: [] },
            unprocessed: { uids: [], keys: [] },
          };
          for (const { uid, raw } of sources) {
            if (this.stopped) break;
            report.fetched++;
            const parsed = await parseMail(raw);
            const key = dedupeKey(parsed, raw);
            let outcome: InboundOutcome;
            let files: StoredFile[] = [];
            try {
              const stored = this.attachments && !(await isProcessed(this.database, key)) ? await storeMailAttachments(parsed, this.attachments.dir, this.attachments.limits) : { files: [], refused: [] };
              files = stored.files;
              const result = await processMail(this.database, raw, parsed, this.config, { ...this.inbound, now: Date.now(), files, refused: stored.refused });
              outcome = result.outcome;
              // Files are kept only when they were recorded with a new message.
              if (result.duplicate || (outcome !== 'ticket' && outcome !== 'reply')) discardFiles(this.attachments?.dir ?? '', files);
              if (result.duplicate) report.duplicates++;
              else report.outcomes[outcome]++;
            } catch (error) {
              if (this.attachments) discardFiles(this.attachments.dir, files);
              const reason = `processing failed: ${error instanceof Error ? error.message : String(error)}`;
              this.log.warn(`mail: ${reason}`);
              if (!(await isProcessed(this.database, key))) await recordUnprocessed(this.database, raw, parsed, reason);
              outcome = 'unprocessed';
              report.outcomes.unprocessed++;
            }
            const target = outcome === 'unprocessed' ? moves.unprocessed : moves.processed;
            target.uids.push(uid);
            target.keys.push(key);
          }
          // Only now, with every result committed, the mails leave the inbox.
          if (moves.processed.uids.length) await client.messageMove(moves.processed.uids.join(','), this.settings.processedFolder, { uid: true });
          if (moves.unprocessed.uids.length) await client.messageMove(moves.unprocessed.uids.join(','), this.settings.unprocessedFolder, { uid: true });
          if (!this.stopped) await markMoved(this.database, [...moves.processed.keys, ...moves.unprocessed.keys]);
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    const { ticket, reply, ignored, unprocessed } = report.outcomes;
    if (report.fetched > 0) {
      this.log.info(`mail: ${report.fetched} mail(s): ${ticket} new ticket(s), ${reply} repl(ies), ${ignored} ignored, ${unprocessed} unprocessed, ${report.duplicates} already processed`);
    }
    return report;
  }

  /**
   * Polls every `intervalMs` (and once right away); with `idle`, also keeps a connection
   * open in IDLE and polls as soon as new mail arrives. Timers never keep the process alive.
   */
  start(intervalMs: number, idle = false): void {
    if (this.timer) return;
    this.stopped = false;
    const tick = (): void => {
      this.poll().catch((error: unknown) => this.warn(error));
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    setImmediate(tick).unref();
    if (idle) void this.startIdle(tick);
  }

  private async startIdle(onMail: () => void): Promise<void> {
    while (!this.stopped) {
      const client = this.client();
      this.idleClient = client;
      try {
        client.on('error', (error: Error) => this.warn(error));
        client.on('exists', onMail);
        await client.connect();
        await client.mailboxOpen(parseImapUrl(this.settings.url).mailbox);
        // imapflow enters IDLE by itself while the connection has nothing else to do.
        await new Promise<void>((resolve) => client.once('close', () => resolve()));
      } catch (error) {
        this.warn(error);
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, 30_000).unref());
    }
  }

  /** Stops polling; a run in progress finishes its current mail and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.idleClient?.close();
    this.idleClient = null;
    await this.running?.catch(() => undefined);
  }
}

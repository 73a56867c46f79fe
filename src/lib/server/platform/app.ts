/**
 * The running portal's shared services, created once per process from the configuration
 * in astro:env: the database, the knowledge base (watched for changes), search, the desk
 * configuration, the e-mail outbox sender and the periodic auto-close of solved tickets.
 */
import {
  AGENT_CAPACITY,
  ATTACHMENT_MAX_FILES,
  ATTACHMENT_MAX_MB,
  AUTO_CLOSE_DAYS,
  CONTENT_DIR,
  DATA_DIR,
  DATABASE_URL,
  DESK_LEVELS,
  FIRST_RESPONSE_HOURS,
  RESOLUTION_HOURS,
  BUSINESS_HOURS,
  HOLIDAYS,
  DESK_TIME_ZONE,
  IMAP_IDLE,
  IMAP_INTERVAL_MS,
  IMAP_PROCESSED_FOLDER,
  IMAP_UNPROCESSED_FOLDER,
  IMAP_URL,
  MAIL_FROM,
  MAIL_RATE_LIMIT,
  MAIL_SUGGESTIONS,
  MEDIA_HOSTS,
  OUTBOX_INTERVAL_MS,
  PHRASING_MIN_EVENTS,
  PHRASING_MIN_SHARE,
  PHRASING_WINDOW_DAYS,
  SITE_URL,
  SMTP_URL,
  STATUS_LINK_KEY,
  SUPPORT_ADDRESS,
  TRAINEE_URGENT,
  SPECIALIST_OWNERSHIP,
  ANALYTICS_RATE_LIMIT,
  TRUSTED_PROXIES,
} from 'astro:env/server';
import { openDatabase, type Db } from './db.ts';
import { databaseAnswers, isPostgresUrl, postgresDatabase, sqliteDatabase, type Database } from './database/connect.ts';
import { registerLifecycle } from './graceful-shutdown.ts';
import { groupCommitterFor, shareGroupCommitter } from './group-commit.ts';
import { runExclusively } from './database/exclusive-run.ts';
import { migratePostgres } from './database/migrate-postgres.ts';
import { stopListening } from './database/notify.ts';
import { startInstanceSync } from './instance-sync.ts';
import { ArticleStore } from '../knowledge/articles.ts';
import { SearchEngine } from '../search/search.ts';
import { TrainingStore } from '../training/training.ts';
import { recordArticleRequest, ViewRecorder } from '../search/analytics.ts';
import { SearchLogRecorder } from '../search/search-log-recorder.ts';
import { FAST_PATH_KEY, PageCache, serveFromPageCache } from './page-cache.ts';
import { parseTrustedProxies } from './client-address.ts';
import { serveSearchPageFromCache } from '../search/search-page.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseDeskConfig, type DeskConfig } from '../desk/desk-config.ts';
import { setDeskDayZone } from '../insights/desk-days.ts';
import { ensureSummariesInDeskZone } from '../insights/summaries.ts';
import { OutboxSender, setMessageIdDomain } from '../mail/outbox.ts';
import { setNotificationSiteUrl } from '../notifications/notification-mail.ts';
import { ImapPoller } from '../mail/imap-poller.ts';
import { bareAddress, parseMailChannelConfig } from '../mail/mail-config.ts';
import { parseAttachmentLimits, type AttachmentLimits } from '../attachments/attachment-types.ts';
import { attachmentsDir } from '../attachments/attachment-store.ts';
import { ensureImageVariants } from '../knowledge/image-variants.ts';
import { markdownOptionsFrom, type MarkdownOptions } from '../knowledge/markdown.ts';
import { warmUpMarkdownRenderer } from '../knowledge/render-markdown-safely.ts';
import { closeSolvedTickets } from '../desk/close-solved-tickets.ts';
import { confirmedPhrasings, phrasingThresholdsFrom, proposePhrasings, type PhrasingThresholds } from '../search/learned-phrasings.ts';
import { loadStatusLinkKey, setStatusLinkKey } from '../mail/status-link-seal.ts';
import { parseMailSuggestions, pickMailSuggestions } from '../mail/mail-suggestions.ts';
import type { Lang } from '../../languages.ts';

/** The services every page and endpoint uses. */
export interface App {
  db: Db;
  /**
   * The Kysely query layer: PostgreSQL when DATABASE_URL is set, else over `db`. Today it holds
   * the state that several instances share (log-in throttle, form rate limits); the rest of
   * the data moves to it in the conversion the README's "Scale-out groundwork" describes.
   */
  database: Database;
  store: ArticleStore;
  search: SearchEngine;
  /** Training pages (staff only; their documents are in the staff search index). */
  training: TrainingStore;
  /** Article views, buffered and written once a second. */
  views: ViewRecorder;
  /** Search-log entries, buffered and written once a second. */
  searchLog: SearchLogRecorder;
  /** Desk settings: first-response hours, auto-close days, site URL, mail sender. */
  config: DeskConfig;
  /** Delivers queued customer e-mails; `enabled` is false (nothing sent) without SMTP_URL. */
  outbox: OutboxSender;
  /** Rendered public pages (filled by the middleware, served by it and by the fast path). */
  pages: PageCache;
  /** Reads the support mailbox; null when the e-mail channel is off (no IMAP_URL). */
  mailPoller: ImapPoller | null;
  /** Where attachments are stored (DATA_DIR/attachments, outside the web root) and their limits. */
  attachments: { dir: string; limits: AttachmentLimits };
  /** Where rendered Markdown may load images from, and the site's own origin (for outside links). */
  markdown: MarkdownOptions;
  /** Article suggestions in the confirmation mail of a new ticket (MAIL_SUGGESTIONS, default on). */
  mailSuggestions: boolean;
}

const AUTO_CLOSE_INTERVAL_MS = 3_600_000;

/** Closes solved tickets that are old enough, now and then every hour; never keeps the process alive. */
function startAutoClose(db: Db, database: Database, config: DeskConfig): void {
  const run = (): void => {
    if (!db.open) return;
    // One instance at a time closes (PostgreSQL: the others skip this run).
    runExclusively(database, 'desk auto-close', async () => closeSolvedTickets(database, config))
      .then((result) => {
        if (result.ran && result.value > 0) console.info(`desk: closed ${result.value} solved ticket(s) automatically`);
      })
      .catch((error: unknown) => console.warn(`desk: auto-close failed: ${error instanceof Error ? error.message : String(error)}`));
  };
  setImmediate(run).unref();
  setInterval(run, AUTO_CLOSE_INTERVAL_MS).unref();
}

/** How often clicks and deflections are counted into learned-phrasing proposals. */
const PHRASING_INTERVAL_MS = 10 * 60 * 1000;

/** Counts learned-phrasing proposals now and every PHRASING_INTERVAL_MS (never fatal). */
function startPhrasingProposals(database: Database, store: ArticleStore, thresholds: PhrasingThresholds): void {
  const run = (): void => {
    proposePhrasings(database, thresholds, Date.now(), (slug) => store.get(slug) !== undefined).catch((error: unknown) => {
      console.warn(`search: counting learned phrasings failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  setImmediate(run).unref();
  setInterval(run, PHRASING_INTERVAL_MS).unref();
}

/** The query layer for DATABASE_URL (migrated first, safe while other instances start), or over the SQLite connection. */
async function openQueryLayer(db: Db): Promise<Database> {
  if (!DATABASE_URL) return sqliteDatabase(db);
  if (!isPostgresUrl(DATABASE_URL)) throw new Error('DATABASE_URL must start with postgres://');
  await migratePostgres(DATABASE_URL);
  return postgresDatabase(DATABASE_URL);
}

/** Where scripts/serve.ts listens for a start-up failure (one line naming the setting), to print it and exit. */
export const STARTUP_FAILURE_KEY = Symbol.for('tierzero.startupFailure');

/** Runs a start-up step; a failure becomes one line that names the setting to fix. */
async function startupStep<T>(fix: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const line = `${error instanceof Error ? error.message : String(error)} — ${fix}`;
    (globalThis as Record<symbol, ((line: string) => void) | undefined>)[STARTUP_FAILURE_KEY]?.(line);
    throw new Error(line, { cause: error });
  }
}

async function createApp(): Promise<App> {
  // A bad desk setting stops the start-up with the variable's name, before anything else runs.
  const config = await startupStep('fix that setting in the environment', () =>
    parseDeskConfig({ FIRST_RESPONSE_HOURS, RESOLUTION_HOURS, BUSINESS_HOURS, HOLIDAYS, DESK_TIME_ZONE, AUTO_CLOSE_DAYS, SITE_URL, MAIL_FROM, DESK_LEVELS, AGENT_CAPACITY, TRAINEE_URGENT, SPECIALIST_OWNERSHIP }),
  );
  // The insights count calendar days in the desk's zone.
  setDeskDayZone(config.businessHours.timeZone);
  const markdown = await startupStep('fix MEDIA_HOSTS in the environment', () => markdownOptionsFrom(MEDIA_HOSTS, SITE_URL));
  const mailSuggestions = await startupStep('set MAIL_SUGGESTIONS to on or off', () => parseMailSuggestions(MAIL_SUGGESTIONS));
  // The key that seals the customers' status links (env secret, else DATA_DIR/status-link.key).
  setStatusLinkKey(await startupStep('set STATUS_LINK_KEY to 64 hex digits, or let DATA_DIR hold a writable status-link.key', () => loadStatusLinkKey(STATUS_LINK_KEY, DATA_DIR)));
  const db = await startupStep(`cannot open the database in DATA_DIR=${DATA_DIR}; point DATA_DIR at a writable folder`, () => openDatabase(DATA_DIR));
  const database = await startupStep('check DATABASE_URL (postgres://user:password@host:5432/name) and that PostgreSQL is running', () => openQueryLayer(db));
  shareGroupCommitter(db, database);
  // Summaries counted in another zone (or in UTC, before migration 20) are recounted once.
  await ensureSummariesInDeskZone(database);
  const store = new ArticleStore(CONTENT_DIR, undefined, markdown);
  const search = new SearchEngine(store);
  const training = new TrainingStore(CONTENT_DIR, undefined, markdown);
  // Start the Markdown worker now, so that the first page does not wait for it.
  void warmUpMarkdownRenderer();
  const readContent = `cannot read the knowledge base in CONTENT_DIR=${CONTENT_DIR}; point CONTENT_DIR at a folder with categories.yml and articles/`;
  await startupStep(readContent, () => training.load());
  search.addStaffSource(training);
  await startupStep(readContent, () => store.load());
  // Images copied into content/media by hand or by git get their variants now, off the request path.
  void ensureImageVariants(store.mediaDir).catch((error: unknown) => console.warn(`media: ${error instanceof Error ? error.message : String(error)}`));
  store.watch();
  training.watch();
  const phrasingThresholds = await startupStep('fix that setting in the environment', () =>
    phrasingThresholdsFrom({ PHRASING_MIN_EVENTS, PHRASING_MIN_SHARE, PHRASING_WINDOW_DAYS }),
  );
  search.setPhrasings(await confirmedPhrasings(database));
  await search.ready();
  const mailChannel = parseMailChannelConfig(
    { IMAP_URL, IMAP_INTERVAL_MS, IMAP_IDLE, IMAP_PROCESSED_FOLDER, IMAP_UNPROCESSED_FOLDER, SUPPORT_ADDRESS, MAIL_RATE_LIMIT },
    config,
  );
  const attachments = { dir: attachmentsDir(DATA_DIR), limits: parseAttachmentLimits({ ATTACHMENT_MAX_FILES, ATTACHMENT_MAX_MB }) };
  setMessageIdDomain(bareAddress(config.mailFrom).split('@')[1] ?? '');
  setNotificationSiteUrl(config.siteUrl);
  // The confirmation's article suggestions are searched while sending, off the request path.
  const suggest = mailSuggestions ? (ticket: { subject: string; description: string; lang: Lang }) => pickMailSuggestions({ search, store }, ticket) : null;
  const outbox = new OutboxSender({ database, smtpUrl: SMTP_URL ?? null, from: config.mailFrom, siteUrl: config.siteUrl, attachmentsDir: attachments.dir, suggest });
  outbox.start(OUTBOX_INTERVAL_MS);
  startAutoClose(db, database, config);
  startPhrasingProposals(database, store, phrasingThresholds);
  let mailPoller: ImapPoller | null = null;
  if (mailChannel) {
    mailPoller = new ImapPoller({
      database,
      config,
      settings: mailChannel.imap,
      inbound: { supportAddresses: mailChannel.supportAddresses, ratePerHour: mailChannel.ratePerHour },
      attachments,
    });
    mailPoller.start(mailChannel.intervalMs, mailChannel.idle);
  }
  const app: App = { db, database, store, search, training, views: new ViewRecorder(database), searchLog: new SearchLogRecorder(database), config, outbox, pages: new PageCache(), mailPoller, attachments, markdown, mailSuggestions };
  registerFastPath(app);
  // Changes made on other instances (PostgreSQL LISTEN/NOTIFY; in-process on SQLite).
  await startupStep('check DATABASE_URL and that PostgreSQL accepts connections', () => startInstanceSync(app));
  registerLifecycle(
    async () => db.open && (await databaseAnswers(database)),
    () => shutDown(app),
  );
  return app;
}

/**
 * After the last request (scripts/serve.ts on SIGTERM): stop the timers that write, write what
 * is buffered (article views, search log, queued group commits), close the database.
 */
async function shutDown(app: App): Promise<void> {
  app.outbox.stop();
  await app.mailPoller?.stop();
  await app.views.flush().catch(() => undefined);
  await app.searchLog.flush().catch(() => undefined);
  if (app.database.engine === 'sqlite') {
    const committer = groupCommitterFor(app.database);
    for (let waited = 0; committer.pending > 0 && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await stopListening(app.database);
  await app.database.close();
  if (app.db.open) app.db.close();
}

/**
 * Lets scripts/serve.ts answer cached public pages before Astro's routing runs (a tenth of
 * the cost of a request through the framework). Harmless when the server runs otherwise.
 */
function registerFastPath(app: App): void {
  const searchFastPath = {
    versions: () => ({ content: app.store.version, index: app.search.shippedIndex()?.hash ?? '', phrasings: app.search.phrasingsVersion }),
    searchLog: app.searchLog,
    searchesPer10Minutes: ANALYTICS_RATE_LIMIT,
    trustedProxies: parseTrustedProxies(TRUSTED_PROXIES),
  };
  const fastPath = (req: IncomingMessage, res: ServerResponse): boolean =>
    serveFromPageCache(
      {
        pages: app.pages,
        versions: () => ({ content: app.store.version, index: app.search.shippedIndex()?.hash ?? '' }),
        onHit: (url, lang) => void recordArticleRequest(app.database, app.views, url, lang),
      },
      req,
      res,
    ) || serveSearchPageFromCache(searchFastPath, req, res);
  (globalThis as Record<symbol, unknown>)[FAST_PATH_KEY] = fastPath;
}

// Kept on globalThis so that the dev server's module reloads reuse one instance.
const holder = globalThis as typeof globalThis & { __tierzeroApp?: Promise<App> };

/** The shared services; the first call loads the content and builds the search index. */
export function getApp(): Promise<App> {
  holder.__tierzeroApp ??= createApp().catch((error: unknown) => {
    holder.__tierzeroApp = undefined;
    throw error;
  });
  return holder.__tierzeroApp;
}

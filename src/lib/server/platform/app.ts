/**
 * The running portal's shared services, created once per process from the configuration
 * in astro:env: the database, the knowledge base (watched for changes), search, the desk
 * configuration, the e-mail outbox sender and the periodic auto-close of solved tickets.
 */
import { AGENT_CAPACITY, AUTO_CLOSE_DAYS, CONTENT_DIR, DATA_DIR, DESK_LEVELS, FIRST_RESPONSE_HOURS, MAIL_FROM, OUTBOX_INTERVAL_MS, SITE_URL, SMTP_URL, TRAINEE_URGENT } from 'astro:env/server';
import { openDatabase, type Db } from './db.ts';
import { ArticleStore } from '../knowledge/articles.ts';
import { SearchEngine } from '../search/search.ts';
import { TrainingStore } from '../training/training.ts';
import { recordArticleRequest, ViewRecorder } from '../search/analytics.ts';
import { FAST_PATH_KEY, PageCache, serveFromPageCache } from './page-cache.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseDeskConfig, type DeskConfig } from '../desk/desk-config.ts';
import { OutboxSender } from '../mail/outbox.ts';
import { closeSolvedTickets } from '../desk/close-solved-tickets.ts';

/** The services every page and endpoint uses. */
export interface App {
  db: Db;
  store: ArticleStore;
  search: SearchEngine;
  /** Training pages (staff only; their documents are in the staff search index). */
  training: TrainingStore;
  /** Article views, buffered and written once a second. */
  views: ViewRecorder;
  /** Desk settings: first-response hours, auto-close days, site URL, mail sender. */
  config: DeskConfig;
  /** Delivers queued customer e-mails; `enabled` is false (nothing sent) without SMTP_URL. */
  outbox: OutboxSender;
  /** Rendered public pages (filled by the middleware, served by it and by the fast path). */
  pages: PageCache;
}

const AUTO_CLOSE_INTERVAL_MS = 3_600_000;

/** Closes solved tickets that are old enough, now and then every hour; never keeps the process alive. */
function startAutoClose(db: Db, config: DeskConfig): void {
  const run = (): void => {
    try {
      if (!db.open) return;
      const closed = closeSolvedTickets(db, config);
      if (closed > 0) console.info(`desk: closed ${closed} solved ticket(s) automatically`);
    } catch (error) {
      console.warn(`desk: auto-close failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  setImmediate(run).unref();
  setInterval(run, AUTO_CLOSE_INTERVAL_MS).unref();
}

async function createApp(): Promise<App> {
  // A bad desk setting stops the start-up with the variable's name, before anything else runs.
  const config = parseDeskConfig({ FIRST_RESPONSE_HOURS, AUTO_CLOSE_DAYS, SITE_URL, MAIL_FROM, DESK_LEVELS, AGENT_CAPACITY, TRAINEE_URGENT });
  const db = openDatabase(DATA_DIR);
  const store = new ArticleStore(CONTENT_DIR);
  const search = new SearchEngine(store);
  const training = new TrainingStore(CONTENT_DIR);
  await training.load();
  search.addStaffSource(training);
  await store.load();
  store.watch();
  training.watch();
  await search.ready();
  const outbox = new OutboxSender({ db, smtpUrl: SMTP_URL ?? null, from: config.mailFrom });
  outbox.start(OUTBOX_INTERVAL_MS);
  startAutoClose(db, config);
  const app: App = { db, store, search, training, views: new ViewRecorder(db), config, outbox, pages: new PageCache() };
  registerFastPath(app);
  return app;
}

/**
 * Lets scripts/serve.ts answer cached public pages before Astro's routing runs (a tenth of
 * the cost of a request through the framework). Harmless when the server runs otherwise.
 */
function registerFastPath(app: App): void {
  const fastPath = (req: IncomingMessage, res: ServerResponse): boolean =>
    serveFromPageCache(
      {
        pages: app.pages,
        versions: () => ({ content: app.store.version, index: app.search.shippedIndex()?.hash ?? '' }),
        onHit: (url, lang) => recordArticleRequest(app.db, app.views, url, lang),
      },
      req,
      res,
    );
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

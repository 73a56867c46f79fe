/**
 * The running portal's shared services, created once per process from the configuration
 * in astro:env: the database, the knowledge base (watched for changes) and search.
 */
import { CONTENT_DIR, DATA_DIR } from 'astro:env/server';
import { openDatabase, type Db } from './db.ts';
import { ArticleStore } from './articles.ts';
import { SearchEngine } from './search.ts';
import { ViewRecorder } from './analytics.ts';

/** The services every page and endpoint uses. */
export interface App {
  db: Db;
  store: ArticleStore;
  search: SearchEngine;
  /** Article views, buffered and written once a second. */
  views: ViewRecorder;
}

async function createApp(): Promise<App> {
  const db = openDatabase(DATA_DIR);
  const store = new ArticleStore(CONTENT_DIR);
  const search = new SearchEngine(store);
  await store.load();
  store.watch();
  await search.ready();
  return { db, store, search, views: new ViewRecorder(db) };
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

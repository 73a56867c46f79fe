/**
 * What one instance learns from the others on the same database (issue 17), wired once at
 * start-up by app.ts through database/notify.ts:
 * - 'search' (learned phrasings confirmed or removed on any instance): search reloads the
 *   confirmed phrasings and the page cache is emptied.
 * On SQLite the same notifications arrive in-process (the action that changed something has
 * already applied it; applying it again is harmless).
 * Rules that always hold: a notification only makes the instance look again at the database;
 * a failure is logged and the next notification (or a restart) repairs it; nothing here keeps
 * the process alive after `stop()`.
 */
import { listen } from './database/notify.ts';
import type { Database } from './database/connect.ts';
import type { Db } from './db.ts';
import type { PageCache } from './page-cache.ts';
import type { SearchEngine } from '../search/search.ts';
import { confirmedPhrasings } from '../search/learned-phrasings.ts';

/** What the instance keeps in memory that other instances' changes make stale. */
export interface InstanceState {
  db: Db;
  database: Database;
  search: SearchEngine;
  pages: PageCache;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Starts listening; resolves to a function that stops it. */
export async function startInstanceSync(state: InstanceState): Promise<() => Promise<void>> {
  const reloadPhrasings = (): void => {
    try {
      state.search.setPhrasings(confirmedPhrasings(state.db));
      state.pages.clear();
    } catch (error) {
      console.warn(`search: reloading the learned phrasings failed: ${messageOf(error)}`);
    }
  };
  const stops = [await listen(state.database, 'search', reloadPhrasings, { onReconnect: reloadPhrasings })];
  return async () => {
    for (const stop of stops) await stop();
  };
}

/**
 * What one instance learns from the others on the same database (issue 17), wired once at
 * start-up by app.ts through database/notify.ts:
 * - 'search' (learned phrasings confirmed or removed on any instance): search reloads the
 *   confirmed phrasings and the page cache is emptied.
 * - 'content' (an article or training page saved in the browser on any instance; scale-out
 *   only): the new revision is written into this instance's CONTENT_DIR and the store rescans
 *   at once, so pages (keyed by the content version) and the search index (rebuilt on every
 *   store change) follow; a file deleted on another instance (a 'deleted' revision) is removed
 *   here. At start-up (both engines) and after the listening connection came back, every file
 *   with revisions is brought up to date, and files deleted outside the editor meanwhile get
 *   their 'deleted' revision (content-revisions.ts: materialiseCollection); while it runs, a
 *   document that leaves a store (a git pull deleted its file) is looked at the same way.
 * - 'media' (an image uploaded in the article editor on any instance; scale-out only): it is
 *   written into this instance's content/media with its variants; at start-up and after a
 *   reconnect every upload this instance lacks (knowledge/shared-media.ts), before the articles.
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
import { materialiseCollection, materialiseContent, type ContentChange, type ContentCollection } from './content-revisions.ts';
import type { ArticleStore } from '../knowledge/articles.ts';
import type { TrainingStore } from '../training/training.ts';
import { articlesCollection } from '../knowledge/article-editor.ts';
import { trainingCollection } from '../training/training-editor.ts';
import { materialiseMedia } from '../knowledge/shared-media.ts';

/** What the instance keeps in memory that other instances' changes make stale. */
export interface InstanceState {
  db: Db;
  database: Database;
  search: SearchEngine;
  pages: PageCache;
  store: ArticleStore;
  training: TrainingStore;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Starts listening; resolves to a function that stops it. */
export async function startInstanceSync(state: InstanceState): Promise<() => Promise<void>> {
  const reloadPhrasings = async (): Promise<void> => {
    try {
      state.search.setPhrasings(await confirmedPhrasings(state.database));
      state.pages.clear();
    } catch (error) {
      console.warn(`search: reloading the learned phrasings failed: ${messageOf(error)}`);
    }
  };
  const collections: { collection: ContentCollection; rescan: () => Promise<boolean>; store: ArticleStore | TrainingStore }[] = [
    { collection: articlesCollection(state.store), rescan: () => state.store.rescan(), store: state.store },
    { collection: trainingCollection(state.training), rescan: () => state.training.rescan(), store: state.training },
  ];
  const catchUp = async (): Promise<void> => {
    // Images first: an article that shows one is rendered with its variants.
    try {
      await materialiseMedia(state.database, state.store.mediaDir);
    } catch (error) {
      console.warn(`media: bringing content/media up to date failed: ${messageOf(error)}`);
    }
    for (const { collection, rescan } of collections) {
      try {
        if ((await materialiseCollection(state.database, collection)) > 0) await rescan();
      } catch (error) {
        console.warn(`content: bringing ${collection.name} up to date failed: ${messageOf(error)}`);
      }
    }
  };
  const contentChanged = async (payload: string): Promise<void> => {
    let change: ContentChange;
    try {
      change = JSON.parse(payload) as ContentChange;
    } catch {
      return;
    }
    const target = collections.find(({ collection }) => collection.name === change.collection);
    if (!target || typeof change.slug !== 'string') return;
    if (await materialiseContent(state.database, target.collection, change.slug)) await target.rescan();
  };
  const stops = [await listen(state.database, 'search', reloadPhrasings, { onReconnect: reloadPhrasings })];
  if (state.database.engine === 'postgres') {
    stops.push(await listen(state.database, 'content', contentChanged, { onReconnect: () => void catchUp() }));
    stops.push(await listen(state.database, 'media', async (name) => void (await materialiseMedia(state.database, state.store.mediaDir, [name]))));
  }
  // Both engines: files deleted outside the editor while it was down get their 'deleted' revision.
  await catchUp();
  // And while it runs: a document that leaves the store (its file deleted by a git pull) is
  // looked at once (recorded as deleted if the folder had it, and the other instances follow).
  const unfollow = collections.map(({ collection, rescan, store }) => {
    const slugsOf = (): Set<string> => new Set(store.all().map((doc) => doc.slug));
    let known = slugsOf();
    return store.onChange(() => {
      const now = slugsOf();
      const gone = [...known].filter((slug) => !now.has(slug));
      known = now;
      // An emptied folder is taken as not mounted (a checkout being replaced): nothing is recorded.
      if (now.size === 0) return;
      for (const slug of gone) {
        materialiseContent(state.database, collection, slug)
          .then((changed) => (changed ? rescan() : false))
          .catch((error: unknown) => console.warn(`content: looking at the deleted ${collection.name}/${slug}.md failed: ${messageOf(error)}`));
      }
    });
  });
  return async () => {
    for (const stop of unfollow) stop();
    for (const stop of stops) await stop();
  };
}

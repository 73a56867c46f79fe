/**
 * What an instance learns from another on the same PostgreSQL (platform/instance-sync.ts):
 * an article saved on instance A is written into instance B's content folder, B's store
 * rescans and B's search finds it within 2 s; a learned-phrasing change empties B's page
 * cache; a file behind the database is brought forward when B starts; an edited article that a
 * git pull deletes on A while it runs is removed on B too and stays deleted. (SQLite has one
 * instance: nothing to learn from others, tested by notify.test.ts's in-process delivery.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/lib/server/platform/db.ts';
import { postgresDatabase, type Database } from '../../../src/lib/server/platform/database/connect.ts';
import { notify, stopListening } from '../../../src/lib/server/platform/database/notify.ts';
import { saveContent, syncRevision } from '../../../src/lib/server/platform/content-revisions.ts';
import { startInstanceSync } from '../../../src/lib/server/platform/instance-sync.ts';
import { PageCache } from '../../../src/lib/server/platform/page-cache.ts';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { articlesCollection } from '../../../src/lib/server/knowledge/article-editor.ts';
import { TrainingStore } from '../../../src/lib/server/training/training.ts';
import { SearchEngine } from '../../../src/lib/server/search/search.ts';
import { useDatabase } from '../engines.ts';
import { articleSource, makeTempDir, removeDir, waitFor, writeArticle } from '../helpers.ts';

interface Node {
  database: Database;
  db: Db;
  store: ArticleStore;
  training: TrainingStore;
  search: SearchEngine;
  pages: PageCache;
  dirs: string[];
  stop: () => Promise<void>;
}

describe('instance sync between two instances on PostgreSQL', () => {
  const env = useDatabase('postgres');
  const nodes: Node[] = [];

  /** An instance: its own pool, SQLite file (what is not converted yet), content folder, store, search and page cache. */
  async function instance(contentDir: string, sync: boolean): Promise<Node> {
    const dataDir = makeTempDir('tierzero-sync-data-');
    const db = openDatabase(dataDir);
    const database = postgresDatabase(env.current.url!, { max: 3 });
    const store = new ArticleStore(contentDir, () => undefined);
    await store.load();
    const training = new TrainingStore(contentDir, () => undefined);
    await training.load();
    const search = new SearchEngine(store, undefined, { vocabulary: false });
    await search.ready();
    const pages = new PageCache();
    const stop = sync ? await startInstanceSync({ db, database, store, training, search, pages }) : async () => undefined;
    const node = { database, db, store, training, search, pages, dirs: [dataDir, contentDir], stop };
    nodes.push(node);
    return node;
  }

  afterEach(async () => {
    for (const node of nodes.splice(0)) {
      await node.stop();
      await stopListening(node.database);
      await node.search.close();
      node.store.close();
      node.training.close();
      await node.database.close();
      node.db.close();
      for (const dir of node.dirs) removeDir(dir);
    }
  });

  function contentFolder(): string {
    const dir = makeTempDir('tierzero-sync-content-');
    writeArticle(dir, 'reset', { title: 'Reset the password', body: 'Open the settings.' });
    return dir;
  }

  async function author(database: Database): Promise<number> {
    const row = await database.kysely
      .insertInto('users')
      .values({ email: `ed.${Date.now()}.${Math.random()}@example.com`, name: 'Ed', role: 'admin', password_hash: 'x', created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('finds an article saved on the other instance within 2 s', async () => {
    const a = await instance(contentFolder(), false);
    const b = await instance(contentFolder(), true);
    expect(b.search.search('wombat', 'en')).toEqual([]);
    const id = await author(a.database);
    const source = articleSource({ title: 'Reset the password', body: 'Open the settings. The wombat explains it.' });
    // The file came from git: the editor records it first, as when it opens the file.
    const base = (await syncRevision(a.database, articlesCollection(a.store), 'reset'))!.number;
    const savedAt = Date.now();
    const result = await saveContent(a.database, articlesCollection(a.store), { slug: 'reset', baseRevision: base, source, authorId: id, message: '', kind: 'saved', create: false });
    expect(result.ok).toBe(true);
    await waitFor('B finds the article', () => b.search.search('wombat', 'en').some((hit) => hit.slug === 'reset'), 2000, 20);
    expect(Date.now() - savedAt).toBeLessThan(2000);
    expect(fs.readFileSync(path.join(b.store.articlesDir, 'reset.md'), 'utf8')).toBe(source);
  });

  it('empties the page cache of the other instance when search settings change', async () => {
    const b = await instance(contentFolder(), true);
    b.pages.set('en|1|x|/en/', { body: { identity: Buffer.from('x') } as never, status: 200, headers: [] });
    expect(b.pages.get('en|1|x|/en/')).not.toBeNull();
    const a = await instance(contentFolder(), false);
    await notify(a.database, 'search', 'phrasings');
    await waitFor('the page cache is emptied', () => b.pages.get('en|1|x|/en/') === null, 2000, 20);
  });

  it('a git pull that deletes an edited article on A while running removes it on B as well, and it stays deleted', async () => {
    const withOldPage = (): string => {
      const dir = contentFolder();
      writeArticle(dir, 'old-page', { title: 'An old page', body: 'The quokka page.' });
      return dir;
    };
    const a = await instance(withOldPage(), true);
    const b = await instance(withOldPage(), true);
    const id = await author(a.database);
    const base = (await syncRevision(a.database, articlesCollection(a.store), 'old-page'))!.number;
    const source = articleSource({ title: 'An old page', body: 'The quokka page, edited in the browser.' });
    await saveContent(a.database, articlesCollection(a.store), { slug: 'old-page', baseRevision: base, source, authorId: id, message: '', kind: 'saved', create: false });
    await waitFor('B has the edit', () => b.store.get('old-page')?.body.includes('edited in the browser') === true, 2000, 20);

    fs.rmSync(path.join(a.store.articlesDir, 'old-page.md')); // git rm, pulled on A
    await a.store.rescan();
    await waitFor('B drops the article', () => b.store.get('old-page') === null, 2000, 20);
    expect(fs.existsSync(path.join(b.store.articlesDir, 'old-page.md'))).toBe(false);
    const kinds = await a.database.kysely.selectFrom('content_revisions').select('kind').where('collection', '=', 'articles').where('slug', '=', 'old-page').orderBy('number', 'desc').execute();
    expect(kinds.map((row) => row.kind)).toEqual(['deleted', 'saved', 'external']);
    // B restarts: nothing comes back.
    const c = await instance(b.dirs[1], true);
    expect(c.store.get('old-page')).toBeNull();
    expect(fs.existsSync(path.join(b.store.articlesDir, 'old-page.md'))).toBe(false);
  });

  it('brings its folder up to date at start-up', async () => {
    const a = await instance(contentFolder(), false);
    const id = await author(a.database);
    const base = (await syncRevision(a.database, articlesCollection(a.store), 'reset'))!.number;
    const source = articleSource({ title: 'Reset the password', body: 'Saved while B was down: the numbat knows.' });
    await saveContent(a.database, articlesCollection(a.store), { slug: 'reset', baseRevision: base, source, authorId: id, message: '', kind: 'saved', create: false });
    const b = await instance(contentFolder(), true);
    await waitFor('B finds the article saved while it was down', () => b.search.search('numbat', 'en').some((hit) => hit.slug === 'reset'), 4000, 20);
  });
});

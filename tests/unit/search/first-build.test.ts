/**
 * Start-up waits for a ready index: ready() resolves only once an index is in, and a first
 * build that fails is tried again (with every document sent anew) instead of leaving the
 * server waiting for ever or answering from no index.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine } from '../../../src/lib/server/search/search.ts';
import { makeTempDir, removeDir } from '../helpers.ts';
import { writeSearchFixture } from './fixture.ts';

let contentDir: string;
let store: ArticleStore;

beforeAll(async () => {
  contentDir = makeTempDir();
  writeSearchFixture(contentDir);
  store = new ArticleStore(contentDir, () => {});
  await store.load();
});

afterAll(() => removeDir(contentDir));

it('a failed first build is tried again, and ready() resolves with an index that answers', async () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  const engine = new SearchEngine(store, undefined, { vocabulary: false });
  try {
    engine.failNextBuild = true;
    expect(engine.search('password', 'en')).toEqual([]);
    await engine.ready();
    expect(errors).toHaveBeenCalledTimes(1);
    expect(engine.search('password', 'en').length).toBeGreaterThan(0);
    expect(engine.shippedIndex()?.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(engine.shippedIndex()?.langs.de.url).toMatch(/^\/search-index\/de-[0-9a-f]{16}\.json$/);
  } finally {
    errors.mockRestore();
    await engine.close();
  }
}, 60_000);

it('a build after a failed one sends every document again and finds them all', async () => {
  const engine = new SearchEngine(store, undefined, { vocabulary: false });
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    await engine.ready();
    const before = engine.size('staff');
    engine.failNextBuild = true;
    await expect(engine.scheduleRebuild()).rejects.toThrow(/failed/);
    await engine.scheduleRebuild();
    expect(engine.size('staff')).toBe(before);
    expect(engine.search('password', 'en').length).toBeGreaterThan(0);
  } finally {
    errors.mockRestore();
    await engine.close();
  }
}, 60_000);

it('the new shipped index is there at once in gzip, and its brotli form is marked ready when made', async () => {
  const engine = new SearchEngine(store, undefined, { vocabulary: false });
  try {
    await engine.ready();
    const shipped = engine.shippedIndex()!.langs.en;
    expect(shipped.gzipped.byteLength).toBeGreaterThan(0);
    const brotli = await shipped.brotli;
    expect(shipped.brotliReady).toBe(brotli);
  } finally {
    await engine.close();
  }
}, 60_000);

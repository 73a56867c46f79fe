/**
 * Markdown that cannot be rendered in time or at all: the editors refuse to save it (with the
 * reason, on the body field, nothing written), and a stored file with such a text (a pull, a
 * hand edit) neither breaks its page nor its editor: the store answers with the refusal,
 * keeps it (one render per change, not one per request), and still loads the article.
 */
import fs from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { sqliteDatabase } from '../../../src/lib/server/platform/database/connect.ts';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { articlesCollection, saveArticle } from '../../../src/lib/server/knowledge/article-editor.ts';
import { articleFormFromArticle, emptyArticleForm, MAX_BODY } from '../../../src/lib/server/knowledge/article-form.ts';
import { syncRevision } from '../../../src/lib/server/platform/content-revisions.ts';
import { RenderCache, RETRY_AFTER_MS } from '../../../src/lib/server/knowledge/render-cache.ts';
import { closeMarkdownRenderer } from '../../../src/lib/server/knowledge/render-markdown-safely.ts';
import { previewHtml } from '../../../src/lib/server/knowledge/markdown-preview.ts';
import { TrainingStore } from '../../../src/lib/server/training/training.ts';
import { saveTrainingPage } from '../../../src/lib/server/training/training-editor.ts';
import { openTempDb } from '../support/temp-db.ts';
import { addUser, NOW } from '../desk/fixture.ts';
import { makeTempDir, removeDir, writeArticle } from '../helpers.ts';

const DEEP = `${'>'.repeat(5_000)} quote`;
const SLOW = '*_'.repeat(15_000);

let db: Db;
let closeDb: () => void;
let contentDir: string;
let store: ArticleStore;
let log: string[];
let editor: { id: number; role: 'second_level' };

beforeEach(async () => {
  ({ db, close: closeDb } = openTempDb('tierzero-desk-'));
  contentDir = makeTempDir('tierzero-unrenderable-');
  writeArticle(contentDir, 'broken', { title: 'Broken article', status: 'validated', body: DEEP });
  log = [];
  store = new ArticleStore(contentDir, (message) => log.push(message));
  await store.load();
  editor = { id: await addUser(sqliteDatabase(db), { name: 'Mara Second', role: 'second_level' }), role: 'second_level' };
});
afterEach(() => {
  store.close();
  closeDb();
  removeDir(contentDir);
});
afterAll(async () => {
  await closeMarkdownRenderer();
});

const form = (body: string) => emptyArticleForm({ title: 'Deep thoughts', summary: 'Nested.', category: 'billing', lang: 'en', body });

describe('a stored article that cannot be rendered', () => {
  it('is loaded, and its render is a refusal (logged once), not an exception', async () => {
    const article = store.get('broken');
    expect(article).not.toBeNull();
    expect(await store.render(article!)).toEqual({ ok: false, reason: 'too_deep' });
    expect(await store.render(article!)).toEqual({ ok: false, reason: 'too_deep' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log.filter((line) => line.includes('broken.md: cannot be rendered (too_deep)'))).toHaveLength(1);
  });

  it('still opens in the editor: the form has the text, the preview says why', async () => {
    const values = articleFormFromArticle(store.get('broken')!);
    expect(values.body).toContain('>>>>>');
    expect(await previewHtml('en', values.body)).toContain('data-render-refused="too_deep"');
  });

  it('can be fixed through the editor, and then renders', async () => {
    // As the editor page does: the hand-written file becomes revision 1 first.
    const current = await syncRevision(sqliteDatabase(db), articlesCollection(store), 'broken');
    const result = await saveArticle(sqliteDatabase(db), store, editor, { slug: 'broken', baseRevision: current?.number ?? 0, form: { ...articleFormFromArticle(store.get('broken')!), body: '> A quote, fixed.' }, message: 'fix' }, NOW);
    expect(result.ok).toBe(true);
    const rendered = await store.render(store.get('broken')!);
    expect(rendered.ok && rendered.html).toContain('<blockquote>');
  });
});

describe('saving refuses what cannot be rendered', () => {
  it.each([
    ['nested too deeply', DEEP, 'markdown.refused.too_deep'],
    ['too slow to render', SLOW, 'markdown.refused.too_slow'],
  ])('%s: EditorError on the body, nothing written', async (_name, body, key) => {
    const before = fs.readdirSync(store.articlesDir).sort();
    await expect(saveArticle(sqliteDatabase(db), store, editor, { slug: null, baseRevision: 0, form: form(body), message: '' }, NOW)).rejects.toMatchObject({ key, field: 'body' });
    expect(fs.readdirSync(store.articlesDir).sort()).toEqual(before);
  }, 30_000);

  it('refuses a body longer than the renderer takes with the length message', async () => {
    await expect(saveArticle(sqliteDatabase(db), store, editor, { slug: null, baseRevision: 0, form: form('a'.repeat(MAX_BODY + 1)), message: '' }, NOW)).rejects.toMatchObject({ key: 'editor.error.body', field: 'body' });
  });

  it('in the training editor too', async () => {
    const training = new TrainingStore(contentDir, () => undefined);
    await training.load();
    const page = { title: 'Deep', summary: 'Nested.', module: 'basics', order: '1', minutes: '5', lang: 'en', translationKey: 'deep', tags: '', selfCheck: '', body: DEEP };
    await expect(saveTrainingPage(sqliteDatabase(db), training, { id: editor.id, role: 'admin' }, { slug: null, newSlug: 'basics/deep', baseRevision: 0, form: page, message: '' }, NOW)).rejects.toMatchObject({
      key: 'markdown.refused.too_deep',
      field: 'body',
    });
    training.close();
  });
});

describe('RenderCache', () => {
  it('renders once for concurrent readers, keeps a refusal about the text, retries one that may pass later', async () => {
    let now = 1_000;
    const refusals: string[] = [];
    const cache = new RenderCache({}, (key, result) => refusals.push(`${key}:${result.reason}`), () => now);
    const [a, b] = await Promise.all([cache.get('ok', '**x**'), cache.get('ok', '**x**')]);
    expect(a).toBe(b);
    expect(await cache.get('deep', DEEP)).toEqual({ ok: false, reason: 'too_deep' });
    const slow = await cache.get('slow', SLOW);
    expect(slow).toEqual({ ok: false, reason: 'too_slow' });
    expect(await cache.get('slow', SLOW)).toBe(slow);
    now += RETRY_AFTER_MS + 1;
    expect(await cache.get('deep', DEEP)).toEqual({ ok: false, reason: 'too_deep' });
    const retried = cache.get('slow', 'fixed');
    expect(await retried).toMatchObject({ ok: true });
    expect(refusals).toEqual(['deep:too_deep', 'slow:too_slow']);
  }, 30_000);
});

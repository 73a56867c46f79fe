/**
 * The article editor's domain: KCS states and who may move an article between them, safe
 * slugs, saving through the revision store (atomic file + revision row), conflicts between
 * two editors, restore as a new revision, diffs, proposals by specialists, flags resolved by
 * a revision, and a validated article reaching search (an archived one leaving it).
 */
import { internalBlock } from '../../../src/lib/server/knowledge/internal-block.ts';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine } from '../../../src/lib/server/search/search.ts';
import { allowedStatuses, decideEdit, restoreArticleRevision, saveArticle, setArticleStatus } from '../../../src/lib/server/knowledge/article-editor.ts';
import { articleFormFromSource, checkNewSlug, EditorError, emptyArticleForm, freeSlug, type ArticleForm } from '../../../src/lib/server/knowledge/article-form.ts';
import { contentFile, ContentError, currentRevision, diffTexts, listRevisions, saveContent, syncRevision } from '../../../src/lib/server/platform/content-revisions.ts';
import { flagArticle, openFlags } from '../../../src/lib/server/knowledge/article-feedback.ts';
import { listNotifications } from '../../../src/lib/server/notifications/staff-notifications.ts';
import { sqliteDatabase, type Database } from '../../../src/lib/server/platform/database/connect.ts';
import { openTempDb } from '../support/temp-db.ts';
import { addUser, NOW } from '../desk/fixture.ts';
import { makeTempDir, removeDir, writeArticle } from '../helpers.ts';

let db: Db;
let database: Database;
let closeDb: () => void;
let contentDir: string;
let store: ArticleStore;
let second: { id: number; role: 'second_level' };
let third: { id: number; role: 'third_level' };
let first: { id: number; role: 'first_level' };
let admin: { id: number; role: 'admin' };

const form = (overrides: Partial<ArticleForm> = {}): ArticleForm =>
  emptyArticleForm({ title: 'Größe der Gebühr ändern', summary: 'How to change the fee.', category: 'billing', lang: 'en', body: 'Step one.\n\nStep two.', ...overrides });

function expectEditorError(promise: Promise<unknown> | (() => unknown), key: string): Promise<void> | void {
  if (typeof promise === 'function') {
    try {
      promise();
    } catch (error) {
      expect(error).toBeInstanceOf(EditorError);
      expect((error as EditorError).key).toBe(key);
      return;
    }
    throw new Error(`expected ${key}`);
  }
  return expect(promise).rejects.toMatchObject({ key });
}

beforeEach(async () => {
  ({ db, close: closeDb } = openTempDb('tierzero-desk-'));
  database = sqliteDatabase(db);
  contentDir = makeTempDir('tierzero-editor-');
  writeArticle(contentDir, 'existing', { title: 'Existing article', status: 'validated', body: 'Original body.' });
  writeArticle(contentDir, 'old-way', { title: 'The old way', status: 'validated' });
  store = new ArticleStore(contentDir, () => undefined);
  await store.load();
  second = { id: await addUser(database, { name: 'Mara Second', role: 'second_level' }), role: 'second_level' };
  third = { id: await addUser(database, { name: 'Deniz Third', role: 'third_level', areas: ['export'] }), role: 'third_level' };
  first = { id: await addUser(database, { name: 'Lena First', role: 'first_level' }), role: 'first_level' };
  admin = { id: await addUser(database, { name: 'Sophie Admin', role: 'admin' }), role: 'admin' };
});

afterEach(() => {
  store.close();
  closeDb();
  removeDir(contentDir);
});

describe('states and permissions', () => {
  it('lets second level and admins make every change, and specialists only drafts and not-validated articles', () => {
    for (const user of [second, admin]) {
      expect(allowedStatuses(user, null)).toEqual(['draft', 'not_validated', 'validated', 'archived']);
      expect(allowedStatuses(user, 'validated')).toEqual(['draft', 'not_validated', 'validated', 'archived']);
    }
    expect(allowedStatuses(third, null)).toEqual(['draft', 'not_validated']);
    expect(allowedStatuses(third, 'draft')).toEqual(['draft', 'not_validated']);
    expect(decideEdit(third, 'not_validated', 'draft')).toBe('saved');
  });

  it('keeps a specialist’s edit of a validated article as a proposal, and refuses taking it offline', () => {
    expect(decideEdit(third, 'validated', 'validated')).toBe('proposed');
    expect(decideEdit(third, 'archived', 'archived')).toBe('proposed');
    expectEditorError(() => decideEdit(third, 'validated', 'draft'), 'editor.error.validateRole');
    expectEditorError(() => decideEdit(third, 'draft', 'validated'), 'editor.error.validateRole');
    expectEditorError(() => decideEdit(third, 'draft', 'archived'), 'editor.error.validateRole');
  });

  it('refuses first level everything', () => {
    expect(allowedStatuses(first, null)).toEqual([]);
    expectEditorError(() => decideEdit(first, 'draft', 'draft'), 'editor.error.forbidden');
  });

  it('enforces the rules in every write, not only in the form', async () => {
    await expectEditorError(saveArticle(database, store, first, { slug: null, baseRevision: 0, form: form(), message: '' }), 'editor.error.forbidden');
    await expectEditorError(saveArticle(database, store, third, { slug: null, baseRevision: 0, form: form({ status: 'validated' }), message: '' }), 'editor.error.validateRole');
    const base = (await syncRevision(database, { name: 'articles', dir: store.articlesDir, validate: () => ({ ok: true }) }, 'existing'))!.number;
    await expectEditorError(setArticleStatus(database, store, third, { slug: 'existing', baseRevision: base, status: 'archived' }), 'editor.error.validateRole');
    await expectEditorError(setArticleStatus(database, store, first, { slug: 'existing', baseRevision: base, status: 'archived' }), 'editor.error.forbidden');
    await expectEditorError(restoreArticleRevision(database, store, first, { slug: 'existing', number: base, baseRevision: base }), 'editor.error.forbidden');
    expect(store.get('existing')!.status).toBe('validated');
    expect((await listRevisions(database, 'articles', 'existing'))).toHaveLength(1);
  });
});

describe('slugs', () => {
  it('are made from the title with German letters transliterated, and kept unique', async () => {
    const saved = await saveArticle(database, store, second, { slug: null, baseRevision: 0, form: form(), message: 'first' });
    expect(saved.ok && saved.slug).toBe('groesse-der-gebuehr-aendern');
    const again = await saveArticle(database, store, second, { slug: null, baseRevision: 0, form: form(), message: 'second' });
    expect(again.ok && again.slug).toBe('groesse-der-gebuehr-aendern-2');
    expect(freeSlug('new', () => false)).toBe('new-article');
  });

  it('refuses paths, odd characters and taken addresses with a clear reason', async () => {
    for (const bad of ['../etc/passwd', 'a/b', '..', '/etc/passwd', 'C:\\x', 'sub\\file', 'x..y']) expectEditorError(() => checkNewSlug(bad), 'editor.error.slugPath');
    for (const bad of ['Upper', 'with space', 'ümlaut', 'trailing-', 'a--b']) expectEditorError(() => checkNewSlug(bad), 'editor.error.slugFormat');
    expectEditorError(() => checkNewSlug('new'), 'editor.error.slugReserved');
    expect(checkNewSlug(' fine-slug ')).toBe('fine-slug');
    await expectEditorError(saveArticle(database, store, second, { slug: null, newSlug: '../../escape', baseRevision: 0, form: form(), message: '' }), 'editor.error.slugPath');
    await expectEditorError(saveArticle(database, store, second, { slug: null, newSlug: 'existing', baseRevision: 0, form: form(), message: '' }), 'editor.error.slugTaken');
    expect(fs.existsSync(path.join(contentDir, 'escape.md'))).toBe(false);
    expect(fs.readdirSync(store.articlesDir).sort()).toEqual(['existing.md', 'old-way.md']);
  });

  it('never resolve outside the collection folder, whatever reaches the save path', () => {
    const collection = { dir: store.articlesDir };
    for (const bad of ['../x', '/abs', 'a//b', 'a/../../b', '', 'C:/x']) expect(() => contentFile(collection, bad)).toThrow(ContentError);
    expect(contentFile(collection, 'sub/ok')).toBe(path.join(store.articlesDir, 'sub', 'ok.md'));
  });
});

describe('saving and revisions', () => {
  it('writes the file atomically, in the schema, and records the full text with author and message', async () => {
    const result = await saveArticle(database, store, third, { slug: null, baseRevision: 0, form: form({ tags: 'fee, size, fee', sourceTicket: 'T-2026-000123' }), message: 'from ticket' }, NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const file = path.join(store.articlesDir, `${result.slug}.md`);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('status: draft');
    expect(text).toContain('tags: [fee, size]');
    expect(text).toContain('sourceTicket: T-2026-000123');
    expect(text).toContain('updated: 2026-10-14');
    expect(fs.readdirSync(store.articlesDir).filter((name) => name.startsWith('.'))).toEqual([]);
    const [revision] = (await listRevisions(database, 'articles', result.slug));
    expect(revision).toMatchObject({ number: 1, kind: 'saved', source: text, authorName: 'Deniz Third', message: 'from ticket', createdAt: NOW });
    expect(store.get(result.slug)!.title).toBe('Größe der Gebühr ändern');
    expect(articleFormFromSource(result.slug, text)).toMatchObject({ tags: 'fee, size', status: 'draft', sourceTicket: 'T-2026-000123' });
  });

  it('writes an unchanged hand-written article back the same, except its date', async () => {
    const file = path.join(store.articlesDir, 'handmade.md');
    const original = [
      '---',
      'title: "Handmade: \\"quoted\\" words"',
      'summary: "Written by hand."',
      'category: account',
      'tags: [password, log-in, "true", 2fa, "1e5", zwei wörter]',
      'lang: de',
      'translationKey: handmade',
      'audience: internal',
      'status: validated',
      'updated: 2026-09-22',
      '---',
      '',
      '## Steps',
      '',
      'Text.',
      '',
    ].join('\n');
    fs.writeFileSync(file, original);
    await store.rescan();
    const collection = { name: 'articles', dir: store.articlesDir, validate: () => ({ ok: true as const }) };
    const base = (await syncRevision(database, collection, 'handmade'))!;
    const form = articleFormFromSource('handmade', base.source)!;
    const saved = await saveArticle(database, store, second, { slug: 'handmade', baseRevision: base.number, form, message: '' }, NOW);
    expect(saved.ok).toBe(true);
    const changed = diffTexts(original, fs.readFileSync(file, 'utf8')).filter((part) => part.type !== 'same');
    expect(changed).toEqual([
      { type: 'removed', lines: ['updated: 2026-09-22'] },
      { type: 'added', lines: ['updated: 2026-10-14'] },
    ]);
    expect(store.get('handmade')).toMatchObject({ title: 'Handmade: "quoted" words', tags: ['password', 'log-in', 'true', '2fa', '1e5', 'zwei wörter'], translationKey: 'handmade' });
  });

  it('records a hand-edited or pulled file as an external revision before the next save', async () => {
    const collection = { name: 'articles', dir: store.articlesDir, validate: () => ({ ok: true as const }) };
    const first = await syncRevision(database, collection, 'existing');
    expect(first).toMatchObject({ number: 1, kind: 'external', authorId: null });
    expect(await syncRevision(database, collection, 'existing')).toMatchObject({ number: 1 });
    writeArticle(contentDir, 'existing', { title: 'Existing article', body: 'Changed by git pull.' });
    const pulled = await syncRevision(database, collection, 'existing');
    expect(pulled).toMatchObject({ number: 2, kind: 'external' });
    expect(pulled!.source).toContain('Changed by git pull.');
  });

  it('refuses a save over a newer revision, writes nothing, and returns their version', async () => {
    const collection = { name: 'articles', dir: store.articlesDir, validate: () => ({ ok: true as const }) };
    const base = (await syncRevision(database, collection, 'existing'))!.number;
    const mine = await saveArticle(database, store, second, { slug: 'existing', baseRevision: base, form: form({ title: 'Existing article', body: 'Mara’s text.' }), message: 'Mara' });
    expect(mine.ok).toBe(true);
    const theirs = await saveArticle(database, store, admin, { slug: 'existing', baseRevision: base, form: form({ title: 'Existing article', body: 'Sophie’s text.' }), message: 'Sophie' });
    expect(theirs.ok).toBe(false);
    if (theirs.ok) return;
    expect(theirs.conflict.number).toBe(base + 1);
    expect(theirs.conflict.source).toContain('Mara’s text.');
    expect(fs.readFileSync(path.join(store.articlesDir, 'existing.md'), 'utf8')).toContain('Mara’s text.');
    // Sophie merges and saves on top of the revision she has now seen.
    const merged = await saveArticle(database, store, admin, { slug: 'existing', baseRevision: theirs.conflict.number, form: form({ title: 'Existing article', body: 'Mara’s text.\n\nSophie’s text.' }), message: 'merged' });
    expect(merged.ok && merged.revision.number).toBe(base + 2);
    expect((await listRevisions(database, 'articles', 'existing')).map((r) => r.message)).toEqual(['merged', 'Mara', '']);
  });

  it('lets only one of two simultaneous saves on the same revision through', async () => {
    const collection = { name: 'articles', dir: store.articlesDir, validate: () => ({ ok: true as const }) };
    const base = (await syncRevision(database, collection, 'existing'))!.number;
    const results = await Promise.all(
      ['A', 'B', 'C'].map((who) => saveArticle(database, store, second, { slug: 'existing', baseRevision: base, form: form({ title: 'Existing article', body: `Text ${who}` }), message: who })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toHaveLength(2);
    const winner = (await listRevisions(database, 'articles', 'existing'))[0];
    expect(fs.readFileSync(path.join(store.articlesDir, 'existing.md'), 'utf8')).toBe(winner.source);
  });

  it('restores an old revision as a new one and diffs any two', async () => {
    const collection = { name: 'articles', dir: store.articlesDir, validate: () => ({ ok: true as const }) };
    const base = (await syncRevision(database, collection, 'existing'))!.number;
    const edited = await saveArticle(database, store, second, { slug: 'existing', baseRevision: base, form: form({ title: 'Existing article', body: 'Original body.\n\nA wrong addition.' }), message: 'oops' });
    expect(edited.ok).toBe(true);
    const diff = diffTexts((await listRevisions(database, 'articles', 'existing'))[1].source, (await listRevisions(database, 'articles', 'existing'))[0].source);
    expect(diff.filter((part) => part.type === 'added').flatMap((part) => part.lines)).toContain('A wrong addition.');
    const restored = await restoreArticleRevision(database, store, second, { slug: 'existing', number: base, baseRevision: base + 1 });
    expect(restored.ok && restored.revision).toMatchObject({ number: base + 2, restoredFrom: base, kind: 'saved' });
    expect(store.get('existing')!.body).not.toContain('A wrong addition.');
    expect((await listRevisions(database, 'articles', 'existing'))).toHaveLength(3);
    // Restoring with a stale base is a conflict like any save.
    const stale = await restoreArticleRevision(database, store, second, { slug: 'existing', number: base + 1, baseRevision: base });
    expect(stale.ok).toBe(false);
  });

  it('keeps a specialist’s change to a validated article as a proposal until second level applies it', async () => {
    const collection = { name: 'articles', dir: store.articlesDir, validate: () => ({ ok: true as const }) };
    const base = (await syncRevision(database, collection, 'existing'))!.number;
    const before = fs.readFileSync(path.join(store.articlesDir, 'existing.md'), 'utf8');
    const proposal = await saveArticle(database, store, third, { slug: 'existing', baseRevision: base, form: form({ title: 'Existing article', status: 'validated', body: 'Better steps.' }), message: 'specialist' });
    expect(proposal.ok && proposal.mode).toBe('proposed');
    expect(fs.readFileSync(path.join(store.articlesDir, 'existing.md'), 'utf8')).toBe(before);
    expect((await currentRevision(database, 'articles', 'existing'))!.number).toBe(base);
    const applied = await restoreArticleRevision(database, store, second, { slug: 'existing', number: base + 1, baseRevision: base });
    expect(applied.ok && applied.mode).toBe('saved');
    expect(store.get('existing')!.body).toContain('Better steps.');
  });

  it('refuses invalid fields at the field, with nothing written', async () => {
    await expect(saveArticle(database, store, second, { slug: null, baseRevision: 0, form: form({ title: '' }), message: '' })).rejects.toMatchObject({ field: 'title' });
    await expect(saveArticle(database, store, second, { slug: null, baseRevision: 0, form: form({ category: 'Not A Key' }), message: '' })).rejects.toMatchObject({ field: 'category' });
    await expect(saveArticle(database, store, second, { slug: null, baseRevision: 0, form: form({ replacedBy: 'nowhere' }), message: '' })).rejects.toMatchObject({ field: 'replacedBy' });
    // Specialists' internal advice from a ticket blocks validation until it is edited out.
    const internal = `Steps.\n\n${internalBlock(['Known DATEV limit.'], 'en', 'from the advice')}`;
    await expectEditorError(saveArticle(database, store, second, { slug: null, baseRevision: 0, form: form({ status: 'validated', body: internal }), message: '' }), 'editor.error.internalBlock');
    await expect(saveArticle(database, store, second, { slug: null, baseRevision: 0, form: form({ status: 'validated', body: internal }), message: '' })).rejects.toMatchObject({ field: 'body' });
    await expect(saveContent(database, { name: 'articles', dir: store.articlesDir, validate: () => ({ ok: false, problems: [{ field: 'x', reason: 'y' }] }) }, { slug: 'z', baseRevision: 0, source: 'x', authorId: second.id, message: '', kind: 'saved', create: true })).rejects.toMatchObject({ code: 'invalid' });
    expect(fs.readdirSync(store.articlesDir).sort()).toEqual(['existing.md', 'old-way.md']);
  });
});

describe('flags', () => {
  it('are resolved as revised by a revision that says so (second level and admins only)', async () => {
    await flagArticle(database, { articleSlug: 'existing', reason: 'outdated', comment: 'Step 3 moved', userId: first.id });
    const collection = { name: 'articles', dir: store.articlesDir, validate: () => ({ ok: true as const }) };
    const base = (await syncRevision(database, collection, 'existing'))!.number;
    await expectEditorError(saveArticle(database, store, third, { slug: 'existing', baseRevision: base, form: form({ title: 'Existing article', status: 'validated' }), message: 'x', resolveFlags: true }), 'editor.error.resolveRole');
    const saved = await saveArticle(database, store, second, { slug: 'existing', baseRevision: base, form: form({ title: 'Existing article', status: 'validated' }), message: 'Step 3 updated', resolveFlags: true });
    expect(saved.ok && saved.resolvedFlags).toBe(1);
    expect(await openFlags(database, 'existing')).toEqual([]);
    const row = db.prepare('SELECT resolution, resolution_note AS note FROM article_flags').get();
    expect(row).toEqual({ resolution: 'revised', note: 'Step 3 updated' });
  });
});

describe('search', () => {
  it('finds a validated article soon after saving, and loses an archived one as fast', async () => {
    const search = new SearchEngine(store);
    await search.ready();
    const created = await saveArticle(database, store, second, { slug: null, baseRevision: 0, form: form({ title: 'Zebrafish invoices', status: 'draft' }), message: '' });
    if (!created.ok) throw new Error('not saved');
    const findable = async (): Promise<boolean> => {
      await search.ready();
      return search.search('zebrafish', 'en').some((hit) => hit.slug === created.slug);
    };
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await findable()).toBe(false);
    const started = performance.now();
    const validated = await setArticleStatus(database, store, second, { slug: created.slug, baseRevision: created.revision.number, status: 'validated' });
    if (!validated.ok) throw new Error('not validated');
    while (!(await findable())) {
      if (performance.now() - started > 2000) throw new Error('not findable within 2 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const archivedAt = performance.now();
    const archived = await setArticleStatus(database, store, second, { slug: created.slug, baseRevision: validated.revision.number, status: 'archived', replacedBy: 'existing' });
    expect(archived.ok).toBe(true);
    while (await findable()) {
      if (performance.now() - archivedAt > 2000) throw new Error('still findable 2 s after archiving');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(store.get(created.slug)).toMatchObject({ status: 'archived', replacedBy: 'existing' });
  });
});

describe('notifications to the authors', () => {
  it('tells the author when someone else validates or flags their article, never themself', async () => {
    const created = await saveArticle(database, store, third, { slug: null, baseRevision: 0, form: form({ title: 'Notified article', status: 'not_validated' }), message: '' }, NOW);
    if (!created.ok) throw new Error('save failed');
    const unread = async (userId: number) => (await listNotifications(database, userId)).map((n) => [n.kind, n.articleSlug, n.actorName]);
    expect(await unread(third.id)).toEqual([]);
    await setArticleStatus(database, store, second, { slug: created.slug, baseRevision: created.revision.number, status: 'validated' }, NOW + 1);
    expect(await unread(third.id)).toEqual([['article_validated', created.slug, 'Mara Second']]);
    await flagArticle(database, { articleSlug: created.slug, reason: 'wrong', comment: 'Step two is outdated.', userId: first.id }, NOW + 2);
    expect((await unread(third.id))[0]).toEqual(['article_flagged', created.slug, 'Lena First']);
    // Second level saved the validating revision: they are an author now, and are told of the flag too, but never of their own doing.
    expect(await unread(second.id)).toEqual([['article_flagged', created.slug, 'Lena First']]);
    await flagArticle(database, { articleSlug: created.slug, reason: 'unclear', comment: 'Mine.', userId: second.id }, NOW + 3);
    expect(await unread(second.id)).toHaveLength(1);
  });
});

/**
 * Editing training pages through the revision store: form ↔ file round trip with training's
 * own fields and the self-check as YAML, field-level refusals, new-page slugs, revisions and
 * conflicts, restore, a page deleted in git (save refused, shown as deleted, created again on
 * purpose), and the role check (only second level and admins).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TrainingStore } from '../../../src/lib/server/training/training.ts';
import {
  buildTrainingSource,
  checkNewTrainingSlug,
  restoreTrainingRevision,
  saveTrainingPage,
  TRAINING,
  trainingErrorField,
  trainingFormFromSource,
  TrainingEditorError,
  TRAINING_EDITOR_ROLES,
  type TrainingForm,
} from '../../../src/lib/server/training/training-editor.ts';
import { ARTICLE_EDITOR_ROLES } from '../../../src/lib/server/knowledge/article-editor.ts';
import { deletedTrainingPage } from '../../../src/lib/server/training/deleted-training-page.ts';
import { currentRevision, listRevisions } from '../../../src/lib/server/platform/content-revisions.ts';
import { makeTempDir, removeDir, writeFile } from '../helpers.ts';
import { NOW } from '../desk/fixture.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import type { Role } from '../../../src/lib/server/accounts/roles.ts';

const SELF_CHECK = `- question: Who writes to the customer?
  options:
    - text: Third level
    - text: Second level
      correct: true
  explanation: Specialists advise second level.
`;

function form(overrides: Partial<TrainingForm> = {}): TrainingForm {
  return {
    title: 'Handing over tickets',
    summary: 'When and how to hand a ticket over.',
    module: 'support-process',
    order: '4',
    minutes: '8',
    lang: 'en',
    translationKey: 'handover',
    tags: 'handover, escalation',
    selfCheck: SELF_CHECK,
    body: '## Why\n\nBecause the next level must not ask again.',
    ...overrides,
  };
}

function caught(fn: () => unknown): TrainingEditorError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TrainingEditorError) return error;
    throw error;
  }
  throw new Error('no error thrown');
}

describe('form ↔ file', () => {
  it('builds a file the store loads, and reads the same form back', () => {
    const source = buildTrainingSource(form(), 'support-process/handover');
    const back = trainingFormFromSource('support-process/handover', source);
    expect(back).toEqual({ ...form(), body: `${form().body}\n`, selfCheck: expect.stringContaining('correct: true') });
    expect(back!.selfCheck).toContain('explanation: Specialists advise second level.');
    // Round trip is stable.
    expect(buildTrainingSource(back!, 'support-process/handover')).toBe(source);
  });

  it('omits the translation key when it is the slug’s own, and an empty self-check', () => {
    const source = buildTrainingSource(form({ translationKey: 'support-process-handover', selfCheck: '  ' }), 'support-process/handover');
    expect(source).not.toContain('translationKey');
    expect(source).not.toContain('selfCheck');
  });

  it('refuses each wrong field by name, the self-check with the question and the reason', () => {
    expect(caught(() => buildTrainingSource(form({ title: ' ' }), 'a')).field).toBe('title');
    expect(caught(() => buildTrainingSource(form({ module: 'Not A Key' }), 'a')).field).toBe('module');
    expect(caught(() => buildTrainingSource(form({ order: '1.5' }), 'a')).field).toBe('order');
    expect(caught(() => buildTrainingSource(form({ minutes: '0' }), 'a')).field).toBe('minutes');
    expect(caught(() => buildTrainingSource(form({ lang: 'fr' }), 'a')).field).toBe('lang');
    expect(caught(() => buildTrainingSource(form({ body: '' }), 'a')).field).toBe('body');
    const yamlError = caught(() => buildTrainingSource(form({ selfCheck: '- question: [unclosed' }), 'a'));
    expect(yamlError).toMatchObject({ field: 'selfCheck', key: 'trainingEditor.error.selfCheckYaml' });
    const noRight = caught(() => buildTrainingSource(form({ selfCheck: SELF_CHECK.replace('      correct: true\n', '') }), 'a'));
    expect(noRight).toMatchObject({ field: 'selfCheck', key: 'trainingEditor.error.selfCheck', values: { number: 1, reason: expect.stringContaining('correct: true') } });
    expect(caught(() => buildTrainingSource(form({ selfCheck: 'question: not a list' }), 'a')).key).toBe('trainingEditor.error.selfCheckList');
    expect(trainingErrorField(form({ minutes: 'x' }), 'a', '')).toBe('minutes');
    expect(trainingErrorField(form(), null, 'a/b/c')).toBe('slug');
    expect(trainingErrorField(form(), null, 'basics/new', (slug) => slug === 'basics/new')).toBe('slug');
  });

  it('checks new slugs: module/page-name, no paths out, no reserved words', () => {
    expect(checkNewTrainingSlug(' support-process/handover ')).toBe('support-process/handover');
    expect(checkNewTrainingSlug('handover')).toBe('handover');
    for (const bad of ['../articles/x', '/etc/passwd', 'a\\b', 'A/B', 'a/b/c', 'a//b', 'edit/x', 'history/y', 'progress', 'new']) {
      expect(() => checkNewTrainingSlug(bad), bad).toThrow(TrainingEditorError);
    }
  });
});

describe.each(ENGINES)('saving through the revision store on %s', (engine) => {
  const env = useDatabase(engine);
  let contentDir: string;
  let store: TrainingStore;
  let second: { id: number; role: 'second_level' };
  let admin: { id: number; role: 'admin' };
  let users = 0;
  /** A staff account written straight into the suite's database. */
  const addStaff = async (name: string, role: Role): Promise<number> =>
    (
      await env.current.database.kysely
        .insertInto('users')
        .values({ email: `staff${++users}@example.com`, name, role, password_hash: 'x', created_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  beforeAll(async () => {
    second = { id: await addStaff('Mara Second', 'second_level'), role: 'second_level' };
    admin = { id: await addStaff('Sophie Admin', 'admin'), role: 'admin' };
  });

  beforeEach(async () => {
    // Each test starts with no training revisions and its own content folder.
    await env.current.database.kysely.deleteFrom('content_revisions').where('collection', '=', TRAINING).execute();
    contentDir = makeTempDir();
    writeFile(contentDir, 'training/support-process/levels.md', buildTrainingSource(form({ title: 'Levels', translationKey: 'levels' }), 'support-process/levels'));
    store = new TrainingStore(contentDir, () => {});
    await store.load();
  });

  afterEach(() => {
    store.close();
    removeDir(contentDir);
  });

  const file = (slug: string): string => fs.readFileSync(path.join(contentDir, 'training', `${slug}.md`), 'utf8');

  it('creates a page: file written, first revision recorded, the store has it at once', async () => {
    const result = await saveTrainingPage(env.current.database, store, second, { slug: null, newSlug: 'support-process/handover', baseRevision: 0, form: form(), message: 'New page' }, NOW);
    expect(result).toMatchObject({ ok: true, slug: 'support-process/handover', revision: { number: 1, kind: 'saved', authorId: second.id, message: 'New page' } });
    expect(store.get('support-process/handover')?.title).toBe('Handing over tickets');
    expect(file('support-process/handover')).toContain('title: Handing over tickets');
    await expect(saveTrainingPage(env.current.database, store, second, { slug: null, newSlug: 'support-process/handover', baseRevision: 0, form: form(), message: '' })).rejects.toMatchObject({
      field: 'slug',
      key: 'trainingEditor.error.slugTaken',
    });
  });

  it('edits with the revision it started from; a stale save is a conflict and writes nothing', async () => {
    // The hand-written file gets revision 1 ('external') when the editor first touches it.
    const first = await saveTrainingPage(env.current.database, store, second, { slug: 'support-process/levels', baseRevision: 0, form: form({ title: 'Levels' }), message: '' }, NOW);
    expect(first.ok).toBe(false);
    const base = (await currentRevision(env.current.database, TRAINING, 'support-process/levels'))!;
    expect(base).toMatchObject({ number: 1, kind: 'external' });

    const mine = await saveTrainingPage(env.current.database, store, second, { slug: 'support-process/levels', baseRevision: 1, form: form({ title: 'Levels, revised' }), message: 'Clearer title' }, NOW + 1);
    expect(mine).toMatchObject({ ok: true, revision: { number: 2 } });
    expect(store.get('support-process/levels')?.title).toBe('Levels, revised');

    const stale = await saveTrainingPage(env.current.database, store, admin, { slug: 'support-process/levels', baseRevision: 1, form: form({ title: 'Admin was here' }), message: '' }, NOW + 2);
    expect(stale).toMatchObject({ ok: false, conflict: { number: 2, authorId: second.id } });
    expect(file('support-process/levels')).toContain('Levels, revised');
    expect((await listRevisions(env.current.database, TRAINING, 'support-process/levels')).map((revision) => revision.number)).toEqual([2, 1]);
  });

  it('a page deleted in git: the open editor\'s save is refused, the page shows as deleted, saving it as new creates it again', async () => {
    const mine = await saveTrainingPage(env.current.database, store, second, { slug: null, newSlug: 'support-process/gone', baseRevision: 0, form: form({ title: 'Gone soon' }), message: '' }, NOW);
    expect(mine.ok).toBe(true);
    fs.rmSync(path.join(contentDir, 'training', 'support-process/gone.md')); // git rm + deploy, not yet noticed by the store
    expect(store.get('support-process/gone')).not.toBeNull();
    await expect(
      saveTrainingPage(env.current.database, store, admin, { slug: 'support-process/gone', baseRevision: 1, form: form({ title: 'My edit' }), message: '' }, NOW + 1),
    ).rejects.toMatchObject({ key: 'trainingEditor.error.deleted' });
    // The refusal told the store at once: the page the editor shows next is the deleted one.
    expect(store.get('support-process/gone')).toBeNull();
    const deleted = await deletedTrainingPage(env.current.database, store, 'support-process/gone', NOW + 2);
    expect(deleted).toMatchObject({ page: { title: 'Gone soon' }, deletedRevision: 2, deletedAt: NOW + 1 });
    expect(await deletedTrainingPage(env.current.database, store, 'support-process/never', NOW + 2)).toBeNull();
    const again = await saveTrainingPage(env.current.database, store, admin, { slug: null, newSlug: 'support-process/gone', baseRevision: 0, form: form({ title: 'My edit' }), message: '' }, NOW + 3);
    expect(again).toMatchObject({ ok: true, revision: { number: 3, kind: 'saved' } });
    expect(store.get('support-process/gone')?.title).toBe('My edit');
    expect((await listRevisions(env.current.database, TRAINING, 'support-process/gone')).map((revision) => revision.kind)).toEqual(['saved', 'deleted', 'saved']);
  });

  it('restores an old revision as a new one', async () => {
    await saveTrainingPage(env.current.database, store, second, { slug: 'support-process/levels', baseRevision: 0, form: form({ title: 'x' }), message: '' }, NOW);
    await saveTrainingPage(env.current.database, store, second, { slug: 'support-process/levels', baseRevision: 1, form: form({ title: 'Changed' }), message: '' }, NOW + 1);
    const restored = await restoreTrainingRevision(env.current.database, store, admin, { slug: 'support-process/levels', number: 1, baseRevision: 2 }, NOW + 2);
    expect(restored).toMatchObject({ ok: true, revision: { number: 3, restoredFrom: 1, message: 'Restored revision 1' } });
    expect(store.get('support-process/levels')?.title).toBe('Levels');
  });

  it('refuses first level (trainees too) and third level; nothing written', async () => {
    const before = file('support-process/levels');
    for (const role of ['first_level', 'third_level'] as const) {
      const user = { id: await addStaff(`User ${role}`, role), role };
      await expect(saveTrainingPage(env.current.database, store, user, { slug: 'support-process/levels', baseRevision: 1, form: form({ title: 'Forged' }), message: '' })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(restoreTrainingRevision(env.current.database, store, user, { slug: 'support-process/levels', number: 1, baseRevision: 1 })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(saveTrainingPage(env.current.database, store, user, { slug: null, newSlug: 'forged', baseRevision: 0, form: form(), message: '' })).rejects.toMatchObject({ code: 'forbidden' });
    }
    expect(file('support-process/levels')).toBe(before);
    expect(fs.existsSync(path.join(contentDir, 'training', 'forged.md'))).toBe(false);
    expect((await listRevisions(env.current.database, TRAINING, 'support-process/levels'))).toEqual([]);
  });
});

describe('the preview', () => {
  it('is the articles.preview action (ARTICLE_EDITOR_ROLES): every role that edits training pages may use it', () => {
    for (const role of TRAINING_EDITOR_ROLES) expect(ARTICLE_EDITOR_ROLES).toContain(role);
  });
});

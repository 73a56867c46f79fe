/**
 * Training pages: the front-matter schema, the store (bad files skipped, modules, curriculum
 * order, language fallback, live reload), what a page may show before grading, progress and
 * self-check grading, "continue where I left off", the overview's definition of stuck, the
 * staff-only search source, and the demo curriculum itself (every link resolves). The
 * progress reads also on PostgreSQL (issue 17).
 */
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseTrainingFrontmatter } from '../../../src/lib/server/training/training-schema.ts';
import { parseTrainingFile, publicQuestions, TrainingStore, TRAINING_DOC_PREFIX, type TrainingPage } from '../../../src/lib/server/training/training.ts';
import {
  answersFromForm,
  continuePage,
  gradeSelfCheck,
  isPageDone,
  markPageRead,
  pageStatus,
  parseAnswers,
  progressOf,
  SelfCheckIncompleteError,
  STUCK_FAILED_ATTEMPTS,
  STUCK_IDLE_DAYS,
  submitSelfCheck,
  trainingOverview,
  loadProgress,
} from '../../../src/lib/server/training/training-progress.ts';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine } from '../../../src/lib/server/search/search.ts';
import { seedDemoTraining } from '../../../src/lib/server/demo/demo-training.ts';
import { getUserById, listUsers } from '../../../src/lib/server/accounts/users.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { makeTempDir, removeDir, waitFor, writeArticle, writeFile } from '../helpers.ts';
import { addUser, DAY, NOW } from '../desk/fixture.ts';
import { ENGINES, useDatabase } from '../engines.ts';

const CHECK = `selfCheck:
  - question: "Which level answers known questions?"
    options:
      - text: "First level"
        correct: true
      - text: "Third level"
    explanation: "Known questions are first-level work."
  - question: "What belongs in an escalation reason?"
    options:
      - text: "What you checked"
        correct: true
      - text: "Which articles you searched"
        correct: true
      - text: "Nothing"
    explanation: "The next level continues without asking again."
`;

function trainingSource(fields: { title: string; module?: string; order?: number; lang?: 'de' | 'en'; key?: string; check?: boolean; body?: string }): string {
  return [
    '---',
    `title: ${JSON.stringify(fields.title)}`,
    `summary: "About ${fields.title}."`,
    `module: ${fields.module ?? 'basics'}`,
    `order: ${fields.order ?? 1}`,
    'minutes: 5',
    `lang: ${fields.lang ?? 'en'}`,
    ...(fields.key ? [`translationKey: ${fields.key}`] : []),
    ...(fields.check ? [CHECK.trimEnd()] : []),
    '---',
    '',
    fields.body ?? `Text of ${fields.title}.`,
    '',
  ].join('\n');
}

describe('training front matter', () => {
  const valid = { title: 'Levels', summary: 'The levels.', module: 'basics', order: 1, minutes: 10, lang: 'en' };

  it('accepts the required fields and defaults tags and the self-check to empty', () => {
    const result = parseTrainingFrontmatter(valid);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.data).toMatchObject({ tags: [], selfCheck: [] });
  });

  it('reports missing and unknown fields by name', () => {
    const result = parseTrainingFrontmatter({ ...valid, minutes: undefined, modul: 'x' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((issue) => issue.field)).toEqual(expect.arrayContaining(['minutes', 'modul']));
    }
  });

  it('refuses a wrong language, a non-kebab module and a fractional order', () => {
    for (const bad of [{ lang: 'fr' }, { module: 'Basics Module' }, { order: 1.5 }, { minutes: 0 }]) {
      expect(parseTrainingFrontmatter({ ...valid, ...bad }).ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('needs at least one right and one wrong option, two options and an explanation per question', () => {
    const question = { question: 'Q?', options: [{ text: 'a', correct: true }, { text: 'b' }], explanation: 'Because.' };
    expect(parseTrainingFrontmatter({ ...valid, selfCheck: [question] }).ok).toBe(true);
    const noneRight = parseTrainingFrontmatter({ ...valid, selfCheck: [{ ...question, options: [{ text: 'a' }, { text: 'b' }] }] });
    expect(noneRight.ok).toBe(false);
    if (!noneRight.ok) expect(noneRight.issues[0]).toMatchObject({ field: 'selfCheck.0.options', reason: expect.stringContaining('correct: true') });
    expect(parseTrainingFrontmatter({ ...valid, selfCheck: [{ ...question, options: [{ text: 'a', correct: true }, { text: 'b', correct: true }] }] }).ok).toBe(false);
    expect(parseTrainingFrontmatter({ ...valid, selfCheck: [{ ...question, options: [{ text: 'a', correct: true }] }] }).ok).toBe(false);
    expect(parseTrainingFrontmatter({ ...valid, selfCheck: [{ ...question, explanation: undefined }] }).ok).toBe(false);
    expect(parseTrainingFrontmatter({ ...valid, selfCheck: [{ ...question, answer: 0 }] }).ok).toBe(false);
  });

  it('parses a file, deriving the translation key from the slug, and refuses reserved slugs', () => {
    const parsed = parseTrainingFile('basics/levels', trainingSource({ title: 'Levels', check: true }));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.page.translationKey).toBe('basics-levels');
      expect(parsed.page.selfCheck).toHaveLength(2);
      expect(parsed.page.text).toContain('Text of Levels');
    }
    expect(parseTrainingFile('progress', trainingSource({ title: 'Clash' })).ok).toBe(false);
    expect(parseTrainingFile('bad', '---\ntitle: [unclosed\n---\n').ok).toBe(false);
  });
});

describe('what a page shows before grading', () => {
  it('carries the questions and options, but neither the right answers nor the explanations', () => {
    const parsed = parseTrainingFile('basics/levels', trainingSource({ title: 'Levels', check: true }));
    if (!parsed.ok) throw new Error('fixture invalid');
    const shown = publicQuestions(parsed.page.selfCheck);
    expect(shown).toEqual([
      { question: 'Which level answers known questions?', options: ['First level', 'Third level'], multiple: false },
      { question: 'What belongs in an escalation reason?', options: ['What you checked', 'Which articles you searched', 'Nothing'], multiple: true },
    ]);
    const json = JSON.stringify(shown);
    expect(json).not.toContain('correct');
    expect(json).not.toContain('Known questions are first-level work');
  });
});

describe('TrainingStore', () => {
  let contentDir: string;
  let store: TrainingStore;
  const logged: string[] = [];

  beforeEach(async () => {
    contentDir = makeTempDir();
    logged.length = 0;
    writeFile(contentDir, 'training/modules.yml', [
      'product:',
      '  label: { en: "The product", de: "Das Produkt" }',
      '  order: 2',
      'basics:',
      '  label: { en: "Basics", de: "Grundlagen" }',
      '  order: 1',
      '',
    ].join('\n'));
    writeFile(contentDir, 'training/basics/levels.md', trainingSource({ title: 'Levels', order: 1, key: 'levels', check: true }));
    writeFile(contentDir, 'training/basics/stufen.md', trainingSource({ title: 'Stufen', order: 1, lang: 'de', key: 'levels', check: true }));
    writeFile(contentDir, 'training/basics/writing.md', trainingSource({ title: 'Writing', order: 2 }));
    writeFile(contentDir, 'training/product/areas.md', trainingSource({ title: 'Areas', module: 'product', order: 1 }));
    writeFile(contentDir, 'training/basics/broken.md', '---\ntitle: "Broken"\nmodule: basics\n---\nNo order.');
    store = new TrainingStore(contentDir, (message) => logged.push(message));
    await store.load();
  });

  afterEach(() => {
    store.close();
    removeDir(contentDir);
  });

  it('loads the valid pages and logs and skips a bad file by name and field', () => {
    expect(store.all().map((page) => page.slug).sort()).toEqual(['basics/levels', 'basics/stufen', 'basics/writing', 'product/areas']);
    expect(store.problems()).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'training/basics/broken.md', field: 'order' })]));
    expect(logged.some((line) => line.includes('training/basics/broken.md') && line.includes('skipped'))).toBe(true);
  });

  it('gives the curriculum in module order, pages in order, one entry per translation in the reader’s language', () => {
    const en = store.curriculum('en');
    expect(en.map((module) => module.module.label.en)).toEqual(['Basics', 'The product']);
    expect(en[0].pages.map((entry) => entry.page.slug)).toEqual(['basics/levels', 'basics/writing']);
    const de = store.curriculum('de');
    expect(de[0].module.label.de).toBe('Grundlagen');
    // German version where there is one, else the English page.
    expect(de[0].pages.map((entry) => entry.page.slug)).toEqual(['basics/stufen', 'basics/writing']);
    expect(de[0].pages[0].versions).toHaveLength(2);
  });

  it('renders through the Markdown pipeline (sanitised)', async () => {
    writeFile(contentDir, 'training/basics/writing.md', trainingSource({ title: 'Writing', body: '## Tone\n\n<script>alert(1)</script>Be kind.' }));
    await store.rescan();
    const rendered = await store.render(store.get('basics/writing')!);
    const html = rendered.ok ? rendered.html : '';
    expect(html).toContain('<h2 id="user-content-tone">Tone</h2>');
    expect(html).not.toContain('<script');
  });

  it('follows changes on disk: new, changed and deleted files', async () => {
    store.watch();
    let changes = 0;
    store.onChange(() => changes++);
    writeFile(contentDir, 'training/product/new-page.md', trainingSource({ title: 'New page', module: 'product', order: 2 }));
    await waitFor('new page', () => store.get('product/new-page'));
    writeFile(contentDir, 'training/product/new-page.md', trainingSource({ title: 'Renamed page', module: 'product', order: 2 }));
    await waitFor('changed title', () => store.get('product/new-page')?.title === 'Renamed page');
    (await import('node:fs')).rmSync(path.join(contentDir, 'training/product/new-page.md'));
    await waitFor('deleted page', () => store.get('product/new-page') === null);
    expect(changes).toBeGreaterThanOrEqual(3);
  });

  it('keeps the same page object when nothing changed (the search analysis cache keys on it)', async () => {
    const before = store.get('basics/levels');
    writeFile(contentDir, 'training/product/areas.md', trainingSource({ title: 'Areas 2', module: 'product', order: 1 }));
    await store.rescan();
    expect(store.get('basics/levels')).toBe(before);
    expect(store.get('product/areas')?.title).toBe('Areas 2');
  });
});

describe.each(ENGINES)('progress and self-checks on %s', (engine) => {
  const env = useDatabase(engine);
  let database: Database;
  let contentDir: string;
  let store: TrainingStore;
  let trainee: number;
  let levels: TrainingPage;
  const right = ['0:0', '1:0', '1:1'];

  let accounts = 0;
  /** A first-level agent written straight into the suite's database, created at NOW. */
  const addAgent = async (name: string, isTrainee: boolean): Promise<number> =>
    (
      await database.kysely
        .insertInto('users')
        .values({ email: `agent${++accounts}@example.com`, name, role: 'first_level', trainee: isTrainee ? 1 : 0, password_hash: 'x', created_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  beforeEach(async () => {
    // The suite's database is shared by its tests: each starts without agents or progress.
    database = env.current.database;
    await database.kysely.deleteFrom('training_attempts').execute();
    await database.kysely.deleteFrom('training_reads').execute();
    await database.kysely.deleteFrom('users').execute();
    trainee = await addAgent('Tina Trainee', true);
    contentDir = makeTempDir();
    writeFile(contentDir, 'training/basics/levels.md', trainingSource({ title: 'Levels', order: 1, key: 'levels', check: true }));
    writeFile(contentDir, 'training/basics/stufen.md', trainingSource({ title: 'Stufen', order: 1, lang: 'de', key: 'levels', check: true }));
    writeFile(contentDir, 'training/basics/writing.md', trainingSource({ title: 'Writing', order: 2, key: 'writing' }));
    writeFile(contentDir, 'training/basics/search.md', trainingSource({ title: 'Search', order: 3, key: 'search', check: true }));
    store = new TrainingStore(contentDir, () => {});
    await store.load();
    levels = store.get('basics/levels')!;
  });

  afterEach(() => {
    removeDir(contentDir);
  });

  it('parses answers as question:option and ignores anything out of range', async () => {
    const answers = parseAnswers(['0:1', '1:0', '1:2', '7:0', '0:9', 'x', '1:0'], levels.selfCheck);
    expect([...answers.entries()].map(([q, set]) => [q, [...set].sort()])).toEqual([
      [0, [1]],
      [1, [0, 2]],
    ]);
  });

  it('reads the form: one field per question (q0, q1 …), option numbers as values, other fields ignored', async () => {
    expect(answersFromForm([['slug', 'basics/levels'], ['q0', '1'], ['q1', '0'], ['q1', '2'], ['answer', '0:0'], ['q1', new Blob()]])).toEqual(['0:1', '1:0', '1:2']);
  });

  it('grades: right only with exactly the right options; reports wrong and unanswered questions', async () => {
    expect(gradeSelfCheck(levels.selfCheck, parseAnswers(right, levels.selfCheck))).toEqual({ passed: true, wrong: [], unanswered: [] });
    // One of two right options is not enough; a wrong extra option is wrong.
    expect(gradeSelfCheck(levels.selfCheck, parseAnswers(['0:0', '1:0'], levels.selfCheck))).toEqual({ passed: false, wrong: [1], unanswered: [] });
    expect(gradeSelfCheck(levels.selfCheck, parseAnswers(['0:0', '0:1', '1:0', '1:1'], levels.selfCheck))).toEqual({ passed: false, wrong: [0], unanswered: [] });
    expect(gradeSelfCheck(levels.selfCheck, parseAnswers(['1:2'], levels.selfCheck))).toEqual({ passed: false, wrong: [1], unanswered: [0] });
  });

  it('records attempts against the translation key; an incomplete self-check records nothing', async () => {
    await expect(submitSelfCheck(database, trainee, levels, ['0:0'], NOW)).rejects.toThrow(SelfCheckIncompleteError);
    expect((await progressOf(database, trainee)).size).toBe(0);

    expect((await submitSelfCheck(database, trainee, levels, ['0:1', '1:0', '1:1'], NOW)).passed).toBe(false);
    // The German version of the same page counts for the same progress.
    expect((await submitSelfCheck(database, trainee, store.get('basics/stufen')!, right, NOW + 1000)).passed).toBe(true);
    const record = (await progressOf(database, trainee)).get('levels')!;
    expect(record).toMatchObject({ attempts: 2, failures: 1, passedAt: NOW + 1000, attemptsToPass: 2, firstReadAt: NOW });
    // Another attempt after passing counts as an attempt, not against the pass.
    await submitSelfCheck(database, trainee, levels, ['0:1', '1:0', '1:1'], NOW + 2000);
    expect((await progressOf(database, trainee)).get('levels')).toMatchObject({ attempts: 3, failures: 2, passedAt: NOW + 1000, attemptsToPass: 2 });
    const wrongs = await database.kysely.selectFrom('training_attempts').select('wrong').where('user_id', '=', trainee).orderBy('answered_at').execute();
    expect(wrongs.map((row) => JSON.parse(row.wrong))).toEqual([[0], [], [0]]);
  });

  it('knows each page’s status: not started, read, self-check passed; a page without self-check is done when read', async () => {
    const writing = store.get('basics/writing')!;
    expect(pageStatus(levels, undefined)).toBe('not_started');
    await markPageRead(database, trainee, 'levels', NOW);
    await markPageRead(database, trainee, 'writing', NOW);
    let progress = await progressOf(database, trainee);
    expect(pageStatus(levels, progress.get('levels'))).toBe('read');
    expect(isPageDone(levels, progress.get('levels'))).toBe(false);
    expect(pageStatus(writing, progress.get('writing'))).toBe('read');
    expect(isPageDone(writing, progress.get('writing'))).toBe(true);
    await submitSelfCheck(database, trainee, levels, right, NOW + 1);
    progress = await progressOf(database, trainee);
    expect(pageStatus(levels, progress.get('levels'))).toBe('passed');
  });

  it('marks a page read once and keeps the latest visit', async () => {
    await markPageRead(database, trainee, 'writing', NOW);
    await markPageRead(database, trainee, 'writing', NOW + DAY);
    await markPageRead(database, trainee, 'writing', NOW + 10);
    expect((await progressOf(database, trainee)).get('writing')).toMatchObject({ firstReadAt: NOW, lastReadAt: NOW + DAY });
  });

  it('continues with the page opened last while it is not done, else with the first page not done', async () => {
    const curriculum = store.curriculum('en');
    expect(continuePage(curriculum, (await progressOf(database, trainee)))?.key).toBe('levels');
    await markPageRead(database, trainee, 'search', NOW);
    expect(continuePage(curriculum, (await progressOf(database, trainee)))?.key).toBe('search');
    await submitSelfCheck(database, trainee, store.get('basics/search')!, right, NOW + 1);
    // "search" is done: back to the first page that is not.
    expect(continuePage(curriculum, (await progressOf(database, trainee)))?.key).toBe('levels');
    await submitSelfCheck(database, trainee, levels, right, NOW + 2);
    await markPageRead(database, trainee, 'writing', NOW + 3);
    expect(continuePage(curriculum, (await progressOf(database, trainee)))).toBeNull();
  });

  it('overview: counts per trainee, and flags who is stuck by the documented rules', async () => {
    const curriculum = store.curriculum('en');
    const idle = await addAgent('Ida Idle', true);
    const failing = await addAgent('Fritz Failing', true);
    await addAgent('Nora Normal', false);
    const now = NOW + 30 * DAY;

    // Tina finishes everything.
    await submitSelfCheck(database, trainee, levels, right, now - DAY);
    await markPageRead(database, trainee, 'writing', now - DAY);
    await submitSelfCheck(database, trainee, store.get('basics/search')!, right, now - DAY);
    // Ida read one page long ago.
    await markPageRead(database, idle, 'writing', now - (STUCK_IDLE_DAYS + 2) * DAY);
    // Fritz keeps failing the same self-check, recently.
    for (let i = 0; i < STUCK_FAILED_ATTEMPTS; i++) await submitSelfCheck(database, failing, levels, ['0:1', '1:2'], now - 3600_000 + i);

    const users = await listUsers(database, { role: 'first_level' });
    const overview = new Map((await trainingOverview(database, curriculum, users, now)).map((summary) => [summary.user.name, summary]));
    expect(overview.get('Tina Trainee')).toMatchObject({ read: 3, passed: 2, selfChecks: 2, done: 3, finished: true, stuck: [], attempts: 2, failures: 0 });
    expect(overview.get('Ida Idle')).toMatchObject({ read: 1, finished: false, stuck: [{ kind: 'idle', days: STUCK_IDLE_DAYS + 2 }] });
    expect(overview.get('Fritz Failing')).toMatchObject({ read: 1, passed: 0, attempts: STUCK_FAILED_ATTEMPTS, failures: STUCK_FAILED_ATTEMPTS, stuck: [{ kind: 'failing', pageKey: 'levels', failures: STUCK_FAILED_ATTEMPTS }] });
    // Not a trainee: never "stuck", however old the account.
    expect(overview.get('Nora Normal')).toMatchObject({ read: 0, stuck: [] });
    // One failure fewer, or passing in the end, is not stuck.
    await submitSelfCheck(database, failing, levels, right, now);
    const after = (await trainingOverview(database, curriculum, [(await getUserById(database, failing))!], now))[0];
    expect(after.stuck).toEqual([]);
    expect(after.pages.find((page) => page.entry.key === 'levels')?.progress).toMatchObject({ failures: STUCK_FAILED_ATTEMPTS, passedAt: now });
  });

  it('a trainee with no activity at all is stuck counted from the account’s creation', async () => {
    const summary = (await trainingOverview(database, store.curriculum('en'), [(await getUserById(database, trainee))!], NOW + (STUCK_IDLE_DAYS - 1) * DAY))[0];
    expect(summary.stuck).toEqual([]);
    const later = (await trainingOverview(database, store.curriculum('en'), [(await getUserById(database, trainee))!], NOW + STUCK_IDLE_DAYS * DAY))[0];
    expect(later.stuck).toEqual([{ kind: 'idle', days: STUCK_IDLE_DAYS }]);
  });
});

describe.each(ENGINES)('progress reads on %s', (engine) => {
  const env = useDatabase(engine);
  let contentDir: string;
  let store: TrainingStore;
  const ids: Record<'tina' | 'ida' | 'fritz' | 'other', number> = { tina: 0, ida: 0, fritz: 0, other: 0 };

  beforeAll(async () => {
    contentDir = makeTempDir();
    writeFile(contentDir, 'training/basics/levels.md', trainingSource({ title: 'Levels', order: 1, key: 'levels', check: true }));
    writeFile(contentDir, 'training/basics/writing.md', trainingSource({ title: 'Writing', order: 2, key: 'writing' }));
    store = new TrainingStore(contentDir, () => {});
    await store.load();
    const { kysely } = env.current.database;
    for (const name of Object.keys(ids) as (keyof typeof ids)[]) {
      const row = await kysely
        .insertInto('users')
        .values({ email: `${name}@example.com`, name, role: 'first_level', trainee: name === 'other' ? 0 : 1, password_hash: 'x', created_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[name] = row.id;
    }
    // Rows as markPageRead and submitSelfCheck write them, written directly to set the times exactly.
    const read = (user: number, key: string, first: number, last = first) => ({ user_id: user, page_key: key, first_read_at: first, last_read_at: last });
    await kysely.insertInto('training_reads').values([read(ids.tina, 'levels', NOW, NOW + DAY), read(ids.tina, 'writing', NOW + 2 * DAY), read(ids.ida, 'writing', NOW), read(ids.fritz, 'levels', NOW + 20 * DAY)]).execute();
    const attempt = (user: number, passed: boolean, at: number) => ({ user_id: user, page_key: 'levels', slug: 'basics/levels', passed: passed ? 1 : 0, question_count: 2, wrong: passed ? '[]' : '[0]', answered_at: at });
    await kysely
      .insertInto('training_attempts')
      .values([attempt(ids.tina, false, NOW + DAY), attempt(ids.tina, true, NOW + DAY + 1), attempt(ids.tina, false, NOW + DAY + 2), ...[1, 2, 3].map((i) => attempt(ids.fritz, false, NOW + 20 * DAY + i))])
      .execute();
  });
  afterAll(() => removeDir(contentDir));

  it('loads each agent’s progress by page, attempts in the order answered', async () => {
    expect((await progressOf(env.current.database, ids.tina)).get('levels')).toEqual({
      key: 'levels',
      firstReadAt: NOW,
      lastReadAt: NOW + DAY,
      attempts: 3,
      failures: 2,
      passedAt: NOW + DAY + 1,
      attemptsToPass: 2,
      lastAttemptAt: NOW + DAY + 2,
    });
    expect((await progressOf(env.current.database, ids.other)).size).toBe(0);
    const some = await loadProgress(env.current.database, [ids.ida, ids.fritz]);
    expect([...some.keys()].sort((a, b) => a - b)).toEqual([ids.ida, ids.fritz].sort((a, b) => a - b));
    expect((await loadProgress(env.current.database, [])).size).toBe(0);
    expect((await loadProgress(env.current.database)).get(ids.tina)?.get('writing')?.firstReadAt).toBe(NOW + 2 * DAY);
  });

  it('overview: finished, idle since the last activity, failing; non-trainees never stuck', async () => {
    const users = (await listUsers(env.current.database, { role: 'first_level' })).filter((user) => user.email.endsWith('@example.com'));
    const now = NOW + 21 * DAY;
    const overview = new Map((await trainingOverview(env.current.database, store.curriculum('en'), users, now)).map((summary) => [summary.user.name, summary]));
    expect(overview.get('tina')).toMatchObject({ finished: true, done: 2, passed: 1, stuck: [] });
    expect(overview.get('ida')?.stuck).toEqual([{ kind: 'idle', days: 21 }]);
    expect(overview.get('fritz')?.stuck).toEqual([{ kind: 'failing', pageKey: 'levels', failures: 3 }]);
    expect(overview.get('other')).toMatchObject({ read: 0, stuck: [] });
    expect(await trainingOverview(env.current.database, store.curriculum('en'), [], now)).toEqual([]);
  });
});

describe('search: training pages are staff-only', () => {
  let contentDir: string;
  let articles: ArticleStore;
  let training: TrainingStore;
  let engine: SearchEngine;

  beforeAll(async () => {
    contentDir = makeTempDir();
    writeArticle(contentDir, 'reset-password', { title: 'Reset your password', body: 'Choose Forgot password.' });
    writeFile(contentDir, 'training/basics/escalation.md', trainingSource({ title: 'Escalating with a Quokkareason', body: 'Write the Quokkareason for second level.' }));
    articles = new ArticleStore(contentDir, () => {});
    engine = new SearchEngine(articles);
    training = new TrainingStore(contentDir, () => {});
    await training.load();
    engine.addStaffSource(training);
    await articles.load();
    await engine.ready();
  });

  afterAll(() => {
    training.close();
    removeDir(contentDir);
  });

  it('staff search finds the training page, with the training prefix', () => {
    const found = engine.search('quokkareason', 'en', { scope: 'staff' }).map((hit) => hit.slug);
    expect(found).toEqual([`${TRAINING_DOC_PREFIX}basics/escalation`]);
  });

  it('public search and the shipped index never contain it', () => {
    expect(engine.search('quokkareason', 'en')).toEqual([]);
    expect(engine.search('Escalating', 'en', { scope: 'public' })).toEqual([]);
    for (const shipped of Object.values(engine.shippedIndex()!.langs)) {
      expect(shipped.json.toLowerCase()).not.toContain('quokka');
      expect(zlib.gunzipSync(shipped.gzipped).toString()).not.toContain('training:');
    }
    expect(engine.size('public')).toBe(1);
    expect(engine.size('staff')).toBe(2);
  });

  it('a new training page becomes findable by staff after the store changes', async () => {
    writeFile(contentDir, 'training/basics/new.md', trainingSource({ title: 'Wombatpolicy explained' }));
    await training.rescan();
    await waitFor('staff index rebuilt', () => engine.search('wombatpolicy', 'en', { scope: 'staff' }).length === 1);
    expect(engine.search('wombatpolicy', 'en')).toEqual([]);
  });
});

describe('the demo curriculum in content/training', () => {
  const contentDir = path.resolve('content');
  let training: TrainingStore;
  let articles: ArticleStore;

  beforeAll(async () => {
    training = new TrainingStore(contentDir, () => {});
    articles = new ArticleStore(contentDir, () => {});
    await Promise.all([training.load(), articles.load()]);
  });

  it('loads without problems: at least 8 pages in at least 3 modules, each in German and English', () => {
    expect(training.problems()).toEqual([]);
    for (const lang of ['de', 'en'] as const) {
      const curriculum = training.curriculum(lang);
      expect(curriculum.length).toBeGreaterThanOrEqual(3);
      const pages = curriculum.flatMap((module) => module.pages);
      expect(pages.length).toBeGreaterThanOrEqual(8);
      for (const entry of pages) {
        expect(entry.page.lang, entry.key).toBe(lang);
        expect(entry.versions.map((version) => version.lang).sort(), entry.key).toEqual(['de', 'en']);
      }
    }
  });

  it('gives most pages a self-check, the same number of questions in both languages', () => {
    const pages = training.curriculum('en').flatMap((module) => module.pages);
    expect(pages.filter((entry) => entry.page.selfCheck.length > 0).length).toBeGreaterThanOrEqual(6);
    for (const entry of pages) {
      const [a, b] = entry.versions;
      expect(a.selfCheck.length, entry.key).toBe(b.selfCheck.length);
      expect(a.module, entry.key).toBe(b.module);
      expect(a.order, entry.key).toBe(b.order);
    }
  });

  it('links only to knowledge-base articles and training pages that exist', () => {
    const missing: string[] = [];
    let articleLinks = 0;
    for (const page of training.all()) {
      for (const match of page.body.matchAll(/\]\((\/[^)\s]*)\)/g)) {
        const target = match[1].split('#')[0];
        if (target.startsWith('/articles/')) {
          articleLinks++;
          if (!articles.get(target.slice('/articles/'.length))) missing.push(`${page.slug} → ${target}`);
        } else if (target.startsWith('/staff/training/')) {
          if (!training.get(target.slice('/staff/training/'.length))) missing.push(`${page.slug} → ${target}`);
        } else {
          missing.push(`${page.slug} → ${target} (not an article or training page)`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(articleLinks).toBeGreaterThan(50);
  });

  it('links the articles of all ten standard answers from the standard-answers module, in both languages', async () => {
    const { DEMO_TEMPLATES } = await import('../../../src/lib/server/demo/demo-templates.ts');
    const module = training.curriculum('en').find((entry) => entry.module.key === 'standard-answers')!;
    for (const lang of ['de', 'en'] as const) {
      const bodies = module.pages.flatMap((entry) => entry.versions.filter((version) => version.lang === lang).map((version) => version.body)).join('\n');
      for (const template of DEMO_TEMPLATES) {
        if (template.articleSlug) expect(bodies, `${lang}: ${template.articleSlug}`).toContain(`(/articles/${template.articleSlug})`);
      }
    }
  });

  describe.each(ENGINES)('demo training progress on %s', (engine) => {
    const env = useDatabase(engine, { each: true });

    it('seeds demo progress for the trainee from the real curriculum', async () => {
      const { database } = env.current;
      const lena = await addUser(database, { name: 'Lena Fischer', role: 'first_level' });
      expect(await seedDemoTraining(database, training, lena, NOW)).toBe(4);
      const progress = await progressOf(database, lena);
      expect(progress.get('support-levels')).toMatchObject({ attempts: 2, failures: 1 });
      expect(progress.get('support-levels')?.passedAt).not.toBeNull();
      expect(progress.get('writing')).toMatchObject({ attempts: 1, failures: 1, passedAt: null });
      expect(continuePage(training.curriculum('de'), progress)?.key).toBe('writing');
    });
  });
});

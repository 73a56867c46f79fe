/**
 * Standard answers: placeholders are checked when a template is saved (unknown ones refused,
 * {article_link} only with an article, the article public and validated), filled when it is
 * inserted; edits with a stale version are conflicts (also two at once); titles are unique per
 * language. Storage on both engines.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createTemplate,
  deleteTemplate,
  fillTemplate,
  findTemplate,
  listTemplates,
  PLACEHOLDERS,
  TemplateError,
  updateTemplate,
  validateTemplate,
  type ArticleLookup,
} from '../../../src/lib/server/desk/answer-templates.ts';
import { addUser, NOW } from './fixture.ts';
import { ENGINES, useDatabase } from '../engines.ts';

const ARTICLES: Record<string, { audience: string; status: string }> = {
  'reset-password': { audience: 'public', status: 'validated' },
  'internal-runbook': { audience: 'internal', status: 'validated' },
  'draft-article': { audience: 'public', status: 'draft' },
};
const find: ArticleLookup = (slug) => ARTICLES[slug] ?? null;

async function failureOf(run: () => Promise<unknown>): Promise<TemplateError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

function failure(run: () => unknown): TemplateError {
  try {
    run();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

describe('validateTemplate', () => {
  it('accepts the known placeholders', () => {
    expect(PLACEHOLDERS).toEqual(['customer_name', 'ticket_reference', 'agent_name', 'article_link']);
    const clean = validateTemplate(
      { title: ' Reset password ', lang: 'en', body: 'Hello {customer_name}, ({ticket_reference}) see {article_link}. {agent_name}', articleSlug: 'reset-password' },
      find,
    );
    expect(clean.title).toBe('Reset password');
    expect(clean.articleSlug).toBe('reset-password');
  });

  it('refuses unknown placeholders and names them', () => {
    const error = failure(() => validateTemplate({ title: 'x', lang: 'en', body: 'Hi {customer_name}, {foo} and {Bar} and {foo}' }, find));
    expect(error.code).toBe('invalid');
    expect(error.field).toBe('body');
    expect(error.key).toBe('templates.error.unknown');
    expect(error.values.names).toBe('{foo}, {Bar}');
    expect(error.message).toContain('{foo}');
  });

  it('allows {article_link} only when an article is chosen', () => {
    const error = failure(() => validateTemplate({ title: 'x', lang: 'de', body: 'Siehe {article_link}' }, find));
    expect(error.key).toBe('templates.error.articleLink');
    expect(error.field).toBe('body');
  });

  it('needs the article to exist and be public and validated', () => {
    for (const slug of ['missing', 'internal-runbook', 'draft-article']) {
      const error = failure(() => validateTemplate({ title: 'x', lang: 'en', body: 'text', articleSlug: slug }, find));
      expect(error.field).toBe('articleSlug');
      expect(error.values.slug).toBe(slug);
    }
  });

  it('needs a title, a language and a body', () => {
    expect(failure(() => validateTemplate({ title: '  ', lang: 'en', body: 'x' }, find)).field).toBe('title');
    expect(failure(() => validateTemplate({ title: 'x', lang: 'fr', body: 'x' }, find)).field).toBe('lang');
    expect(failure(() => validateTemplate({ title: 'x', lang: 'en', body: '  ' }, find)).field).toBe('body');
  });
});

describe.each(ENGINES)('storage on %s', (engine) => {
  const env = useDatabase(engine);
  let editor: number;
  beforeEach(async () => {
    const { kysely } = env.current.database;
    await kysely.deleteFrom('answer_templates').execute();
    editor = (
      await kysely
        .insertInto('users')
        .values({ email: `editor.${Math.random().toString(36).slice(2)}@tallyhaus.example`, name: 'Mara Keller', role: 'second_level', password_hash: 'x', created_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });

  it('creates, lists by language and title, and deletes', async () => {
    const { database } = env.current;
    const a = await createTemplate(database, { title: 'Reset password', lang: 'en', body: 'Hello {customer_name}' }, editor, find, NOW);
    await createTemplate(database, { title: 'Passwort zurücksetzen', lang: 'de', body: 'Hallo {customer_name}' }, editor, find, NOW);
    await createTemplate(database, { title: 'aktenzeichen', lang: 'de', body: 'Hallo' }, editor, find, NOW);
    expect(a.version).toBe(1);
    expect(a.createdBy).toBe(editor);
    expect((await listTemplates(database)).map((row) => row.title)).toEqual(['aktenzeichen', 'Passwort zurücksetzen', 'Reset password']);
    expect((await listTemplates(database, { lang: 'en' })).map((row) => row.title)).toEqual(['Reset password']);
    expect(await listTemplates(database, { q: 'PASSW' })).toHaveLength(2);
    expect((await listTemplates(database, { q: 'reset' })).map((row) => row.id)).toEqual([a.id]);
    expect((await listTemplates(database, { preferLang: 'en' }))[0]!.lang).toBe('en');
    expect(await findTemplate(database.kysely, a.id)).toEqual(a);
    // (what the bulk change reads; an unknown id is no template)
    expect(await findTemplate(database.kysely, 99_999_999)).toBeNull();
    await deleteTemplate(database, a.id, 1);
    expect(await findTemplate(database.kysely, a.id)).toBeNull();
  });

  it('keeps titles unique per language', async () => {
    const { database } = env.current;
    await createTemplate(database, { title: 'Same', lang: 'en', body: 'x' }, editor, find);
    await createTemplate(database, { title: 'Same', lang: 'de', body: 'x' }, editor, find);
    expect((await failureOf(() => createTemplate(database, { title: 'Same', lang: 'en', body: 'y' }, editor, find))).code).toBe('exists');
    const other = await createTemplate(database, { title: 'Other', lang: 'en', body: 'x' }, editor, find);
    expect((await failureOf(() => updateTemplate(database, other.id, { title: 'Same', lang: 'en', body: 'x' }, 1, editor, find))).code).toBe('exists');
  });

  it('refuses an update with a stale version as a conflict', async () => {
    const { database } = env.current;
    const a = await createTemplate(database, { title: 'A', lang: 'en', body: 'one' }, editor, find, NOW);
    const b = await updateTemplate(database, a.id, { title: 'A', lang: 'en', body: 'two' }, 1, editor, find, NOW + 1);
    expect(b.version).toBe(2);
    expect(b.updatedAt).toBe(NOW + 1);
    const error = await failureOf(() => updateTemplate(database, a.id, { title: 'A', lang: 'en', body: 'three' }, 1, editor, find));
    expect(error.code).toBe('conflict');
    expect((await findTemplate(database.kysely, a.id))!.body).toBe('two');
    expect((await failureOf(() => deleteTemplate(database, a.id, 1))).code).toBe('conflict');
    expect((await failureOf(() => updateTemplate(database, 99_999_999, { title: 'A', lang: 'en', body: 'x' }, 1, editor, find))).code).toBe('not_found');
  });

  it('two editors saving the same version: one wins, the other gets the conflict', async () => {
    const { database } = env.current;
    const a = await createTemplate(database, { title: 'Race', lang: 'en', body: 'one' }, editor, find, NOW);
    const results = await Promise.allSettled([
      updateTemplate(database, a.id, { title: 'Race', lang: 'en', body: 'first' }, 1, editor, find),
      updateTemplate(database, a.id, { title: 'Race', lang: 'en', body: 'second' }, 1, editor, find),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(((results.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason as TemplateError).code).toBe('conflict');
    expect((await findTemplate(database.kysely, a.id))!.version).toBe(2);
  });

  it('seeds the demo standard answers: at least ten, German and English, valid, each linked to its public article', async () => {
    const { ArticleStore } = await import('../../../src/lib/server/knowledge/articles.ts');
    const { seedDemoTemplates, DEMO_TEMPLATES } = await import('../../../src/lib/server/demo/demo-templates.ts');
    const store = new ArticleStore('content');
    await store.load();
    const saved = await seedDemoTemplates(env.current.database, store, DEMO_TEMPLATES, editor);
    expect(saved.length).toBeGreaterThanOrEqual(10);
    expect(new Set(saved.map((row) => row.lang))).toEqual(new Set(['de', 'en']));
    for (const template of DEMO_TEMPLATES.filter((row) => row.articleSlug)) {
      const article = store.get(template.articleSlug!);
      expect(article?.audience, template.articleSlug!).toBe('public');
      expect(article?.lang, template.articleSlug!).toBe(template.lang);
    }
    expect(saved.filter((row) => row.articleSlug).length).toBe(DEMO_TEMPLATES.filter((row) => row.articleSlug).length);
  });
});

describe('fillTemplate', () => {
  it('replaces every placeholder', () => {
    const body = 'Hello {customer_name},\nabout {ticket_reference}: {article_link}\n{agent_name} ({customer_name})';
    expect(
      fillTemplate({ body }, { customerName: 'Anna', ticketReference: 'T-2026-000001', agentName: 'Lena', articleUrl: 'https://help.example/articles/reset-password' }),
    ).toBe('Hello Anna,\nabout T-2026-000001: https://help.example/articles/reset-password\nLena (Anna)');
  });

  it('does not re-expand placeholders typed by the customer into their name', () => {
    expect(fillTemplate({ body: '{customer_name} / {agent_name}' }, { customerName: '{agent_name}', ticketReference: 'T', agentName: 'Lena', articleUrl: null })).toBe(
      '{agent_name} / Lena',
    );
  });
});

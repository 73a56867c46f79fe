/**
 * Standard answers ("text modules", Textbausteine): reusable reply templates in Markdown,
 * maintained by second level and admins and inserted by agents into replies. A body may use
 * the placeholders in PLACEHOLDERS, written `{name}`; any other `{word}` is refused when the
 * template is saved, so a customer never receives a half-filled text. A template may stand
 * for a knowledge-base article (public and validated): inserting it records the article's
 * reuse on the ticket, and only such a template may use `{article_link}`.
 *
 * Edits carry the version the form was rendered with; a stale version is a conflict (the row
 * is locked for the check on PostgreSQL). On Kysely, both engines (issue 17).
 */
import { cleanLine, cleanMultiline } from '../platform/clean-text.ts';
import type { MessageKey } from '../../i18n.ts';
import { DomainError, type MessageValues } from '../errors.ts';
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import { forUpdate } from '../platform/database/row-locks.ts';
import { writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import type { Lang } from '../../languages.ts';

/** The placeholders a template body may use, written `{name}`. */
export const PLACEHOLDERS = ['customer_name', 'ticket_reference', 'agent_name', 'article_link'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
/** Longest title and body, in characters. */
export const MAX_TEMPLATE_TITLE = 200;
export const MAX_TEMPLATE_BODY = 20_000;

/** A stored template. */
export interface AnswerTemplate {
  id: number;
  title: string;
  lang: Lang;
  body: string;
  articleSlug: string | null;
  createdBy: number | null;
  updatedBy: number | null;
  createdAt: number;
  updatedAt: number;
  version: number;
}

/** The fields a form may get wrong. */
export type TemplateField = 'title' | 'lang' | 'body' | 'articleSlug';

/** An expected failure of a standard-answer operation: the field, the interface text, and English for logs. */
export class TemplateError extends DomainError<'invalid' | 'conflict' | 'not_found' | 'exists', TemplateField> {
  constructor(code: TemplateError['code'], field: TemplateField | null, key: MessageKey, message: string, values: MessageValues = {}) {
    super(code, key, { field, values, message });
    this.name = 'TemplateError';
  }
}

/** What the validation needs to know about an article: whether it exists, is public and validated. */
export type ArticleLookup = (slug: string) => { audience: string; status: string } | null | undefined;

/** A template as typed into the form. */
export interface TemplateInput {
  title: string;
  lang: string;
  body: string;
  /** The article it stands for; empty or null: none. */
  articleSlug?: string | null;
}

/** Every `{word}` in a body, in order of first appearance, without duplicates. */
export function placeholdersIn(body: string): string[] {
  return [...new Set([...body.matchAll(/\{([A-Za-z0-9_-]+)\}/g)].map((match) => match[1]!))];
}

/** A clean template, or the first problem found (field by field). */
export function validateTemplate(input: TemplateInput, findArticle: ArticleLookup): { title: string; lang: Lang; body: string; articleSlug: string | null } {
  const title = cleanLine(input.title);
  if (!title) throw new TemplateError('invalid', 'title', 'templates.error.title', 'a title is required');
  if (title.length > MAX_TEMPLATE_TITLE) throw new TemplateError('invalid', 'title', 'templates.error.titleLength', `title longer than ${MAX_TEMPLATE_TITLE} characters`);
  if (input.lang !== 'de' && input.lang !== 'en') throw new TemplateError('invalid', 'lang', 'templates.error.lang', 'language must be de or en');
  const slug = (input.articleSlug ?? '').trim() || null;
  if (slug) {
    const article = findArticle(slug);
    if (!article || article.audience !== 'public' || article.status !== 'validated') {
      throw new TemplateError('invalid', 'articleSlug', 'templates.error.article', `article "${slug}" does not exist or is not public and validated`, { slug });
    }
  }
  const body = cleanMultiline(input.body);
  if (!body) throw new TemplateError('invalid', 'body', 'templates.error.body', 'a text is required');
  if (body.length > MAX_TEMPLATE_BODY) throw new TemplateError('invalid', 'body', 'templates.error.bodyLength', `text longer than ${MAX_TEMPLATE_BODY} characters`);
  const unknown = placeholdersIn(body).filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    const names = unknown.map((name) => `{${name}}`).join(', ');
    throw new TemplateError('invalid', 'body', 'templates.error.unknown', `unknown placeholders: ${names} (allowed: ${PLACEHOLDERS.map((name) => `{${name}}`).join(', ')})`, {
      names,
      allowed: PLACEHOLDERS.map((name) => `{${name}}`).join(', '),
    });
  }
  if (!slug && body.includes('{article_link}')) {
    throw new TemplateError('invalid', 'body', 'templates.error.articleLink', '{article_link} needs an article: choose the article the template stands for');
  }
  return { title, lang: input.lang, body, articleSlug: slug };
}

const COLUMNS = [
  'id',
  'title',
  'lang',
  'body',
  'article_slug as articleSlug',
  'created_by as createdBy',
  'updated_by as updatedBy',
  'created_at as createdAt',
  'updated_at as updatedAt',
  'version',
] as const;

/** One template by id, or null. */
export async function findTemplate(trx: Trx, id: number): Promise<AnswerTemplate | null> {
  return ((await trx.selectFrom('answer_templates').select(COLUMNS).where('id', '=', id).executeTakeFirst()) as AnswerTemplate | undefined) ?? null;
}

/** A title already used in the language (the unique index on both engines). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

function duplicate(title: string): TemplateError {
  return new TemplateError('exists', 'title', 'templates.error.duplicate', `a template titled "${title}" already exists in this language`, { title });
}

/** `createTemplate` inside the caller's write transaction (the demo seed writes all in one). */
export async function createTemplateInChange(trx: Trx, input: TemplateInput, userId: number | null, findArticle: ArticleLookup, now = Date.now()): Promise<AnswerTemplate> {
  const clean = validateTemplate(input, findArticle);
  const { id } = await trx
    .insertInto('answer_templates')
    .values({ title: clean.title, lang: clean.lang, body: clean.body, article_slug: clean.articleSlug, created_by: userId, updated_by: userId, created_at: now, updated_at: now, version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await findTemplate(trx, id))!;
}

/** Saves a new template (the caller checks the role). */
export async function createTemplate(database: Database, input: TemplateInput, userId: number | null, findArticle: ArticleLookup, now = Date.now()): Promise<AnswerTemplate> {
  const clean = validateTemplate(input, findArticle);
  try {
    return await writeTransaction(database, (trx) => createTemplateInChange(trx, input, userId, findArticle, now));
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(clean.title);
    throw error;
  }
}

/** Reads the template to change and checks the version the form showed (locked on PostgreSQL). */
async function currentForChange(database: Database, trx: Trx, id: number, expectedVersion: number, conflict: string): Promise<AnswerTemplate> {
  const current = (await forUpdate(database, trx.selectFrom('answer_templates').select(COLUMNS).where('id', '=', id)).executeTakeFirst()) as AnswerTemplate | undefined;
  if (!current) throw new TemplateError('not_found', null, 'templates.error.notFound', 'no such template');
  if (current.version !== expectedVersion) throw new TemplateError('conflict', null, 'templates.error.conflict', conflict);
  return current;
}

/** Changes a template; `expectedVersion` is the version the form showed (else a conflict). */
export async function updateTemplate(
  database: Database,
  id: number,
  input: TemplateInput,
  expectedVersion: number,
  userId: number | null,
  findArticle: ArticleLookup,
  now = Date.now(),
): Promise<AnswerTemplate> {
  const clean = validateTemplate(input, findArticle);
  try {
    return await writeTransaction(database, async (trx) => {
      await currentForChange(database, trx, id, expectedVersion, 'someone changed this template in the meantime; your text is kept, review the current version and save again');
      await trx
        .updateTable('answer_templates')
        .set((eb) => ({ title: clean.title, lang: clean.lang, body: clean.body, article_slug: clean.articleSlug, updated_by: userId, updated_at: now, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .execute();
      return (await findTemplate(trx, id))!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(clean.title);
    throw error;
  }
}

/** Deletes a template; `expectedVersion` as for updates. */
export async function deleteTemplate(database: Database, id: number, expectedVersion: number): Promise<void> {
  await writeTransaction(database, async (trx) => {
    await currentForChange(database, trx, id, expectedVersion, 'someone changed this template in the meantime; review it before deleting');
    await trx.deleteFrom('answer_templates').where('id', '=', id).execute();
  });
}

/**
 * Templates by title (case-insensitive), optionally of one language and matching `q`
 * (case-insensitive, in the title). With `preferLang`, that language's templates come first.
 */
export async function listTemplates(database: Database, filter: { lang?: Lang | null; q?: string | null; preferLang?: Lang | null } = {}): Promise<AnswerTemplate[]> {
  const q = (filter.q ?? '').trim().toLowerCase().slice(0, 200);
  const rows = (await database.kysely.selectFrom('answer_templates').select(COLUMNS).orderBy(sql`lower(title)`).orderBy('lang').execute()) as AnswerTemplate[];
  const matching = rows.filter((row) => (!filter.lang || row.lang === filter.lang) && (!q || row.title.toLowerCase().includes(q)));
  if (!filter.preferLang) return matching;
  return [...matching.filter((row) => row.lang === filter.preferLang), ...matching.filter((row) => row.lang !== filter.preferLang)];
}

/** The values a template is filled with. */
export interface FillValues {
  customerName: string;
  ticketReference: string;
  agentName: string;
  /** The public URL of the template's article; null when it has none. */
  articleUrl: string | null;
}

/** The template's body with every placeholder replaced. */
export function fillTemplate(template: Pick<AnswerTemplate, 'body'>, values: FillValues): string {
  const map: Record<Placeholder, string> = {
    customer_name: values.customerName,
    ticket_reference: values.ticketReference,
    agent_name: values.agentName,
    article_link: values.articleUrl ?? '',
  };
  return template.body.replace(/\{([A-Za-z0-9_-]+)\}/g, (whole, name: string) => (name in map ? map[name as Placeholder] : whole));
}

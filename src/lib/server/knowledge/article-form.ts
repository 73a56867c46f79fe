/**
 * The article editor's form and its file: the form's fields, the form ↔ file conversion
 * (front matter + Markdown body, checked field by field with EditorError at the first fault),
 * and safe slugs for new articles. Pure: no database, no store writes, no permissions
 * (those are article-editor.ts).
 */
import type { MessageKey } from '../../i18n.ts';
import { DomainError, type MessageValues } from '../errors.ts';
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { parseArticleFile, type Article } from './articles.ts';
import { AUDIENCES, KEY_PATTERN, MATTER_OPTIONS, STATUSES, type ArticleFrontmatter, type ArticleStatus } from './article-schema.ts';
import { MAX_MARKDOWN_CHARS } from './markdown-limits.ts';
import { LANGS } from '../../languages.ts';

/** Slugs the staff URLs use themselves (/staff/articles/new, …/edit/…, …/history/…). */
export const RESERVED_SLUGS = ['new', 'edit', 'history'] as const;
/** Longest article body, in characters: what the renderer accepts (markdown-limits.ts). */
export const MAX_BODY = MAX_MARKDOWN_CHARS;

/** The editor form's fields, as typed (all text). */
export interface ArticleForm {
  title: string;
  summary: string;
  category: string;
  /** Comma-separated. */
  tags: string;
  lang: string;
  audience: string;
  /** Empty: the article's own slug. */
  translationKey: string;
  status: string;
  /** Empty: none. */
  replacedBy: string;
  /** Empty: none. */
  sourceTicket: string;
  body: string;
}

/** A refused edit: which field (if any), the message key and its values. */
export class EditorError extends DomainError<'invalid' | 'forbidden' | 'exists' | 'not_found', keyof ArticleForm | 'slug' | 'message' | 'resolveFlags'> {
  constructor(code: EditorError['code'], field: EditorError['field'], key: MessageKey, values: MessageValues = {}) {
    super(code, key, { field, values });
    this.name = 'EditorError';
  }
}

/** An empty form, with defaults. */
export function emptyArticleForm(overrides: Partial<ArticleForm> = {}): ArticleForm {
  return {
    title: '',
    summary: '',
    category: '',
    tags: '',
    lang: 'de',
    audience: 'public',
    translationKey: '',
    status: 'draft',
    replacedBy: '',
    sourceTicket: '',
    body: '',
    ...overrides,
  };
}

/** The form of a file's text (null if it does not parse). */
export function articleFormFromSource(slug: string, source: string): ArticleForm | null {
  const parsed = parseArticleFile(slug, source);
  if (!parsed.ok) return null;
  const data = matter(source, MATTER_OPTIONS).data as { translationKey?: unknown };
  // The translation key as written: a file without one keeps defaulting to its slug.
  return { ...articleFormFromArticle(parsed.article), translationKey: typeof data.translationKey === 'string' ? parsed.article.translationKey : '' };
}

/** "2026-11-27" for a time (UTC). */
function isoDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** Splits "a, b,c" into tags, trimmed, without empties and repeats. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter(Boolean))];
}

/** A tag as a YAML flow item: bare like hand-written files ("log-in"), quoted when YAML would read it otherwise. */
function yamlTag(tag: string): string {
  // Letters, digits, dots, hyphens, underscores and single spaces, read back as the same string
  // (not a number, boolean or null: "2fa" stays bare, "true" and "1e5" are quoted).
  const plain = /^[\p{L}\p{N}][\p{L}\p{N}._-]*(?: [\p{L}\p{N}._-]+)*$/u.test(tag) && yaml.load(tag, { schema: yaml.CORE_SCHEMA }) === tag;
  return plain ? tag : JSON.stringify(tag);
}

/**
 * The file text of front matter and body, in the layout of hand-written articles (so that a
 * save of an unchanged article differs only in its date, and diffs stay readable).
 */
export function serializeArticle(data: ArticleFrontmatter, body: string): string {
  const lines = [
    '---',
    `title: ${JSON.stringify(data.title)}`,
    `summary: ${JSON.stringify(data.summary)}`,
    `category: ${data.category}`,
    `tags: [${data.tags.map(yamlTag).join(', ')}]`,
    `lang: ${data.lang}`,
    ...(data.translationKey ? [`translationKey: ${data.translationKey}`] : []),
    `audience: ${data.audience}`,
    `status: ${data.status}`,
    ...(data.replacedBy ? [`replacedBy: ${data.replacedBy}`] : []),
    `updated: ${isoDay(data.updated.getTime())}`,
    ...(data.sourceTicket ? [`sourceTicket: ${data.sourceTicket}`] : []),
    '---',
  ];
  const text = body.replace(/\r\n?/g, '\n').replace(/^\s*\n/, '').replace(/\s+$/, '');
  return `${lines.join('\n')}\n\n${text}\n`;
}

/**
 * Checks the form and builds the file's text, dated `now`. Throws EditorError at the first
 * field that is wrong, with a message key the page shows at that field.
 */
export function buildArticleSource(form: ArticleForm, slug: string, knownSlug: (slug: string) => boolean, now = Date.now()): string {
  const title = form.title.trim();
  const summary = form.summary.trim();
  if (!title || title.length > 200) throw new EditorError('invalid', 'title', 'editor.error.title');
  if (!summary || summary.length > 500) throw new EditorError('invalid', 'summary', 'editor.error.summary');
  if (!KEY_PATTERN.test(form.category)) throw new EditorError('invalid', 'category', 'editor.error.category');
  const tags = parseTags(form.tags);
  if (tags.length > 20 || tags.some((tag) => tag.length > 40)) throw new EditorError('invalid', 'tags', 'editor.error.tags');
  if (!(LANGS as readonly string[]).includes(form.lang)) throw new EditorError('invalid', 'lang', 'editor.error.lang');
  if (!(AUDIENCES as readonly string[]).includes(form.audience)) throw new EditorError('invalid', 'audience', 'editor.error.audience');
  const translationKey = form.translationKey.trim();
  if (translationKey && !KEY_PATTERN.test(translationKey)) throw new EditorError('invalid', 'translationKey', 'editor.error.translationKey');
  if (!(STATUSES as readonly string[]).includes(form.status)) throw new EditorError('invalid', 'status', 'editor.error.status');
  const replacedBy = form.replacedBy.trim();
  if (replacedBy && (replacedBy === slug || !knownSlug(replacedBy))) throw new EditorError('invalid', 'replacedBy', 'editor.error.replacedBy', { slug: replacedBy });
  const sourceTicket = form.sourceTicket.trim();
  if (sourceTicket && !/^T-\d{4}-\d{6}$/.test(sourceTicket)) throw new EditorError('invalid', 'sourceTicket', 'editor.error.sourceTicket');
  if (!form.body.trim() || form.body.length > MAX_BODY) throw new EditorError('invalid', 'body', 'editor.error.body', { max: MAX_BODY });
  const data: ArticleFrontmatter = {
    title,
    summary,
    category: form.category,
    tags,
    lang: form.lang as ArticleFrontmatter['lang'],
    audience: form.audience as ArticleFrontmatter['audience'],
    status: form.status as ArticleStatus,
    updated: new Date(`${isoDay(now)}T00:00:00Z`),
    ...(translationKey ? { translationKey } : {}),
    ...(replacedBy ? { replacedBy } : {}),
    ...(sourceTicket ? { sourceTicket } : {}),
  };
  const source = serializeArticle(data, form.body);
  // The schema has the last word: what the editor writes, the store must load.
  const parsed = parseArticleFile(slug, source);
  if (!parsed.ok) throw new EditorError('invalid', null, 'editor.error.schema', { reason: parsed.problems.map((p) => `${p.field}: ${p.reason}`).join('; ') });
  return source;
}

/**
 * A slug typed by the author for a new article. Refuses, with a message key: paths
 * ("..", slashes, back-slashes, absolute paths), anything not lower-case words with hyphens,
 * and the staff URLs' own words.
 */
export function checkNewSlug(typed: string): string {
  const slug = typed.trim();
  if (slug.includes('..') || slug.includes('/') || slug.includes('\\') || /^[a-zA-Z]:/.test(slug) || slug.includes('\0')) {
    throw new EditorError('invalid', 'slug', 'editor.error.slugPath');
  }
  if (!KEY_PATTERN.test(slug) || slug.length > 80) throw new EditorError('invalid', 'slug', 'editor.error.slugFormat');
  if ((RESERVED_SLUGS as readonly string[]).includes(slug)) throw new EditorError('invalid', 'slug', 'editor.error.slugReserved', { slug });
  return slug;
}

/** `base`, or `base-2`, `base-3` … — the first that `taken` says is free. */
export function freeSlug(base: string, taken: (slug: string) => boolean): string {
  const root = (RESERVED_SLUGS as readonly string[]).includes(base) ? `${base}-article` : base || 'article';
  if (!taken(root)) return root;
  for (let n = 2; ; n++) {
    const candidate = `${root.slice(0, 75)}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}

/** The form of a loaded article. */
export function articleFormFromArticle(article: Omit<Article, 'mtimeMs' | 'size'>): ArticleForm {
  return {
    title: article.title,
    summary: article.summary,
    category: article.category,
    tags: article.tags.join(', '),
    lang: article.lang,
    audience: article.audience,
    translationKey: article.translationKey === article.slug.replaceAll('/', '-') ? '' : article.translationKey,
    status: article.status,
    replacedBy: article.replacedBy ?? '',
    sourceTicket: article.sourceTicket ?? '',
    body: article.body,
  };
}

/**
 * Reads the status a revision's front matter names (for the history list): one of STATUSES,
 * the old "published" read as validated, or null when there is none or it is unknown.
 */
export function statusOfSource(source: string): ArticleStatus | null {
  try {
    const data = matter(source, MATTER_OPTIONS).data as { status?: unknown };
    const status = data.status === 'published' ? 'validated' : data.status;
    return STATUSES.find((known) => known === status) ?? null;
  } catch {
    return null;
  }
}

/**
 * What the editor pages need besides the domain: the choices of the form's selects, and the
 * form values found again in a post (to keep what was typed after any refusal).
 */
import type { Article, ArticleStore } from './articles.ts';
import { emptyArticleForm, type ArticleForm } from './article-form.ts';
import type { Lang } from '../../languages.ts';

/** The editor form's values including the fields that are not front matter. */
export type EditorValues = ArticleForm & { newSlug: string; message: string; resolveFlags: boolean };

/** The select options of the editor form for `article` (null: a new article). */
export function editorOptions(
  store: ArticleStore,
  article: Article | null,
  lang: Lang,
): { categories: { key: string; label: string }[]; translations: { key: string; label: string }[]; replacements: { slug: string; label: string }[] } {
  const categories = store.categories().map((category) => ({ key: category.key, label: category.label[lang] }));
  const others = store.all().filter((other) => other.slug !== article?.slug);
  // One option per translation group that has a version in another language than this article.
  const groups = new Map<string, string>();
  for (const other of others) {
    if (article && other.lang === article.lang && other.translationKey !== article.translationKey) continue;
    if (!groups.has(other.translationKey)) groups.set(other.translationKey, `${other.title} (${other.lang})`);
  }
  const translations = [...groups.entries()].map(([key, label]) => ({ key, label })).sort((a, b) => a.label.localeCompare(b.label));
  const replacements = others
    .filter((other) => other.status === 'validated')
    .map((other) => ({ slug: other.slug, label: `${other.title} (${other.lang})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return { categories, translations, replacements };
}

/** The text fields of a posted form. */
export async function postedFields(request: Request): Promise<Record<string, string>> {
  const posted: Record<string, string> = {};
  const form = await request.formData().catch(() => null);
  for (const [key, value] of form?.entries() ?? []) if (typeof value === 'string') posted[key] = value;
  return posted;
}

/** Editor values from a post (missing fields: empty / defaults). */
export function editorValuesFromPost(posted: Record<string, string>): EditorValues {
  const base = emptyArticleForm();
  const pick = (name: keyof ArticleForm): string => posted[name] ?? base[name];
  return {
    title: pick('title'),
    summary: pick('summary'),
    category: pick('category'),
    tags: pick('tags'),
    lang: pick('lang'),
    audience: pick('audience'),
    translationKey: pick('translationKey'),
    status: pick('status'),
    replacedBy: pick('replacedBy'),
    sourceTicket: pick('sourceTicket'),
    body: pick('body'),
    newSlug: posted.newSlug ?? '',
    message: posted.message ?? '',
    resolveFlags: posted.resolveFlags === 'yes',
  };
}

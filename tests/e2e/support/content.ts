/**
 * Reads the test server's own copy of the content (E2E_CONTENT_DIR, set up by
 * playwright.config.ts) so that tests know which articles the public must never see.
 */
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';

export interface ArticleInfo {
  slug: string;
  title: string;
  lang: 'de' | 'en';
  category: string;
  audience: 'public' | 'internal';
  status: 'validated' | 'not_validated' | 'draft' | 'archived';
}

/** The content folder the test server reads and watches. */
export function contentDir(): string {
  const dir = process.env.E2E_CONTENT_DIR;
  if (!dir) throw new Error('E2E_CONTENT_DIR is not set: run the tests through playwright.config.ts');
  return dir;
}

/** The folder for article files (write one there to test live reload). */
export function articlesDir(): string {
  return path.join(contentDir(), 'articles');
}

/** Every article file in the test content, with the front matter fields the tests need. */
export function readArticles(): ArticleInfo[] {
  return fs
    .readdirSync(articlesDir())
    .filter((file) => file.endsWith('.md'))
    .map((file) => {
      const { data } = matter(fs.readFileSync(path.join(articlesDir(), file), 'utf8'));
      return {
        slug: file.replace(/\.md$/, ''),
        title: String(data.title),
        lang: data.lang,
        category: String(data.category),
        audience: data.audience,
        status: data.status,
      };
    });
}

/** Internal or draft articles: they do not exist for the public (404, never listed). */
export function hiddenArticles(): ArticleInfo[] {
  return readArticles().filter((article) => article.audience === 'internal' || article.status === 'draft');
}

/** Everything that must not be in the public search: hidden and archived articles. */
export function unsearchableArticles(): ArticleInfo[] {
  return readArticles().filter((article) => article.audience !== 'public' || article.status !== 'validated');
}

/** True when `text` mentions the slug as a whole word (not as part of a longer slug). */
export function mentionsSlug(text: string, slug: string): boolean {
  const escaped = slug.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![a-z0-9-])${escaped}(?![a-z0-9-])`).test(text);
}

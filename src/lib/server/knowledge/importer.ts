/**
 * Imports a folder of Markdown files, with or without front matter, into content/articles.
 * Missing fields are derived: the title from the first heading, the summary from the first
 * paragraph or quote, the category from the first sub-folder, the date from the file.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import { MATTER_OPTIONS, parseFrontmatter, type ArticleFrontmatter } from './article-schema.ts';
import { markdownToPlainText } from './markdown.ts';
import { writeFileAtomic } from '../platform/atomic-write.ts';
import { slugify } from '../../slug.ts';
import type { Lang } from '../../languages.ts';

/** Options of one import run. */
export interface ImportOptions {
  /** The content folder (its articles/ sub-folder receives the files). */
  contentDir: string;
  /** Language of files whose front matter names none; default "en". */
  lang?: Lang;
  /** Category of every imported file; default: front matter, else the first sub-folder. */
  category?: string;
}

/** What an import did. */
export interface ImportReport {
  imported: string[];
  skipped: { file: string; reason: string }[];
}

const SUMMARY_LIMIT = 300;

/** Cuts text at a sentence or word boundary below the limit. */
function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  const sentence = cut.lastIndexOf('. ');
  if (sentence > limit / 2) return cut.slice(0, sentence + 1);
  return `${cut.slice(0, cut.lastIndexOf(' '))} …`;
}

const EXTERNAL_LINK = /<https?:\/\/[^>]+>|\[[^\]]*\]\(https?:\/\/[^)]*\)/g;

/**
 * True for a line that is only a link, perhaps after a short label ("More information:
 * <https://…>.", "See [the manual](https://…)."), but not for a sentence that contains one.
 */
function isLinkLine(line: string): boolean {
  const rest = line.replace(EXTERNAL_LINK, '');
  if (rest === line) return false;
  const label = rest.replace(/^[\s>]*/, '').replace(/[\s.]*$/, '');
  return label.endsWith(':') ? label.length <= 40 : label.split(/\s+/).filter(Boolean).length <= 2;
}

/**
 * The first paragraph or quote of a body, as plain text. Lines that are only a link to
 * elsewhere ("More information: <https://…>") say nothing about the content and are left out.
 */
export function deriveSummary(body: string): string | null {
  const blocks = body.split(/\n\s*\n/);
  for (const block of blocks) {
    const lines = block
      .split('\n')
      .filter((line) => !/^\s*(#|```|~~~|[-*+] |\d+[.)] |\||!\[)/.test(line))
      .filter((line) => !isLinkLine(line));
    const text = markdownToPlainText(lines.join('\n')).replace(/\s+/g, ' ').trim();
    if (text.length >= 3) return clip(text, SUMMARY_LIMIT);
  }
  return null;
}

/** The first "# Title" line outside fenced code blocks (where "#" starts a shell comment). */
function findTitleHeading(body: string): RegExpExecArray | null {
  // Blank out fenced blocks but keep every offset, so that the match's index fits `body`.
  const outside = body.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' '));
  return /^#\s+(.+?)\s*#*\s*$/m.exec(outside);
}

/** Converts one source file into an article file's text, or the reason it cannot be imported. */
export function convertFile(
  source: string,
  relativePath: string,
  mtime: Date,
  options: ImportOptions,
): { ok: true; frontmatter: ArticleFrontmatter; body: string } | { ok: false; reason: string } {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(source, MATTER_OPTIONS);
  } catch (error) {
    return { ok: false, reason: `front matter is not valid YAML (${(error as Error).message.split('\n')[0]})` };
  }
  const data = { ...(parsed.data as Record<string, unknown>) };
  let body = parsed.content.replace(/^\s+/, '');

  const heading = findTitleHeading(body);
  if (!data.title && heading) {
    data.title = heading[1];
    body = (body.slice(0, heading.index) + body.slice(heading.index + heading[0].length)).replace(/^\s+/, '');
  }
  if (!data.title) return { ok: false, reason: 'no title: neither front matter nor a first-level heading' };

  if (!data.summary) data.summary = deriveSummary(body) ?? data.title;
  const segments = relativePath.replace(/\.md$/i, '').split('/');
  if (options.category) data.category = options.category;
  if (!data.category) data.category = segments.length > 1 ? slugify(segments[0]) : 'general';
  data.lang ??= options.lang ?? 'en';
  data.translationKey ??= segments.map(slugify).join('-');
  data.audience ??= 'public';
  data.status ??= 'validated';
  data.updated ??= mtime.toISOString().slice(0, 10);
  data.tags ??= [];

  const result = parseFrontmatter(data);
  if (!result.ok) return { ok: false, reason: result.issues.map((issue) => `${issue.field}: ${issue.reason}`).join('; ') };
  return { ok: true, frontmatter: result.data, body };
}

/** Serialises front matter and body into an article file. */
export function formatArticleFile(frontmatter: ArticleFrontmatter, body: string): string {
  const data: Record<string, unknown> = { ...frontmatter, updated: frontmatter.updated.toISOString().slice(0, 10) };
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  return matter.stringify(`\n${body.trim()}\n`, data);
}

async function listMarkdown(root: string): Promise<string[]> {
  const entries = await fsp.readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.md$/i.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * Imports every Markdown file below `sourceDir` into content/articles/<folder-name>/…,
 * so that re-importing the same folder updates the same articles.
 */
export async function importFolder(sourceDir: string, options: ImportOptions): Promise<ImportReport> {
  const root = path.resolve(sourceDir);
  const stat = await fsp.stat(root).catch(() => null);
  if (!stat?.isDirectory()) throw new Error(`${sourceDir} is not a folder`);
  const prefix = slugify(path.basename(root)) || 'imported';
  const report: ImportReport = { imported: [], skipped: [] };

  for (const relative of await listMarkdown(root)) {
    const name = relative.split('/').pop() ?? relative;
    if (/^(readme|license|licence|contributing|changelog)\.md$/i.test(name)) {
      report.skipped.push({ file: relative, reason: 'project file, not an article' });
      continue;
    }
    const slugPath = relative.replace(/\.md$/i, '').split('/').map(slugify);
    if (slugPath.some((segment) => !segment)) {
      report.skipped.push({ file: relative, reason: 'file name has no letters or digits to make a URL from' });
      continue;
    }
    const file = path.join(root, relative);
    const [source, fileStat] = await Promise.all([fsp.readFile(file, 'utf8'), fsp.stat(file)]);
    const converted = convertFile(source, relative, fileStat.mtime, options);
    if (!converted.ok) {
      report.skipped.push({ file: relative, reason: converted.reason });
      continue;
    }
    const slug = [prefix, ...slugPath].join('/');
    await writeFileAtomic(path.join(options.contentDir, 'articles', `${slug}.md`), formatArticleFile(converted.frontmatter, converted.body));
    report.imported.push(slug);
  }
  return report;
}

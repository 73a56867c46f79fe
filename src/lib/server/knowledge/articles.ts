/**
 * The knowledge base on disk: loads content/articles/**\/*.md and content/categories.yml,
 * validates, keeps everything in memory, renders on demand (cached) and follows changes
 * to the folder (edits, new and deleted files, a `git pull`) without a restart.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { z } from 'zod';
import { parseFrontmatter, KEY_PATTERN, SLUG_PATTERN, type ArticleFrontmatter } from './article-schema.ts';
import { FolderFollower, listMarkdownFiles, splitMarkdownSource } from '../platform/content-folder.ts';
import type { MarkdownOptions } from './markdown.ts';
import { RenderCache } from './render-cache.ts';
import { parseTagLabels, tagLabel, type TagLabels } from './tag-labels.ts';
import type { SafeRendered } from './render-markdown-safely.ts';
import { LANGS, type Lang } from '../../languages.ts';
import { ImageCatalog } from './image-variants.ts';

/** An article as loaded from its file. */
export interface Article extends Omit<ArticleFrontmatter, 'translationKey'> {
  /** Path below content/articles without ".md": the URL is /articles/<slug>. */
  slug: string;
  /** Links the language versions; the slug when the file names none. */
  translationKey: string;
  /** Markdown body without front matter. */
  body: string;
  /** Plain text of the body, for search and snippets. */
  text: string;
  /** File modification time, to notice changes. */
  mtimeMs: number;
  size: number;
}

/** A category with labels and descriptions per language. */
export interface Category {
  key: string;
  label: Record<Lang, string>;
  description: Record<Lang, string>;
  order: number;
}

/** Something wrong with one file: reported in the log, the file is skipped. */
export interface ContentProblem {
  file: string;
  field: string;
  reason: string;
}

const localized = z.union([z.string(), z.object({ de: z.string(), en: z.string() })]);
const categoriesSchema = z.record(
  z.string().regex(KEY_PATTERN),
  z.object({ label: localized, description: localized.optional(), order: z.number().optional() }),
);

const synonymGroupSchema = z.array(z.coerce.string().trim().min(1).max(80), 'must be a list of words').min(2, 'a group needs at least two words').max(40);


/** Turns a category key into a readable label when categories.yml does not name it. */
function humanize(key: string): string {
  const words = key.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Parses one article file's text. Exported for tests and for the importer's checks. */
export function parseArticleFile(
  slug: string,
  source: string,
): { ok: true; article: Omit<Article, 'mtimeMs' | 'size'> } | { ok: false; problems: Omit<ContentProblem, 'file'>[] } {
  const split = splitMarkdownSource(source);
  if (!split.ok) return split;
  const result = parseFrontmatter(split.data);
  if (!result.ok) return { ok: false, problems: result.issues };
  return {
    ok: true,
    article: { ...result.data, slug, translationKey: result.data.translationKey ?? slug.replaceAll('/', '-'), body: split.body, text: split.text },
  };
}

type Listener = (store: ArticleStore) => void;

/**
 * Holds the knowledge base in memory. `load()` reads everything once; `watch()` follows
 * the folder and calls the change listeners after each batch of changes.
 */
export class ArticleStore {
  readonly contentDir: string;
  readonly articlesDir: string;
  readonly mediaDir: string;
  /** The responsive variants of the images in mediaDir (image-variants.ts). */
  readonly images: ImageCatalog;
  private articles = new Map<string, Article>();
  private readonly rendered: RenderCache;
  /** Where rendered bodies may load images from (MEDIA_HOSTS) and the site's origin. */
  readonly markdown: MarkdownOptions;
  private categoryMap = new Map<string, Category>();
  private problemsByFile = new Map<string, ContentProblem[]>();
  private listeners = new Set<Listener>();
  private readonly follower: FolderFollower;
  /** Increases with every change; lets caches tell whether they are current. */
  version = 0;

  private readonly log: (message: string) => void;

  constructor(contentDir: string, log: (message: string) => void = (message) => console.warn(message), markdown: MarkdownOptions = {}) {
    this.log = log;
    this.markdown = markdown;
    this.rendered = new RenderCache(markdown, (slug, refused) => log(`content/articles/${slug}.md: cannot be rendered (${refused.reason}); its page shows a notice until the text is fixed`));
    this.contentDir = path.resolve(contentDir);
    this.articlesDir = path.join(this.contentDir, 'articles');
    this.mediaDir = path.join(this.contentDir, 'media');
    this.images = new ImageCatalog(this.mediaDir);
    // The whole content folder: categories.yml and synonyms.yml live beside articles/.
    this.follower = new FolderFollower(this.contentDir, 'content', () => this.scanOnce(), log);
  }

  /** Every loaded article, in slug order. */
  all(): Article[] {
    return [...this.articles.values()];
  }

  /** One article by slug, or null. */
  get(slug: string): Article | null {
    return this.articles.get(slug) ?? null;
  }

  /**
   * The article's rendered HTML and table of contents, rendered once (in a worker, within the
   * time limit) and cached until it changes; or why it cannot be rendered (the page shows a notice).
   */
  render(article: Article): Promise<SafeRendered> {
    return this.rendered.get(article.slug, article.body);
  }

  /** The other language versions of an article (same translation key). */
  translationsOf(article: Article): Article[] {
    return this.all().filter((other) => other.translationKey === article.translationKey && other.slug !== article.slug);
  }

  /** A category by key; categories that only articles name get a readable default label. */
  category(key: string): Category {
    return (
      this.categoryMap.get(key) ?? {
        key,
        label: { de: humanize(key), en: humanize(key) },
        description: { de: '', en: '' },
        order: 1000,
      }
    );
  }

  /** All categories named in categories.yml or by an article, in display order. */
  categories(): Category[] {
    const keys = new Set([...this.categoryMap.keys(), ...this.all().map((article) => article.category)]);
    return [...keys].map((key) => this.category(key)).sort((a, b) => a.order - b.order || a.key.localeCompare(b.key));
  }

  /** Files that were skipped, with the field and reason. */
  problems(): ContentProblem[] {
    return [...this.problemsByFile.values()].flat();
  }

  /** Calls the listener after every batch of content changes. Returns an unsubscribe function. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the whole content folder. */
  async load(): Promise<void> {
    await this.rescan();
  }

  /**
   * Follows the content folder. Changes are batched (a `git pull` touches many files at
   * once) and applied by a rescan that re-reads only files whose size or time changed.
   */
  watch(): void {
    fs.mkdirSync(this.articlesDir, { recursive: true });
    this.follower.watch();
  }

  /** Stops following the folder. */
  close(): void {
    this.follower.close();
  }

  /**
   * Re-reads what changed on disk and notifies listeners when anything did.
   * Runs one scan at a time; a request during a scan queues exactly one more.
   */
  rescan(): Promise<boolean> {
    return this.follower.rescan();
  }

  private async scanOnce(): Promise<boolean> {
    let changed = await this.loadCategories();
    if (await this.loadSynonyms()) changed = true;
    if (await this.loadTagLabels()) changed = true;
    const files = await listMarkdownFiles(this.articlesDir);
    const seen = new Set<string>();
    const toRead: { file: string; slug: string; stat: fs.Stats }[] = [];

    await mapLimit(files, 64, async (file) => {
      const relative = path.relative(this.articlesDir, file).split(path.sep).join('/');
      const slug = relative.replace(/\.md$/, '');
      let stat: fs.Stats;
      try {
        stat = await fsp.stat(file);
      } catch {
        return; // deleted between listing and stat
      }
      seen.add(slug);
      const known = this.articles.get(slug);
      const knownProblem = this.problemsByFile.has(relative);
      if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return;
      if (!known && knownProblem && this.problemStats.get(relative) === `${stat.mtimeMs}:${stat.size}`) return;
      toRead.push({ file, slug, stat });
    });

    for (const slug of [...this.articles.keys()]) {
      if (!seen.has(slug)) {
        this.articles.delete(slug);
        this.rendered.delete(slug);
        changed = true;
      }
    }
    for (const relative of [...this.problemsByFile.keys()]) {
      if (!seen.has(relative.replace(/\.md$/, ''))) {
        this.problemsByFile.delete(relative);
        this.problemStats.delete(relative);
      }
    }

    await mapLimit(toRead, 64, async ({ file, slug, stat }) => {
      const relative = `${slug}.md`;
      let source: string;
      try {
        source = await fsp.readFile(file, 'utf8');
      } catch {
        return;
      }
      const problems = this.checkArticle(slug, source, stat);
      if (problems.length > 0) {
        this.problemsByFile.set(relative, problems.map((problem) => ({ file: `articles/${relative}`, ...problem })));
        this.problemStats.set(relative, `${stat.mtimeMs}:${stat.size}`);
        for (const problem of problems) this.log(`content/articles/${relative}: ${problem.field}: ${problem.reason} — file skipped`);
        if (this.articles.delete(slug)) this.rendered.delete(slug);
      } else {
        this.problemsByFile.delete(relative);
        this.problemStats.delete(relative);
        this.rendered.delete(slug);
      }
      changed = true;
    });

    if (changed) {
      this.articles = new Map([...this.articles.entries()].sort(([a], [b]) => a.localeCompare(b)));
      this.version++;
      for (const listener of this.listeners) {
        try {
          listener(this);
        } catch (error) {
          this.log(`content change listener failed: ${(error as Error).message}`);
        }
      }
    }
    return changed;
  }

  private problemStats = new Map<string, string>();

  /** Validates and stores one article; returns the problems that made it skip. */
  private checkArticle(slug: string, source: string, stat: fs.Stats): Omit<ContentProblem, 'file'>[] {
    if (!SLUG_PATTERN.test(slug)) {
      return [{ field: '(file name)', reason: 'must be lower-case letters, digits and hyphens, e.g. reset-password.md' }];
    }
    const result = parseArticleFile(slug, source);
    if (!result.ok) return result.problems;
    this.articles.set(slug, { ...result.article, mtimeMs: stat.mtimeMs, size: stat.size });
    return [];
  }

  private categoriesStamp = '';

  private synonymGroups: string[][] = [];
  private synonymsStamp = '';

  /** Synonym groups from content/synonyms.yml (a list of lists of words). */
  synonyms(): string[][] {
    return this.synonymGroups;
  }

  private tagLabelMap: TagLabels = new Map();
  private tagLabelsStamp = '';

  /** How a tag is shown to readers in `lang` (content/tags.yml, or the key made readable). */
  tagLabel(tag: string, lang: Lang): string {
    return tagLabel(this.tagLabelMap, tag, lang);
  }

  private async loadTagLabels(): Promise<boolean> {
    const source = await fsp.readFile(path.join(this.contentDir, 'tags.yml'), 'utf8').catch(() => '');
    if (source === this.tagLabelsStamp) return false;
    this.tagLabelsStamp = source;
    this.tagLabelMap = parseTagLabels(source, this.log);
    return true;
  }

  private async loadSynonyms(): Promise<boolean> {
    const file = path.join(this.contentDir, 'synonyms.yml');
    const source = await fsp.readFile(file, 'utf8').catch(() => '');
    if (source === this.synonymsStamp) return false;
    this.synonymsStamp = source;
    let groups: string[][] = [];
    if (source.trim()) {
      try {
        const data = yaml.load(source);
        if (!Array.isArray(data)) this.log('content/synonyms.yml: must be a list of word lists, e.g. - [folder, directory, Ordner]');
        else {
          // A bad group is reported and skipped; the others still apply.
          data.forEach((entry, index) => {
            const parsed = synonymGroupSchema.safeParse(entry);
            if (parsed.success) groups.push(parsed.data);
            else this.log(`content/synonyms.yml: entry ${index + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'} — skipped`);
          });
        }
      } catch (error) {
        this.log(`content/synonyms.yml: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    this.synonymGroups = groups;
    return true;
  }

  private async loadCategories(): Promise<boolean> {
    const file = path.join(this.contentDir, 'categories.yml');
    let source = '';
    try {
      source = await fsp.readFile(file, 'utf8');
    } catch {
      source = '';
    }
    if (source === this.categoriesStamp) return false;
    this.categoriesStamp = source;
    const next = new Map<string, Category>();
    if (source.trim()) {
      try {
        const parsed = categoriesSchema.safeParse(yaml.load(source));
        if (!parsed.success) {
          for (const issue of parsed.error.issues) this.log(`content/categories.yml: ${issue.path.join('.')}: ${issue.message}`);
        } else {
          for (const [key, value] of Object.entries(parsed.data)) {
            const pick = (text: z.infer<typeof localized> | undefined, lang: Lang): string =>
              text === undefined ? '' : typeof text === 'string' ? text : text[lang];
            next.set(key, {
              key,
              label: Object.fromEntries(LANGS.map((lang) => [lang, pick(value.label, lang)])) as Record<Lang, string>,
              description: Object.fromEntries(LANGS.map((lang) => [lang, pick(value.description, lang)])) as Record<Lang, string>,
              order: value.order ?? 100,
            });
          }
        }
      } catch (error) {
        this.log(`content/categories.yml: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    this.categoryMap = next;
    return true;
  }
}

/** Runs an async function over items with at most `limit` in flight. */
async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}

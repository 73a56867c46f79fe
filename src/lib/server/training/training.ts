/**
 * Training pages on disk: content/training/**\/*.md (validated front matter, see
 * training-schema.ts) and content/training/modules.yml (module labels and order). Staff only:
 * nothing here is ever part of the public article store or the public search index. Kept in
 * memory, rendered through the one Markdown pipeline, and re-read when the folder changes.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { z } from 'zod';
import { KEY_PATTERN } from '../knowledge/article-schema.ts';
import { FolderFollower, listMarkdownFiles, splitMarkdownSource } from '../platform/content-folder.ts';
import { parseTrainingFrontmatter, type SelfCheckQuestion, type TrainingFrontmatter } from './training-schema.ts';
import type { MarkdownOptions } from '../knowledge/markdown.ts';
import { RenderCache } from '../knowledge/render-cache.ts';
import type { SafeRendered } from '../knowledge/render-markdown-safely.ts';
import type { IndexableDoc } from '../../search/build-index.ts';
import type { Lang } from '../../languages.ts';

/** Prefix of training pages' ids in the staff search index (article slugs never contain ":"). */
export const TRAINING_DOC_PREFIX = 'training:';

/** Slugs and first folders the training routes use for themselves (/staff/training/progress, /new, /edit/…, /history/…). */
const RESERVED_SLUGS = new Set(['progress', 'new', 'edit', 'history']);

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

/** A training page as loaded from its file. */
export interface TrainingPage extends Omit<TrainingFrontmatter, 'translationKey'> {
  /** Path below content/training without ".md": the URL is /staff/training/<slug>. */
  slug: string;
  /** Links the language versions; progress is recorded per key. */
  translationKey: string;
  /** Markdown body without front matter. */
  body: string;
  /** Plain text of the body, for staff search. */
  text: string;
}

/** A module: a group of pages with labels per language and a position in the curriculum. */
export interface TrainingModule {
  key: string;
  label: Record<Lang, string>;
  description: Record<Lang, string>;
  order: number;
}

/** One page of the curriculum: its key and the version shown to a reader. */
export interface CurriculumPage {
  key: string;
  page: TrainingPage;
  /** Every language version of the page. */
  versions: TrainingPage[];
}

/** A module with its pages in order. */
export interface CurriculumModule {
  module: TrainingModule;
  pages: CurriculumPage[];
}

/** A file that was skipped, with the field and reason. */
export interface TrainingProblem {
  file: string;
  field: string;
  reason: string;
}

/** A self-check question as the browser may see it before submitting: no right answers, no explanation. */
export interface PublicQuestion {
  question: string;
  options: string[];
  /** True when more than one option is right (checkboxes instead of radio buttons). */
  multiple: boolean;
}

const localized = z.union([z.string(), z.object({ de: z.string(), en: z.string() })]);
const modulesSchema = z.record(
  z.string().regex(KEY_PATTERN),
  z.strictObject({ label: localized, description: localized.optional(), order: z.number().optional() }),
);

function both(value: z.infer<typeof localized> | undefined): Record<Lang, string> {
  if (value === undefined) return { de: '', en: '' };
  return typeof value === 'string' ? { de: value, en: value } : value;
}

function humanize(key: string): string {
  const words = key.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The questions without their right answers and explanations: what a page may render before grading. */
export function publicQuestions(questions: readonly SelfCheckQuestion[]): PublicQuestion[] {
  return questions.map((question) => ({
    question: question.question,
    options: question.options.map((option) => option.text),
    multiple: question.options.filter((option) => option.correct).length > 1,
  }));
}

/** Parses one training file's text. */
export function parseTrainingFile(
  slug: string,
  source: string,
): { ok: true; page: TrainingPage } | { ok: false; problems: { field: string; reason: string }[] } {
  if (!SLUG_PATTERN.test(slug)) return { ok: false, problems: [{ field: '(file name)', reason: 'must be lower-case letters, digits and hyphens' }] };
  if (RESERVED_SLUGS.has(slug) || RESERVED_SLUGS.has(slug.split('/')[0])) return { ok: false, problems: [{ field: '(file name)', reason: `"${slug}" is reserved for a training route` }] };
  const split = splitMarkdownSource(source);
  if (!split.ok) return split;
  const result = parseTrainingFrontmatter(split.data);
  if (!result.ok) return { ok: false, problems: result.issues };
  return {
    ok: true,
    page: { ...result.data, slug, translationKey: result.data.translationKey ?? slug.replaceAll('/', '-'), body: split.body, text: split.text },
  };
}

type Listener = (store: TrainingStore) => void;

/** Holds the training pages in memory; `watch()` re-reads them after changes on disk. */
export class TrainingStore {
  readonly trainingDir: string;
  private pages = new Map<string, TrainingPage>();
  private moduleMap = new Map<string, TrainingModule>();
  private readonly rendered: RenderCache;
  /** Where rendered bodies may load images from (MEDIA_HOSTS) and the site's origin. */
  readonly markdown: MarkdownOptions;
  private indexable = new Map<string, IndexableDoc>();
  private problemList: TrainingProblem[] = [];
  private signature = '';
  private listeners = new Set<Listener>();
  private readonly follower: FolderFollower;
  private readonly log: (message: string) => void;
  /** Increases with every change. */
  version = 0;

  constructor(contentDir: string, log: (message: string) => void = (message) => console.warn(message), markdown: MarkdownOptions = {}) {
    this.markdown = markdown;
    this.rendered = new RenderCache(markdown, (slug, refused) => log(`content/training/${slug}.md: cannot be rendered (${refused.reason}); its page shows a notice until the text is fixed`));
    this.trainingDir = path.join(path.resolve(contentDir), 'training');
    this.log = log;
    this.follower = new FolderFollower(this.trainingDir, 'training', () => this.scanOnce(), log);
  }

  /** Every page, in slug order. */
  all(): TrainingPage[] {
    return [...this.pages.values()];
  }

  /** One page by slug, or null. */
  get(slug: string): TrainingPage | null {
    return this.pages.get(slug) ?? null;
  }

  /** The page's rendered HTML (in a worker, within the time limit), cached until it changes; or why not. */
  render(page: TrainingPage): Promise<SafeRendered> {
    return this.rendered.get(page.slug, page.body);
  }

  /** The other language versions of a page. */
  translationsOf(page: TrainingPage): TrainingPage[] {
    return this.all().filter((other) => other.translationKey === page.translationKey && other.slug !== page.slug);
  }

  /** A module by key; modules that only pages name get a readable default label. */
  module(key: string): TrainingModule {
    return this.moduleMap.get(key) ?? { key, label: { de: humanize(key), en: humanize(key) }, description: { de: '', en: '' }, order: 1000 };
  }

  /**
   * The curriculum for a reader: modules in order, each with its pages in order, one entry
   * per page (translation key) in the reader's language, or another language when the page
   * has no version in it.
   */
  curriculum(lang: Lang): CurriculumModule[] {
    const byKey = new Map<string, TrainingPage[]>();
    for (const page of this.pages.values()) {
      const list = byKey.get(page.translationKey) ?? [];
      list.push(page);
      byKey.set(page.translationKey, list);
    }
    const modules = new Map<string, CurriculumPage[]>();
    for (const [key, versions] of byKey) {
      const page = versions.find((version) => version.lang === lang) ?? versions[0];
      const list = modules.get(page.module) ?? [];
      list.push({ key, page, versions });
      modules.set(page.module, list);
    }
    return [...modules.entries()]
      .map(([key, pages]) => ({
        module: this.module(key),
        pages: pages.sort((a, b) => a.page.order - b.page.order || a.page.title.localeCompare(b.page.title)),
      }))
      .sort((a, b) => a.module.order - b.module.order || a.module.key.localeCompare(b.module.key));
  }

  /** Files that were skipped, with the field and reason. */
  problems(): TrainingProblem[] {
    return [...this.problemList];
  }

  /** The pages as staff-search documents (ids prefixed with TRAINING_DOC_PREFIX); the same objects until a page changes. */
  docs(): IndexableDoc[] {
    return this.all().map((page) => {
      let doc = this.indexable.get(page.slug);
      if (!doc) {
        doc = {
          id: `${TRAINING_DOC_PREFIX}${page.slug}`,
          title: page.title,
          summary: page.summary,
          lang: page.lang,
          category: page.module,
          translationKey: `${TRAINING_DOC_PREFIX}${page.translationKey}`,
          tags: page.tags,
          body: page.text,
        };
        this.indexable.set(page.slug, doc);
      }
      return doc;
    });
  }

  /** Calls the listener after every change. Returns an unsubscribe function. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the training folder. */
  async load(): Promise<void> {
    await this.rescan();
  }

  /** Follows the training folder: a change re-reads it (after 100 ms of quiet); polls when watching fails. */
  watch(): void {
    this.follower.watch();
  }

  /** Stops following the folder. */
  close(): void {
    this.follower.close();
  }

  /** Re-reads the folder (one scan at a time) and notifies listeners when anything changed. */
  rescan(): Promise<boolean> {
    return this.follower.rescan();
  }

  private async scanOnce(): Promise<boolean> {
    const files = await listMarkdownFiles(this.trainingDir);
    const modulesFile = path.join(this.trainingDir, 'modules.yml');
    const stats = await Promise.all(
      [modulesFile, ...files].map(async (file) => {
        const stat = await fsp.stat(file).catch(() => null);
        return stat ? `${file}:${stat.mtimeMs}:${stat.size}` : '';
      }),
    );
    // The folder is small: on any change, everything is read again.
    const signature = stats.join('\n');
    if (signature === this.signature) return false;
    this.signature = signature;

    const problems: TrainingProblem[] = [];
    const modules = new Map<string, TrainingModule>();
    const modulesSource = await fsp.readFile(modulesFile, 'utf8').catch(() => null);
    if (modulesSource !== null) {
      try {
        const parsed = modulesSchema.safeParse(yaml.load(modulesSource, { schema: yaml.CORE_SCHEMA }) ?? {});
        if (parsed.success) {
          for (const [key, value] of Object.entries(parsed.data)) {
            modules.set(key, { key, label: both(value.label), description: both(value.description), order: value.order ?? 1000 });
          }
        } else {
          for (const issue of parsed.error.issues) problems.push({ file: 'training/modules.yml', field: issue.path.join('.') || '(file)', reason: issue.message });
        }
      } catch (error) {
        problems.push({ file: 'training/modules.yml', field: '(file)', reason: `not valid YAML: ${(error as Error).message.split('\n')[0]}` });
      }
    }

    const pages = new Map<string, TrainingPage>();
    for (const file of files.sort()) {
      const relative = path.relative(this.trainingDir, file).split(path.sep).join('/');
      const slug = relative.replace(/\.md$/, '');
      const source = await fsp.readFile(file, 'utf8').catch(() => null);
      if (source === null) continue;
      const result = parseTrainingFile(slug, source);
      if (result.ok) pages.set(slug, result.page);
      else for (const problem of result.problems) problems.push({ file: `training/${relative}`, ...problem });
    }
    for (const problem of problems) this.log(`content/${problem.file}: ${problem.field}: ${problem.reason} — skipped`);

    for (const [slug, page] of this.pages) {
      const now = pages.get(slug);
      if (!now || now.body !== page.body || JSON.stringify(now) !== JSON.stringify(page)) {
        this.rendered.delete(slug);
        this.indexable.delete(slug);
      } else {
        pages.set(slug, page); // unchanged: keep the same object (the search index's analysis cache keys on it)
      }
    }
    this.pages = pages;
    this.moduleMap = modules;
    this.problemList = problems;
    this.version++;
    for (const listener of this.listeners) {
      try {
        listener(this);
      } catch (error) {
        this.log(`training change listener failed: ${(error as Error).message}`);
      }
    }
    return true;
  }
}


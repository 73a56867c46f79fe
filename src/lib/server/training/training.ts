/**
 * Training pages on disk: content/training/**\/*.md (validated front matter, see
 * training-schema.ts) and content/training/modules.yml (module labels and order). Staff only:
 * nothing here is ever part of the public article store or the public search index. Kept in
 * memory, rendered through the one Markdown pipeline, and re-read when the folder changes.
 * What it shares with the article store is knowledge/markdown-collection.ts; modules' labels
 * are knowledge/localized-groups.ts, as categories' are.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { z } from 'zod';
import { KEY_PATTERN } from '../knowledge/article-schema.ts';
import { listMarkdownFiles } from '../platform/content-folder.ts';
import { parseTrainingFrontmatter, type SelfCheckQuestion, type TrainingFrontmatter } from './training-schema.ts';
import type { MarkdownOptions } from '../knowledge/markdown.ts';
import { MarkdownCollection, parseMarkdownFile } from '../knowledge/markdown-collection.ts';
import { localizedText, textsByLang, unnamedGroup, type LabelledGroup } from '../knowledge/localized-groups.ts';
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
export type TrainingModule = LabelledGroup;

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

const modulesSchema = z.record(
  z.string().regex(KEY_PATTERN),
  z.strictObject({ label: localizedText, description: localizedText.optional(), order: z.number().optional() }),
);

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
  const parsed = parseMarkdownFile(slug, source, parseTrainingFrontmatter);
  return parsed.ok ? { ok: true, page: parsed.doc } : parsed;
}

/** Holds the training pages in memory; `watch()` re-reads them after changes on disk. */
export class TrainingStore extends MarkdownCollection<TrainingPage> {
  readonly trainingDir: string;
  private moduleMap = new Map<string, TrainingModule>();
  private indexable = new Map<string, IndexableDoc>();
  private problemList: TrainingProblem[] = [];
  private signature = '';

  constructor(contentDir: string, log: (message: string) => void = (message) => console.warn(message), markdown: MarkdownOptions = {}) {
    const trainingDir = path.join(path.resolve(contentDir), 'training');
    super({ followDir: trainingDir, folder: 'training', label: 'training', log, markdown });
    this.trainingDir = trainingDir;
  }

  /** A module by key; modules that only pages name get a readable default label. */
  module(key: string): TrainingModule {
    return this.moduleMap.get(key) ?? unnamedGroup(key);
  }

  /**
   * The curriculum for a reader: modules in order, each with its pages in order, one entry
   * per page (translation key) in the reader's language, or another language when the page
   * has no version in it.
   */
  curriculum(lang: Lang): CurriculumModule[] {
    const byKey = new Map<string, TrainingPage[]>();
    for (const page of this.bySlug.values()) {
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

  protected async scanOnce(): Promise<boolean> {
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
            modules.set(key, { key, label: textsByLang(value.label), description: textsByLang(value.description), order: value.order ?? 1000 });
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

    for (const [slug, page] of this.bySlug) {
      const now = pages.get(slug);
      if (!now || now.body !== page.body || JSON.stringify(now) !== JSON.stringify(page)) {
        this.rendered.delete(slug);
        this.indexable.delete(slug);
      } else {
        pages.set(slug, page); // unchanged: keep the same object (the search index's analysis cache keys on it)
      }
    }
    this.bySlug = pages;
    this.moduleMap = modules;
    this.problemList = problems;
    this.changed();
    return true;
  }
}


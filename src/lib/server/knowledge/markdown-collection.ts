/**
 * A folder of Markdown files kept in memory: what the article store (content/articles) and
 * the training store (content/training) have in common. It owns the documents by slug, their
 * rendered bodies (RenderCache), the change listeners and the folder follower; each store
 * brings its own scan (how it reads its folder and its front matter).
 *
 * Rules that always hold: `all()` is in slug order; a scan that changed anything ends in
 * `changed()`, which bumps `version` and calls every listener (one failing listener is
 * logged and does not stop the others); a rendered body is dropped whenever its file changes.
 */
import { FolderFollower, splitMarkdownSource } from '../platform/content-folder.ts';
import type { FrontmatterIssue } from './article-schema.ts';
import type { MarkdownOptions } from './markdown.ts';
import { RenderCache } from './render-cache.ts';
import type { SafeRendered } from './render-markdown-safely.ts';

/** What every document of a collection has. */
export interface MarkdownDoc {
  /** Path below the collection's folder without ".md". */
  slug: string;
  /** Links the language versions; the slug (slashes as hyphens) when the file names none. */
  translationKey: string;
  /** Markdown body without front matter. */
  body: string;
  /** Plain text of the body, for search and snippets. */
  text: string;
}

/** The parts of a document that come from its file: front matter, slug, body and text. */
export type ParsedDoc<F extends { translationKey?: string }> = Omit<F, 'translationKey'> & MarkdownDoc;

/**
 * Parses one file's text with a collection's front matter parser: the front matter's fields,
 * the slug, the translation key (the slug with hyphens when none is given), body and text.
 */
export function parseMarkdownFile<F extends { translationKey?: string }>(
  slug: string,
  source: string,
  parseFrontmatter: (data: unknown) => { ok: true; data: F } | { ok: false; issues: FrontmatterIssue[] },
): { ok: true; doc: ParsedDoc<F> } | { ok: false; problems: FrontmatterIssue[] } {
  const split = splitMarkdownSource(source);
  if (!split.ok) return split;
  const result = parseFrontmatter(split.data);
  if (!result.ok) return { ok: false, problems: result.issues };
  return {
    ok: true,
    doc: { ...result.data, slug, translationKey: result.data.translationKey ?? slug.replaceAll('/', '-'), body: split.body, text: split.text },
  };
}

/** How a collection names itself in the log. */
export interface CollectionOptions {
  /** The folder the follower watches (the collection's folder, or the content folder around it). */
  followDir: string;
  /** The collection's folder below content/, for log lines ("articles", "training"). */
  folder: string;
  /** The follower's and the listeners' name in the log ("content", "training"). */
  label: string;
  log: (message: string) => void;
  markdown: MarkdownOptions;
}

/**
 * The shared half of a Markdown store. Subclasses keep `bySlug` current in `scanOnce()` and call
 * `changed()` when anything changed.
 */
export abstract class MarkdownCollection<T extends MarkdownDoc> {
  /** The documents by slug, in slug order. */
  protected bySlug = new Map<string, T>();
  protected readonly rendered: RenderCache;
  /** Where rendered bodies may load images from (MEDIA_HOSTS) and the site's origin. */
  readonly markdown: MarkdownOptions;
  protected readonly log: (message: string) => void;
  private readonly follower: FolderFollower;
  private readonly label: string;
  private listeners = new Set<(store: this) => void>();
  /** Increases with every change; lets caches tell whether they are current. */
  version = 0;

  constructor(options: CollectionOptions) {
    this.log = options.log;
    this.markdown = options.markdown;
    this.label = options.label;
    this.rendered = new RenderCache(options.markdown, (slug, refused) =>
      options.log(`content/${options.folder}/${slug}.md: cannot be rendered (${refused.reason}); its page shows a notice until the text is fixed`),
    );
    this.follower = new FolderFollower(options.followDir, options.label, () => this.scanOnce(), options.log);
  }

  /** Reads the folder and updates `docs`; true when anything changed (then it has called `changed()`). */
  protected abstract scanOnce(): Promise<boolean>;

  /** Every document, in slug order. */
  all(): T[] {
    return [...this.bySlug.values()];
  }

  /** One document by slug, or null. */
  get(slug: string): T | null {
    return this.bySlug.get(slug) ?? null;
  }

  /**
   * The document's rendered HTML and table of contents, rendered once (in a worker, within the
   * time limit) and cached until it changes; or why it cannot be rendered (the page shows a notice).
   */
  render(doc: T): Promise<SafeRendered> {
    return this.rendered.get(doc.slug, doc.body);
  }

  /** The other language versions of a document (same translation key). */
  translationsOf(doc: T): T[] {
    return this.all().filter((other) => other.translationKey === doc.translationKey && other.slug !== doc.slug);
  }

  /** Calls the listener after every batch of changes. Returns an unsubscribe function. */
  onChange(listener: (store: this) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the whole folder. */
  async load(): Promise<void> {
    await this.rescan();
  }

  /**
   * Follows the folder. Changes are batched (a `git pull` touches many files at once, 100 ms
   * of quiet) and applied by a rescan; polls when watching fails.
   */
  watch(): void {
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

  /** After a scan that changed anything: a new version, and every listener is told. */
  protected changed(): void {
    this.version++;
    for (const listener of this.listeners) {
      try {
        listener(this);
      } catch (error) {
        this.log(`${this.label} change listener failed: ${(error as Error).message}`);
      }
    }
  }
}

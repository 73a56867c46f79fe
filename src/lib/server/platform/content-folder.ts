/**
 * What the article store and the training store share about a folder of Markdown files:
 * listing them, splitting a file into front matter and body, and following the folder for
 * changes (chokidar, polling when watching fails, one scan at a time).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { watch as watchFolder, type FSWatcher } from 'chokidar';
import matter from 'gray-matter';
import { MATTER_OPTIONS, type FrontmatterIssue } from '../knowledge/article-schema.ts';
import { markdownToPlainText } from '../knowledge/markdown.ts';

/** All .md files below a folder (none when it does not exist); hidden files are skipped. */
export async function listMarkdownFiles(dir: string): Promise<string[]> {
  let entries: fs.Dirent[];
  try {
    entries = await fsp.readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && !entry.name.startsWith('.'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** A Markdown file split into its raw front matter and its body (plus the body as plain text). */
export type MarkdownSource = { ok: true; data: unknown; body: string; text: string } | { ok: false; problems: FrontmatterIssue[] };

/** Splits a file's text into front matter (YAML, not yet validated) and body. */
export function splitMarkdownSource(source: string): MarkdownSource {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(source, MATTER_OPTIONS);
  } catch (error) {
    return { ok: false, problems: [{ field: '(front matter)', reason: `not valid YAML: ${(error as Error).message.split('\n')[0]}` }] };
  }
  const body = parsed.content.replace(/^\s*\n/, '');
  return { ok: true, data: parsed.data, body, text: markdownToPlainText(body) };
}

/**
 * Follows a folder and calls `scan` after changes (100 ms after the last event), or every
 * 2 s when the platform cannot watch it. `rescan()` runs one scan at a time; a request
 * during a scan queues exactly one more. Watching is chokidar's (a watch per folder): Node's
 * own recursive `fs.watch` on Linux loses a file once it was replaced by a rename (every
 * atomic save), so a later change or deletion of that file in git went unnoticed. Hidden
 * names (temporary files of atomic writes, `.git`, `.tierzero-seen.json`) are not followed.
 */
export class FolderFollower {
  private watcher: FSWatcher | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private rescanTimer: NodeJS.Timeout | null = null;
  private scanning: Promise<boolean> | null = null;
  private rescanQueued = false;
  private readonly dir: string;
  private readonly label: string;
  private readonly scan: () => Promise<boolean>;
  private readonly log: (message: string) => void;

  /** `scan` reads the folder and says whether anything changed; `label` names it in log lines. */
  constructor(dir: string, label: string, scan: () => Promise<boolean>, log: (message: string) => void) {
    this.dir = dir;
    this.label = label;
    this.scan = scan;
    this.log = log;
  }

  /** Starts following the folder (created if missing). Calling it again does nothing. */
  watch(): void {
    if (this.watcher || this.pollTimer) return;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const watcher = watchFolder(this.dir, { ignoreInitial: true, ignored: (file) => file !== this.dir && path.basename(file).startsWith('.') });
      watcher.on('all', () => this.scheduleRescan());
      // What changed while the watches were being set up is caught by one scan when they stand.
      watcher.once('ready', () => this.scheduleRescan());
      watcher.on('error', (error) => {
        this.log(`${this.label} watcher failed (${error instanceof Error ? error.message : String(error)}); polling every 2 s instead`);
        void watcher.close();
        this.watcher = null;
        this.startPolling();
      });
      this.watcher = watcher;
    } catch (error) {
      this.log(`cannot watch ${this.dir} (${(error as Error).message}); polling every 2 s instead`);
      this.startPolling();
    }
  }

  /** Stops following the folder. */
  close(): void {
    void this.watcher?.close();
    this.watcher = null;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.pollTimer = null;
    this.rescanTimer = null;
  }

  /** Scans now (or once more after the running scan); resolves to whether anything changed. */
  rescan(): Promise<boolean> {
    if (this.scanning) {
      this.rescanQueued = true;
      return this.scanning;
    }
    this.scanning = this.scan().finally(() => {
      this.scanning = null;
      if (this.rescanQueued) {
        this.rescanQueued = false;
        void this.rescan();
      }
    });
    return this.scanning;
  }

  private startPolling(): void {
    this.pollTimer = setInterval(() => void this.rescan(), 2000);
    this.pollTimer.unref();
  }

  private scheduleRescan(): void {
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = null;
      void this.rescan();
    }, 100);
  }
}

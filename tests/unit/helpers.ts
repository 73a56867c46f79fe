/**
 * Shared helpers for the unit tests: temporary content folders with small article files,
 * and polling for things that happen asynchronously (the content watcher, index rebuilds).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** Front matter fields of a test article; everything but the title has a default. */
export interface ArticleSpec {
  title: string;
  summary?: string;
  category?: string;
  tags?: string[];
  lang?: 'de' | 'en';
  translationKey?: string;
  audience?: 'public' | 'internal';
  status?: 'draft' | 'not_validated' | 'validated' | 'archived';
  updated?: string;
  body?: string;
}

/** Creates an empty folder in the system's temp folder; remove it with `removeDir`. */
export function makeTempDir(prefix = 'tierzero-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Removes a temp folder and everything in it. */
export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** For a suite: a function that makes a new empty temp folder, each removed after its test. */
export function useTempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach(removeDir));
  return () => {
    const dir = makeTempDir(prefix);
    dirs.push(dir);
    return dir;
  };
}

/** The text of an article file with valid front matter. */
export function articleSource(spec: ArticleSpec): string {
  const lines = [
    '---',
    `title: ${JSON.stringify(spec.title)}`,
    `summary: ${JSON.stringify(spec.summary ?? `About ${spec.title}.`)}`,
    `category: ${spec.category ?? 'general'}`,
    `tags: ${JSON.stringify(spec.tags ?? [])}`,
    `lang: ${spec.lang ?? 'en'}`,
    ...(spec.translationKey ? [`translationKey: ${spec.translationKey}`] : []),
    `audience: ${spec.audience ?? 'public'}`,
    `status: ${spec.status ?? 'validated'}`,
    `updated: ${spec.updated ?? '2026-10-14'}`,
    '---',
    '',
    spec.body ?? 'Some text.',
    '',
  ];
  return lines.join('\n');
}

/** Writes a file below `dir`, creating folders as needed; returns its full path. */
export function writeFile(dir: string, relative: string, content: string): string {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** Writes content/articles/<slug>.md below a content folder. */
export function writeArticle(contentDir: string, slug: string, spec: ArticleSpec): string {
  return writeFile(contentDir, `articles/${slug}.md`, articleSource(spec));
}

/**
 * Calls `check` until it returns a truthy value or the timeout passes; returns that value,
 * or throws with `what` in the message. Used instead of fixed sleeps.
 */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 8000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

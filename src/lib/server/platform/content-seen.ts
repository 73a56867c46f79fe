/**
 * Which files a content folder has held (scale-out only), so that a file
 * missing from the folder can be told apart: one the folder had was deleted outside the editor
 * (git rm + deploy); one it never had was created in the browser on another instance and is
 * not here yet (content-revisions.ts decides what to do with each).
 *
 * The list lives in the folder itself, `<collection folder>/.tierzero-seen.json` (a JSON array
 * of slugs), because it describes that folder: two instances sharing one checkout share it,
 * instances with their own checkouts each have their own. (DATA_DIR may be shared by all
 * instances with different folders, so it cannot live there.) The content repository should
 * ignore it (`.gitignore`).
 * Rules that always hold: changes are read-modify-write, one at a time per folder in this
 * process, written atomically; a folder that cannot be written logs a warning and the list is
 * simply not updated (the worst case is the old behaviour: a missing file is written back).
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';

/** The list's file name inside a collection's folder (hidden and not .md: no store reads it). */
export const SEEN_FILE = '.tierzero-seen.json';

const seenFile = (dir: string): string => path.join(dir, SEEN_FILE);

/** The slugs the folder has held, or null when it never kept a list (a new folder, or before this existed). */
export async function readSeen(dir: string): Promise<Set<string> | null> {
  let text: string;
  try {
    text = await fsp.readFile(seenFile(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const list: unknown = JSON.parse(text);
    return new Set(Array.isArray(list) ? list.filter((slug): slug is string => typeof slug === 'string') : []);
  } catch {
    console.warn(`content: ${seenFile(dir)} is not a JSON list; starting a new one`);
    return new Set();
  }
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Adds `present` and removes `gone` from the folder's list (creating it). Writes nothing when
 * nothing changes. Never throws: a failure is logged.
 */
export function updateSeen(dir: string, present: readonly string[], gone: readonly string[] = []): Promise<void> {
  const key = path.resolve(dir);
  const task = async (): Promise<void> => {
    try {
      const before = await readSeen(dir);
      const seen = new Set(before ?? []);
      for (const slug of present) seen.add(slug);
      for (const slug of gone) seen.delete(slug);
      const same = before !== null && before.size === seen.size && [...seen].every((slug) => before.has(slug));
      if (same) return;
      await writeFileAtomic(seenFile(dir), `${JSON.stringify([...seen].sort(), null, 0)}\n`);
    } catch (error) {
      console.warn(`content: cannot update ${seenFile(dir)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const run = (queues.get(key) ?? Promise.resolve()).then(task);
  queues.set(key, run);
  void run.finally(() => {
    if (queues.get(key) === run) queues.delete(key);
  });
  return run;
}

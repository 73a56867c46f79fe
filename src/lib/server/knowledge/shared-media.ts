/**
 * Editor images on several instances (PostgreSQL): an upload is written into the uploading
 * instance's content/media folder (media-upload.ts) and recorded in the database
 * (`media_uploads`, named by its content hash, so one name is always the same bytes); the
 * other instances hear 'media' and write it into their own folder with its responsive
 * variants, and at start-up (or after a lost connection) they write every upload they lack.
 * A request for an image that has not arrived yet is answered from the database.
 * Rules that always hold: a file that exists in the folder is never overwritten (git and the
 * database agree by the hash in the name); on SQLite (one instance) nothing is recorded and
 * nothing is written.
 */
import path from 'node:path';
import fsp from 'node:fs/promises';
import type { Database } from '../platform/database/connect.ts';
import { notify } from '../platform/database/notify.ts';
import { writeFileAtomic } from '../platform/atomic-write.ts';
import { ensureImageVariants } from './image-variants.ts';

/** Records an uploaded image for the other instances and tells them (PostgreSQL only). */
export async function shareMediaUpload(database: Database, fileName: string, bytes: Uint8Array, now = Date.now()): Promise<void> {
  if (database.engine !== 'postgres') return;
  await database.kysely
    .insertInto('media_uploads')
    .values({ file_name: fileName, data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), created_at: now })
    .onConflict((conflict) => conflict.column('file_name').doNothing())
    .execute();
  await notify(database, 'media', fileName);
}

const exists = (file: string): Promise<boolean> =>
  fsp.access(file).then(
    () => true,
    () => false,
  );

/**
 * Writes the recorded uploads that `mediaDir` lacks (all of them, or only `names`) and makes
 * their variants; returns the names written. Nothing on SQLite.
 */
export async function materialiseMedia(database: Database, mediaDir: string, names?: readonly string[]): Promise<string[]> {
  if (database.engine !== 'postgres' || names?.length === 0) return [];
  let query = database.kysely.selectFrom('media_uploads').select('file_name');
  if (names) query = query.where('file_name', 'in', [...names]);
  const missing: string[] = [];
  for (const { file_name: name } of await query.execute()) {
    // Only plain names: a recorded name never leads out of the folder.
    if (name === path.basename(name) && !name.startsWith('.') && !(await exists(path.join(mediaDir, name)))) missing.push(name);
  }
  for (const name of missing) {
    const row = await database.kysely.selectFrom('media_uploads').select('data').where('file_name', '=', name).executeTakeFirst();
    if (row) await writeFileAtomic(path.join(mediaDir, name), row.data);
  }
  if (missing.length) await ensureImageVariants(mediaDir, missing).catch((error: unknown) => console.warn(`media: ${error instanceof Error ? error.message : String(error)}`));
  return missing;
}

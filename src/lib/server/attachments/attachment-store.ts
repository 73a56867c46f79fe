/**
 * Stored attachments: the files under DATA_DIR/attachments (outside the web root, random
 * names, written atomically) and their rows. A file is written before the transaction that
 * records it; a file whose transaction did not commit is removed again (`discardFiles`).
 * Reading a file always goes through its row, never through a name from a request.
 *
 * On PostgreSQL (several instances, each with its own DATA_DIR) the bytes are also recorded in
 * the database (`attachment_data`, in the same transaction as the row), so every instance can
 * serve and mail every attachment; an instance that lacks the file reads the bytes from the
 * database and keeps them as its local copy (`readAttachmentData`). SQLite (one instance)
 * keeps the file as the only copy.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { engineOf, type Trx } from '../platform/database/write-transaction.ts';
import type { Database } from '../platform/database/connect.ts';
import { writeFileAtomic } from '../platform/atomic-write.ts';

/** An attachment as staff and customers see it. */
export interface Attachment {
  id: number;
  ticketId: number;
  messageId: number | null;
  fileName: string;
  mime: string;
  size: number;
  createdAt: number;
}

/** A file written to disk, not yet recorded. */
export interface StoredFile {
  storageName: string;
  fileName: string;
  mime: string;
  size: number;
  /** The bytes, for the database copy on PostgreSQL (absent: the file alone is recorded). */
  data?: Uint8Array;
}

interface Row {
  id: number;
  ticket_id: number;
  message_id: number | null;
  file_name: string;
  mime: string;
  size: number;
  storage_name: string;
  created_at: number;
}

function toAttachment(row: Row): Attachment {
  return { id: row.id, ticketId: row.ticket_id, messageId: row.message_id, fileName: row.file_name, mime: row.mime, size: row.size, createdAt: row.created_at };
}

/** The attachments folder of a data folder. */
export function attachmentsDir(dataDir: string): string {
  return path.join(dataDir, 'attachments');
}

/** Writes a checked file under a random name; returns what to record. */
export function writeAttachmentFile(dir: string, data: Uint8Array, fileName: string, mime: string): StoredFile {
  fs.mkdirSync(dir, { recursive: true });
  const storageName = randomBytes(24).toString('hex');
  const file = path.join(dir, storageName);
  fs.writeFileSync(`${file}.tmp`, data);
  fs.renameSync(`${file}.tmp`, file);
  return { storageName, fileName, mime, size: data.length, data };
}

/** Removes files whose recording did not happen (rolled back, duplicate mail). */
export function discardFiles(dir: string, files: readonly StoredFile[]): void {
  for (const file of files) fs.rmSync(path.join(dir, file.storageName), { force: true });
}

/**
 * Records written files for a ticket message (inside the change's transaction); returns their
 * ids. On PostgreSQL the bytes go into the database too, so that every instance has them.
 */
export async function recordAttachmentsInChange(trx: Trx, ticketId: number, messageId: number | null, files: readonly StoredFile[], at: number): Promise<number[]> {
  const ids: number[] = [];
  const shared = engineOf(trx) === 'postgres';
  for (const file of files) {
    const { id } = await trx
      .insertInto('attachments')
      .values({ ticket_id: ticketId, message_id: messageId, file_name: file.fileName, mime: file.mime, size: file.size, storage_name: file.storageName, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (shared && file.data) await trx.insertInto('attachment_data').values({ attachment_id: id, data: Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength) }).execute();
    ids.push(id);
  }
  return ids;
}

/** Records files for the message just written to a ticket (its newest of that kind; inside the change's transaction). */
export async function recordForLatestMessageInChange(
  trx: Trx,
  ticketId: number,
  kind: 'customer' | 'reply',
  files: readonly StoredFile[] | undefined,
  at: number,
): Promise<number[]> {
  if (!files?.length) return [];
  const message = await trx
    .selectFrom('ticket_messages')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('ticket_id', '=', ticketId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return recordAttachmentsInChange(trx, ticketId, message?.id ?? null, files, at);
}

/** A ticket's attachments, oldest first. */
export async function listAttachments(database: Database, ticketId: number): Promise<Attachment[]> {
  return ((await database.kysely.selectFrom('attachments').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute()) as Row[]).map(toAttachment);
}

/** An attachment with the path of this instance's file. */
export type LocatedAttachment = Attachment & { file: string };

/** One attachment with the path of its file, or null. */
export async function getAttachment(database: Database, dir: string, id: number): Promise<LocatedAttachment | null> {
  const row = (await database.kysely.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst()) as Row | undefined;
  return row ? { ...toAttachment(row), file: path.join(dir, row.storage_name) } : null;
}

/**
 * The bytes of an attachment: this instance's file, or else the database's copy (PostgreSQL),
 * which is then written to the file for the next time. Null when neither exists (a file lost
 * on a single SQLite instance).
 */
export async function readAttachmentData(database: Database, attachment: LocatedAttachment): Promise<Uint8Array | null> {
  try {
    return await fs.promises.readFile(attachment.file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const row = await database.kysely.selectFrom('attachment_data').select('data').where('attachment_id', '=', attachment.id).executeTakeFirst();
  if (!row) return null;
  try {
    await writeFileAtomic(attachment.file, row.data);
  } catch {
    // The local copy only saves a database read next time.
  }
  return row.data;
}

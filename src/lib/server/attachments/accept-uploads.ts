/**
 * Files a person attaches through a form (ticket form, status-page reply, staff reply). Rules
 * that always hold:
 * - Every file is checked by content (attachment-types.ts) before anything is written; one
 *   refused file refuses the whole submission (with every refused file named), so a ticket or
 *   reply is never stored with only some of its files.
 * - An unchosen file input (no name, no bytes) is not a file.
 * - Accepted files are written under random names first; the command that records them runs
 *   after, and when it fails (or its group commit rolls back) the files are removed again
 *   (`withUploadedFiles`). So a message and its files commit together or not at all.
 */
import { checkAttachment, safeFileName, type AttachmentLimits, type AttachmentProblem } from './attachment-types.ts';
import { discardFiles, writeAttachmentFile, type StoredFile } from './attachment-store.ts';

/** One posted file. */
export interface Upload {
  name: string;
  data: Uint8Array;
}

/** Why one file was refused. */
export interface UploadRefusal {
  fileName: string;
  problem: AttachmentProblem;
}

/** A file that passed the checks, not yet written. */
export interface CheckedUpload {
  fileName: string;
  mime: string;
  data: Uint8Array;
}

/** The verdict on all files of one submission. */
export type UploadCheck = { ok: true; files: CheckedUpload[] } | { ok: false; refused: UploadRefusal[] };

/** The posted files of a form field (File objects); an empty, unnamed one is "no file chosen". */
export async function uploadsFromForm(values: readonly unknown[] | null | undefined): Promise<Upload[]> {
  const uploads: Upload[] = [];
  for (const value of values ?? []) {
    if (!(value instanceof File)) continue;
    if (value.size === 0 && !value.name) continue;
    uploads.push({ name: value.name, data: new Uint8Array(await value.arrayBuffer()) });
  }
  return uploads;
}

/** Checks all files of a submission; `ok` only when every one is accepted and they are not too many. */
export async function checkUploads(uploads: readonly Upload[], limits: AttachmentLimits): Promise<UploadCheck> {
  if (uploads.length > limits.maxFiles) return { ok: false, refused: [{ fileName: '', problem: 'count' }] };
  const files: CheckedUpload[] = [];
  const refused: UploadRefusal[] = [];
  for (const upload of uploads) {
    const fileName = safeFileName(upload.name);
    const check = await checkAttachment(upload.data, fileName, limits);
    if (check.ok) files.push({ fileName, mime: check.mime, data: upload.data });
    else refused.push({ fileName, problem: check.problem });
  }
  return refused.length ? { ok: false, refused } : { ok: true, files };
}

/**
 * Writes the checked files, runs the command that records them with the stored files, and
 * removes the files again when the command throws or its promise rejects.
 */
export async function withUploadedFiles<T>(dir: string, files: readonly CheckedUpload[], run: (stored: StoredFile[]) => T | Promise<T>): Promise<T> {
  const stored: StoredFile[] = [];
  try {
    for (const file of files) stored.push(writeAttachmentFile(dir, file.data, file.fileName, file.mime));
    return await run(stored);
  } catch (error) {
    discardFiles(dir, stored);
    throw error;
  }
}

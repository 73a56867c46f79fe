/**
 * Which files may be attached, decided by their content (`file-type`), never by the name or
 * the type the sender claims: images (PNG, JPEG, GIF, WebP), PDF, office documents (OOXML,
 * OpenDocument, the old binary Office formats) and plain text/log files (valid UTF-8 without
 * NUL bytes, named .txt/.log/.csv/.md/.json/.xml). Everything else — executables, archives,
 * SVG and HTML above all — is refused. Limits: ATTACHMENT_MAX_FILES files of at most
 * ATTACHMENT_MAX_MB each (defaults 5 and 10).
 */
import { fileTypeFromBuffer } from 'file-type';

/** Attachment limits. */
export interface AttachmentLimits {
  maxFiles: number;
  maxBytes: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { maxFiles: 5, maxBytes: 10 * 1024 * 1024 };

/** The detected types that are accepted. */
const ALLOWED_MIME = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/x-cfb',
]);

/** Images staff may see inline as thumbnails (never SVG). */
export const INLINE_IMAGE_MIME = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

const TEXT_NAME = /\.(?:txt|log|csv|md|json|xml)$/i;

/** Why a file is refused. */
export type AttachmentProblem = 'type' | 'size' | 'count' | 'empty';

/** The verdict on one file. */
export type AttachmentCheck = { ok: true; mime: string } | { ok: false; problem: AttachmentProblem };

function isPlainText(data: Uint8Array): boolean {
  if (data.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/** Checks one file by its content (and, for text, its name's extension). */
export async function checkAttachment(data: Uint8Array, fileName: string, limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS): Promise<AttachmentCheck> {
  if (data.length === 0) return { ok: false, problem: 'empty' };
  if (data.length > limits.maxBytes) return { ok: false, problem: 'size' };
  const detected = await fileTypeFromBuffer(data);
  if (detected) return ALLOWED_MIME.has(detected.mime) ? { ok: true, mime: detected.mime } : { ok: false, problem: 'type' };
  // No magic number: only plain text with a text file's name is accepted (HTML/SVG are text too, but not by name).
  if (TEXT_NAME.test(fileName) && isPlainText(data)) return { ok: true, mime: 'text/plain' };
  return { ok: false, problem: 'type' };
}

/** A safe file name for storage rows and downloads: no path, no control characters, not endless. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\p{Cc}"<>|:*?]+/gu, '_').replace(/^\.+/, '').trim().slice(0, 150);
  return clean || 'attachment';
}

/** The limits from ATTACHMENT_MAX_FILES and ATTACHMENT_MAX_MB (whole numbers > 0); throws with the variable's name. */
export function parseAttachmentLimits(env: Record<string, string | number | undefined>): AttachmentLimits {
  const read = (name: string, fallback: number): number => {
    const value = env[name];
    if (value === undefined || String(value).trim() === '') return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number <= 0) throw new Error(`${name}: "${value}" is not a positive whole number`);
    return number;
  };
  return { maxFiles: read('ATTACHMENT_MAX_FILES', DEFAULT_ATTACHMENT_LIMITS.maxFiles), maxBytes: read('ATTACHMENT_MAX_MB', 10) * 1024 * 1024 };
}

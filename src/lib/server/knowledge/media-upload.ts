/**
 * Image uploads for the article editor: PNG, JPEG, WebP and GIF up to 5 MB, stored in
 * content/media and referenced from the body as Markdown. The type comes from the file's
 * first bytes (its magic number), never from its name or the browser's claim, so a script
 * named "photo.png" is refused. The stored name is made from the original name (slugified)
 * and a hash of the content, with the extension of the detected type. Its responsive
 * variants (image-variants.ts) are made before the upload answers. On PostgreSQL the upload
 * is also recorded for the other instances (shared-media.ts).
 */
import type { MessageKey } from '../../i18n.ts';
import { DomainError, type MessageValues } from '../errors.ts';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../platform/atomic-write.ts';
import { slugify } from '../../slug.ts';
import { ensureImageVariants } from './image-variants.ts';
import type { Database } from '../platform/database/connect.ts';
import { shareMediaUpload } from './shared-media.ts';

/** Largest image accepted, in bytes (5 MB). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Longest alt text, in characters. */
export const MAX_ALT_TEXT = 200;

/** The image types accepted, by their file extension. */
export type ImageType = 'png' | 'jpg' | 'webp' | 'gif';

/** An expected refusal of an upload, with the message key for the editor. */
export class UploadError extends DomainError<'invalid' | 'too_large' | 'unsupported', 'file' | 'alt'> {
  constructor(code: UploadError['code'], key: MessageKey, options: { field?: 'file' | 'alt'; values?: MessageValues } = {}) {
    super(code, key, options);
    this.name = 'UploadError';
  }
}

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);

/** The image type of the content, by its magic bytes; null for anything else. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

/** "4.2 MB" for a byte count. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** A stored image: its file name in content/media, its URL and the Markdown that shows it. */
export interface StoredImage {
  fileName: string;
  url: string;
  markdown: string;
}

/**
 * Checks and stores an uploaded image in `mediaDir`. Throws UploadError for no file, a file
 * over 5 MB, content that is not one of the four image types, or an alt text that is too long.
 */
export async function saveImage(
  mediaDir: string,
  upload: { name: string; size: number; bytes: () => Promise<Uint8Array> } | null,
  altText = '',
  database?: Database,
): Promise<StoredImage> {
  if (!upload || upload.size === 0) throw new UploadError('invalid', 'editor.error.upload.missing', { field: 'file' });
  if (upload.size > MAX_IMAGE_BYTES) throw new UploadError('too_large', 'editor.error.upload.tooLarge', { field: 'file', values: { size: formatBytes(upload.size) } });
  const alt = altText.replace(/[\r\n[\]]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (alt.length > MAX_ALT_TEXT) throw new UploadError('invalid', 'editor.error.upload.alt', { field: 'alt' });
  const bytes = await upload.bytes();
  if (bytes.length > MAX_IMAGE_BYTES) throw new UploadError('too_large', 'editor.error.upload.tooLarge', { field: 'file', values: { size: formatBytes(bytes.length) } });
  const type = sniffImageType(bytes);
  if (!type) throw new UploadError('unsupported', 'editor.error.upload.type', { field: 'file' });
  const base = slugify(path.basename(upload.name).replace(/\.[^.]*$/, '')).slice(0, 60) || 'image';
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
  const fileName = `${base}-${hash}.${type}`;
  await writeFileAtomic(path.join(mediaDir, fileName), bytes);
  if (database) await shareMediaUpload(database, fileName, bytes);
  // Once, now: the responsive variants the article page will offer (a failure only warns).
  await ensureImageVariants(mediaDir, [fileName]).catch((error: unknown) => console.warn(`media: ${error instanceof Error ? error.message : String(error)}`));
  const url = `/media/${fileName}`;
  return { fileName, url, markdown: `![${alt}](${url})` };
}

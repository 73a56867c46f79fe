/**
 * The file field of the forms that take attachments (ticket form, status-page reply, staff
 * reply): its schema, and the check that turns refused files into one clear BAD_REQUEST in the
 * reader's language (every refused file named, then "your text is kept; choose the files
 * again"). Nothing is written here; accept-uploads.ts writes only after every file passed.
 */
import { ActionError } from 'astro:actions';
import { z } from 'astro/zod';
import { checkUploads, uploadsFromForm, type CheckedUpload, type UploadRefusal } from '../lib/server/attachments/accept-uploads.ts';
import type { AttachmentLimits } from '../lib/server/attachments/attachment-types.ts';
import { t } from '../lib/i18n.ts';
import type { Lang } from '../lib/languages.ts';

/** `files`: the posted files (an unchosen file input posts one empty, unnamed file). */
export const uploadField = z.array(z.union([z.instanceof(File), z.string()])).optional();

/** The texts for refused files. */
export function uploadRefusalMessage(lang: Lang, refused: readonly UploadRefusal[], limits: AttachmentLimits): string {
  const mb = Math.round(limits.maxBytes / 1024 / 1024);
  const lines = refused.map((entry) =>
    entry.problem === 'count' ? t(lang, 'upload.refused.count', { count: limits.maxFiles }) : t(lang, `upload.refused.${entry.problem}`, { name: entry.fileName, mb }),
  );
  return [...lines, t(lang, 'upload.repick')].join(' ');
}

/** The checked files, or BAD_REQUEST naming each refused one. */
export async function acceptUploads(values: readonly unknown[] | undefined, lang: Lang, limits: AttachmentLimits): Promise<CheckedUpload[]> {
  const check = await checkUploads(await uploadsFromForm(values), limits);
  if (!check.ok) throw new ActionError({ code: 'BAD_REQUEST', message: uploadRefusalMessage(lang, check.refused, limits) });
  return check.files;
}

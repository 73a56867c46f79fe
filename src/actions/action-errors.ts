/**
 * What the form actions share: a text field as forms post it, and the one place where a domain
 * refusal (`DomainError`: a code, an interface-text key and its values) becomes an ActionError.
 * `CODE_OF` is the only table from domain codes to transport codes.
 */
import { ActionError } from 'astro:actions';
import { z } from 'astro/zod';
import { t } from '../lib/i18n.ts';
import type { Lang } from '../lib/languages.ts';
import { DomainError, type DomainErrorCode } from '../lib/server/errors.ts';

/** A form text field of at most `max` characters: Astro hands an empty field over as null. */
export const formText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((value) => value ?? '');

/**
 * What both content editors' save posts besides the document's own fields: its slug (empty for
 * a new one), the slug typed for a new one, the revision the form was opened at, and the
 * revision message.
 */
export const revisionSaveFields = {
  slug: formText(300),
  newSlug: formText(300),
  baseRevision: z.coerce.number().int().min(0),
  message: formText(2_000),
};

/** The ActionError code of each domain refusal. */
export const CODE_OF: Record<DomainErrorCode, ActionError['code']> = {
  invalid: 'BAD_REQUEST',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  closed: 'BAD_REQUEST',
  exists: 'BAD_REQUEST',
  too_large: 'BAD_REQUEST',
  unsupported: 'BAD_REQUEST',
};

/** The interface text of a domain refusal, in the reader's language. */
export function domainErrorMessage(lang: Lang, error: Pick<DomainError, 'key' | 'values'>): string {
  return t(lang, error.key, error.values);
}

/** The ActionError for a domain refusal: its code from `CODE_OF`, its text in the reader's language. */
export function domainActionError(lang: Lang, error: DomainError): ActionError {
  return new ActionError({ code: CODE_OF[error.code], message: domainErrorMessage(lang, error) });
}

/** Rethrows a domain refusal as an ActionError; anything else as it is. */
export function rethrowAsActionError(lang: Lang, error: unknown): never {
  if (error instanceof DomainError) throw domainActionError(lang, error);
  throw error;
}

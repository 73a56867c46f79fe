/**
 * What the form actions share: a text field as forms post it, and the translation of a domain
 * refusal (an error carrying a code, an i18n key and its values) into an ActionError.
 */
import { ActionError } from 'astro:actions';
import { z } from 'astro/zod';
import { t, type MessageKey } from '../lib/i18n.ts';
import type { Lang } from '../lib/languages.ts';

/** A form text field of at most `max` characters: Astro hands an empty field over as null. */
export const formText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((value) => value ?? '');

/** A domain refusal that names its interface text. */
export interface KeyedError {
  readonly key: string;
  readonly values: Record<string, string | number>;
}

/** The interface text of a domain refusal. */
export function keyedErrorMessage(lang: Lang, error: KeyedError): string {
  return t(lang, error.key as MessageKey, error.values);
}

/** The ActionError for a domain refusal, its code looked up in `codes`. */
export function keyedActionError<Code extends string>(lang: Lang, error: KeyedError & { readonly code: Code }, codes: Record<Code, ActionError['code']>): ActionError {
  return new ActionError({ code: codes[error.code], message: keyedErrorMessage(lang, error) });
}

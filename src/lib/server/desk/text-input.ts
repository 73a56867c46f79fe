/**
 * The free text a desk command takes (replies, notes, reasons, summaries) and article slugs:
 * normalised (line breaks, NUL removed, trimmed) and checked for emptiness and length in the
 * domain, so that scripts and tests get the same rules as the forms.
 */
import { DeskError } from './errors.ts';
import { cleanMultiline } from '../platform/clean-text.ts';

/** The longest message body: reply, note, customer message, solution summary. */
export const MAX_BODY = 20_000;

/** The longest reason or guidance (escalating, handing back, putting on hold). */
export const MAX_REASON = 5_000;

/** The free-text fields of the desk's commands, with their English names for logs. */
export const TEXT_FIELDS = {
  reply: 'The reply',
  note: 'The note',
  summary: 'The solution summary',
  holdReason: 'The reason',
  escalateReason: 'The reason for escalating',
  guidance: 'The guidance',
  message: 'Your message',
  assignReason: 'The reason',
  consultQuestion: 'The question for the specialist',
  advice: 'The advice',
} as const;

/** A free-text field of a desk command. */
export type TextField = keyof typeof TEXT_FIELDS;

/** Trimmed text of 1..max characters, or a DeskError 'invalid' naming the field. */
export function requireText(value: unknown, field: TextField, max: number): string {
  const text = typeof value === 'string' ? cleanMultiline(value) : '';
  const what = TEXT_FIELDS[field];
  if (!text) throw new DeskError('invalid', `desk.error.empty.${field}` as const, { message: `${what} must not be empty.` });
  if (text.length > max) {
    throw new DeskError('invalid', `desk.error.tooLong.${field}` as const, { values: { max }, message: `${what} can be at most ${max.toLocaleString('en')} characters long.` });
  }
  return text;
}

/** Optional trimmed text: null when empty, DeskError 'invalid' when too long. */
export function optionalText(value: unknown, field: TextField, max: number): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) return null;
  return requireText(value, field, max);
}

/** Article slugs are paths below content/articles: segments of letters, digits, `-`, `_`, `.`. */
export function requireSlug(value: unknown): string {
  const slug = typeof value === 'string' ? value.trim() : '';
  if (!slug || slug.length > 300 || !/^[\p{L}\p{N}_-][\p{L}\p{N}_.-]*(?:\/[\p{L}\p{N}_-][\p{L}\p{N}_.-]*)*$/u.test(slug)) {
    throw new DeskError('invalid', 'desk.error.slug', { values: { slug: String(value) }, message: `"${String(value)}" is not an article slug.` });
  }
  return slug;
}

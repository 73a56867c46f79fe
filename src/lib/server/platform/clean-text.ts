/**
 * The one sanitising step for text people type (ticket form, replies, notes, call desk,
 * standard answers, staff names): control characters never reach the database. Rules:
 * - a single line (name, subject, title) loses NUL, every other control character (C0, DEL,
 *   C1), line breaks and the bidirectional overrides (U+202A–U+202E, U+2066–U+2069, which can
 *   make a name read backwards); runs of white space become one space; trimmed;
 * - multi-line text (a description, a reply) keeps line breaks and tabs, normalises CR LF and
 *   CR to LF, and loses NUL, the other control characters and the bidi overrides; trimmed.
 * Schemas use `lineText` / `multilineText`; domain code that checks by hand calls the functions.
 */
import { z } from 'zod';

// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_TAB_LF = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;

/** One line of text: no control characters, no line breaks, single spaces, trimmed. */
export function cleanLine(text: string): string {
  return text.replace(/\0/g, '').replace(BIDI, '').replace(/[\s\p{Cc}]+/gu, ' ').trim();
}

/** Multi-line text: LF line breaks and tabs kept, other control characters removed, trimmed. */
export function cleanMultiline(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_EXCEPT_TAB_LF, '').trim();
}

/** A form value as text (strings and numbers; anything else is empty). */
export function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** A zod string cleaned by `cleanLine` (checks such as `.min()` follow with `.pipe()`). */
export const lineText = () => z.string().transform(cleanLine);

/** A zod string cleaned by `cleanMultiline`. */
export const multilineText = () => z.string().transform(cleanMultiline);

/**
 * Interface texts in German and English. Pages call `t(lang, key)`; placeholders in braces
 * are filled from the values given ("{count} results"). The texts live in src/lib/messages/,
 * one file per key prefix (`desk.*` in messages/desk.ts), each with `en` and a `de` the
 * compiler checks for completeness; this module only puts them together.
 */
import type { Lang } from './languages.ts';
import * as site from './messages/site.ts';
import * as seo from './messages/seo.ts';
import * as nav from './messages/nav.ts';
import * as search from './messages/search.ts';
import * as home from './messages/home.ts';
import * as category from './messages/category.ts';
import * as article from './messages/article.ts';
import * as feedback from './messages/feedback.ts';
import * as flag from './messages/flag.ts';
import * as staffArticles from './messages/staff-articles.ts';
import * as lang from './messages/lang.ts';
import * as contact from './messages/contact.ts';
import * as ticket from './messages/ticket.ts';
import * as notFound from './messages/not-found.ts';
import * as footer from './messages/footer.ts';
import * as role from './messages/role.ts';
import * as login from './messages/login.ts';
import * as loginLocks from './messages/login-locks.ts';
import * as auth from './messages/auth.ts';
import * as staff from './messages/staff.ts';
import * as forbidden from './messages/forbidden.ts';
import * as desk from './messages/desk.ts';
import * as templates from './messages/templates.ts';
import * as capture from './messages/capture.ts';
import * as answer from './messages/answer.ts';
import * as due from './messages/due.ts';
import * as calls from './messages/calls.ts';
import * as insights from './messages/insights.ts';
import * as editor from './messages/editor.ts';
import * as history from './messages/history.ts';
import * as states from './messages/states.ts';
import * as training from './messages/training.ts';
import * as trainingEditor from './messages/training-editor.ts';
import * as mail from './messages/mail.ts';
import * as http from './messages/http.ts';
import * as markdown from './messages/markdown.ts';
import * as workspace from './messages/workspace.ts';
import * as org from './messages/org.ts';
import * as live from './messages/live.ts';
import * as phrasing from './messages/phrasing.ts';
import * as tags from './messages/tags.ts';
import * as linkAgain from './messages/link-again.ts';
import * as upload from './messages/upload.ts';
import * as solvedIt from './messages/solved-it.ts';
import * as team from './messages/team.ts';

const en = {
  ...site.en,
  ...seo.en,
  ...nav.en,
  ...search.en,
  ...home.en,
  ...category.en,
  ...article.en,
  ...feedback.en,
  ...flag.en,
  ...staffArticles.en,
  ...lang.en,
  ...contact.en,
  ...ticket.en,
  ...notFound.en,
  ...footer.en,
  ...role.en,
  ...login.en,
  ...loginLocks.en,
  ...auth.en,
  ...staff.en,
  ...team.en,
  ...workspace.en,
  ...org.en,
  ...live.en,
  ...phrasing.en,
  ...tags.en,
  ...forbidden.en,
  ...desk.en,
  ...templates.en,
  ...capture.en,
  ...answer.en,
  ...due.en,
  ...calls.en,
  ...insights.en,
  ...editor.en,
  ...history.en,
  ...states.en,
  ...training.en,
  ...trainingEditor.en,
  ...mail.en,
  ...linkAgain.en,
  ...upload.en,
  ...solvedIt.en,
  ...http.en,
  ...markdown.en,
};

/** A key of the interface texts. */
export type MessageKey = keyof typeof en;

const de: Record<MessageKey, string> = {
  ...site.de,
  ...seo.de,
  ...nav.de,
  ...search.de,
  ...home.de,
  ...category.de,
  ...article.de,
  ...feedback.de,
  ...flag.de,
  ...staffArticles.de,
  ...lang.de,
  ...contact.de,
  ...ticket.de,
  ...notFound.de,
  ...footer.de,
  ...role.de,
  ...login.de,
  ...loginLocks.de,
  ...auth.de,
  ...staff.de,
  ...team.de,
  ...workspace.de,
  ...org.de,
  ...live.de,
  ...phrasing.de,
  ...tags.de,
  ...forbidden.de,
  ...desk.de,
  ...templates.de,
  ...capture.de,
  ...answer.de,
  ...due.de,
  ...calls.de,
  ...insights.de,
  ...editor.de,
  ...history.de,
  ...states.de,
  ...training.de,
  ...trainingEditor.de,
  ...mail.de,
  ...linkAgain.de,
  ...upload.de,
  ...solvedIt.de,
  ...http.de,
  ...markdown.de,
};

const messages: Record<Lang, Record<MessageKey, string>> = { en, de };

/** The interface text for a key in a language, with {placeholders} filled. */
export function t(lang: Lang, key: MessageKey, values: Record<string, string | number> = {}): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/** Picks the singular or plural text: `plural(lang, 'search.count', n)` uses `.one` or `.other`. */
export function plural(lang: Lang, base: 'search.count' | 'home.articles' | 'search.instant.count' | 'login.error.throttled' | 'team.released' | 'staff.password.doneOthers', count: number): string {
  return t(lang, `${base}.${count === 1 ? 'one' : 'other'}` as const, { count });
}

/** Formats a date for the reader ("14. Oktober 2026" / "October 14, 2026"). */
export function formatDate(lang: Lang, date: Date): string {
  return dateFormats[lang].format(date);
}

// Creating an Intl formatter is costly; one per language is enough.
const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};

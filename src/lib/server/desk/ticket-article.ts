/**
 * Knowledge capture from a solved ticket (KCS): turns the ticket's thread into an article
 * draft in the KCS structure — Problem (the customer's words), Environment, Cause,
 * Resolution (solution summary, public replies, specialists' advice) — with personal data
 * removed, and finds the articles that were written from a ticket.
 *
 * The draft is only a starting point: it opens in the editor, where a person reads, shortens
 * and validates it. Personal data is removed by rules (names on the ticket, e-mail addresses,
 * phone numbers, IBANs, status links, greetings and sign-offs), so the author still reviews
 * the text before it is validated.
 */
import { internalBlock } from '../knowledge/internal-block.ts';
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import type { Article } from '../knowledge/articles.ts';
import { getTicketByReference } from './ticket-lookup.ts';
import { listTimeline } from './timeline.ts';
import type { Ticket, TimelineMessage } from './types.ts';
import type { Lang } from '../../languages.ts';
import type { Role } from '../accounts/roles.ts';

/** What the editor's "new article" form is filled with. */
export interface ArticleDraft {
  title: string;
  summary: string;
  category: string;
  lang: Lang;
  audience: 'public' | 'internal';
  tags: string[];
  /** Markdown body in the KCS structure. */
  body: string;
  /** The ticket the article is written from, kept in the article's front matter. */
  sourceTicket: string;
}

const HEADINGS: Record<Lang, { problem: string; environment: string; cause: string; resolution: string; area: string; causeHint: string; adviceHint: string }> = {
  en: {
    problem: 'Problem',
    environment: 'Environment',
    cause: 'Cause',
    resolution: 'Resolution',
    area: 'Area',
    causeHint: 'Why did it happen? Describe the cause in a sentence or two, if it is known.',
    adviceHint: "From the specialists' internal advice: check that nothing here is internal before validating.",
  },
  de: {
    problem: 'Problem',
    environment: 'Umgebung',
    cause: 'Ursache',
    resolution: 'Lösung',
    area: 'Bereich',
    causeHint: 'Warum ist es passiert? Beschreiben Sie die Ursache in ein, zwei Sätzen, falls bekannt.',
    adviceHint: 'Aus dem internen Rat der Spezialisten: vor dem Validieren prüfen, dass hier nichts Internes steht.',
  },
};

/** Placeholders that stand where personal data was removed. */
const REDACTED: Record<Lang, { name: string; email: string; phone: string; iban: string; link: string; reference: string }> = {
  en: { name: '[name]', email: '[e-mail]', phone: '[phone]', iban: '[IBAN]', link: '[link]', reference: '[ticket]' },
  de: { name: '[Name]', email: '[E-Mail]', phone: '[Telefon]', iban: '[IBAN]', link: '[Link]', reference: '[Ticket]' },
};

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
// Status links carry the customer's secret token; any other link to the ticket pages too.
const STATUS_LINK = /\bhttps?:\/\/\S*\/tickets\/status\/\S+|\/tickets\/status\/[A-Za-z0-9_-]+/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
// International (+49 …, 0049 …) or national (0…) numbers with at least 7 digits. Dots are not
// separators here, so dates like 01.02.2026 stay.
const PHONE = /(?:\+|\b00)\d{1,3}[ /-]?(?:\(0\)[ ]?)?\d[\d /-]{5,}\d|\b0\d{2,5}(?:[ /-]|\) ?)?\d{3,}(?:[ -]?\d{2,})*/g;
const REFERENCE = /\bT-\d{4}-\d{6}\b/g;
const GREETING = /^\s*(?:hallo|hello|hi|hey|dear|liebe[rs]?|guten (?:tag|morgen|abend)|sehr geehrte[rs]?|moin|servus)\b[^\n]{0,80}[,!]?\s*$/iu;
const SIGN_OFF = /^\s*(?:kind regards|best regards|regards|best wishes|many thanks|thanks(?: again)?|cheers|viele grüße|beste grüße|liebe grüße|freundliche grüße|mit freundlichen grüßen|mfg|danke(?: schön)?|vielen dank)\b[^\n]{0,40}[,.!]?\s*$/iu;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes personal data from a text: the given names (whole name and each part of three or
 * more letters, as whole words, any case), e-mail addresses, phone numbers, IBANs, status
 * links and ticket references; drops a greeting line at the start and everything from a
 * sign-off line ("Kind regards", "Viele Grüße", …) on.
 */
export function removePersonalData(text: string, names: readonly string[], lang: Lang): string {
  const redacted = REDACTED[lang];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  if (lines.length > 0 && GREETING.test(lines[0])) lines.shift();
  const signOff = lines.findIndex((line) => SIGN_OFF.test(line));
  if (signOff > 0) lines.length = signOff;
  let result = lines.join('\n').trim();

  result = result.replace(STATUS_LINK, redacted.link).replace(EMAIL, redacted.email).replace(REFERENCE, redacted.reference);
  result = result.replace(IBAN, redacted.iban).replace(PHONE, redacted.phone);

  const words = new Set<string>();
  for (const name of names) {
    const full = name.trim();
    if (full.length >= 2) words.add(full);
    for (const part of full.split(/[\s,.-]+/u)) if (part.length >= 3) words.add(part);
  }
  // Longest first, so "Anna Schmidt" becomes one placeholder rather than two.
  for (const word of [...words].sort((a, b) => b.length - a.length)) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'giu');
    result = result.replace(pattern, redacted.name);
  }
  // "[name] [name]" left by a name whose parts were replaced separately.
  result = result.replace(new RegExp(`${escapeRegExp(redacted.name)}(?:\\s+${escapeRegExp(redacted.name)})+`, 'g'), redacted.name);
  // A line that was only a name (a signature without "Kind regards") says nothing any more.
  result = result.replace(new RegExp(`^[ \\t]*${escapeRegExp(redacted.name)}[ \\t]*[.,!]?[ \\t]*$\\n?`, 'gm'), '');
  return result.replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * Links to this site become site-relative (`/articles/…`): an article must not point to the
 * address the agent happened to use (`http://localhost:4321/…`) or hard-code the site's host.
 * Links to this site are those on `siteUrl`'s host and on a local host (localhost, 127.0.0.1, [::1]).
 */
export function siteRelativeLinks(text: string, siteUrl?: string): string {
  let host = '';
  try {
    host = siteUrl ? new URL(siteUrl).host.toLowerCase() : '';
  } catch {
    host = '';
  }
  return text.replace(/\bhttps?:\/\/([^/\s)\]>"']+)(\/[^\s)\]>"']*)?/gi, (match, authority: string, path: string | undefined) => {
    const name = authority.toLowerCase();
    const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(name);
    return local || (host !== '' && name === host) ? path || '/' : match;
  });
}

/** The first sentence of a text (at most `max` characters, cut at a word). */
function firstSentence(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/[.!?](?:\s|$)/);
  const sentence = end >= 0 ? flat.slice(0, end + 1) : flat;
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

/** Staff whose notes count as advice: third-level specialists. */
function isAdvice(message: TimelineMessage): boolean {
  return message.kind === 'note' && message.authorRole === 'third_level';
}

/** True when a ticket is far enough along to write an article from it. */
export function canWriteArticleFrom(ticket: Pick<Ticket, 'status'>): boolean {
  return ticket.status === 'solved' || ticket.status === 'closed';
}

/**
 * The article draft for a solved (or closed) ticket, in the ticket's language, or null when
 * there is no such ticket or it is not solved yet. `categoryLabel` names the area in the
 * Environment section (defaults to the category key).
 */
export async function draftArticleFromTicket(database: Database, reference: string, categoryLabel?: string, siteUrl?: string): Promise<ArticleDraft | null> {
  const ticket = await getTicketByReference(database, reference);
  if (!ticket || !canWriteArticleFrom(ticket)) return null;
  const lang = ticket.lang;
  const words = HEADINGS[lang];
  const messages = (await listTimeline(database, ticket.id, { includeInternal: true })).filter((entry): entry is TimelineMessage => entry.entry === 'message');
  const names = [ticket.customerName, ...new Set(messages.map((message) => message.authorName))];
  const clean = (text: string): string => siteRelativeLinks(removePersonalData(text, names, lang), siteUrl);

  const problem = messages
    .filter((message) => message.kind === 'customer')
    .map((message) => clean(message.body))
    .filter(Boolean);
  const replies = messages
    .filter((message) => message.kind === 'reply')
    .map((message) => clean(message.body))
    .filter(Boolean);
  const advice = messages.filter(isAdvice).map((message) => clean(message.body)).filter(Boolean);
  const solution = ticket.solution ? clean(ticket.solution) : '';

  const title = clean(ticket.subject) || ticket.subject;
  const summarySource = solution || problem[0] || title;
  const summary = firstSentence(summarySource, 300) || title;

  const resolution = [solution, ...replies].filter(Boolean);
  // Internal advice stays visible (editor and preview) and blocks validation until edited.
  if (advice.length > 0) resolution.push(internalBlock(advice, lang, words.adviceHint));

  const body = [
    `## ${words.problem}`,
    '',
    problem.join('\n\n') || title,
    '',
    `## ${words.environment}`,
    '',
    `- ${words.area}: ${categoryLabel ?? ticket.category}`,
    '',
    `## ${words.cause}`,
    '',
    `<!-- ${words.causeHint} -->`,
    '',
    `## ${words.resolution}`,
    '',
    resolution.join('\n\n'),
    '',
  ].join('\n');

  return {
    title: title.slice(0, 200),
    summary: summary.slice(0, 500),
    category: ticket.category,
    lang,
    audience: 'public',
    tags: [],
    body,
    sourceTicket: ticket.reference,
  };
}

/** Articles whose front matter names this ticket as their source, any state. */
export function articlesFromTicket(articles: readonly Article[], reference: string): Article[] {
  return articles.filter((article) => article.sourceTicket === reference);
}

/** Roles that write article drafts; second level and admins also validate them. */
export const ARTICLE_WRITER_ROLES: readonly Role[] = ['second_level', 'third_level', 'admin'];

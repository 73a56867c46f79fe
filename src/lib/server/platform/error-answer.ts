/**
 * The small error answers the portal gives when a request cannot be handled by a page:
 * malformed input (400), no such action (404), too large (413), unsupported format (415),
 * storage trouble (503 with Retry-After) and the last-resort 500. Each is a short HTML page,
 * or JSON for action calls, in the reader's language. Rules that always hold: the texts never
 * echo the request (nothing to escape, nothing to inject), and the answer never depends on
 * the database or the file system, so it works when both are failing. Used by the middleware
 * and by scripts/serve.ts (before Astro runs), so this module imports nothing from `astro:*`.
 */
import { t } from '../../i18n.ts';
import type { Lang } from '../../languages.ts';
import { SECURITY_HEADERS } from './security-headers.ts';

/** The statuses the portal answers with its own error page. */
export type ErrorStatus = 400 | 404 | 413 | 415 | 500 | 503;

const PREFIX = {
  400: 'http.badRequest',
  404: 'http.notFound',
  413: 'http.tooLarge',
  415: 'http.unsupported',
  500: 'http.serverError',
  503: 'http.unavailable',
} as const satisfies Record<ErrorStatus, string>;

/** Seconds a client should wait before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 60;

/** An error answer ready to send, either as a web Response or on Node's ServerResponse. */
export interface ErrorAnswer {
  status: ErrorStatus;
  headers: Record<string, string>;
  body: string;
}

/** The error answer for a status in a language; `json` for action calls (`/_actions/…`). */
export function errorAnswer(status: ErrorStatus, lang: Lang, json = false): ErrorAnswer {
  const title = t(lang, `${PREFIX[status]}.title` as const);
  const text = t(lang, `${PREFIX[status]}.text` as const);
  const headers: Record<string, string> = Object.fromEntries(SECURITY_HEADERS);
  headers['Cache-Control'] = 'no-store';
  if (status === 503) headers['Retry-After'] = String(RETRY_AFTER_SECONDS);
  if (json) {
    headers['Content-Type'] = 'application/json; charset=utf-8';
    return { status, headers, body: JSON.stringify({ type: 'AstroActionError', code: codeOf(status), status, message: `${title}. ${text}` }) };
  }
  headers['Content-Type'] = 'text/html; charset=utf-8';
  const body =
    `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${title} – Tierzero</title></head>` +
    `<body><main><h1>${title}</h1><p>${text}</p><p><a href="/">${t(lang, 'http.home')}</a></p></main></body></html>\n`;
  return { status, headers, body };
}

/** The same answer as a web Response (middleware, endpoints). */
export function errorResponse(status: ErrorStatus, lang: Lang, json = false): Response {
  const answer = errorAnswer(status, lang, json);
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/** Astro's action error code for a status, so that `actions.*()` callers see a familiar code. */
function codeOf(status: ErrorStatus): string {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'CONTENT_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    default:
      return 'INTERNAL_SERVER_ERROR';
  }
}

/**
 * Checks an Astro Action call before Astro runs it, so that input Astro cannot parse gets a
 * clear 4xx instead of a 500: an `_action` value that is not valid percent-encoding (400),
 * a name that is not an action (a namespace such as `articles`, or unknown: 404), a body
 * that is not what its Content-Type says (malformed JSON, a form sent as JSON, multipart with
 * a wrong boundary: 400) and a Content-Type actions do not take (415). Rules: it reads the
 * body from a clone only (the action still gets it), only for action calls, and never throws.
 */
import type { ErrorStatus } from './error-answer.ts';
import { safeDecode } from './page-cache.ts';

const RPC_PREFIX = '/_actions/';

/** The action a request calls: its name (null when malformed) and whether it is an RPC call; undefined for no action. */
export function actionCallOf(method: string, url: URL): { name: string | null; rpc: boolean } | undefined {
  if (method !== 'POST') return undefined;
  // Astro's client calls `/_actions/<name>/` (with a trailing slash when the build appends one).
  if (url.pathname.startsWith(RPC_PREFIX)) return { name: safeDecode(url.pathname.slice(RPC_PREFIX.length).replace(/\/$/, '')), rpc: true };
  const raw = /(?:^\?|&)_action=([^&]*)/.exec(url.search);
  if (!raw) return undefined;
  return { name: safeDecode(raw[1].replace(/\+/g, ' ')), rpc: false };
}

/** True when `name` (`tickets.create`) leads through the actions object to an action (a function), not to a namespace. */
export function isActionName(actions: object, name: string): boolean {
  let node: unknown = actions;
  for (const part of name.split('.')) {
    if (node === null || (typeof node !== 'object' && typeof node !== 'function') || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'function';
}

/** Why an action call is refused before it runs, or null when Astro may run it. */
export async function refuseActionCall(request: Request, url: URL, actions: object): Promise<ErrorStatus | null> {
  const call = actionCallOf(request.method, url);
  if (!call) return null;
  if (call.name === null) return 400;
  if (!isActionName(actions, call.name)) return 404;
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type === '') return null; // no body: the action's own input check answers
  try {
    if (type === 'application/json') {
      const text = await request.clone().text();
      if (text.trim() !== '') JSON.parse(text);
      return null;
    }
    if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded') {
      await request.clone().formData();
      return null;
    }
  } catch (error) {
    if (error instanceof Error && /size limit/i.test(error.message)) return 413;
    return 400;
  }
  return call.rpc ? 415 : null;
}

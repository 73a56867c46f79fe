import { describe, expect, it } from 'vitest';
import { isPlainHost, MAX_BODY_BYTES, rawReaderLang, refuseRawRequest } from '../../../src/lib/server/platform/request-guard.ts';
import { parseRequestPath, readCookie } from '../../../src/lib/server/platform/page-cache.ts';
import { actionCallOf, isActionName, refuseActionCall } from '../../../src/lib/server/platform/action-request-guard.ts';
import { errorAnswer } from '../../../src/lib/server/platform/error-answer.ts';

describe('the page-cache fast path reads any request without throwing', () => {
  it.each(['%', '%E0%A4%A', '%%', 'de%'])('a language cookie %j that is not percent-encoding reads as no cookie', (value) => {
    expect(readCookie(`tz_lang=${value}`, 'tz_lang')).toBeNull();
    expect(rawReaderLang({ cookie: `tz_lang=${value}`, 'accept-language': 'de-DE' })).toBe('de');
  });
  it.each(['//', '//%', '//:99999', '*', 'http://x/', '', undefined])('the target %j is no cacheable path', (target) => {
    expect(parseRequestPath(target)).toBeNull();
  });
  it('a normal path parses', () => {
    expect(parseRequestPath('/articles/a?q=b')?.pathname).toBe('/articles/a');
  });
});

describe('refuseRawRequest', () => {
  it.each([
    ['/', { host: 'user:pw@127.0.0.1' }, 400],
    ['/', { host: 'a@b' }, 400],
    ['/', { host: 'x/y' }, 400],
    ['/', { host: 'x:99999' }, 400],
    ['/search?q=%', { host: 'x' }, 400],
    ['/%E0%A4%A', { host: 'x' }, 400],
    ['/tickets/new', { host: 'x', 'content-length': String(MAX_BODY_BYTES + 1) }, 413],
    ['/', { host: '127.0.0.1:4321' }, null],
    ['/', {}, null],
    ['/search?q=100%25', { host: '[::1]:80' }, null],
    ['/tickets/new', { host: 'x', 'content-length': String(MAX_BODY_BYTES) }, null],
  ] as const)('%s with %j → %s', (target, headers, expected) => {
    expect(refuseRawRequest(target, headers)).toBe(expected);
  });
  it('plain hosts', () => {
    expect(isPlainHost('support.example')).toBe(true);
    expect(isPlainHost('support.example:8080')).toBe(true);
    expect(isPlainHost('u@support.example')).toBe(false);
  });
});

describe('refuseActionCall', () => {
  const actions = { tickets: { create: () => undefined, logSearch: () => undefined }, articles: { save: () => undefined } };
  const post = (path: string, contentType: string | null, body: string): [Request, URL] => {
    const url = new URL(path, 'http://localhost');
    const headers: Record<string, string> = {};
    if (contentType) headers['content-type'] = contentType;
    return [new Request(url, { method: 'POST', headers, body }), url];
  };
  it('names actions, not namespaces', () => {
    expect(isActionName(actions, 'tickets.create')).toBe(true);
    expect(isActionName(actions, 'articles')).toBe(false);
    expect(isActionName(actions, 'tickets.create.x')).toBe(false);
    expect(isActionName(actions, '__proto__.constructor')).toBe(false);
    expect(actionCallOf('POST', new URL('http://x/t?_action=%E0%A4%A'))).toEqual({ name: null, rpc: false });
    expect(actionCallOf('GET', new URL('http://x/t?_action=a'))).toBeUndefined();
  });
  it.each([
    ['/_actions/tickets.logSearch', 'application/json', '{bad', 400],
    ['/_actions/tickets.logSearch', 'application/json', 'q=a&lang=en', 400],
    ['/_actions/tickets.create', 'multipart/form-data; boundary=zzz', '--yyy\r\nContent-Disposition: form-data; name="q"\r\n\r\nx\r\n--yyy--\r\n', 400],
    ['/_actions/tickets.logSearch', 'text/plain', 'x', 415],
    ['/_actions/articles', 'application/json', '{}', 404],
    ['/_actions/nope.nope', 'application/json', '{}', 404],
    ['/tickets/new?_action=%E0%A4%A', 'application/x-www-form-urlencoded', 'q=1', 400],
    ['/tickets/new?_action=articles', 'application/x-www-form-urlencoded', 'q=1', 404],
    ['/tickets/new?_action=tickets.create', 'application/x-www-form-urlencoded', 'q=1', null],
    ['/_actions/tickets.logSearch', 'application/json', '{"q":"a"}', null],
    ['/_actions/tickets.logSearch/', 'application/json', '{"q":"a"}', null],
  ] as const)('%s (%s) → %s', async (path, type, body, expected) => {
    const [request, url] = post(path, type, body);
    expect(await refuseActionCall(request, url, actions)).toBe(expected);
    // The action still gets its body.
    if (expected === null) expect(await request.text()).toBe(body);
  });
});

describe('errorAnswer', () => {
  it('speaks the reader’s language, as HTML or JSON', () => {
    expect(errorAnswer(404, 'de').body).toContain('Dieses Formular oder diese Aktion gibt es nicht');
    expect(errorAnswer(413, 'en').body).toContain('Too much data');
    const json = errorAnswer(400, 'en', true);
    expect(json.headers['Content-Type']).toContain('application/json');
    expect(JSON.parse(json.body).code).toBe('BAD_REQUEST');
  });
  it('asks to retry later on 503', () => {
    const answer = errorAnswer(503, 'de');
    expect(answer.headers['Retry-After']).toBe('60');
    expect(answer.body).toContain('Vorübergehend nicht verfügbar');
  });
});

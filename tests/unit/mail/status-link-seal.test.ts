import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fillStatusLinks, loadStatusLinkKey, openToken, parseStatusLinkKey, sealToken, statusLinkPlaceholder } from '../../../src/lib/server/mail/status-link-seal.ts';

const token = 'm7ehfCyfzw6dsf_WcPfagk8Yuho3dI0Nh61yOK8A6YY';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('status-link seal', () => {
  const key = randomBytes(32);

  it('opens what it sealed for the same ticket, and never shows the token in the sealed value', () => {
    const sealed = sealToken(token, 7, key);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(token);
    expect(openToken(sealed, 7, key)).toBe(token);
    // A fresh IV each time: the same token seals differently.
    expect(sealToken(token, 7, key)).not.toBe(sealed);
  });

  it('gives null for another ticket, another key, a tampered or malformed value', () => {
    const sealed = sealToken(token, 7, key);
    expect(openToken(sealed, 8, key)).toBeNull();
    expect(openToken(sealed, 7, randomBytes(32))).toBeNull();
    const [v, iv, data] = sealed.split('.');
    const flipped = `${data.slice(0, 5)}${data[5] === 'A' ? 'B' : 'A'}${data.slice(6)}`;
    expect(openToken(`${v}.${iv}.${flipped}`, 7, key)).toBeNull();
    for (const bad of [null, '', 'v1', 'v2.x.y', `${sealed}.extra`, 'v1.!!.??']) expect(openToken(bad, 7, key)).toBeNull();
  });

  it('reads STATUS_LINK_KEY as hex or base64 and refuses a wrong length with the name', () => {
    const hex = key.toString('hex');
    expect(parseStatusLinkKey(hex).equals(key)).toBe(true);
    expect(parseStatusLinkKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseStatusLinkKey('abc')).toThrow(/STATUS_LINK_KEY/);
  });

  it('creates DATA_DIR/status-link.key once (owner-only) and keeps using it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tz-key-'));
    dirs.push(dir);
    const first = loadStatusLinkKey(undefined, dir);
    const file = path.join(dir, 'status-link.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadStatusLinkKey('', dir).equals(first)).toBe(true);
    // The environment wins over the file.
    expect(loadStatusLinkKey(key.toString('hex'), dir).equals(key)).toBe(true);
  });

  it('fills only placeholder lines, with the mail\'s own ticket or the one named', () => {
    const body = ['Your link:', statusLinkPlaceholder(), 'Other:', statusLinkPlaceholder(12), `inline ${statusLinkPlaceholder()} stays`, `${statusLinkPlaceholder()}/solved?article=a`].join('\n');
    const filled = fillStatusLinks(body, 5, (id) => `https://x/tickets/status/${id ?? 'none'}`, 'https://x/tickets/status');
    expect(filled.split('\n')).toEqual(['Your link:', 'https://x/tickets/status/5', 'Other:', 'https://x/tickets/status/12', 'inline {{status-link}} stays', 'https://x/tickets/status/5/solved?article=a']);
    // Without a personal link: the general page, never a path under it that leads nowhere.
    expect(fillStatusLinks(`${statusLinkPlaceholder()}\n${statusLinkPlaceholder()}/solved?article=a`, null, () => null, 'https://x/tickets/status')).toBe('https://x/tickets/status\nhttps://x/tickets/status');
  });
});

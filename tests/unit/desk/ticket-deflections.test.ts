/**
 * Deflections from the ticket form: recorded with the normalised query, the article, the
 * language and the time; listed newest first and counted per article; nothing creates a ticket.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { deflectionsByArticle, listDeflections, recordDeflection } from '../../../src/lib/server/desk/deflections.ts';
import { useTempDb } from '../support/temp-db.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 27, 12);

let db: Db;

useTempDb((temp) => ({ db } = temp));

describe('recordDeflection', () => {
  it('stores the normalised query, the article, the language and the time', () => {
    const id = recordDeflection(db, { query: '  Printer   DRIVER missing ', articleSlug: 'printer-driver', lang: 'en', at: NOW });
    expect(id).toBeGreaterThan(0);
    expect(listDeflections(db)).toEqual([{ id, query: 'printer driver missing', articleSlug: 'printer-driver', lang: 'en', createdAt: NOW }]);
  });

  it('keeps a deflection without a query (the customer picked an article before typing much)', () => {
    recordDeflection(db, { query: '', articleSlug: 'reset-password', lang: 'de', at: NOW });
    expect(listDeflections(db)[0]).toMatchObject({ query: '', articleSlug: 'reset-password', lang: 'de' });
  });

  it('refuses a language the schema does not know', () => {
    expect(() => recordDeflection(db, { query: 'x', articleSlug: 'a', lang: 'fr' as 'de', at: NOW })).toThrow();
  });

  it('creates no ticket', () => {
    recordDeflection(db, { query: 'invoice', articleSlug: 'create-invoice', lang: 'en', at: NOW });
    expect((db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n).toBe(0);
  });
});

describe('listDeflections and deflectionsByArticle', () => {
  it('lists newest first and counts per article within the period', () => {
    recordDeflection(db, { query: 'a', articleSlug: 'old', lang: 'en', at: NOW - 40 * DAY });
    recordDeflection(db, { query: 'b', articleSlug: 'one', lang: 'en', at: NOW - 2 * DAY });
    recordDeflection(db, { query: 'c', articleSlug: 'two', lang: 'de', at: NOW - DAY });
    recordDeflection(db, { query: 'd', articleSlug: 'two', lang: 'en', at: NOW });
    expect(listDeflections(db, 2).map((entry) => entry.query)).toEqual(['d', 'c']);
    expect(deflectionsByArticle(db, 30, NOW)).toEqual([
      { slug: 'two', count: 2 },
      { slug: 'one', count: 1 },
    ]);
  });
});

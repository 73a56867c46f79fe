/**
 * Deflections from the ticket form: recorded with the normalised query, the article, the
 * language and the time; listed newest first and counted per article; nothing creates a ticket.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { deflectionsByArticle, listDeflections, recordDeflection } from '../../../src/lib/server/desk/deflections.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { countRows } from './fixture.ts';

describe.each(ENGINES)('ticket-deflections on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const DAY = 86_400_000;
  const NOW = Date.UTC(2026, 10, 27, 12);

  describe('recordDeflection', () => {
    it('stores the normalised query, the article, the language and the time', async () => {
      const id = await recordDeflection(database, { query: '  Printer   DRIVER missing ', articleSlug: 'printer-driver', lang: 'en', at: NOW });
      expect(id).toBeGreaterThan(0);
      expect(await listDeflections(database)).toEqual([{ id, query: 'printer driver missing', articleSlug: 'printer-driver', lang: 'en', createdAt: NOW }]);
    });

    it('keeps a deflection without a query (the customer picked an article before typing much)', async () => {
      await recordDeflection(database, { query: '', articleSlug: 'reset-password', lang: 'de', at: NOW });
      expect((await listDeflections(database))[0]).toMatchObject({ query: '', articleSlug: 'reset-password', lang: 'de' });
    });

    it('refuses a language the schema does not know', async () => {
      await expect(recordDeflection(database, { query: 'x', articleSlug: 'a', lang: 'fr' as 'de', at: NOW })).rejects.toThrow();
    });

    it('creates no ticket', async () => {
      await recordDeflection(database, { query: 'invoice', articleSlug: 'create-invoice', lang: 'en', at: NOW });
      expect(await countRows(database, 'tickets')).toBe(0);
      expect(await countRows(database, 'outbox')).toBe(0);
    });
  });

  describe('listDeflections and deflectionsByArticle', () => {
    it('lists newest first and counts per article within the period', async () => {
      await recordDeflection(database, { query: 'a', articleSlug: 'old', lang: 'en', at: NOW - 40 * DAY });
      await recordDeflection(database, { query: 'b', articleSlug: 'one', lang: 'en', at: NOW - 2 * DAY });
      await recordDeflection(database, { query: 'c', articleSlug: 'two', lang: 'de', at: NOW - DAY });
      await recordDeflection(database, { query: 'd', articleSlug: 'two', lang: 'en', at: NOW });
      expect((await listDeflections(database, 2)).map((entry) => entry.query)).toEqual(['d', 'c']);
      expect(await deflectionsByArticle(database, 30, NOW)).toEqual([
        { slug: 'two', count: 2 },
        { slug: 'one', count: 1 },
      ]);
    });
  });
});

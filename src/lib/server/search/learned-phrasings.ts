/**
 * Learned phrasings: the words customers use for an article, learned from use. When searches
 * with the same normalised words (learned-phrasing.ts) led to a click on a result or to a
 * deflection on the same article often enough, those words are proposed as the article's
 * phrasing; second level (and admins) confirm or remove proposals on the article's staff page,
 * or add a query from the insights' content gaps as a phrasing in one step. Confirmed
 * phrasings put their article first in search (SearchEngine.setPhrasings).
 *
 * Rules that always hold:
 * - a proposal needs at least `minEvents` clicks/deflections from the words to the article in
 *   the last `windowDays` days, and at least `minShare` of all of the words' clicks/deflections;
 * - a removed phrasing is never proposed again (a second-level decision stands), but second
 *   level may still add it by hand;
 * - only second level and admins decide (PHRASING_ROLES; checked here and in the action).
 */
import type { Database } from '../platform/database/connect.ts';
import { lockKey, writeTransaction } from '../platform/database/write-transaction.ts';
import { DomainError, type MessageValues } from '../errors.ts';
import type { MessageKey } from '../../i18n.ts';
import type { Role } from '../accounts/roles.ts';
import { isLang, type Lang } from '../../languages.ts';
import { phrasingKey } from '../../search/learned-phrasing.ts';

/** Who may confirm, remove and add phrasings. */
export const PHRASING_ROLES = ['second_level', 'admin'] as const satisfies readonly Role[];

/** When searches become a proposal. */
export interface PhrasingThresholds {
  /** Clicks and deflections from the words to one article (default 3). */
  minEvents: number;
  /** Share of the words' clicks and deflections that went to that article (default 0.6). */
  minShare: number;
  /** Days of the logs counted (default 90). */
  windowDays: number;
}

export const DEFAULT_PHRASING_THRESHOLDS: PhrasingThresholds = { minEvents: 3, minShare: 0.6, windowDays: 90 };

/** The thresholds from PHRASING_MIN_EVENTS, PHRASING_MIN_SHARE and PHRASING_WINDOW_DAYS; throws naming the bad variable. */
export function phrasingThresholdsFrom(env: Record<string, string | undefined>): PhrasingThresholds {
  const read = (name: string, fallback: number, valid: (value: number) => boolean, what: string): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || !valid(value)) throw new Error(`${name} must be ${what} (got "${raw}")`);
    return value;
  };
  return {
    minEvents: read('PHRASING_MIN_EVENTS', DEFAULT_PHRASING_THRESHOLDS.minEvents, (v) => Number.isInteger(v) && v >= 1, 'a whole number of at least 1'),
    minShare: read('PHRASING_MIN_SHARE', DEFAULT_PHRASING_THRESHOLDS.minShare, (v) => v > 0 && v <= 1, 'a share above 0 and at most 1, like 0.6'),
    windowDays: read('PHRASING_WINDOW_DAYS', DEFAULT_PHRASING_THRESHOLDS.windowDays, (v) => Number.isInteger(v) && v >= 1, 'a whole number of days of at least 1'),
  };
}

export type PhrasingStatus = 'proposed' | 'confirmed' | 'removed';

/** A stored phrasing. */
export interface LearnedPhrasing {
  id: number;
  articleSlug: string;
  lang: Lang;
  words: string;
  example: string;
  status: PhrasingStatus;
  evidence: number;
  createdAt: number;
  decidedAt: number | null;
}

/** A refusal, with its interface text. */
export class PhrasingError extends DomainError<'invalid' | 'forbidden' | 'not_found'> {
  constructor(code: PhrasingError['code'], key: MessageKey, message: string, values: MessageValues = {}) {
    super(code, key, { message, values });
    this.name = 'PhrasingError';
  }
}

interface Row {
  id: number;
  article_slug: string;
  lang: Lang;
  words: string;
  example: string;
  status: PhrasingStatus;
  evidence: number;
  created_at: number;
  decided_at: number | null;
}

function fromRow(row: Row): LearnedPhrasing {
  return { id: row.id, articleSlug: row.article_slug, lang: row.lang, words: row.words, example: row.example, status: row.status, evidence: row.evidence, createdAt: row.created_at, decidedAt: row.decided_at };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Counts the clicks and deflections of the window by normalised words and article and stores
 * a proposal for each pair over the thresholds (updating the evidence of open proposals).
 * Returns how many proposals are new. Articles that no longer exist are left out when
 * `exists` says so.
 */
export async function proposePhrasings(database: Database, thresholds: PhrasingThresholds, now = Date.now(), exists: (slug: string) => boolean = () => true): Promise<number> {
  const since = now - thresholds.windowDays * DAY_MS;
  const rows = await database.kysely
    .selectFrom('search_click')
    .select(['query', 'article_slug as slug', 'lang'])
    .where('created_at', '>=', since)
    .unionAll((eb) => eb.selectFrom('deflections').select(['query', 'article_slug as slug', 'lang']).where('created_at', '>=', since))
    .execute();
  /** Per language and words: events per article, and one query as typed. */
  const groups = new Map<string, { lang: Lang; words: string; example: string; total: number; perArticle: Map<string, number> }>();
  const keys = new Map<string, string>();
  for (const row of rows) {
    if (!isLang(row.lang) || !row.query) continue;
    const cacheKey = `${row.lang}\u0000${row.query}`;
    let words = keys.get(cacheKey);
    if (words === undefined) keys.set(cacheKey, (words = phrasingKey(row.query, row.lang)));
    if (!words) continue;
    const groupKey = `${row.lang}:${words}`;
    let group = groups.get(groupKey);
    if (!group) groups.set(groupKey, (group = { lang: row.lang, words, example: row.query, total: 0, perArticle: new Map() }));
    group.total++;
    group.perArticle.set(row.slug, (group.perArticle.get(row.slug) ?? 0) + 1);
  }
  const proposals: { slug: string; lang: Lang; words: string; example: string; count: number }[] = [];
  for (const group of groups.values()) {
    for (const [slug, count] of group.perArticle) {
      if (count < thresholds.minEvents || count / group.total < thresholds.minShare || !exists(slug)) continue;
      proposals.push({ slug, lang: group.lang, words: group.words, example: group.example, count });
    }
  }
  if (proposals.length === 0) return 0;
  return writeTransaction(database, async (trx) => {
    // Instances count at the same time: one at a time, so "new" is counted once.
    await lockKey(trx, 'learned-phrasing proposals');
    let added = 0;
    for (const { slug, lang, words, example, count } of proposals) {
      const known = await trx.selectFrom('learned_phrasing').select('id').where('article_slug', '=', slug).where('lang', '=', lang).where('words', '=', words).executeTakeFirst();
      await trx
        .insertInto('learned_phrasing')
        .values({ article_slug: slug, lang, words, example, status: 'proposed', evidence: count, created_at: now })
        .onConflict((oc) =>
          oc
            .columns(['article_slug', 'lang', 'words'])
            .doUpdateSet((eb) => ({ evidence: eb.ref('excluded.evidence') }))
            .where('learned_phrasing.status', '=', 'proposed'),
        )
        .execute();
      if (!known) added++;
    }
    return added;
  });
}

/** The proposed and confirmed phrasings of an article, confirmed first, then by evidence. */
export async function phrasingsOf(database: Database, slug: string): Promise<LearnedPhrasing[]> {
  const rows = await database.kysely
    .selectFrom('learned_phrasing')
    .selectAll()
    .where('article_slug', '=', slug)
    .where('status', 'in', ['proposed', 'confirmed'])
    .orderBy((eb) => eb.case().when('status', '=', 'confirmed').then(0).else(1).end())
    .orderBy('evidence', 'desc')
    .orderBy('words')
    .execute();
  return (rows as Row[]).map(fromRow);
}

/** Every confirmed phrasing (what search uses). */
export async function confirmedPhrasings(database: Database): Promise<LearnedPhrasing[]> {
  const rows = await database.kysely.selectFrom('learned_phrasing').selectAll().where('status', '=', 'confirmed').orderBy('id').execute();
  return (rows as Row[]).map(fromRow);
}

function assertDecider(actor: { role: Role }): void {
  if (!(PHRASING_ROLES as readonly Role[]).includes(actor.role)) {
    throw new PhrasingError('forbidden', 'phrasing.error.forbidden', 'only second level and admins decide on learned phrasings');
  }
}

/** Confirms or removes a proposed or confirmed phrasing; returns it as it is now. */
export async function decidePhrasing(database: Database, id: number, decision: 'confirmed' | 'removed', actor: { id: number; role: Role }, now = Date.now()): Promise<LearnedPhrasing> {
  assertDecider(actor);
  return writeTransaction(database, async (trx) => {
    // Only a phrasing that is not removed; the row is the one changed (no read-then-write gap).
    const row = await trx
      .updateTable('learned_phrasing')
      .set({ status: decision, decided_at: now, decided_by: actor.id })
      .where('id', '=', id)
      .where('status', '<>', 'removed')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new PhrasingError('not_found', 'phrasing.error.notFound', `no learned phrasing ${id}`);
    return fromRow(row as Row);
  });
}

/**
 * Adds a query as a confirmed phrasing of an article in one step (the insights' content gaps).
 * A query without meaningful words is refused; an existing phrasing (also a removed one)
 * becomes confirmed.
 */
export async function addPhrasing(database: Database, input: { articleSlug: string; lang: Lang; query: string }, actor: { id: number; role: Role }, now = Date.now()): Promise<LearnedPhrasing> {
  assertDecider(actor);
  const example = input.query.trim().replace(/\s+/g, ' ').slice(0, 200);
  const words = phrasingKey(example, input.lang);
  if (!words) throw new PhrasingError('invalid', 'phrasing.error.noWords', 'the query has no words to learn (only stop words)');
  const row = await database.kysely
    .insertInto('learned_phrasing')
    .values({ article_slug: input.articleSlug, lang: input.lang, words, example, status: 'confirmed', evidence: 0, created_at: now, decided_at: now, decided_by: actor.id })
    .onConflict((oc) =>
      oc.columns(['article_slug', 'lang', 'words']).doUpdateSet((eb) => ({
        status: 'confirmed',
        decided_at: eb.ref('excluded.decided_at'),
        decided_by: eb.ref('excluded.decided_by'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return fromRow(row as Row);
}

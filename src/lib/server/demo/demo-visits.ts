/**
 * Demo article views, searches, visits, result clicks and deflections of the last 28 days,
 * written through the site's own functions, so the insights summaries match. Deterministic.
 */
import type { Database } from '../platform/database/connect.ts';
import type { ArticleStore } from '../knowledge/articles.ts';
import { isPublicArticle } from '../search/search.ts';
import { logSearch, logSearchClick, recordArticleView } from '../search/analytics.ts';
import { recordDeflection } from '../desk/deflections.ts';
import type { Lang } from '../../languages.ts';
import { DAY_MS, MINUTE_MS, demoVisitId, random } from './demo-random.ts';

const DEMO_SEARCHES: [string, 'de' | 'en', number][] = [
  ['passwort vergessen', 'de', 2],
  ['rechnung stornieren', 'de', 3],
  ['datev export', 'de', 2],
  ['bankabruf fehler', 'de', 2],
  ['reset password', 'en', 2],
  ['vat reverse charge', 'en', 2],
  ['invite tax advisor', 'en', 1],
  ['kassenbuch', 'de', 0],
  ['inventory management', 'en', 0],
];

/**
 * Seeds views and searches of the last 28 days; most searches come from a browser with
 * JavaScript and so belong to a visit (one visit each). Returns what it wrote.
 */
export async function seedDemoData(database: Database, store: ArticleStore, now = Date.now()): Promise<{ views: number; searches: number }> {
  const next = random(42);
  // A generator of its own for the visit ids, so the views and searches stay as they were.
  const visits = random(7);
  const articles = store.all().filter(isPublicArticle);
  let views = 0;
  let searches = 0;
  for (const [index, article] of articles.entries()) {
    // A few articles are read far more often than the rest, as in every help centre.
    const weight = index % 7 === 0 ? 12 : index % 3 === 0 ? 4 : 1;
    for (let day = 0; day < 28; day++) {
      const count = Math.floor(next() * weight * 3);
      for (let i = 0; i < count; i++) await recordArticleView(database, article.slug, now - day * DAY_MS);
      views += count;
    }
  }
  for (let day = 0; day < 28; day++) {
    for (const [query, lang, resultCount] of DEMO_SEARCHES) {
      if (next() < 0.4) {
        const visitId = visits() < 0.8 ? demoVisitId(visits) : null;
        await logSearch(database, { query, lang, resultCount, source: 'page', visitId, at: now - day * DAY_MS - Math.floor(next() * DAY_MS) });
        searches++;
      }
    }
  }
  return { views, searches };
}

/** A demo search topic: the query, its language, how many results it finds, the result most readers open (null: nothing found), and what a reader types as the subject on the ticket form. */
const DEMO_TOPICS: readonly [string, Lang, number, string | null, string | null][] = [
  ['rechnung stornieren', 'de', 3, 'rechnung-korrigieren-stornorechnung', 'Rechnung falsch verschickt'],
  ['passwort vergessen', 'de', 2, 'passwort-zuruecksetzen', 'Passwort vergessen'],
  ['datev export', 'de', 2, 'datev-export-erstellen', 'DATEV Export für Steuerberater'],
  ['bankabruf fehler', 'de', 2, 'fehlermeldungen-beim-bankabruf', 'Bankabruf geht nicht'],
  ['mahnung automatisch', 'de', 2, 'zahlungserinnerungen-und-mahnungen', 'Mahnungen automatisch verschicken'],
  ['sepa lastschrift', 'de', 3, 'sepa-lastschrift-einrichten', 'Lastschrift einrichten'],
  ['zahlung zuordnen', 'de', 2, 'zahlungen-zuordnen', 'Zahlung wird nicht zugeordnet'],
  ['benutzer einladen', 'de', 2, 'benutzer-einladen', 'Steuerberater Zugang geben'],
  ['reset password', 'en', 2, 'reset-password', 'Cannot reset my password'],
  ['vat reverse charge', 'en', 2, 'reverse-charge-for-eu-customers', 'Reverse charge for EU customer'],
  ['invite tax advisor', 'en', 1, 'invite-users', 'Access for my accountant'],
  ['bank sync error', 'en', 2, 'bank-sync-error-messages', 'Bank sync error'],
  ['mark invoice paid', 'en', 2, 'mark-an-invoice-as-paid', 'Invoice paid in cash'],
  ['export csv', 'en', 2, 'export-data-as-csv', 'Export my data'],
  ['two factor lost phone', 'en', 2, 'two-factor-authentication', 'Lost phone with authenticator'],
  ['kassenbuch', 'de', 0, null, null],
  ['lohnabrechnung', 'de', 0, null, null],
  ['inventory management', 'en', 0, null, null],
];

/**
 * Demo visits of the last 28 days (random 128-bit visit ids like the browser's): each searches
 * a topic of the demo articles; most open a result, some go on to the ticket form and
 * say "This answered my question" there, the rest leave. Written through the same functions as
 * the site's (logSearch, logSearchClick, recordDeflection), so the insights summaries match.
 * Deterministic. Returns the number of visits, result clicks and deflections.
 */
export async function seedDemoVisits(database: Database, store: ArticleStore, now = Date.now()): Promise<{ visits: number; clicks: number; deflections: number }> {
  const next = random(4242);
  const usable = (slug: string | null): string | null => {
    const article = slug ? store.get(slug) : undefined;
    return article && isPublicArticle(article) ? article.slug : null;
  };
  const counts = { visits: 0, clicks: 0, deflections: 0 };
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  for (let day = 27; day >= 0; day--) {
    // Within the (UTC) day, and started at least 45 minutes ago, so everything the visit does lies in the past.
    const start = today - day * DAY_MS;
    const length = Math.min(DAY_MS, now - 45 * MINUTE_MS - start);
    const visits = 4 + Math.floor(next() * 7);
    for (let v = 0; v < visits; v++) {
      const [query, lang, resultCount, slug, formQuery] = DEMO_TOPICS[Math.floor(next() * DEMO_TOPICS.length)];
      const visitId = demoVisitId(next);
      const at = start + Math.floor(next() * length);
      if (length <= 0) continue;
      await logSearch(database, { query, lang, resultCount, source: next() < 0.6 ? 'page' : 'instant', visitId, at });
      counts.visits++;
      const article = usable(slug);
      const outcome = next();
      if (article && outcome < 0.62) {
        const clickedAt = at + (1 + Math.floor(next() * 4)) * MINUTE_MS;
        await logSearchClick(database, { query, slug: article, lang, visitId, at: clickedAt });
        await recordArticleView(database, article, clickedAt);
        counts.clicks++;
      } else if (article && formQuery && outcome < 0.78) {
        // On the ticket form: the subject brings up the article, which answers the question.
        await logSearch(database, { query: formQuery, lang, resultCount: Math.max(1, resultCount), source: 'ticket-form', visitId, at: at + 3 * MINUTE_MS });
        await recordDeflection(database, { query: formQuery, articleSlug: article, lang, visitId, at: at + 5 * MINUTE_MS });
        counts.deflections++;
      }
    }
  }
  return counts;
}

/**
 * Demo data for a fresh installation: a few weeks of article views and searches, so that
 * "most viewed" and the search log show something on first start, and one staff account per
 * role with a known demo password. Deterministic, so every fresh demo looks the same. Never
 * run against a database that already has data.
 */
import type { Db } from './db.ts';
import type { ArticleStore } from './articles.ts';
import { isPublicArticle } from './search.ts';
import { logSearch, recordArticleView } from './analytics.ts';
import { createUser, type NewUser, type User } from './users.ts';

const DAY_MS = 86_400_000;

/** A small deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

/** Seeds views and searches of the last 28 days. Returns what it wrote. */
export function seedDemoData(db: Db, store: ArticleStore, now = Date.now()): { views: number; searches: number } {
  const next = random(42);
  const articles = store.all().filter(isPublicArticle);
  let views = 0;
  let searches = 0;
  db.transaction(() => {
    articles.forEach((article, index) => {
      // A few articles are read far more often than the rest, as in every help centre.
      const weight = index % 7 === 0 ? 12 : index % 3 === 0 ? 4 : 1;
      for (let day = 0; day < 28; day++) {
        const count = Math.floor(next() * weight * 3);
        for (let i = 0; i < count; i++) recordArticleView(db, article.slug, now - day * DAY_MS);
        views += count;
      }
    });
    for (let day = 0; day < 28; day++) {
      for (const [query, lang, resultCount] of DEMO_SEARCHES) {
        if (next() < 0.4) {
          logSearch(db, { query, lang, resultCount, source: 'page', at: now - day * DAY_MS - Math.floor(next() * DAY_MS) });
          searches++;
        }
      }
    }
  })();
  return { views, searches };
}

/**
 * The demo staff: one account per role (two at level 1: a trainee and an experienced agent).
 * The passwords are public (README) — for demonstrations only, never on a real installation.
 */
export const DEMO_ACCOUNTS: readonly NewUser[] = [
  { email: 'lena.fischer@tallyhaus.example', name: 'Lena Fischer', role: 'first_level', trainee: true, password: 'demo-first-level' },
  { email: 'jonas.weber@tallyhaus.example', name: 'Jonas Weber', role: 'first_level', password: 'demo-first-level-2' },
  { email: 'mara.keller@tallyhaus.example', name: 'Mara Keller', role: 'second_level', password: 'demo-second-level' },
  { email: 'deniz.aydin@tallyhaus.example', name: 'Deniz Aydin', role: 'third_level', areas: ['banking', 'export'], password: 'demo-third-level' },
  { email: 'sophie.wagner@tallyhaus.example', name: 'Sophie Wagner', role: 'admin', password: 'demo-admin-account' },
];

/** Creates the demo staff accounts (on an empty database only). Returns the accounts created. */
export async function seedDemoAccounts(db: Db, accounts: readonly NewUser[] = DEMO_ACCOUNTS): Promise<User[]> {
  const created: User[] = [];
  for (const account of accounts) created.push(await createUser(db, account));
  return created;
}

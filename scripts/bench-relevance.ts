/**
 * npm run bench:relevance [-- --verbose]
 * Runs the customer-words query set (scripts/bench/relevance-queries.json) against the
 * imported tldr corpus and prints hit@1, hit@5 and MRR per language and overall.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArticleStore } from '../src/lib/server/knowledge/articles.ts';
import { SearchEngine } from '../src/lib/server/search/search.ts';
import type { Lang } from '../src/lib/languages.ts';
import { prepareTldrContent, tldrKey } from './bench/tldr-corpus.ts';
import { printTable } from './bench/table.ts';

interface Judgement {
  q: string;
  lang: Lang;
  relevant: string[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const queries: Judgement[] = JSON.parse(fs.readFileSync(path.join(here, 'bench/relevance-queries.json'), 'utf8'));
const verbose = process.argv.includes('--verbose');

const contentDir = await prepareTldrContent(console.log);
const store = new ArticleStore(contentDir);
await store.load();
const engine = new SearchEngine(store);
await engine.ready();
const keyOf = new Map(store.all().map((article) => [article.slug, article.translationKey]));

const totals = new Map<string, { n: number; hit1: number; hit5: number; rr: number }>();
for (const { q, lang, relevant } of queries) {
  const wanted = new Set(relevant.map(tldrKey));
  const results = engine.search(q, lang, { limit: 10 });
  const rank = results.findIndex((result) => wanted.has(keyOf.get(result.slug) ?? '')) + 1;
  for (const group of [lang, 'all']) {
    const total = totals.get(group) ?? { n: 0, hit1: 0, hit5: 0, rr: 0 };
    total.n++;
    if (rank === 1) total.hit1++;
    if (rank >= 1 && rank <= 5) total.hit5++;
    if (rank >= 1) total.rr += 1 / rank;
    totals.set(group, total);
  }
  if (verbose && (rank === 0 || rank > 5)) {
    const top = results.slice(0, 3).map((result) => keyOf.get(result.slug)).join(', ');
    console.log(`miss (${lang}) "${q}" → rank ${rank || '>10'}; wanted ${relevant.join(', ')}; got ${top}`);
  }
}

console.log(`\nRelevance on the tldr corpus (${store.all().length} articles, ${queries.length} queries)\n`);
printTable(
  ['queries', 'n', 'hit@1', 'hit@5', 'MRR'],
  ['en', 'de', 'all'].map((group) => {
    const t = totals.get(group) ?? { n: 0, hit1: 0, hit5: 0, rr: 0 };
    return [group, t.n, (t.hit1 / t.n).toFixed(2), (t.hit5 / t.n).toFixed(2), (t.rr / t.n).toFixed(2)];
  }),
);
const all = totals.get('all');
if (all) console.log(`\ntarget hit@5 ≥ 0.80: ${all.hit5 / all.n >= 0.8 ? 'met' : 'NOT met'}`);

/**
 * npm run bench:relevance [-- --verbose]
 * Runs the customer-words query sets against the imported tldr corpus and prints hit@1,
 * hit@5 and MRR for the tuned and the held-out part, each with and without the corpus's
 * synonym file, and with the relevance floor turned off for comparison. Then runs the
 * no-answer set (questions the demo knowledge base in content/ cannot answer) and prints the
 * share that gets no results.
 *
 * The split: of scripts/bench/relevance-queries.json every third query (index 2, 5, 8, …)
 * is held out, together with all of relevance-heldout-queries.json (written later, never
 * looked at while tuning). Tuning looks only at the tuned part (`--verbose` lists only its
 * misses; `--verbose-held-out` lists the held-out misses, for the report, not for tuning).
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
const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(here, 'bench', file), 'utf8')) as T;
const original = read<Judgement[]>('relevance-queries.json');
const sets: Record<'tuned' | 'held-out', Judgement[]> = {
  tuned: original.filter((_, i) => i % 3 !== 2),
  'held-out': [...original.filter((_, i) => i % 3 === 2), ...read<Judgement[]>('relevance-heldout-queries.json')],
};
const noAnswer = read<{ q: string; lang: Lang }[]>('no-answer-queries.json');
const verbose = process.argv.includes('--verbose');
const verboseHeldOut = process.argv.includes('--verbose-held-out');

delete process.env.BENCH_NO_SYNONYMS;
const contentDir = await prepareTldrContent(console.log);
const store = new ArticleStore(contentDir);
await store.load();
// The same articles without the corpus's synonyms: a store whose synonym file is empty.
const bare = Object.create(store, { synonyms: { value: (): string[][] => [] } }) as ArticleStore;
const engines = {
  with: new SearchEngine(store),
  without: new SearchEngine(bare),
  'neither (no vocabulary)': new SearchEngine(bare, undefined, { vocabulary: false }),
};
await Promise.all(Object.values(engines).map((engine) => engine.ready()));
const keyOf = new Map(store.all().map((article) => [article.slug, article.translationKey]));

interface Totals {
  n: number;
  hit1: number;
  hit5: number;
  rr: number;
}

function evaluate(engine: SearchEngine, queries: Judgement[], options: { floor?: number; list: boolean; label: string }): Record<string, Totals> {
  const totals: Record<string, Totals> = {};
  for (const { q, lang, relevant } of queries) {
    const wanted = new Set(relevant.map(tldrKey));
    const results = engine.search(q, lang, { limit: 10, floor: options.floor });
    const rank = results.findIndex((result) => wanted.has(keyOf.get(result.slug) ?? '')) + 1;
    for (const group of [lang, 'all']) {
      const total = (totals[group] ??= { n: 0, hit1: 0, hit5: 0, rr: 0 });
      total.n++;
      if (rank === 1) total.hit1++;
      if (rank >= 1 && rank <= 5) total.hit5++;
      if (rank >= 1) total.rr += 1 / rank;
    }
    if (options.list && (rank === 0 || rank > 5)) {
      const top = results.slice(0, 3).map((result) => keyOf.get(result.slug)).join(', ');
      console.log(`miss ${options.label} (${lang}) "${q}" → rank ${rank || '>10'}; wanted ${relevant.join(', ')}; got ${top || 'no results'}`);
    }
  }
  return totals;
}

const rows: (string | number)[][] = [];
const hit5 = new Map<string, number>();
for (const part of ['tuned', 'held-out'] as const) {
  for (const synonyms of ['with', 'without', 'neither (no vocabulary)'] as const) {
    for (const floor of [undefined, 0]) {
      const label = `${part}/${synonyms}${floor === 0 ? '/no floor' : ''}`;
      const list = floor === undefined && ((part === 'tuned' && verbose) || (part === 'held-out' && verboseHeldOut));
      const totals = evaluate(engines[synonyms], sets[part], { floor, list, label });
      const all = totals.all;
      const share = (total: Totals | undefined, key: 'hit1' | 'hit5' | 'rr'): string => (total ? (total[key] / total.n).toFixed(2) : '–');
      hit5.set(label, all.hit5 / all.n);
      rows.push([
        part,
        synonyms === 'neither (no vocabulary)' ? 'no synonyms, no vocabulary' : `${synonyms} synonyms`,
        floor === 0 ? 'off' : 'on',
        all.n,
        share(all, 'hit1'),
        share(all, 'hit5'),
        share(totals.en, 'hit5'),
        share(totals.de, 'hit5'),
        share(all, 'rr'),
      ]);
    }
  }
}
console.log(`\nRelevance on the tldr corpus (${store.all().length} articles)\n`);
printTable(['part', 'KB synonyms (vocabulary always on)', 'floor', 'n', 'hit@1', 'hit@5', 'hit@5 en', 'hit@5 de', 'MRR'], rows);
const target = (label: string, goal: number): string => `${(hit5.get(label) ?? 0).toFixed(2)} (target ≥ ${goal.toFixed(2)}: ${(hit5.get(label) ?? 0) >= goal ? 'met' : 'NOT met'})`;
console.log(`\nwithout synonyms: tuned ${target('tuned/without', 0.75)}, held-out ${target('held-out/without', 0.7)}`);
for (const part of ['tuned', 'held-out']) {
  const loss = (hit5.get(`${part}/with/no floor`) ?? 0) - (hit5.get(`${part}/with`) ?? 0);
  console.log(`relevance floor costs ${part}/with synonyms ${loss.toFixed(2)} hit@5 (target ≤ 0.02: ${loss <= 0.02 + 1e-9 ? 'met' : 'NOT met'})`);
}

// The no-answer set runs against the demo knowledge base, which cannot answer any of it.
const demo = new ArticleStore(path.resolve(here, '../content'));
await demo.load();
const demoEngine = new SearchEngine(demo);
await demoEngine.ready();
const noAnswerRows: (string | number)[][] = [];
for (const group of ['en', 'de', 'all'] as const) {
  const queries = noAnswer.filter((query) => group === 'all' || query.lang === group);
  const empty = queries.filter(({ q, lang }) => {
    const results = demoEngine.search(q, lang, { limit: 10 });
    if (results.length > 0 && verbose && group !== 'all') console.log(`answered (${lang}) "${q}" → ${results.slice(0, 3).map((result) => result.slug).join(', ')}`);
    return results.length === 0;
  }).length;
  const unfloored = queries.filter(({ q, lang }) => demoEngine.search(q, lang, { limit: 10, floor: 0 }).length === 0).length;
  noAnswerRows.push([group, queries.length, (empty / queries.length).toFixed(2), (unfloored / queries.length).toFixed(2)]);
}
console.log(`\nNo-answer set on the demo knowledge base (${demo.all().length} articles): share with no results\n`);
printTable(['queries', 'n', 'floor on', 'floor off'], noAnswerRows);
const allEmpty = Number(noAnswerRows.at(-1)?.[2]);
console.log(`\ntarget ≥ 0.90 with no results: ${allEmpty >= 0.9 ? 'met' : 'NOT met'}`);

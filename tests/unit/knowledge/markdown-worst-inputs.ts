/**
 * The worst Markdown inputs we know of (issue 18 and our own search), shared by the unit test
 * and `npm run bench:markdown`. Each froze the request thread or crashed it before rendering
 * moved to a time-limited worker.
 */
export const WORST_INPUTS: readonly { name: string; markdown: string }[] = [
  { name: '200,000 × [', markdown: '['.repeat(200_000) },
  { name: '30,000 × [', markdown: '['.repeat(30_000) },
  { name: "20,000 × '*_' (40,000 chars)", markdown: '*_'.repeat(20_000) },
  { name: "15,000 × '*_' (30,000 chars)", markdown: '*_'.repeat(15_000) },
  { name: '5,000 × >', markdown: `${'>'.repeat(5_000)} quote` },
  { name: '2,000 × "- " (one line)', markdown: `${'- '.repeat(2_000)}item` },
  { name: '60 list levels over 60 lines', markdown: Array.from({ length: 60 }, (_, i) => `${' '.repeat(i * 2)}- level ${i}`).join('\n') },
  { name: '5,000 × <div>', markdown: '<div>'.repeat(5_000) },
  { name: '12,000 × <a', markdown: '<a'.repeat(12_000) },
  { name: '6,000 × ![x](', markdown: '![x]('.repeat(6_000) },
];

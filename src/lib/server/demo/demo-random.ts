/**
 * The demo seed's clock units and its deterministic randomness: a seeded generator and visit
 * ids in the browser's format. Same seed, same demo — every fresh demo looks the same.
 */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** A small deterministic pseudo-random generator (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A visit id in the browser's format (32 lower-case hex digits, see visits.ts), from the seeded generator. */
export function demoVisitId(next: () => number): string {
  let id = '';
  for (let i = 0; i < 4; i++) id += Math.floor(next() * 4294967296).toString(16).padStart(8, '0');
  return id;
}

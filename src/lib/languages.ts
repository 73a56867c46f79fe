/** The languages of the interface and of articles. */
export const LANGS = ['de', 'en'] as const;

/** A supported language code. */
export type Lang = (typeof LANGS)[number];

/** True when a value is a supported language code. */
export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * Picks the best supported language from an Accept-Language header
 * ("de-CH,de;q=0.9,en;q=0.8" → "de"), or null when none fits.
 */
export function pickLangFromHeader(header: string | null): Lang | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, position) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1, position };
    })
    .filter((entry) => Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.position - b.position);
  return ranked.map((entry) => entry.base).find(isLang) ?? null;
}

/** Cookie that remembers the language a reader chose. */
export const LANG_COOKIE = 'tz_lang';

/**
 * How tags are shown to readers. Articles name tags as short keys (`vat-id`, `kuendigung`);
 * content/tags.yml maps each key to a label, either one string for every language or
 * `{ en, de }`. Rules that always hold:
 * - a reader never sees a raw key when a label exists, and never an empty label: a key that
 *   tags.yml does not name is shown with its first letter capitalised and hyphens as spaces;
 * - a bad entry in tags.yml is reported and skipped, the others still apply; a file that is
 *   not valid YAML (or not a mapping) is reported and gives no labels.
 */
import yaml from 'js-yaml';
import { z } from 'zod';
import type { Lang } from '../../languages.ts';

/** Tag key → label per language. */
export type TagLabels = ReadonlyMap<string, Record<Lang, string>>;

const label = z.string().trim().min(1).max(80);
const entrySchema = z.union([label, z.object({ en: label, de: label })]);

/** Parses content/tags.yml; problems go to `log`, readable entries are kept. */
export function parseTagLabels(source: string, log: (message: string) => void): TagLabels {
  const labels = new Map<string, Record<Lang, string>>();
  if (!source.trim()) return labels;
  let data: unknown;
  try {
    data = yaml.load(source);
  } catch (error) {
    log(`content/tags.yml: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    return labels;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    log('content/tags.yml: must map each tag to a label, e.g. vat-id: "VAT ID"');
    return labels;
  }
  for (const [key, value] of Object.entries(data)) {
    const parsed = entrySchema.safeParse(value);
    if (!parsed.success) {
      log(`content/tags.yml: ${key}: needs a label or { en: …, de: … } — skipped`);
      continue;
    }
    labels.set(key.toLowerCase(), typeof parsed.data === 'string' ? { en: parsed.data, de: parsed.data } : parsed.data);
  }
  return labels;
}

/** The label of `tag` in `lang`, or the key made readable when tags.yml does not name it. */
export function tagLabel(labels: TagLabels, tag: string, lang: Lang): string {
  const known = labels.get(tag.toLowerCase());
  if (known) return known[lang];
  const words = tag.replace(/-/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Groups with a label and description per language and a position: the knowledge base's
 * categories (content/categories.yml) and training's modules (content/training/modules.yml).
 * A text is either one string for every language or one per language; a group that only
 * documents name gets its key made readable as its label and sorts after the named ones.
 */
import { z } from 'zod';
import { LANGS, type Lang } from '../../languages.ts';

/** A category or a module. */
export interface LabelledGroup {
  key: string;
  label: Record<Lang, string>;
  description: Record<Lang, string>;
  order: number;
}

/** A text in the YAML: one string for all languages, or `{ de, en }`. */
export const localizedText = z.union([z.string(), z.object({ de: z.string(), en: z.string() })]);

/** The text per language ('' for none). */
export function textsByLang(text: z.infer<typeof localizedText> | undefined): Record<Lang, string> {
  return Object.fromEntries(LANGS.map((lang) => [lang, text === undefined ? '' : typeof text === 'string' ? text : text[lang]])) as Record<Lang, string>;
}

/** Turns a key into a readable label ("getting-started" → "Getting started"). */
export function humanize(key: string): string {
  const words = key.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The group for a key that no YAML file names: its key made readable, after the named ones. */
export function unnamedGroup(key: string): LabelledGroup {
  return { key, label: { de: humanize(key), en: humanize(key) }, description: { de: '', en: '' }, order: 1000 };
}

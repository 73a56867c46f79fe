/**
 * The one schema for article front matter. Every article file is validated against it at
 * load time; a file that fails is reported by name and field and skipped.
 */
import yaml from 'js-yaml';
import { z } from 'zod';
import { LANGS } from '../../languages.ts';

/**
 * gray-matter options for article files: YAML without its timestamp type, so that a date
 * reaches the schema as written. (js-yaml turns "2026-02-30" into 2 March without a word.)
 * Passing options also turns off gray-matter's unbounded cache of every file it has seen.
 */
export const MATTER_OPTIONS = {
  engines: { yaml: (source: string): object => yaml.load(source, { schema: yaml.CORE_SCHEMA }) as object },
};

/**
 * "2026-10-14" (optionally with a time) → Date; a day that does not exist ("2026-02-30",
 * "2026-13-01") and any other text become an invalid date, which the schema reports.
 */
function toDate(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T|$)/.exec(text);
  if (!match) return new Date(Number.NaN);
  const [year, month, day] = match.slice(1).map(Number);
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return new Date(Number.NaN);
  return new Date(text);
}

/** Lower-case words joined by hyphens: "reset-password". */
export const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Who may read an article. */
export const AUDIENCES = ['public', 'internal'] as const;
/**
 * Where an article is in its life, after KCS: draft (work in progress) → not_validated
 * (written, waiting for second level) → validated (live: public or internal, as its audience
 * says) → archived (out of date; its URL says so and points to its replacement).
 */
export const STATUSES = ['draft', 'not_validated', 'validated', 'archived'] as const;
/** An article's state. */
export type ArticleStatus = (typeof STATUSES)[number];

/** An article path below content/articles: kebab-case segments, optionally in sub-folders. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

/** Files written before the KCS states said "published"; they are read as "validated". */
function legacyStatus(value: unknown): unknown {
  return value === 'published' ? 'validated' : value;
}

export const articleFrontmatterSchema = z.strictObject({
  /** Headline shown on the page and in search results; weighted highest in search. */
  title: z.string().trim().min(1, 'must not be empty').max(200),
  /** One or two sentences that say what the article answers; shown in results and lists. */
  summary: z.string().trim().min(1, 'must not be empty').max(500),
  /** Category key (see content/categories.yml), kebab-case: "invoices". */
  category: z.string().regex(KEY_PATTERN, 'must be a kebab-case key like "invoices"'),
  /** Search keywords in the article's language; weighted above the body. */
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  /** The article's language; it is indexed with this language's stemmer. */
  lang: z.enum(LANGS),
  /** Shared by the language versions of one article; defaults to the article's slug. */
  translationKey: z.string().regex(KEY_PATTERN, 'must be a kebab-case key').optional(),
  /** "public" for customers, "internal" for staff only (never shown to the public). */
  audience: z.enum(AUDIENCES),
  /**
   * Only validated articles are listed and searchable; draft and not_validated ones are for
   * staff only; archived ones say so on their page. ("published", the old name, reads as validated.)
   */
  status: z.preprocess(legacyStatus, z.enum(STATUSES)),
  /** For an archived article: the slug of the article that replaces it, linked from its page. */
  replacedBy: z.string().regex(SLUG_PATTERN, 'must be an article slug like "reset-password"').optional(),
  /** Date of the last meaningful change, shown on the page ("2026-10-14"). */
  updated: z.preprocess(toDate, z.date({ message: 'must be a date like 2026-10-14' })),
  /** The ticket the article was written from, if any: "T-2026-000123". */
  sourceTicket: z
    .string()
    .regex(/^T-\d{4}-\d{6}$/, 'must look like T-2026-000123')
    .optional(),
});

/** Validated front matter of an article. */
export type ArticleFrontmatter = z.infer<typeof articleFrontmatterSchema>;

/** One problem found in an article file. */
export interface FrontmatterIssue {
  field: string;
  reason: string;
}

/** Validates raw front matter against a schema; returns the data or a list of issues by field. */
export function validateFrontmatter<T>(schema: z.ZodType<T>, data: unknown): { ok: true; data: T } | { ok: false; issues: FrontmatterIssue[] } {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      field: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '(front matter)'),
      reason: issue.message,
    })),
  };
}

/** Validates an article's raw front matter; returns the data or a list of issues by field. */
export function parseFrontmatter(data: unknown): { ok: true; data: ArticleFrontmatter } | { ok: false; issues: FrontmatterIssue[] } {
  return validateFrontmatter(articleFrontmatterSchema, data);
}

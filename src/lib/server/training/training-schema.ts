/**
 * The schema of training-page front matter (content/training/**\/*.md). Like articles, a file
 * that fails is reported by name and field and skipped. The self-check's right answers and
 * explanations live here, on the server: pages render the questions without them.
 */
import { z } from 'zod';
import { LANGS } from '../../languages.ts';
import { KEY_PATTERN, validateFrontmatter, type FrontmatterIssue } from '../knowledge/article-schema.ts';

/** One answer option of a self-check question. */
const optionSchema = z.strictObject({
  /** The option as the trainee reads it. */
  text: z.string().trim().min(1, 'must not be empty').max(300),
  /** True for a right answer; a question may have several. */
  correct: z.boolean().default(false),
});

/** One multiple-choice question of a self-check. */
export const selfCheckQuestionSchema = z
  .strictObject({
    /** The question. */
    question: z.string().trim().min(1, 'must not be empty').max(500),
    /** Two to eight options; at least one is marked `correct: true`. */
    options: z.array(optionSchema).min(2, 'needs at least two options').max(8, 'at most eight options'),
    /** Why the right answers are right; shown only after the self-check is passed. */
    explanation: z.string().trim().min(1, 'must not be empty').max(1000),
  })
  .refine((question) => question.options.some((option) => option.correct), {
    message: 'needs at least one option with correct: true',
    path: ['options'],
  })
  .refine((question) => question.options.some((option) => !option.correct), {
    message: 'needs at least one wrong option',
    path: ['options'],
  });

export const trainingFrontmatterSchema = z.strictObject({
  /** Headline of the page. */
  title: z.string().trim().min(1, 'must not be empty').max(200),
  /** One sentence on what the page teaches; shown in the curriculum and in staff search. */
  summary: z.string().trim().min(1, 'must not be empty').max(500),
  /** Module key (see content/training/modules.yml), kebab-case: "support-process". */
  module: z.string().regex(KEY_PATTERN, 'must be a kebab-case key like "support-process"'),
  /** Position within the module: 1, 2, 3 … */
  order: z.number().int('must be a whole number').min(1).max(999),
  /** Estimated minutes to work through the page, self-check included. */
  minutes: z.number().int('must be a whole number').min(1).max(240),
  /** The page's language. */
  lang: z.enum(LANGS),
  /** Shared by the language versions of one page; progress counts per key. Defaults to the slug. */
  translationKey: z.string().regex(KEY_PATTERN, 'must be a kebab-case key').optional(),
  /** Search keywords in the page's language (staff search). */
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  /** Optional multiple-choice self-check at the end of the page. */
  selfCheck: z.array(selfCheckQuestionSchema).max(20).default([]),
});

/** Validated front matter of a training page. */
export type TrainingFrontmatter = z.infer<typeof trainingFrontmatterSchema>;
/** One self-check question with its right answers. */
export type SelfCheckQuestion = TrainingFrontmatter['selfCheck'][number];

/** Validates a training page's raw front matter; returns the data or a list of issues by field. */
export function parseTrainingFrontmatter(data: unknown): { ok: true; data: TrainingFrontmatter } | { ok: false; issues: FrontmatterIssue[] } {
  return validateFrontmatter(trainingFrontmatterSchema, data);
}

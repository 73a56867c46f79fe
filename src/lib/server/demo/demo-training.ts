/**
 * Demo training progress for the demo trainee, through the training's own markPageRead and
 * submitSelfCheck. Pages missing from the content folder are left out.
 */
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction } from '../platform/database/write-transaction.ts';
import type { TrainingStore } from '../training/training.ts';
import { markPageReadInChange, submitSelfCheckInChange } from '../training/training-progress.ts';
import { DAY_MS } from './demo-random.ts';

/**
 * Demo training progress for the demo trainee (lena.fischer): the first module partly done —
 * two pages read with their self-checks passed (one after a failed try), the third read with a
 * failed self-check — and the product overview read. Pages missing from the content folder are
 * left out. Returns the number of pages touched.
 */
export async function seedDemoTraining(database: Database, training: TrainingStore, userId: number, now = Date.now()): Promise<number> {
  const steps: { key: string; daysAgo: number; attempts: boolean[] }[] = [
    { key: 'support-levels', daysAgo: 5, attempts: [false, true] },
    { key: 'search-first', daysAgo: 4, attempts: [true] },
    { key: 'writing', daysAgo: 2, attempts: [false] },
    { key: 'product-areas', daysAgo: 1, attempts: [] },
  ];
  let touched = 0;
  await writeTransaction(database, async (trx) => {
    for (const step of steps) {
      const page = training.all().find((candidate) => candidate.translationKey === step.key && candidate.lang === 'de');
      if (!page) continue;
      const at = now - step.daysAgo * DAY_MS;
      await markPageReadInChange(trx, userId, page.translationKey, at);
      for (const [index, pass] of step.attempts.entries()) {
        // A right attempt chooses exactly the right options; a wrong one the first wrong option of every question.
        const values = page.selfCheck.flatMap((question, q) =>
          pass
            ? question.options.flatMap((option, o) => (option.correct ? [`${q}:${o}`] : []))
            : [`${q}:${question.options.findIndex((option) => !option.correct)}`],
        );
        await submitSelfCheckInChange(trx, userId, page, values, at + (index + 1) * 600_000);
      }
      touched++;
    }
  });
  return touched;
}

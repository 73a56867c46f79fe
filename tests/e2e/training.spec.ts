/**
 * Training pages end to end: a trainee logs in (without JavaScript: every form is a plain
 * post), sees Training first, reads two pages, fails and then passes a self-check, and the
 * second-level overview shows it; second level clears the trainee flag there. The public gets
 * a 404 on every training URL it could try and finds nothing in search or the shipped index;
 * staff search finds the pages. The right answers and explanations are absent from the page
 * source before submission. A trainee and a first-level agent cannot change trainee flags (nor
 * edit anything) through the endpoints. Axe on the curriculum, a page and the overview.
 * Second level edits and creates pages in the editor: conflicts, the live preview (server
 * rendered, sanitised; the Preview button without JavaScript) and the local draft.
 * (The role table of the training routes and actions is in roles.spec.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import matter from 'gray-matter';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addStaffAccounts, logInAs, runNode } from './support/staff.ts';

const PASSWORD = 'e2e-training-password';
const RUN = Date.now().toString(36);
const STAFF = {
  trainee: { email: `training.trainee.${RUN}@tierzero.test`, name: `Tara Trainee ${RUN}`, role: 'first_level', extra: ['--trainee'] },
  first: { email: `training.first.${RUN}@tierzero.test`, name: `Finn First ${RUN}`, role: 'first_level' },
  second: { email: `training.second.${RUN}@tierzero.test`, name: `Selma Second ${RUN}`, role: 'second_level' },
  fresh: { email: `training.fresh.${RUN}@tierzero.test`, name: `Fred Fresh ${RUN}`, role: 'first_level', extra: ['--trainee'] },
};
const SERVER = `file://${path.resolve('src/lib/server')}`;
const TRAINING_DIR = path.resolve('content/training');

interface Question {
  question: string;
  options: { text: string; correct?: boolean }[];
  explanation: string;
}
interface TrainingFile {
  slug: string;
  title: string;
  summary: string;
  lang: string;
  translationKey: string;
  selfCheck: Question[];
}

/** Every training page as it is on disk (the test knows the answers; the browser must not). */
function readTraining(): TrainingFile[] {
  return fs
    .readdirSync(TRAINING_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => {
      const { data } = matter(fs.readFileSync(path.join(TRAINING_DIR, file), 'utf8'));
      return { slug: file.replace(/\.md$/, '').split(path.sep).join('/'), title: data.title, summary: data.summary, lang: data.lang, translationKey: data.translationKey, selfCheck: data.selfCheck ?? [] };
    });
}

const PAGES = readTraining();
const page = (slug: string): TrainingFile => PAGES.find((candidate) => candidate.slug === slug)!;
const LEVELS = page('support-process/support-levels-and-escalation');
const SEARCH_FIRST = page('support-process/search-before-you-answer');

test.beforeAll(() => addStaffAccounts(Object.values(STAFF), PASSWORD));

function logIn(browser: Browser, who: keyof typeof STAFF, javaScriptEnabled = true): Promise<Page> {
  return logInAs(browser, STAFF[who].email, PASSWORD, javaScriptEnabled);
}

function traineeFlag(email: string): boolean {
  return runNode<{ trainee: boolean }>(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    const db = openDatabase(process.env.DATA_DIR);
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const database = sqliteDatabase(db);
    console.log(JSON.stringify({ trainee: (await getUserByEmail(database, ${JSON.stringify(email)})).trainee }));
  `).trainee;
}

function userId(email: string): number {
  return runNode<{ id: number }>(`
    import { openDatabase } from '${SERVER}/platform/db.ts';
    import { getUserByEmail } from '${SERVER}/accounts/users.ts';
    const db = openDatabase(process.env.DATA_DIR);
    import { sqliteDatabase } from '${SERVER}/platform/database/connect.ts';
    const database = sqliteDatabase(db);
    console.log(JSON.stringify({ id: (await getUserByEmail(database, ${JSON.stringify(email)})).id }));
  `).id;
}

async function expectNoSeriousViolations(tab: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page: tab }).analyze();
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const report = serious.map((violation) => `[${violation.impact}] ${violation.id}: ${violation.help}\n${violation.nodes.map((node) => `  - ${node.target.join(' ')}`).join('\n')}`).join('\n');
  expect(serious.length, `axe violations on ${tab.url()}:\n${report}`).toBe(0);
}

/** Ticks the options of a self-check: the right ones, or the first wrong one of every question. */
async function answer(tab: Page, questions: Question[], right: boolean): Promise<void> {
  for (const [q, question] of questions.entries()) {
    const options = question.options.flatMap((option, o) => ((right ? option.correct === true : option.correct !== true) ? [o] : []));
    for (const o of right ? options : options.slice(0, 1)) await tab.locator(`input[name="q${q}"][value="${o}"]`).check();
  }
}

test('a trainee reads two pages, fails and then passes a self-check; the second-level overview shows it', async ({ browser }) => {
  const trainee = await logIn(browser, 'trainee', false);
  // Training comes first: in the staff navigation and on the desk.
  await expect(trainee.locator('[data-staff-sidenav] a').first()).toHaveText('Training');
  const deskTraining = trainee.locator('[data-desk-training]');
  await expect(deskTraining).toContainText('0 of 8 pages done');
  await expect(trainee.locator('h2').first()).toHaveText('Your training');

  await trainee.locator('[data-staff-nav]').getByRole('link', { name: 'Training' }).click();
  await expect(trainee).toHaveURL('/staff/training');
  await expect(trainee.locator('[data-training-summary]')).toHaveText('0 of 8 pages done');
  await expect(trainee.locator('[data-training-page][data-status="not_started"]')).toHaveCount(8);
  await expect(trainee.getByRole('heading', { level: 2 }).first()).toHaveText('Module 1: How support works at Tallyhaus');

  // Page 1: opening it marks it read.
  await trainee.locator('[data-training-continue]').click();
  await expect(trainee).toHaveURL(`/staff/training/${LEVELS.slug}`);
  await expect(trainee.getByRole('heading', { level: 1 })).toHaveText(LEVELS.title);
  // Page 2, through "Next page".
  await trainee.locator('[data-training-next]').click();
  await expect(trainee).toHaveURL(`/staff/training/${SEARCH_FIRST.slug}`);

  // Fail the self-check: which questions were wrong, the choices kept, no right answers shown.
  await answer(trainee, SEARCH_FIRST.selfCheck, false);
  await trainee.getByRole('button', { name: 'Check my answers' }).click();
  await expect(trainee.locator('[data-check-failed]')).toContainText(`Not passed yet: ${SEARCH_FIRST.selfCheck.length} of ${SEARCH_FIRST.selfCheck.length} questions are not right.`);
  await expect(trainee.locator('fieldset[data-state="wrong"]')).toHaveCount(SEARCH_FIRST.selfCheck.length);
  await expect(trainee.locator('input[name^="q"]:checked')).toHaveCount(SEARCH_FIRST.selfCheck.length);
  const failedSource = await trainee.content();
  for (const question of SEARCH_FIRST.selfCheck) expect(failedSource).not.toContain(question.explanation);
  expect(failedSource).not.toContain('Right answer');

  // Pass it.
  for (const input of await trainee.locator('input[name^="q"]').all()) if (await input.isChecked() && (await input.getAttribute('type')) === 'checkbox') await input.uncheck();
  await answer(trainee, SEARCH_FIRST.selfCheck, true);
  await trainee.getByRole('button', { name: 'Check my answers' }).click();
  await expect(trainee).toHaveURL(new RegExp(`/staff/training/${SEARCH_FIRST.slug}\\?check=passed`));
  await expect(trainee.locator('[data-check-passed]')).toContainText('Passed — well done.');
  for (const question of SEARCH_FIRST.selfCheck) await expect(trainee.locator('[data-check-answers]')).toContainText(question.explanation);

  await trainee.goto('/staff/training');
  await expect(trainee.locator(`[data-training-page="${LEVELS.translationKey}"]`)).toHaveAttribute('data-status', 'read');
  await expect(trainee.locator(`[data-training-page="${SEARCH_FIRST.translationKey}"]`)).toHaveAttribute('data-status', 'passed');
  await expect(trainee.locator('[data-training-summary]')).toHaveText('1 of 8 pages done');
  // Continue where I left off: the self-check of page 1 is still open, and it was the last page opened before page 2 was done.
  await expect(trainee.locator('[data-training-continue]')).toHaveAttribute('data-training-continue', LEVELS.translationKey);
  await trainee.context().close();

  // Second level sees it in the overview.
  const second = await logIn(browser, 'second');
  await second.goto('/staff/training/progress');
  await expect(second.locator('[data-stuck-definition]')).toContainText('7 days');
  const row = second.locator(`[data-trainee="${STAFF.trainee.email}"]`);
  await expect(row.locator('[data-read]')).toHaveText('2 / 8');
  await expect(row.locator('[data-passed]')).toHaveText('1 / 7');
  await expect(row.locator('[data-attempts]')).toHaveText('2 (1)');
  await expect(row.locator('[data-state]')).toHaveText('In progress');
  const details = second.locator(`[data-agent="${STAFF.trainee.email}"]`);
  await expect(details.locator(`[data-page="${SEARCH_FIRST.translationKey}"] [data-check]`)).toContainText('after 2 attempt(s)');
  await expect(details.locator(`[data-page="${LEVELS.translationKey}"]`)).toHaveAttribute('data-status', 'read');
  await expect(details.locator(`[data-page="${LEVELS.translationKey}"] [data-check]`)).toHaveText('not tried');

  // …and clears the trainee flag there (a plain form, checked on the server).
  await row.getByRole('button', { name: `Clear the trainee flag of ${STAFF.trainee.name}` }).click();
  await expect(second.locator('[data-done]')).toHaveText(`${STAFF.trainee.name} is no longer a trainee.`);
  expect(traineeFlag(STAFF.trainee.email)).toBe(false);
  await second.locator(`[data-trainee="${STAFF.trainee.email}"]`).getByRole('button', { name: `Mark ${STAFF.trainee.name} as trainee` }).click();
  await expect(second.locator('[data-done]')).toHaveText(`${STAFF.trainee.name} is now a trainee.`);
  expect(traineeFlag(STAFF.trainee.email)).toBe(true);
  await second.context().close();
});

test('a self-check with a question left out is refused, nothing recorded, the choices kept', async ({ browser }) => {
  const agent = await logIn(browser, 'first');
  await agent.goto(`/staff/training/${LEVELS.slug}`);
  await agent.locator('input[name="q0"][value="0"]').check();
  await agent.getByRole('button', { name: 'Check my answers' }).click();
  await expect(agent.locator('[data-check-error]')).toContainText('Please answer every question. Still without an answer: Question 2, Question 3.');
  await expect(agent.locator('input[name="q0"][value="0"]')).toBeChecked();
  await expect(agent.locator('fieldset[data-state="unanswered"]')).toHaveCount(2);
  await expect(agent.locator('[data-check-attempts]')).toHaveCount(0);
  await agent.context().close();
});

test('the right answers and explanations are absent from the source of every page before submission', async ({ browser }) => {
  const fresh = await logIn(browser, 'fresh');
  const checked = PAGES.filter((file) => file.selfCheck.length > 0);
  expect(checked.length).toBeGreaterThanOrEqual(12);
  for (const file of checked) {
    const response = await fresh.request.get(`/staff/training/${file.slug}`);
    expect(response.status(), file.slug).toBe(200);
    const source = await response.text();
    // The questions and options are there…
    for (const question of file.selfCheck) {
      expect(source, file.slug).toContain(escapeHtml(question.question));
      for (const option of question.options) expect(source, file.slug).toContain(escapeHtml(option.text));
      // …but no explanation, and nothing tells the right options from the wrong ones.
      expect(source, file.slug).not.toContain(escapeHtml(question.explanation));
    }
    const form = source.slice(source.indexOf('data-self-check'), source.indexOf('Check my answers'));
    // The markup (tags and attributes, without the question and option texts) says nothing about right or wrong.
    expect(form.replace(/>[^<]*</g, '><'), file.slug).not.toMatch(/correct|right|richtig|wrong|falsch/i);
    const inputs = form.match(/<input[^>]*name="q\d+"[^>]*>/g) ?? [];
    expect(inputs.length, file.slug).toBe(file.selfCheck.reduce((sum, question) => sum + question.options.length, 0));
    // Every option input has the same attributes (type, name, value only).
    for (const input of inputs) expect(input.replace(/\s(type|name|value)="[^"]*"/g, '').replace(/\sdata-astro-cid-\w+/g, ''), file.slug).toBe('<input>');
  }
  await fresh.context().close();
});

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

test.describe('the public', () => {
  test('gets a 404 on every training URL it could try, and never the content', async ({ request }) => {
    for (const file of PAGES) {
      const name = file.slug.split('/').pop()!;
      for (const url of [`/articles/${file.slug}`, `/articles/${name}`, `/training/${file.slug}`, `/content/training/${file.slug}.md`, `/media/../training/${file.slug}.md`, `/articles/..%2Ftraining%2F${encodeURIComponent(file.slug)}`]) {
        const response = await request.get(url, { maxRedirects: 0 });
        expect(response.status(), url).toBe(404);
        expect(await response.text(), url).not.toContain(escapeHtml(file.title));
      }
      // The staff address sends the public to the log-in page, with nothing of the page.
      const staff = await request.get(`/staff/training/${file.slug}`, { maxRedirects: 0 });
      expect(staff.status()).toBe(303);
      expect(staff.headers()['location']).toMatch(/^\/staff\/login\?next=/);
      expect(await staff.text()).not.toContain(escapeHtml(file.title));
    }
    for (const url of ['/staff/training', '/staff/training/progress']) {
      const response = await request.get(url, { maxRedirects: 0 });
      expect(response.status(), url).toBe(303);
    }
  });

  test('finds no training page in search, /api/search or the shipped index', async ({ request, page }) => {
    for (const file of PAGES) {
      const api = await request.get(`/api/search?${new URLSearchParams({ q: file.title, lang: file.lang, limit: '50' })}`);
      const { results } = (await api.json()) as { results: { slug: string }[] };
      const slugs = results.map((result) => result.slug);
      expect(slugs.filter((slug) => slug.startsWith('training') || PAGES.some((other) => slug.endsWith(other.slug))), file.slug).toEqual([]);
      // The search page repeats the query, so look for what only a result would show: the page's summary and address.
      const html = await (await request.get(`/search?${new URLSearchParams({ q: file.title })}`)).text();
      expect(html, file.slug).not.toContain('/staff/training/');
      expect(html, file.slug).not.toContain(escapeHtml(file.summary));
    }
    await page.goto('/');
    const indexUrl = await page.locator('[data-index-url]').first().getAttribute('data-index-url');
    expect(indexUrl).toMatch(/^\/search-index\//);
    const shipped = await (await request.get(indexUrl!)).text();
    expect(shipped).not.toContain('training');
    for (const file of PAGES) expect(shipped, file.slug).not.toContain(JSON.stringify(file.title).slice(1, -1));
  });
});

test('staff search (the knowledge-base panel) finds training pages and links them on the staff side', async ({ browser }) => {
  const agent = await logIn(browser, 'first');
  const response = await agent.request.get(`/staff/api/kb-search?${new URLSearchParams({ q: 'escalate reason second level', lang: 'en' })}`);
  const { results } = (await response.json()) as { results: { slug: string; kind: string; href: string; audience: string }[] };
  const hit = results.find((result) => result.kind === 'training');
  expect(hit, JSON.stringify(results)).toBeTruthy();
  expect(hit!.href).toMatch(/^\/staff\/training\//);
  expect(hit!.audience).toBe('internal');
  await agent.context().close();
});

test('a trainee and a first-level agent cannot change trainee flags or training pages through the endpoints; nothing changes', async ({ browser }) => {
  const files = PAGES.map((file) => path.join(TRAINING_DIR, `${file.slug}.md`));
  const before = files.map((file) => fs.readFileSync(file, 'utf8'));
  const targets = [userId(STAFF.trainee.email), userId(STAFF.fresh.email)];
  for (const who of ['fresh', 'first'] as const) {
    const tab = await logIn(browser, who);
    for (const target of targets) {
      for (const trainee of ['0', '1']) {
        const rpc = await tab.request.post('/_actions/training.setTrainee', { form: { userId: String(target), trainee }, headers: { Origin: new URL(tab.url()).origin } });
        expect(rpc.status(), `${who} → ${target}`).toBe(403);
        const form = await tab.request.post('/staff/training/progress?_action=training.setTrainee', { form: { userId: String(target), trainee }, headers: { Origin: new URL(tab.url()).origin }, maxRedirects: 0 });
        expect(form.status()).toBe(403);
      }
    }
    // A forged post of page content to a training page changes nothing: there is no write path for these roles.
    const posted = await tab.request.post(`/staff/training/${LEVELS.slug}`, { form: { slug: LEVELS.slug, title: 'Forged', body: 'Forged body' }, headers: { Origin: new URL(tab.url()).origin }, maxRedirects: 0 });
    expect(await posted.text()).not.toContain('Forged body');
    // The overview itself is refused too.
    expect((await tab.request.get('/staff/training/progress', { maxRedirects: 0 })).status()).toBe(403);
    await tab.context().close();
  }
  expect(traineeFlag(STAFF.fresh.email)).toBe(true);
  // The served copy of the content is unchanged.
  const served = path.join(process.env.E2E_CONTENT_DIR!, 'training');
  expect(files.map((file) => fs.readFileSync(path.join(served, path.relative(TRAINING_DIR, file)), 'utf8'))).toEqual(before);
});

test.describe('accessibility', () => {
  test('the curriculum, a training page (with a failed self-check) and the overview have no serious problems', async ({ browser }) => {
    const agent = await logIn(browser, 'first');
    await agent.goto('/staff/training');
    await expectNoSeriousViolations(agent);
    await agent.goto(`/staff/training/${LEVELS.slug}`);
    await expectNoSeriousViolations(agent);
    await answer(agent, LEVELS.selfCheck, false);
    await agent.getByRole('button', { name: 'Check my answers' }).click();
    await expect(agent.locator('[data-check-failed]')).toBeVisible();
    await expectNoSeriousViolations(agent);
    await agent.context().close();

    const second = await logIn(browser, 'second');
    await second.goto('/staff/training/progress');
    await expectNoSeriousViolations(second);
    await second.context().close();
  });

  test('the German curriculum and a German page have no serious problems', async ({ browser }) => {
    const agent = await logIn(browser, 'first');
    await agent.context().addCookies([{ name: 'tz_lang', value: 'de', url: new URL(agent.url()).origin }]);
    await agent.goto('/staff/training');
    await expect(agent.getByRole('heading', { level: 1 })).toHaveText('Schulung');
    await expectNoSeriousViolations(agent);
    await agent.goto('/staff/training/support-process/supportstufen-und-eskalation');
    await expectNoSeriousViolations(agent);
    await agent.context().close();
  });
});

test.describe('editing training pages (second level and admins)', () => {
  const EDITED = page('standard-answers/invoice-payment-and-export-questions');
  const DRAFTED = page('product/invoices-and-payments');
  const served = (slug: string): string => fs.readFileSync(path.join(process.env.E2E_CONTENT_DIR!, 'training', `${slug}.md`), 'utf8');

  test('second level edits a page in the editor; a stale save shows both versions and saves nothing', async ({ browser }) => {
    const first = await logIn(browser, 'second');
    await first.goto(`/staff/training/${EDITED.slug}`);
    await first.locator('[data-training-edit]').click();
    await expect(first).toHaveURL(`/staff/training/edit/${EDITED.slug}`);
    await expectNoSeriousViolations(first);
    // A second tab opens the same revision.
    const second = await first.context().newPage();
    await second.goto(`/staff/training/edit/${EDITED.slug}`);

    await first.getByLabel('Title').fill(`${EDITED.title} (revised)`);
    await first.getByLabel('What did you change? (revision message)').fill('Clearer title');
    await first.getByRole('button', { name: 'Save' }).click();
    await expect(first.locator('[data-done="saved"]')).toContainText('Saved as revision');
    expect(served(EDITED.slug)).toContain(`${EDITED.title} (revised)`);
    await first.goto(`/staff/training/${EDITED.slug}`);
    await expect(first.getByRole('heading', { level: 1 })).toHaveText(`${EDITED.title} (revised)`);

    // The other tab was opened before that save: its save is refused, nothing written, its text kept.
    await second.getByLabel('Title').fill(`${EDITED.title} (other)`);
    await second.getByRole('button', { name: 'Save' }).click();
    await expect(second.locator('[data-conflict]')).toContainText('Someone saved this training page while you were editing');
    await expect(second.locator('[data-theirs]')).toContainText('(revised)');
    await expect(second.locator('[data-yours]')).toContainText('(other)');
    await expect(second.getByLabel('Title')).toHaveValue(`${EDITED.title} (other)`);
    expect(served(EDITED.slug)).not.toContain('(other)');
    await expectNoSeriousViolations(second);

    // A broken self-check is refused at its field, the input kept.
    await second.getByLabel('Self-check (YAML)').fill('- question: [unclosed');
    await second.getByRole('button', { name: 'Save' }).click();
    await expect(second.locator('#training-selfCheck-error')).toContainText('The self-check is not valid YAML');
    await expect(second.getByLabel('Self-check (YAML)')).toHaveValue('- question: [unclosed');

    // The history lists both revisions (the file as it was, and the save).
    await first.goto(`/staff/training/history/${EDITED.slug}`);
    await expect(first.locator('[data-revision]')).toHaveCount(2);
    await expectNoSeriousViolations(first);
    await first.context().close();
  });

  test('second level creates a new page; it is staff-only like the others', async ({ browser, request }) => {
    const editor = await logIn(browser, 'second');
    await editor.goto('/staff/training/new');
    await editor.getByLabel('Address (module/page-name)').fill(`product/e2e-page-${RUN}`);
    await editor.getByLabel('Title').fill(`Quokka handbook ${RUN}`);
    await editor.getByLabel('Summary (one sentence)').fill('A page written in the editor.');
    await editor.getByLabel('Module', { exact: true }).selectOption('product');
    await editor.getByLabel('Language', { exact: true }).selectOption('en');
    await editor.getByLabel('Text (Markdown)').fill('## Section\n\nWritten in the editor.');
    await editor.getByRole('button', { name: 'Create the page' }).click();
    await expect(editor.locator('[data-done="created"]')).toContainText('Training page created (revision 1).');
    await editor.goto(`/staff/training/product/e2e-page-${RUN}`);
    await expect(editor.getByRole('heading', { level: 1 })).toHaveText(`Quokka handbook ${RUN}`);
    await editor.context().close();
    expect((await request.get(`/articles/product/e2e-page-${RUN}`)).status()).toBe(404);
    const api = (await (await request.get(`/api/search?${new URLSearchParams({ q: `Quokka handbook ${RUN}`, lang: 'en' })}`)).json()) as { results: unknown[] };
    expect(api.results).toEqual([]);
  });

  test('the live preview shows the body as the server renders it, never script or onerror; Preview works without JavaScript', async ({ browser }) => {
    const editor = await logIn(browser, 'second');
    await editor.goto('/staff/training/new');
    await expect(editor.locator('[data-preview-live]')).toBeVisible();
    const word = `quokkaschule${RUN}`;
    await editor.getByLabel('Text (Markdown)').fill(`## Steps\n\nThe **${word}** is explained here.`);
    await expect(editor.locator('[data-preview] strong')).toHaveText(word);
    await expect(editor.locator('[data-preview] h2')).toHaveText('Steps');
    await editor.getByLabel('Text (Markdown)').fill(`The **${word}** again.\n\n<script>alert(1)</script><img src=/media/x.png onerror="alert(2)"><img src="https://tracker.example/p.gif" alt="pixel">`);
    // The image from /media stays (without its handler); the one from another host is only its alt text.
    await expect(editor.locator('[data-preview] img')).toHaveCount(1);
    await expect(editor.locator('[data-preview]')).toContainText('pixel');
    expect(await editor.locator('[data-preview]').innerHTML()).not.toMatch(/<script|onerror/);
    await editor.context().close();

    // Without JavaScript: "Preview" posts the form and comes back with everything typed, nothing saved.
    const before = served(DRAFTED.slug);
    const plain = await logIn(browser, 'second', false);
    await plain.goto(`/staff/training/edit/${DRAFTED.slug}`);
    await expect(plain.locator('[data-preview] h2').first()).toBeVisible();
    const selfCheck = await plain.getByLabel('Self-check (YAML)').inputValue();
    await plain.getByLabel('Title').fill(`${DRAFTED.title} (previewed)`);
    await plain.getByLabel('Text (Markdown)').fill('Some **bold** text.\n\n<img src=x onerror="alert(3)">');
    await plain.getByRole('button', { name: 'Preview' }).click();
    await expect(plain.locator('[data-preview] strong')).toHaveText('bold');
    expect(await plain.locator('[data-preview]').innerHTML()).not.toMatch(/<script|onerror/);
    await expect(plain.getByLabel('Title')).toHaveValue(`${DRAFTED.title} (previewed)`);
    await expect(plain.getByLabel('Self-check (YAML)')).toHaveValue(selfCheck);
    expect(served(DRAFTED.slug)).toBe(before);
    await plain.context().close();
  });

  test('unsaved edits (the self-check too) survive a reload and can be discarded; a save clears them; a stale draft shows the conflict', async ({ browser }) => {
    test.setTimeout(60_000);
    const editor = await logIn(browser, 'second');
    const key = `tierzero:editor:training:${DRAFTED.slug}`;
    const stored = (): Promise<string | null> => editor.evaluate((name) => window.localStorage.getItem(name), key);
    await editor.goto(`/staff/training/edit/${DRAFTED.slug}`);
    const body = await editor.getByLabel('Text (Markdown)').inputValue();
    const selfCheck = await editor.getByLabel('Self-check (YAML)').inputValue();
    await editor.getByLabel('Text (Markdown)').fill(`${body}\n\nUnsaved local change ${RUN}.`);
    await editor.getByLabel('Self-check (YAML)').fill(`${selfCheck}\n# unsaved note ${RUN}`);
    await editor.waitForTimeout(500);
    expect(await stored()).toContain(`Unsaved local change ${RUN}.`);
    expect(await editor.evaluate((name) => window.localStorage.getItem(name), `tierzero:editor:articles:${DRAFTED.slug}`)).toBeNull();
    await editor.reload();
    await expect(editor.locator('[data-local-draft-status]')).toContainText('Unsaved changes from');
    await expect(editor.getByLabel('Text (Markdown)')).toHaveValue(`${body}\n\nUnsaved local change ${RUN}.`);
    await expect(editor.getByLabel('Self-check (YAML)')).toHaveValue(`${selfCheck}\n# unsaved note ${RUN}`);
    await expect(editor.locator('[data-preview]')).toContainText(`Unsaved local change ${RUN}.`);
    await expectNoSeriousViolations(editor);
    await editor.locator('[data-discard-draft]').click();
    await expect(editor.getByLabel('Text (Markdown)')).toHaveValue(body);
    await expect(editor.getByLabel('Self-check (YAML)')).toHaveValue(selfCheck);
    await editor.reload();
    await expect(editor.locator('[data-local-draft-status]')).toBeEmpty();
    expect(await stored()).toBeNull();

    // A restored draft is saved like typed text, and the save clears it.
    await editor.getByLabel('Title').fill(`${DRAFTED.title} (from the draft)`);
    await editor.waitForTimeout(500);
    await editor.reload();
    await expect(editor.getByLabel('Title')).toHaveValue(`${DRAFTED.title} (from the draft)`);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.locator('[data-done="saved"]')).toContainText('Saved as revision');
    expect(served(DRAFTED.slug)).toContain(`${DRAFTED.title} (from the draft)`);
    expect(await stored()).toBeNull();
    await editor.reload();
    await expect(editor.locator('[data-local-draft-status]')).toBeEmpty();

    // A draft keeps the revision it was based on: saved over a newer one, it shows the conflict.
    await editor.getByLabel('Text (Markdown)').fill(`Stale draft ${RUN}.`);
    await editor.waitForTimeout(500);
    const other = await logIn(browser, 'second');
    await other.goto(`/staff/training/edit/${DRAFTED.slug}`);
    await other.getByLabel('Title').fill(`${DRAFTED.title} (meanwhile)`);
    await other.getByRole('button', { name: 'Save' }).click();
    await expect(other.locator('[data-done="saved"]')).toBeVisible();
    await other.context().close();
    await editor.reload();
    await expect(editor.locator('[data-local-draft-status]')).toContainText('Unsaved changes from');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.locator('[data-conflict]')).toContainText('Someone saved this training page while you were editing');
    await expect(editor.locator('[data-theirs]')).toContainText('(meanwhile)');
    await expect(editor.getByLabel('Text (Markdown)')).toHaveValue(`Stale draft ${RUN}.`);
    expect(served(DRAFTED.slug)).not.toContain(`Stale draft ${RUN}.`);

    // A new page's draft survives a closed tab, and creating the page clears it.
    await editor.goto('/staff/training/new');
    await editor.getByLabel('Address (module/page-name)').fill(`product/e2e-draft-${RUN}`);
    await editor.getByLabel('Title').fill(`Draft page ${RUN}`);
    await editor.getByLabel('Summary (one sentence)').fill('Typed before the tab closed.');
    await editor.getByLabel('Module', { exact: true }).selectOption('product');
    await editor.getByLabel('Language', { exact: true }).selectOption('en');
    await editor.getByLabel('Text (Markdown)').fill('Typed before the tab closed.');
    await editor.waitForTimeout(500);
    const context = editor.context();
    await editor.close();
    const again = await context.newPage();
    await again.goto('/staff/training/new');
    await expect(again.locator('[data-local-draft-status]')).toContainText('Unsaved changes from');
    await expect(again.getByLabel('Title')).toHaveValue(`Draft page ${RUN}`);
    await expect(again.getByLabel('Address (module/page-name)')).toHaveValue(`product/e2e-draft-${RUN}`);
    await again.getByRole('button', { name: 'Create the page' }).click();
    await expect(again.locator('[data-done="created"]')).toBeVisible();
    expect(await again.evaluate(() => window.localStorage.getItem('tierzero:editor:training:new'))).toBeNull();
    await again.goto('/staff/training/new');
    await expect(again.locator('[data-local-draft-status]')).toBeEmpty();
    await expect(again.getByLabel('Title')).toHaveValue('');
    await context.close();
  });

  test('a trainee and a first-level agent cannot edit training pages: 403 on the pages and the actions, the file unchanged', async ({ browser }) => {
    const before = served(LEVELS.slug);
    for (const who of ['fresh', 'first'] as const) {
      const tab = await logIn(browser, who);
      for (const url of [`/staff/training/edit/${LEVELS.slug}`, '/staff/training/new', `/staff/training/history/${LEVELS.slug}`]) {
        expect((await tab.request.get(url, { maxRedirects: 0 })).status(), `${who} ${url}`).toBe(403);
      }
      await tab.goto(`/staff/training/${LEVELS.slug}`);
      await expect(tab.locator('[data-training-edit]')).toHaveCount(0);
      const origin = new URL(tab.url()).origin;
      const fields = { slug: LEVELS.slug, baseRevision: '1', title: 'Forged', summary: 'Forged.', module: 'support-process', order: '1', minutes: '5', lang: 'en', body: 'Forged body', message: '' };
      for (const baseRevision of ['0', '1', '2', '3']) {
        const rpc = await tab.request.post('/_actions/training.save', { form: { ...fields, baseRevision }, headers: { Origin: origin } });
        expect(rpc.status()).toBe(403);
      }
      expect((await tab.request.post('/_actions/training.save', { form: { ...fields, slug: '', newSlug: `forged-${who}` }, headers: { Origin: origin } })).status()).toBe(403);
      expect((await tab.request.post('/_actions/training.restore', { form: { slug: LEVELS.slug, number: '1', baseRevision: '1' }, headers: { Origin: origin } })).status()).toBe(403);
      const form = await tab.request.post(`/staff/training/edit/${LEVELS.slug}?_action=training.save`, { form: fields, headers: { Origin: origin }, maxRedirects: 0 });
      expect(form.status()).toBe(403);
      await tab.context().close();
    }
    expect(served(LEVELS.slug)).toBe(before);
    expect(fs.existsSync(path.join(process.env.E2E_CONTENT_DIR!, 'training', 'forged-fresh.md'))).toBe(false);
  });
});

/**
 * Front-matter validation: a bad article file is reported by file, field and reason and
 * skipped, while the other files still load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../../../src/lib/server/knowledge/article-schema.ts';
import { ArticleStore, parseArticleFile, type ContentProblem } from '../../../src/lib/server/knowledge/articles.ts';
import { articleSource, makeTempDir, removeDir, writeArticle, writeFile } from '../helpers.ts';

const valid = {
  title: 'Reset your password',
  summary: 'What to do when you forgot it.',
  category: 'account',
  lang: 'en',
  audience: 'public',
  status: 'validated',
  updated: '2026-10-14',
};

describe('parseFrontmatter', () => {
  it('accepts valid front matter and fills defaults', () => {
    const result = parseFrontmatter(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.tags).toEqual([]);
    expect(result.data.updated.toISOString().slice(0, 10)).toBe('2026-10-14');
  });

  it.each([
    ['title', { ...valid, title: '   ' }],
    ['lang', { ...valid, lang: 'fr' }],
    ['audience', { ...valid, audience: 'everyone' }],
    ['status', { ...valid, status: 'done' }],
    ['category', { ...valid, category: 'Rechnungen & Mahnungen' }],
    ['updated', { ...valid, updated: 'next tuesday' }],
    ['sourceTicket', { ...valid, sourceTicket: '123' }],
    ['replacedBy', { ...valid, status: 'archived', replacedBy: '../etc/passwd' }],
  ])('names the field "%s" when it is invalid', (field, data) => {
    const result = parseFrontmatter(data);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.field)).toContain(field);
    for (const issue of result.issues) expect(issue.reason).not.toBe('');
  });

  it.each(['2026-02-30', '2026-13-01', '14.10.2026', 5])('rejects the date %j instead of rolling it over', (updated) => {
    const result = parseFrontmatter({ ...valid, updated });
    expect(result).toEqual({ ok: false, issues: [{ field: 'updated', reason: 'must be a date like 2026-10-14' }] });
  });

  it('accepts a leap day, a date with a time and a Date', () => {
    const dateOf = (updated: unknown): string | null => {
      const result = parseFrontmatter({ ...valid, updated });
      return result.ok ? result.data.updated.toISOString() : null;
    };
    expect(dateOf('2028-02-29')).toBe('2028-02-29T00:00:00.000Z');
    expect(dateOf('2026-10-14T09:30:00Z')).toBe('2026-10-14T09:30:00.000Z');
    expect(dateOf(new Date('2026-10-14'))).toBe('2026-10-14T00:00:00.000Z');
  });

  it('knows the KCS states, reads the old "published" as validated, and takes a replacement slug', () => {
    for (const status of ['draft', 'not_validated', 'validated', 'archived']) expect(parseFrontmatter({ ...valid, status }).ok).toBe(true);
    const legacy = parseFrontmatter({ ...valid, status: 'published' });
    expect(legacy.ok && legacy.data.status).toBe('validated');
    const archived = parseFrontmatter({ ...valid, status: 'archived', replacedBy: 'new-way' });
    expect(archived.ok && archived.data.replacedBy).toBe('new-way');
  });

  it('names an unknown field', () => {
    const result = parseFrontmatter({ ...valid, colour: 'red' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([{ field: 'colour', reason: expect.stringContaining('colour') }]);
  });
});

describe('parseArticleFile', () => {
  it('parses a file into an article with body, plain text and a default translation key', () => {
    const result = parseArticleFile('billing/create-invoice', articleSource({ title: 'Create an invoice', body: '## Steps\n\nClick **New**.' }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.article.slug).toBe('billing/create-invoice');
    expect(result.article.translationKey).toBe('billing-create-invoice');
    expect(result.article.body).toBe('## Steps\n\nClick **New**.\n');
    expect(result.article.text).toBe('Steps\nClick New.');
  });

  it('keeps a translation key given in the file', () => {
    const result = parseArticleFile('passwort', articleSource({ title: 'Passwort', lang: 'de', translationKey: 'reset-password' }));
    expect(result.ok && result.article.translationKey).toBe('reset-password');
  });

  it('reads an unquoted YAML date as the day written', () => {
    const result = parseArticleFile('dated', articleSource({ title: 'Dated', updated: '2026-10-14' }));
    expect(result.ok && result.article.updated.toISOString()).toBe('2026-10-14T00:00:00.000Z');
  });

  it('reports an unquoted date that does not exist (YAML would roll it over to March)', () => {
    const result = parseArticleFile('dated', articleSource({ title: 'Dated', updated: '2026-02-30' }));
    expect(result).toEqual({ ok: false, problems: [{ field: 'updated', reason: 'must be a date like 2026-10-14' }] });
  });

  it('reports invalid YAML instead of throwing', () => {
    const result = parseArticleFile('broken', '---\ntitle: "unclosed\nsummary: [a, b\n---\nBody\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ field: '(front matter)', reason: expect.stringMatching(/^not valid YAML/) }]);
  });
});

describe('ArticleStore with bad files', () => {
  let contentDir: string;
  let store: ArticleStore;
  const logged: string[] = [];

  /** Front matter of a valid file with one line replaced. */
  const withLine = (from: RegExp, to: string): string => articleSource({ title: 'Broken', summary: 'Broken file.' }).replace(from, to);

  beforeAll(async () => {
    contentDir = makeTempDir();
    writeArticle(contentDir, 'good', { title: 'A good article' });
    writeArticle(contentDir, 'topics/also-good', { title: 'Another good one', lang: 'de' });
    writeFile(contentDir, 'articles/missing-title.md', withLine(/^title:.*\n/m, ''));
    writeFile(contentDir, 'articles/bad-lang.md', withLine(/^lang: en$/m, 'lang: fr'));
    writeFile(contentDir, 'articles/bad-audience.md', withLine(/^audience: public$/m, 'audience: everyone'));
    writeFile(contentDir, 'articles/typo-field.md', withLine(/^audience: public$/m, 'audiance: public'));
    writeFile(contentDir, 'articles/bad-date.md', withLine(/^updated: .*$/m, 'updated: next tuesday'));
    writeFile(contentDir, 'articles/impossible-date.md', withLine(/^updated: .*$/m, 'updated: 2026-02-30'));
    writeFile(contentDir, 'articles/bad-yaml.md', '---\ntitle: "unclosed\nsummary: [a, b\n---\nBody\n');
    writeFile(contentDir, 'articles/Upper Case.md', articleSource({ title: 'Fine front matter, bad file name' }));
    store = new ArticleStore(contentDir, (message) => logged.push(message));
    await store.load();
  });

  afterAll(() => removeDir(contentDir));

  const problemsOf = (file: string): ContentProblem[] => store.problems().filter((problem) => problem.file === file);

  it('still loads the valid files', () => {
    expect(store.all().map((article) => article.slug)).toEqual(['good', 'topics/also-good']);
    expect(store.get('topics/also-good')?.lang).toBe('de');
  });

  it('skips every bad file', () => {
    for (const slug of ['missing-title', 'bad-lang', 'bad-audience', 'typo-field', 'bad-date', 'impossible-date', 'bad-yaml']) expect(store.get(slug)).toBeNull();
    expect(store.get('Upper Case')).toBeNull();
  });

  it('reports a missing title', () => {
    expect(problemsOf('articles/missing-title.md')).toEqual([{ file: 'articles/missing-title.md', field: 'title', reason: expect.any(String) }]);
  });

  it('reports a language that is not supported, naming the allowed ones', () => {
    const [problem] = problemsOf('articles/bad-lang.md');
    expect(problem.field).toBe('lang');
    expect(problem.reason).toMatch(/de.*en/);
  });

  it('reports an audience that is not allowed', () => {
    const [problem] = problemsOf('articles/bad-audience.md');
    expect(problem.field).toBe('audience');
    expect(problem.reason).toMatch(/public.*internal/);
  });

  it('reports a misspelt field name as an unknown field (and the real field as missing)', () => {
    const problems = problemsOf('articles/typo-field.md');
    expect(problems).toContainEqual({ file: 'articles/typo-field.md', field: 'audiance', reason: expect.stringContaining('audiance') });
    expect(problems.map((problem) => problem.field)).toContain('audience');
  });

  it('reports a date that is not a date', () => {
    expect(problemsOf('articles/bad-date.md')).toEqual([
      { file: 'articles/bad-date.md', field: 'updated', reason: 'must be a date like 2026-10-14' },
    ]);
  });

  it('reports a day that does not exist', () => {
    expect(problemsOf('articles/impossible-date.md')).toEqual([
      { file: 'articles/impossible-date.md', field: 'updated', reason: 'must be a date like 2026-10-14' },
    ]);
  });

  it('reports invalid YAML', () => {
    expect(problemsOf('articles/bad-yaml.md')).toEqual([
      { file: 'articles/bad-yaml.md', field: '(front matter)', reason: expect.stringMatching(/^not valid YAML/) },
    ]);
  });

  it('reports a file name with upper case letters or spaces', () => {
    expect(problemsOf('articles/Upper Case.md')).toEqual([
      { file: 'articles/Upper Case.md', field: '(file name)', reason: expect.stringContaining('lower-case') },
    ]);
  });

  it('reports nothing about the good files', () => {
    const files = new Set(store.problems().map((problem) => problem.file));
    expect(files).toEqual(
      new Set([
        'articles/missing-title.md',
        'articles/bad-lang.md',
        'articles/bad-audience.md',
        'articles/typo-field.md',
        'articles/bad-date.md',
        'articles/impossible-date.md',
        'articles/bad-yaml.md',
        'articles/Upper Case.md',
      ]),
    );
  });

  it('logs each problem with the file name and says the file was skipped', () => {
    expect(logged).toContainEqual(expect.stringMatching(/^content\/articles\/bad-lang\.md: lang: .*file skipped$/));
    expect(logged.filter((line) => line.includes('articles/Upper Case.md'))).toHaveLength(1);
  });

  it('loads a fixed file on the next rescan and forgets its problem', async () => {
    writeArticle(contentDir, 'bad-lang', { title: 'Fixed now', lang: 'de' });
    await store.rescan();
    expect(store.get('bad-lang')?.title).toBe('Fixed now');
    expect(problemsOf('articles/bad-lang.md')).toEqual([]);
  });
});

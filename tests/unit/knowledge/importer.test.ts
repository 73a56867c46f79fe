/**
 * The Markdown importer: files with and without front matter, derived fields, options,
 * skipped files with reasons, idempotent re-imports, and output the store accepts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { convertFile, deriveSummary, formatArticleFile, importFolder } from '../../../src/lib/server/knowledge/importer.ts';
import { ArticleStore, parseArticleFile } from '../../../src/lib/server/knowledge/articles.ts';
import { makeTempDir, removeDir, writeFile } from '../helpers.ts';

const TAR_PAGE = `# tar

> Archiving utility.
> Often combined with a compression method, such as gzip or bzip2.
> More information: <https://www.gnu.org/software/tar>.

- Create an archive from files:

\`tar cf {{path/to/target.tar}} {{path/to/file1}}\`
`;

const WITH_FRONT_MATTER = `---
title: Mahnstufen einstellen
summary: Wie viele Mahnungen Tallyhaus verschickt.
lang: de
category: payments
tags: [mahnung, frist]
audience: internal
updated: 2026-03-01
---

# A heading that is not the title

Body text.
`;

let root: string;
let contentDir: string;
const sourceDir = (): string => path.join(root, 'tldr');

/** The text of an imported article file. */
const imported = (slug: string): string => fs.readFileSync(path.join(contentDir, 'articles', `${slug}.md`), 'utf8');

/** The parsed article of an imported file (fails the test if it does not parse). */
function parsedImport(slug: string) {
  const result = parseArticleFile(slug, imported(slug));
  if (!result.ok) throw new Error(`${slug} does not parse: ${JSON.stringify(result.problems)}`);
  return result.article;
}

beforeEach(() => {
  root = makeTempDir();
  contentDir = path.join(root, 'content');
  writeFile(root, 'tldr/common/tar.md', TAR_PAGE);
  writeFile(root, 'tldr/common/mahnstufen.md', WITH_FRONT_MATTER);
  writeFile(root, 'tldr/linux/Lsb Release.md', '# lsb_release\n\nProvides certain LSB and distribution information.\n');
  writeFile(root, 'tldr/linux/untitled.md', 'Only a paragraph, and no heading.\n');
  writeFile(root, 'tldr/README.md', '# About these pages\n');
});

afterEach(() => removeDir(root));

describe('importFolder', () => {
  it('imports every article below the folder and names the skipped files with a reason', async () => {
    const report = await importFolder(sourceDir(), { contentDir });
    expect(report.imported.sort()).toEqual(['tldr/common/mahnstufen', 'tldr/common/tar', 'tldr/linux/lsb-release']);
    expect(report.skipped).toEqual([
      { file: 'README.md', reason: 'project file, not an article' },
      { file: 'linux/untitled.md', reason: 'no title: neither front matter nor a first-level heading' },
    ]);
    expect(fs.existsSync(path.join(contentDir, 'articles', 'tldr', 'linux', 'untitled.md'))).toBe(false);
  });

  it('derives the front matter of a file without any', async () => {
    const mtime = new Date('2026-05-04T12:00:00Z');
    fs.utimesSync(path.join(root, 'tldr/common/tar.md'), mtime, mtime);
    await importFolder(sourceDir(), { contentDir });
    const article = parsedImport('tldr/common/tar');
    expect(article).toMatchObject({
      title: 'tar',
      summary: 'Archiving utility. Often combined with a compression method, such as gzip or bzip2.',
      category: 'common',
      lang: 'en',
      audience: 'public',
      status: 'validated',
      tags: [],
      translationKey: 'common-tar',
    });
    expect(article.updated.toISOString().slice(0, 10)).toBe('2026-05-04');
    // The heading became the title and left the body; the rest of the body is kept.
    expect(article.body).not.toMatch(/^# tar/m);
    expect(article.body).toContain('> More information: <https://www.gnu.org/software/tar>.');
    expect(article.body).toContain('`tar cf {{path/to/target.tar}} {{path/to/file1}}`');
  });

  it('keeps the front matter a file has', async () => {
    await importFolder(sourceDir(), { contentDir });
    const article = parsedImport('tldr/common/mahnstufen');
    expect(article).toMatchObject({
      title: 'Mahnstufen einstellen',
      summary: 'Wie viele Mahnungen Tallyhaus verschickt.',
      lang: 'de',
      category: 'payments',
      tags: ['mahnung', 'frist'],
      audience: 'internal',
    });
    expect(article.updated.toISOString().slice(0, 10)).toBe('2026-03-01');
    // With a title in the front matter, the first heading stays in the body.
    expect(article.body).toContain('# A heading that is not the title');
  });

  it('makes URL-safe slugs from file names', async () => {
    await importFolder(sourceDir(), { contentDir });
    expect(parsedImport('tldr/linux/lsb-release').title).toBe('lsb_release');
  });

  it('uses --lang for files that name no language, and --category for every file', async () => {
    await importFolder(sourceDir(), { contentDir, lang: 'de', category: 'befehle' });
    expect(parsedImport('tldr/common/tar')).toMatchObject({ lang: 'de', category: 'befehle' });
    // A language in the front matter wins over --lang.
    expect(parsedImport('tldr/common/mahnstufen')).toMatchObject({ lang: 'de', category: 'befehle' });
    await importFolder(sourceDir(), { contentDir, lang: 'de' });
    expect(parsedImport('tldr/linux/lsb-release')).toMatchObject({ lang: 'de', category: 'linux' });
  });

  it('overwrites on re-import: same slugs, no duplicates, new content', async () => {
    const first = await importFolder(sourceDir(), { contentDir });
    writeFile(root, 'tldr/common/tar.md', TAR_PAGE.replace('Archiving utility.', 'Tape archiver.'));
    const second = await importFolder(sourceDir(), { contentDir });
    expect(second.imported).toEqual(first.imported);
    const files = fs.readdirSync(path.join(contentDir, 'articles'), { recursive: true }).map(String).filter((name) => name.endsWith('.md'));
    expect(files.sort()).toEqual(['tldr/common/mahnstufen.md', 'tldr/common/tar.md', 'tldr/linux/lsb-release.md'].map((name) => name.split('/').join(path.sep)));
    expect(parsedImport('tldr/common/tar').summary).toMatch(/^Tape archiver\./);
    // No temporary files are left behind by the atomic writes.
    const all = fs.readdirSync(path.join(contentDir, 'articles'), { recursive: true }).map(String);
    expect(all.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes files the article store loads without problems', async () => {
    await importFolder(sourceDir(), { contentDir });
    const store = new ArticleStore(contentDir, () => {});
    await store.load();
    expect(store.problems()).toEqual([]);
    expect(store.all().map((article) => article.slug)).toEqual(['tldr/common/mahnstufen', 'tldr/common/tar', 'tldr/linux/lsb-release']);
  });

  it('refuses a source that is not a folder', async () => {
    await expect(importFolder(path.join(root, 'missing'), { contentDir })).rejects.toThrow(/is not a folder/);
  });
});

describe('convertFile', () => {
  const convert = (source: string, options: { lang?: 'de' | 'en'; category?: string } = {}) =>
    convertFile(source, 'guides/page.md', new Date('2026-01-02T00:00:00Z'), { contentDir: '/unused', ...options });

  it('skips a file without a title, with the reason', () => {
    expect(convert('Just text.\n')).toEqual({ ok: false, reason: 'no title: neither front matter nor a first-level heading' });
  });

  it('does not take a comment in a code block for the title', () => {
    const source = 'Install it:\n\n```sh\n# install the dependencies\nnpm install\n```\n';
    expect(convert(source)).toEqual({ ok: false, reason: 'no title: neither front matter nor a first-level heading' });
    const titled = convert(`\`\`\`sh\n# not a title\n\`\`\`\n\n# Real title\n\nText.\n`);
    expect(titled.ok && titled.frontmatter.title).toBe('Real title');
    expect(titled.ok && titled.body).toContain('# not a title');
  });

  it('reports invalid front matter with the field', () => {
    const result = convert('---\ntitle: T\naudience: everyone\n---\nText.\n');
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^audience: /) });
  });

  it('reports invalid YAML', () => {
    expect(convert('---\ntitle: "open\n---\nText\n')).toEqual({ ok: false, reason: expect.stringMatching(/^front matter is not valid YAML/) });
  });

  it('falls back to the title when the body has no paragraph', () => {
    const result = convert('# Lonely title\n\n- just a list\n');
    expect(result.ok && result.frontmatter.summary).toBe('Lonely title');
  });

  it('takes the first sub-folder as the category, else "general"', () => {
    const nested = convert('# T\n\nText here.\n');
    expect(nested.ok && nested.frontmatter.category).toBe('guides');
    const flat = convertFile('# T\n\nText here.\n', 'page.md', new Date(), { contentDir: '/unused' });
    expect(flat.ok && flat.frontmatter.category).toBe('general');
  });

  it('round-trips through formatArticleFile and parseArticleFile', () => {
    const result = convert(TAR_PAGE);
    if (!result.ok) throw new Error(result.reason);
    const parsed = parseArticleFile('guides/page', formatArticleFile(result.frontmatter, result.body));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.article.title).toBe('tar');
    expect(parsed.article.updated.toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(parsed.article.body.trim()).toBe(result.body.trim());
  });
});

describe('deriveSummary', () => {
  it('takes the first quote, without the "More information" line', () => {
    expect(deriveSummary('> Manage packages.\n> More information: <https://example.org/pkg>.\n\n- Install:')).toBe('Manage packages.');
  });

  it('leaves out a German "Weitere Informationen" line and a Markdown link line', () => {
    expect(deriveSummary('> Pakete verwalten.\n> Weitere Informationen: <https://example.org/pkg>.')).toBe('Pakete verwalten.');
    expect(deriveSummary('See [the manual](https://example.org/manual).\n\nThe real first paragraph.')).toBe('The real first paragraph.');
  });

  it('keeps a sentence that merely contains a link', () => {
    expect(deriveSummary('> Upload code to <https://gist.github.com>.\n> More information: <https://example.org/gist>.')).toBe(
      'Upload code to https://gist.github.com.',
    );
  });

  it('skips headings, lists and code to find the first paragraph', () => {
    expect(deriveSummary('## Steps\n\n- one\n- two\n\nThe answer is here.')).toBe('The answer is here.');
  });

  it('shortens a long paragraph at a sentence end', () => {
    const sentence = 'This sentence is exactly long enough to matter here. ';
    const summary = deriveSummary(sentence.repeat(10))!;
    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary.endsWith('matter here.')).toBe(true);
  });

  it('returns null for a body without text', () => {
    expect(deriveSummary('- only\n- a list')).toBeNull();
  });
});

/**
 * The tldr-pages corpus (../shared/corpora/tldr-pages.tar.gz, CC BY 4.0, © the tldr-pages
 * team and contributors) imported into a content folder for benchmarks, with the synonyms
 * of scripts/bench/tldr-synonyms.yml (left out when BENCH_NO_SYNONYMS is set). The import is
 * cached in the system's temp folder and redone when the archive changes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFolder } from '../../src/lib/server/knowledge/importer.ts';
import { slugify } from '../../src/lib/slug.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the corpus archive is expected: TLDR_ARCHIVE, or shared/corpora beside the project. */
export function tldrArchivePath(): string {
  return process.env.TLDR_ARCHIVE ?? path.resolve(root, '../shared/corpora/tldr-pages.tar.gz');
}

/** Returns a content folder holding the imported tldr pages (English and German). */
export async function prepareTldrContent(log: (line: string) => void = () => {}): Promise<string> {
  const archive = tldrArchivePath();
  if (!fs.existsSync(archive)) throw new Error(`tldr corpus not found at ${archive} (set TLDR_ARCHIVE)`);
  const stamp = `${fs.statSync(archive).size}-${Math.round(fs.statSync(archive).mtimeMs)}`;
  const base = path.join(os.tmpdir(), 'tierzero-bench-tldr');
  const contentDir = path.join(base, 'content');
  const stampFile = path.join(base, 'stamp');
  const installSynonyms = (): void => {
    const synonyms = path.join(root, 'scripts/bench/tldr-synonyms.yml');
    if (process.env.BENCH_NO_SYNONYMS) fs.rmSync(path.join(contentDir, 'synonyms.yml'), { force: true });
    else fs.copyFileSync(synonyms, path.join(contentDir, 'synonyms.yml'));
  };
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) {
    installSynonyms();
    return contentDir;
  }

  fs.rmSync(base, { recursive: true, force: true });
  const extracted = path.join(base, 'source');
  fs.mkdirSync(extracted, { recursive: true });
  log(`extracting ${archive} …`);
  execFileSync('tar', ['xzf', archive, '-C', extracted]);
  for (const [folder, lang] of [['pages', 'en'], ['pages.de', 'de']] as const) {
    const report = await importFolder(path.join(extracted, folder), { contentDir, lang });
    log(`imported ${report.imported.length} ${lang} pages (${report.skipped.length} skipped)`);
  }
  installSynonyms();
  fs.writeFileSync(stampFile, stamp);
  return contentDir;
}

/**
 * The translation key the importer gives a tldr page id such as "common/tar". The importer
 * slugifies every path segment ("linux/lsb_release" → "linux-lsb-release"), so the key must
 * too, or judged pages with "_" or "." in their names can never count as found.
 */
export function tldrKey(pageId: string): string {
  return pageId.split('/').map(slugify).join('-');
}

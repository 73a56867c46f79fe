/**
 * npm run import -- <folder> [--lang de|en] [--category NAME]
 * Imports a folder of Markdown files into CONTENT_DIR/articles (default ./content).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importFolder } from '../src/lib/server/knowledge/importer.ts';
import { ensureImageVariants } from '../src/lib/server/knowledge/image-variants.ts';
import { isLang } from '../src/lib/languages.ts';
import { KEY_PATTERN } from '../src/lib/server/knowledge/article-schema.ts';

const usage = 'usage: npm run import -- <folder> [--lang de|en] [--category NAME]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { lang: { type: 'string' }, category: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help || positionals.length !== 1) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}
if (values.lang !== undefined && !isLang(values.lang)) {
  console.error(`--lang must be "de" or "en", not "${values.lang}"`);
  process.exit(2);
}
if (values.category !== undefined && !KEY_PATTERN.test(values.category)) {
  console.error(`--category must be a kebab-case key like "invoices", not "${values.category}"`);
  process.exit(2);
}

const contentDir = process.env.CONTENT_DIR ?? 'content';
const started = performance.now();
try {
  const report = await importFolder(positionals[0], {
    contentDir,
    lang: values.lang as 'de' | 'en' | undefined,
    category: values.category,
  });
  // Images already in content/media (copied with the import) get their responsive variants now.
  const images = await ensureImageVariants(path.join(contentDir, 'media'));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  for (const slug of report.imported.slice(0, 10)) console.log(`imported  ${slug}`);
  if (report.imported.length > 10) console.log(`imported  … and ${report.imported.length - 10} more`);
  for (const { file, reason } of report.skipped) console.log(`skipped   ${file}: ${reason}`);
  if (images.length) console.log(`variants  made for ${images.length} image(s) in ${contentDir}/media`);
  console.log(`\n${report.imported.length} imported into ${contentDir}/articles, ${report.skipped.length} skipped, in ${seconds} s`);
} catch (error) {
  console.error(`import failed: ${(error as Error).message}`);
  process.exit(1);
}

/**
 * npm run seed — prepares DATA_DIR (default ./data): creates the database, applies the
 * migrations and, when the data folder was empty, adds the demo data. An existing
 * installation is only migrated, never overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../src/lib/server/db.ts';
import { ArticleStore } from '../src/lib/server/articles.ts';
import { seedDemoData } from '../src/lib/server/demo-seed.ts';

const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
const contentDir = path.resolve(process.env.CONTENT_DIR ?? 'content');
const wasEmpty = !fs.existsSync(dataDir) || fs.readdirSync(dataDir).length === 0;

const db = openDatabase(dataDir);
try {
  if (!wasEmpty) {
    console.log(`seed: ${dataDir} already has data — migrated, demo data not added`);
  } else {
    const store = new ArticleStore(contentDir);
    await store.load();
    const { views, searches } = seedDemoData(db, store);
    console.log(`seed: demo data added to ${dataDir} (${views} article views, ${searches} searches over 28 days)`);
  }
} finally {
  db.close();
}

/**
 * npm run seed — prepares DATA_DIR (default ./data): creates the database, applies the
 * migrations and, when the data folder was empty, adds the demo data: article views,
 * searches and visits (result clicks, "this answered my question"), standard answers, phone
 * calls of the last two weeks, web tickets of the last four weeks in every state, one staff
 * account per role (passwords in the README) and the demo trainee's training progress. With DEMO_DATA=0 an
 * empty folder gets the database only (real installations). An existing installation is only
 * migrated, never overwritten: "empty" means the database holds no staff account and no
 * ticket (a log file or an empty database file in the folder does not count).
 * Demo data is added only where it fits the content: on one's own knowledge base (e.g. right
 * after `npm run import`) calls and tickets in categories it lacks are left out, and a part
 * that does not fit at all is skipped with a one-line notice. Every failure ends with one line
 * naming the setting to fix (DATA_DIR, CONTENT_DIR, DESK_LEVELS …), never a stack trace.
 */
import path from 'node:path';
import { openDatabase, type Db } from '../src/lib/server/platform/db.ts';
import type { Database } from '../src/lib/server/platform/database/connect.ts';
import { openConfiguredDatabase } from '../src/lib/server/platform/database/open-configured.ts';
import { ArticleStore } from '../src/lib/server/knowledge/articles.ts';
import { ensureImageVariants } from '../src/lib/server/knowledge/image-variants.ts';
import { DEMO_ACCOUNTS, demoAccountsFor, seedDemoAccounts } from '../src/lib/server/demo/demo-accounts.ts';
import { seedDemoCalls } from '../src/lib/server/demo/demo-calls.ts';
import { seedDemoData, seedDemoVisits } from '../src/lib/server/demo/demo-visits.ts';
import { seedDemoTemplates } from '../src/lib/server/demo/demo-templates.ts';
import { seedDemoTickets } from '../src/lib/server/demo/demo-seed.ts';
import { seedDemoTraining } from '../src/lib/server/demo/demo-training.ts';
import { parseDeskConfig, type DeskConfig } from '../src/lib/server/desk/desk-config.ts';
import { TrainingStore } from '../src/lib/server/training/training.ts';
import { loadStatusLinkKey, setStatusLinkKey } from '../src/lib/server/mail/status-link-seal.ts';

const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
const contentDir = path.resolve(process.env.CONTENT_DIR ?? 'content');
const withDemo = !['0', 'false', 'no', 'off'].includes((process.env.DEMO_DATA ?? '1').trim().toLowerCase());

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Ends the seed with one line that names the setting to fix. */
function fail(line: string): never {
  console.error(`seed: ${line}`);
  process.exit(1);
}

/** True when the database holds nothing of an installation yet (no staff account, no ticket). */
async function isFresh(database: Database): Promise<boolean> {
  const user = await database.kysely.selectFrom('users').select('id').limit(1).executeTakeFirst();
  const ticket = await database.kysely.selectFrom('tickets').select('id').limit(1).executeTakeFirst();
  return !user && !ticket;
}

/** Runs one demo part; one that does not fit the content is skipped with a one-line notice. */
async function part<T>(name: string, run: () => T | Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    console.log(`seed: demo ${name} skipped: ${message(error)} (they do not fit the knowledge base in CONTENT_DIR=${contentDir})`);
    return null;
  }
}

// DESK_LEVELS decides the demo accounts (with 2 levels the specialist is a second-level agent).
let config: DeskConfig;
try {
  config = parseDeskConfig(process.env);
} catch (error) {
  fail(`${message(error)} — fix that setting in the environment`);
}
let db: Db;
try {
  // Demo tickets' status links are sealed with the key the portal will use.
  setStatusLinkKey(loadStatusLinkKey(process.env.STATUS_LINK_KEY, dataDir));
  db = openDatabase(dataDir);
} catch (error) {
  fail(`cannot create or open the database in DATA_DIR=${dataDir} (${message(error)}); point DATA_DIR at a writable folder`);
}
let database: Database;
try {
  // With DATABASE_URL the installation lives in PostgreSQL (migrated here), else in DATA_DIR.
  database = await openConfiguredDatabase(db);
} catch (error) {
  fail(`cannot use DATABASE_URL (${message(error)}); check the address, or unset it to use SQLite in DATA_DIR`);
}
// The responsive variants of the images in content/media (made once; unchanged ones are skipped).
try {
  const made = await ensureImageVariants(path.join(contentDir, 'media'));
  if (made.length) console.log(`seed: responsive image variants made for ${made.length} image(s) in ${contentDir}/media/variants`);
} catch (error) {
  console.log(`seed: image variants skipped: ${message(error)}`);
}
try {
  if (!(await isFresh(database))) {
    console.log(`seed: ${dataDir} already has data — migrated, demo data not added`);
  } else if (!withDemo) {
    console.log(`seed: database created in ${dataDir}, without demo data (DEMO_DATA=${process.env.DEMO_DATA}); add staff with npm run user:add`);
  } else {
    const store = new ArticleStore(contentDir);
    try {
      await store.load();
    } catch (error) {
      fail(`cannot read the knowledge base in CONTENT_DIR=${contentDir} (${message(error)}); point CONTENT_DIR at a folder with categories.yml and articles/`);
    }
    // A fresh database: nothing is lost by skipping the fsync of every demo write (a crash
    // mid-seed leaves a half-seeded folder either way). Each demo step is its own transaction.
    if (database.engine === 'sqlite') db.pragma('synchronous = OFF');
    const data = await part('article views and searches', () => seedDemoData(database, store));
    if (data) console.log(`seed: demo data added to ${dataDir} (${data.views} article views, ${data.searches} searches over 28 days)`);
    const visits = await part('visits', () => seedDemoVisits(database, store));
    if (visits) console.log(`seed: ${visits.visits} demo visits (${visits.clicks} opened a search result, ${visits.deflections} said "this answered my question")`);
    const accounts = (await part('staff accounts', () => seedDemoAccounts(database, demoAccountsFor(config.levels), config.levels))) ?? [];
    const templates = await part('standard answers', () => seedDemoTemplates(database, store, undefined, accounts.find((user) => user.role === 'second_level')?.id ?? null));
    if (templates) console.log(`seed: ${templates.length} demo standard answers (German and English)`);
    const calls = await part('phone calls', () => seedDemoCalls(database, store, config));
    if (calls?.length === 0) console.log('seed: demo phone calls skipped: the knowledge base has none of their categories');
    else if (calls)
      console.log(`seed: ${calls.length} demo phone calls of the last two weeks (${calls.filter((ticket) => ticket.callOutcome === 'solved').length} solved on the call)`);
    const web = await part('web tickets', () => seedDemoTickets(database, store, config));
    if (web?.tickets.length === 0) console.log('seed: demo web tickets skipped: the knowledge base has none of their categories');
    else if (web) {
      const byStatus = (status: string): number => web.tickets.filter((ticket) => ticket.status === status).length;
      console.log(
        `seed: ${web.tickets.length} demo web tickets of the last four weeks (${byStatus('new')} new, ${byStatus('open')} open, ${byStatus('waiting')} waiting, ` +
          `${byStatus('solved')} solved, ${byStatus('closed')} closed; ${web.escalatedTo2} escalated to level 2, ${web.escalatedTo3} to level 3)`,
      );
    }
    const trainee = accounts.find((user) => user.trainee);
    if (trainee) {
      const pages = await part('training progress', async () => {
        const training = new TrainingStore(contentDir);
        await training.load();
        return seedDemoTraining(database, training, trainee.id);
      });
      if (pages !== null) console.log(`seed: demo training progress for ${trainee.email} (${pages} pages)`);
    }
    if (accounts.length > 0) {
      console.log('seed: demo staff accounts (demo passwords, see README — never use them on a real installation):');
      for (const user of accounts) {
        const password = DEMO_ACCOUNTS.find((account) => account.email === user.email)?.password ?? '';
        const extra = [user.trainee ? 'trainee' : '', user.areas.length > 0 ? `areas ${user.areas.join(', ')}` : ''].filter(Boolean).join('; ');
        console.log(`  ${user.role.padEnd(12)} ${user.email.padEnd(34)} ${password.padEnd(20)} ${user.name}${extra ? ` (${extra})` : ''}`);
      }
    }
  }
} catch (error) {
  fail(`${message(error)} (DATA_DIR=${dataDir}, CONTENT_DIR=${contentDir})`);
} finally {
  if (database.engine === 'sqlite') db.pragma('synchronous = FULL');
  await database.close();
  db.close();
}

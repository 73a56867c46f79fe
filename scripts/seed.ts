/**
 * npm run seed — prepares DATA_DIR (default ./data): creates the database, applies the
 * migrations and, when the data folder was empty, adds the demo data: article views,
 * searches and visits (result clicks, "this answered my question"), standard answers, phone
 * calls of the last two weeks, web tickets of the last four weeks in every state, one staff
 * account per role (passwords in the README) and the demo trainee's training progress. With DEMO_DATA=0 an
 * empty folder gets the database only (real installations). An existing installation is only
 * migrated, never overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../src/lib/server/platform/db.ts';
import { ArticleStore } from '../src/lib/server/knowledge/articles.ts';
import {
  DEMO_ACCOUNTS,
  demoAccountsFor,
  seedDemoAccounts,
  seedDemoCalls,
  seedDemoData,
  seedDemoTemplates,
  seedDemoTickets,
  seedDemoTraining,
  seedDemoVisits,
} from '../src/lib/server/demo/demo-seed.ts';
import { parseDeskConfig } from '../src/lib/server/desk/desk-config.ts';
import { TrainingStore } from '../src/lib/server/training/training.ts';

const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
const contentDir = path.resolve(process.env.CONTENT_DIR ?? 'content');
const wasEmpty = !fs.existsSync(dataDir) || fs.readdirSync(dataDir).length === 0;
const withDemo = !['0', 'false', 'no', 'off'].includes((process.env.DEMO_DATA ?? '1').trim().toLowerCase());

// DESK_LEVELS decides the demo accounts (with 2 levels the specialist is a second-level agent).
const config = parseDeskConfig(process.env);
const db = openDatabase(dataDir);
try {
  if (!wasEmpty) {
    console.log(`seed: ${dataDir} already has data — migrated, demo data not added`);
  } else if (!withDemo) {
    console.log(`seed: database created in ${dataDir}, without demo data (DEMO_DATA=${process.env.DEMO_DATA}); add staff with npm run user:add`);
  } else {
    const store = new ArticleStore(contentDir);
    await store.load();
    const { views, searches } = seedDemoData(db, store);
    console.log(`seed: demo data added to ${dataDir} (${views} article views, ${searches} searches over 28 days)`);
    const visits = seedDemoVisits(db, store);
    console.log(`seed: ${visits.visits} demo visits (${visits.clicks} opened a search result, ${visits.deflections} said "this answered my question")`);
    const accounts = await seedDemoAccounts(db, demoAccountsFor(config.levels), config.levels);
    const templates = seedDemoTemplates(db, store, undefined, accounts.find((user) => user.role === 'second_level')?.id ?? null);
    console.log(`seed: ${templates.length} demo standard answers (German and English)`);
    const calls = seedDemoCalls(db, store, config);
    console.log(`seed: ${calls.length} demo phone calls of the last two weeks (${calls.filter((ticket) => ticket.callOutcome === 'solved').length} solved on the call)`);
    const web = seedDemoTickets(db, store, config);
    const byStatus = (status: string): number => web.tickets.filter((ticket) => ticket.status === status).length;
    console.log(
      `seed: ${web.tickets.length} demo web tickets of the last four weeks (${byStatus('new')} new, ${byStatus('open')} open, ${byStatus('waiting')} waiting, ` +
        `${byStatus('solved')} solved, ${byStatus('closed')} closed; ${web.escalatedTo2} escalated to level 2, ${web.escalatedTo3} to level 3)`,
    );
    const training = new TrainingStore(contentDir);
    await training.load();
    const trainee = accounts.find((user) => user.trainee);
    if (trainee) console.log(`seed: demo training progress for ${trainee.email} (${seedDemoTraining(db, training, trainee.id)} pages)`);
    console.log('seed: demo staff accounts (demo passwords, see README — never use them on a real installation):');
    for (const user of accounts) {
      const password = DEMO_ACCOUNTS.find((account) => account.email === user.email)?.password ?? '';
      const extra = [user.trainee ? 'trainee' : '', user.areas.length > 0 ? `areas ${user.areas.join(', ')}` : ''].filter(Boolean).join('; ');
      console.log(`  ${user.role.padEnd(12)} ${user.email.padEnd(34)} ${password.padEnd(20)} ${user.name}${extra ? ` (${extra})` : ''}`);
    }
  }
} finally {
  db.close();
}

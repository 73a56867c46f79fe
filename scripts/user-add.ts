/**
 * npm run user:add -- --email EMAIL --name NAME --role ROLE [--areas a,b] [--trainee] [--languages de,en] [--password PASSWORD]
 *
 * Creates a staff account in DATA_DIR (default ./data). Without --password the password is
 * read from the terminal without echo (typed twice), or from the first line of STDIN when
 * piped (`printf '%s\n' "$PW" | npm run user:add -- …`), which keeps it out of the process
 * list and shell history. Subject areas must be category keys from CONTENT_DIR/categories.yml
 * (default ./content) when that file exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import yaml from 'js-yaml';
import { openDatabase } from '../src/lib/server/platform/db.ts';
import { openConfiguredDatabase } from '../src/lib/server/platform/database/open-configured.ts';
import { checkPasswordPolicy, MIN_PASSWORD_LENGTH } from '../src/lib/server/accounts/passwords.ts';
import { createUser, UserInputError } from '../src/lib/server/accounts/users.ts';
import { isRole, ROLES } from '../src/lib/server/accounts/roles.ts';
import { parseDeskLevels, type DeskLevels } from '../src/lib/server/desk/desk-config.ts';
import { isLang, LANGS, type Lang } from '../src/lib/languages.ts';

const USAGE = `Usage: npm run user:add -- --email EMAIL --name NAME --role ROLE [--areas a,b] [--trainee] [--languages de,en] [--password PASSWORD]

  --email      log-in e-mail address (unique)
  --name       name shown to colleagues, e.g. "Lena Fischer"
  --role       ${ROLES.join(' | ')}
  --areas      subject areas of a third_level specialist (with DESK_LEVELS=2: of a second_level agent, optional): category keys, comma-separated
  --trainee    marks a first_level agent as a trainee
  --languages  the languages the agent works in, comma-separated: de, en (default: both); tickets prefer an agent who speaks the customer's language
  --password   at least ${MIN_PASSWORD_LENGTH} characters; omit it to type it without echo or pipe it on STDIN

Environment: DATA_DIR (default ./data), CONTENT_DIR (default ./content), DESK_LEVELS (3 or 2; with 2 there is no third_level).`;

/** Prints a message and the usage hint to stderr and exits with status 1. */
function fail(message: string, showUsage = false): never {
  console.error(`user:add: ${message}`);
  if (showUsage) console.error(`\n${USAGE}`);
  process.exit(1);
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let value = '';
    const finish = (error?: Error): void => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    input.on('data', onData);
  });
}

/** The first line of STDIN (a piped password), without the line break. */
async function readFirstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** The category keys of the knowledge base, or null when there is no categories.yml. */
function knownAreas(contentDir: string): string[] | null {
  const file = path.join(contentDir, 'categories.yml');
  if (!fs.existsSync(file)) return null;
  try {
    const parsed = yaml.load(fs.readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? Object.keys(parsed) : null;
  } catch (error) {
    fail(`cannot read ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
}

let args;
try {
  args = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      areas: { type: 'string' },
      trainee: { type: 'boolean', default: false },
      languages: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (error) {
  fail((error as Error).message, true);
}

if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const missing = (['email', 'name', 'role'] as const).filter((key) => !args[key]?.trim());
if (missing.length > 0) fail(`missing ${missing.map((key) => `--${key}`).join(', ')}`, true);
if (!isRole(args.role)) fail(`--role must be one of ${ROLES.join(', ')} (got "${args.role}")`);
const role = args.role;
const areas = (args.areas ?? '')
  .split(',')
  .map((area) => area.trim())
  .filter(Boolean);

const languages = args.languages === undefined ? undefined : args.languages.split(',').map((lang) => lang.trim().toLowerCase()).filter(Boolean);
if (languages !== undefined && !languages.every(isLang)) fail(`--languages must list ${LANGS.join(', ')} separated by commas (got "${args.languages}")`);

let password = args.password;
if (password === undefined) {
  if (process.stdin.isTTY) {
    try {
      password = await promptHidden('Password: ');
      const problem = checkPasswordPolicy(password, args.email!);
      if (problem) fail(problem);
      if ((await promptHidden('Repeat the password: ')) !== password) fail('the two passwords differ');
    } catch (error) {
      fail((error as Error).message);
    }
  } else {
    password = await readFirstLineOfStdin();
    if (!password) fail('no password: pass --password, type it at the prompt, or pipe it on STDIN');
  }
}

let levels: DeskLevels = 3;
try {
  levels = parseDeskLevels(process.env.DESK_LEVELS);
} catch (error) {
  fail((error as Error).message);
}
const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
const contentDir = path.resolve(process.env.CONTENT_DIR ?? 'content');
const db = openDatabase(dataDir);
const database = await openConfiguredDatabase(db).catch((error: unknown) => fail((error as Error).message));
try {
  const user = await createUser(
    database,
    { email: args.email!, name: args.name!, role, password: password!, areas, trainee: args.trainee, languages: languages as Lang[] | undefined },
    { knownAreas: knownAreas(contentDir) ?? undefined, levels },
  );
  const details = [
    `role ${user.role}`,
    user.trainee ? 'trainee' : '',
    user.areas.length > 0 ? `areas ${user.areas.join(', ')}` : '',
    `languages ${user.languages.join(', ')}`,
  ].filter(Boolean);
  console.log(`user:add: created staff account #${user.id} ${user.email} "${user.name}" (${details.join('; ')}) in ${database.engine === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : dataDir}`);
} catch (error) {
  if (error instanceof UserInputError) fail(error.message);
  throw error;
} finally {
  await database.close();
  db.close();
}

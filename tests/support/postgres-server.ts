/**
 * A real PostgreSQL server for tests, from Debian's `postgresql` package: `initdb` into a
 * temporary folder, `pg_ctl start` listening only on a Unix socket in that folder (no TCP
 * port, nothing shared with other runs), torn down with `stop()`. Nothing is mocked, and
 * nothing is skipped: without the binaries, `startPostgres` fails with a message that says
 * what to install. As root (CI containers) the server runs as the `postgres` system user,
 * because PostgreSQL refuses to run as root.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** A running test server. */
export interface PostgresServer {
  /** Connection URL of the server's `postgres` database (superuser `tierzero`). */
  adminUrl: string;
  /** The socket folder. */
  socketDir: string;
  stop(): void;
}

/** The newest /usr/lib/postgresql/<major>/bin that has initdb and pg_ctl. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const major of majors) {
    const bin = path.join(root, major, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  throw new Error(
    'PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (initdb, pg_ctl). ' +
      'Install Debian\'s package: apt-get install postgresql (.ci/run does this). The tests on PostgreSQL are never skipped.',
  );
}

const urlFor = (socketDir: string, database: string): string => `postgres://tierzero@/${database}?host=${encodeURIComponent(socketDir)}`;

/** Starts a throw-away server; call `stop()` when done. */
export function startPostgres(): PostgresServer {
  const bin = postgresBinDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierzero-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]): void => {
    const command = asRoot ? 'runuser' : path.join(bin, tool);
    const full = asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args;
    execFileSync(command, full, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  };
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  try {
    run('initdb', ['-D', data, '-U', 'tierzero', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // Durability is not under test here: no fsync makes the start and each test fast.
    const options = `-c listen_addresses='' -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
    run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (error) {
    const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-2000) : '';
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a test PostgreSQL with ${bin}: ${stderr || String(error)}\n${log}`, { cause: error });
  }
  let stopped = false;
  return {
    adminUrl: urlFor(dir, 'postgres'),
    socketDir: dir,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

let counter = 0;

/** Creates an empty database on the server at `adminUrl` and returns its URL (one per test file or test). */
export async function createTestDatabase(adminUrl: string, prefix = 'test'): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return adminUrl.replace(/\/postgres\?/, `/${name}?`);
}

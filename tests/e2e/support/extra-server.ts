/**
 * A second instance of the built server for specs that need other settings than the shared
 * test server (e.g. TICKET_RATE_LIMIT=2, DESK_LEVELS=2): its own free port and data folder
 * below the run's temp folder, the same private build and content copy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A prepared extra server: `env` also points the project's scripts at its data folder. */
export interface ExtraServer {
  baseURL: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Starts the server and waits until it answers (30 s at most). */
  start(): Promise<void>;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** Prepares (does not start) a server named `label` with these settings on top of the defaults. */
export async function extraServer(label: string, settings: Record<string, string>): Promise<ExtraServer> {
  const base = process.env.E2E_BASE_DIR;
  const app = process.env.E2E_APP_DIR;
  if (!base || !app) throw new Error('E2E_BASE_DIR is not set: run the tests through playwright.config.ts');
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(base, `${label}-data-`));
  const baseURL = `http://127.0.0.1:${port}`;
  const env = { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: process.env.E2E_CONTENT_DIR, SITE_URL: baseURL, SMTP_URL: '', ...settings };
  let server: ChildProcess | null = null;
  return {
    baseURL,
    dataDir,
    env,
    async start() {
      server = spawn(process.execPath, [path.resolve('scripts/serve.ts')], {
        cwd: base,
        env: { ...env, TIERZERO_DIST: path.join(app, 'dist'), HOST: '127.0.0.1', PORT: String(port) },
        stdio: 'ignore',
      });
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          if ((await fetch(`${baseURL}/tickets/status`)).ok) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`the ${label} test server did not start`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    stop() {
      server?.kill();
      server = null;
    },
  };
}

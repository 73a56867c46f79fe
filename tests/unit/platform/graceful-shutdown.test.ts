/**
 * The production server's probes and graceful shutdown (issue 17), with the real
 * scripts/serve.ts in a child process, serving a stand-in build (a handler with one slow
 * page, and the readiness and shutdown hooks app.ts registers): /healthz and /readyz answer
 * without the app's pages, and on SIGTERM a request already in flight still completes,
 * new connections are refused, the shutdown hook (flush, close the database) runs after the
 * last response, and the process exits 0. The readiness answers are checked in-process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answerProbe, registerLifecycle } from '../../../src/lib/server/platform/graceful-shutdown.ts';
import { makeTempDir, removeDir } from '../helpers.ts';

const ENTRY = `
import fs from 'node:fs';
export const handler = (req, res) => {
  if (req.url === '/slow') {
    setTimeout(() => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('slow done'); }, 700);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('page');
};
globalThis[Symbol.for('tierzero.readiness')] = async () => true;
globalThis[Symbol.for('tierzero.shutdown')] = async () => { fs.appendFileSync(process.env.MARK_FILE, 'shutdown hook ran\\n'); };
`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function get(port: number, pathName: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathName, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

describe('scripts/serve.ts: probes and graceful shutdown', () => {
  const dir = makeTempDir('tierzero-serve-');
  let child: ChildProcess | null = null;
  afterAll(() => {
    child?.kill('SIGKILL');
    removeDir(dir);
  });

  it('answers /healthz and /readyz, and finishes an in-flight request on SIGTERM before closing', async () => {
    fs.mkdirSync(path.join(dir, 'dist/server'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'dist/client'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist/server/entry.mjs'), ENTRY);
    const mark = path.join(dir, 'mark.txt');
    const port = await freePort();
    child = spawn(process.execPath, ['scripts/serve.ts'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', TIERZERO_DIST: path.join(dir, 'dist'), MARK_FILE: mark, SHUTDOWN_TIMEOUT_MS: '5000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    for (let i = 0; i < 200 && !output.includes('listening'); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(output).toContain('listening');

    const health = await get(port, '/healthz');
    expect(health).toMatchObject({ status: 200, body: 'ok\n' });
    expect(health.headers['cache-control']).toBe('no-store');
    expect(await get(port, '/readyz')).toMatchObject({ status: 200, body: 'ready\n' });

    const inFlight = get(port, '/slow');
    await new Promise((resolve) => setTimeout(resolve, 150));
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 150));
    // The listener is closed: a new connection is refused while the slow request still runs.
    await expect(get(port, '/healthz')).rejects.toThrow(/ECONNREFUSED/);
    expect(fs.existsSync(mark)).toBe(false);
    expect(await inFlight).toMatchObject({ status: 200, body: 'slow done' });
    expect(await exited).toBe(0);
    expect(fs.readFileSync(mark, 'utf8')).toBe('shutdown hook ran\n');
    expect(output).toContain('SIGTERM');
  });

  it('answers /readyz with 503 while the app has not started and when the database does not answer', async () => {
    const server = http.createServer((req, res) => {
      if (!answerProbe(req, res)) res.end('page');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const hooks = globalThis as Record<symbol, unknown>;
    try {
      delete hooks[Symbol.for('tierzero.readiness')];
      expect(await get(port, '/readyz')).toMatchObject({ status: 503, body: 'starting\n' });
      registerLifecycle(async () => false, async () => undefined);
      expect(await get(port, '/readyz')).toMatchObject({ status: 503, body: 'database not answering\n' });
      registerLifecycle(async () => true, async () => undefined);
      expect(await get(port, '/readyz')).toMatchObject({ status: 200, body: 'ready\n' });
      expect(await get(port, '/readyz?x=1')).toMatchObject({ status: 200 });
      expect(await get(port, '/other')).toMatchObject({ status: 200, body: 'page' });
    } finally {
      delete hooks[Symbol.for('tierzero.readiness')];
      delete hooks[Symbol.for('tierzero.shutdown')];
      server.close();
    }
  });
});

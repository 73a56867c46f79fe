/**
 * Starts the built portal (scripts/serve.ts) for a benchmark: a free loopback port, the
 * given environment, and a wait until it answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Waits until `url` answers 2xx, or throws after `timeoutMs` (at once when `exited` says the process behind it ended). */
export async function waitForServer(url: string, timeoutMs = 30_000, exited?: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    if (exited?.()) throw new Error(`the process behind ${url} ended while starting`);
    if (Date.now() > deadline) throw new Error(`server did not answer ${url} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Starts scripts/serve.ts on `port` with `env` (HOST and PORT are set here) and waits for it. */
export async function startPortal(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['scripts/serve.ts'], {
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForServer(`http://127.0.0.1:${port}/`);
  } catch (error) {
    server.kill();
    throw error;
  }
  return server;
}

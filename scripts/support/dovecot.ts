/**
 * A real, throw-away IMAP server for tests and the mail benchmark: Debian's Dovecot
 * (/usr/sbin/dovecot, package dovecot-imapd) started in the foreground with its own config in
 * a temp folder, on a free loopback port, plain IMAP with one passwd-file user and Maildir
 * storage. Run as root (CI containers), its processes drop to `nobody`; otherwise they run
 * as the current user. `stop()` ends the server and removes the folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A running test Dovecot. */
export interface TestDovecot {
  port: number;
  user: string;
  password: string;
  /** `imap://support:…@127.0.0.1:port/INBOX` */
  url: string;
  stop: () => Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: string): Promise<void> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}): ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('data', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`dovecot did not answer on port ${port}`);
}

/** Starts Dovecot; the binary can be overridden with DOVECOT_BIN. */
export async function startDovecot(): Promise<TestDovecot> {
  const binary = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';
  if (!fs.existsSync(binary)) throw new Error(`${binary} is missing: install Debian's dovecot-imapd`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierzero-dovecot-'));
  const port = await freePort();
  const user = 'support';
  const password = 'test-secret';
  const root = process.getuid?.() === 0;
  const account = root ? { user: 'nobody', group: 'nogroup', uid: 65534, gid: 65534 } : { user: os.userInfo().username, group: '', uid: process.getuid!(), gid: process.getgid!() };
  for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub));
  fs.writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
  const log = path.join(dir, 'dovecot.log');
  const conf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(
    conf,
    [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${log}`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `mail_location = maildir:${dir}/mail/%u`,
      `default_internal_user = ${account.user}`,
      `default_login_user = ${account.user}`,
      ...(account.group ? [`default_internal_group = ${account.group}`] : []),
      'first_valid_uid = 1',
      'mail_max_userip_connections = 50',
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${dir}/passwd`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${account.uid} gid=${account.gid} home=${dir}/mail/%u`,
      '}',
      'service imap-login {',
      '  chroot =',
      '  inet_listener imap {',
      `    port = ${port}`,
      '    address = 127.0.0.1',
      '  }',
      '  inet_listener imaps {',
      '    port = 0',
      '  }',
      '}',
      'service anvil {',
      '  chroot =',
      '}',
      '',
    ].join('\n'),
  );
  if (root) {
    fs.chmodSync(dir, 0o755);
    fs.chownSync(path.join(dir, 'mail'), account.uid, account.gid);
  }
  const child = spawn(binary, ['-F', '-c', conf], { stdio: 'ignore' });
  await waitForPort(port, child, log);
  return {
    port,
    user,
    password,
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

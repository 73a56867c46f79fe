/**
 * Notifications between instances (issue 17): `notify(database, channel, payload)` tells every
 * instance on the same database, `listen(database, channel, handler)` hears them.
 * - PostgreSQL: `pg_notify` through the pool (delivered at commit to every listening session,
 *   this process's included); LISTEN runs on ONE dedicated client per Database (per process),
 *   shared by every handler. When that connection drops it reconnects with back-off, listens
 *   again and calls each handler's `onReconnect` (what was sent meanwhile is lost: resync there).
 * - SQLite: one server process owns the file, so an in-process emitter per connection does it
 *   (commits of other processes — scripts — are noticed by `PRAGMA data_version`, see Hub).
 * - The 'desk' channel is fed by the database itself on any change of the desk's tables (the
 *   agent workspace's event stream wakes on it): on PostgreSQL statement triggers (migration
 *   0023), on SQLite TEMP triggers on this connection only (nothing is stored in the file).
 * Rules that always hold: handlers run asynchronously, never inside the notifier's call or
 * transaction; a handler that throws is logged and never stops the others; payloads are text
 * below PostgreSQL's 8000-byte limit; a notification is a hint to look again, never the data.
 */
import pg from 'pg';
import type { Db } from '../db.ts';
import { sql } from 'kysely';
import { postgresUrlOf, sqliteConnectionOf, type Database } from './connect.ts';

/** Channels in use, and what their payload is. */
export type Channel =
  /** A desk table changed; payload: the table's name. */
  | 'desk'
  /** A content file got a new revision; payload: JSON `{ collection, slug }`. */
  | 'content'
  /** Search settings changed (learned phrasings); payload: what changed. */
  | 'search'
  /** An image was uploaded in the article editor; payload: its file name in content/media. */
  | 'media';

/** The desk's tables whose changes wake the agents' event streams (same list as migration 0023). */
export const DESK_TABLES = ['tickets', 'ticket_presence', 'staff_notifications', 'ticket_consultations', 'ticket_tags'] as const;

/** Longest payload, in bytes (PostgreSQL refuses 8000 and more). */
export const MAX_PAYLOAD_BYTES = 7999;

/** What a listener gets called with. */
export interface ListenOptions {
  /** After the listening connection came back (PostgreSQL only): notifications may have been missed. */
  onReconnect?: () => void;
}

interface Subscription {
  handler: (payload: string) => void | Promise<void>;
  onReconnect?: () => void;
}

function call(subscription: Subscription, payload: string, channel: string): void {
  try {
    const result = subscription.handler(payload);
    if (result && typeof (result as Promise<void>).catch === 'function') {
      (result as Promise<void>).catch((error: unknown) => console.warn(`notify: a listener on ${channel} failed: ${messageOf(error)}`));
    }
  } catch (error) {
    console.warn(`notify: a listener on ${channel} failed: ${messageOf(error)}`);
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Sends `payload` on `channel` to every instance (this one included). */
export async function notify(database: Database, channel: Channel, payload = ''): Promise<void> {
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`notify: payload on ${channel} is longer than ${MAX_PAYLOAD_BYTES} bytes`);
  if (database.engine === 'postgres') {
    await sql`SELECT pg_notify(${channel}, ${payload})`.execute(database.kysely);
    return;
  }
  hubOf(database).emit(channel, payload);
}

/**
 * Calls `handler` for every notification on `channel` until the returned function is called.
 * Resolves once listening (PostgreSQL: after LISTEN ran); rejects when the database cannot be reached.
 */
export async function listen(
  database: Database,
  channel: Channel,
  handler: (payload: string) => void | Promise<void>,
  options: ListenOptions = {},
): Promise<() => Promise<void>> {
  const subscription: Subscription = { handler, onReconnect: options.onReconnect };
  if (database.engine === 'postgres') {
    const listener = postgresListenerOf(database);
    await listener.add(channel, subscription);
    return () => listener.remove(channel, subscription);
  }
  const hub = hubOf(database);
  hub.add(channel, subscription);
  return async () => hub.remove(channel, subscription);
}

/** Ends this process's listening connection of `database` (shutdown); listeners stay registered but hear nothing. */
export async function stopListening(database: Database): Promise<void> {
  const listener = postgresListeners.get(database);
  postgresListeners.delete(database);
  await listener?.close();
}

// ---------------------------------------------------------------- SQLite: in-process

/** One connection's listeners; deliveries are coalesced per channel and payload until the next turn of the event loop. */
class Hub {
  private readonly subscriptions = new Map<string, Set<Subscription>>();
  private readonly pending = new Map<string, Set<string>>();
  private scheduled = false;
  private watcher: NodeJS.Timeout | null = null;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  add(channel: string, subscription: Subscription): void {
    let set = this.subscriptions.get(channel);
    if (!set) this.subscriptions.set(channel, (set = new Set()));
    set.add(subscription);
    if (channel === 'desk') this.watchOtherProcesses();
  }

  remove(channel: string, subscription: Subscription): void {
    this.subscriptions.get(channel)?.delete(subscription);
    if (channel === 'desk' && !this.subscriptions.get(channel)?.size && this.watcher) {
      clearInterval(this.watcher);
      this.watcher = null;
    }
  }

  /**
   * Scripts (seeding, adding users, a test's set-up) may write the file from another process,
   * where this connection's triggers do not fire: `PRAGMA data_version` changes whenever another
   * connection committed, so it is read every OTHER_PROCESS_POLL_MS while anyone listens on 'desk'.
   */
  private watchOtherProcesses(): void {
    if (this.watcher) return;
    let seen = this.dataVersion();
    this.watcher = setInterval(() => {
      const now = this.dataVersion();
      if (now !== seen) this.emit('desk', 'another process');
      seen = now;
    }, OTHER_PROCESS_POLL_MS);
    this.watcher.unref();
  }

  private dataVersion(): number {
    try {
      return this.db.open ? (this.db.pragma('data_version', { simple: true }) as number) : -1;
    } catch {
      return -1;
    }
  }

  emit(channel: string, payload: string): void {
    if (!this.subscriptions.get(channel)?.size) return;
    let payloads = this.pending.get(channel);
    if (!payloads) this.pending.set(channel, (payloads = new Set()));
    payloads.add(payload);
    if (this.scheduled) return;
    this.scheduled = true;
    // After the current transaction (its body runs on this connection without yielding to timers).
    setImmediate(() => this.deliver());
  }

  private deliver(): void {
    this.scheduled = false;
    const pending = [...this.pending];
    this.pending.clear();
    for (const [channel, payloads] of pending) {
      for (const payload of payloads) for (const subscription of [...(this.subscriptions.get(channel) ?? [])]) call(subscription, payload, channel);
    }
  }
}

/** How often a SQLite process looks for commits of other processes (see Hub.watchOtherProcesses). */
const OTHER_PROCESS_POLL_MS = 500;

const hubs = new WeakMap<Db, Hub>();

function hubOf(database: Database): Hub {
  const db = sqliteConnectionOf(database);
  if (!db) throw new Error('notify: this SQLite Database was not made by sqliteDatabase()');
  let hub = hubs.get(db);
  if (hub) return hub;
  hub = new Hub(db);
  hubs.set(db, hub);
  installDeskTriggers(db, hub);
  return hub;
}

/** TEMP triggers (this connection only) that put every change of a desk table on the 'desk' channel. */
function installDeskTriggers(db: Db, hub: Hub): void {
  db.function('tierzero_notify', { deterministic: false, varargs: false }, (channel: unknown, payload: unknown) => {
    hub.emit(String(channel), String(payload));
    return null;
  });
  for (const table of DESK_TABLES) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS tierzero_notify_${table}_${event.toLowerCase()} AFTER ${event} ON main.${table} ` +
          `BEGIN SELECT tierzero_notify('desk', '${table}'); END`,
      );
    }
  }
}

// ---------------------------------------------------------------- PostgreSQL: LISTEN on one client

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

/** The one listening connection of a Database in this process. */
class PostgresListener {
  private readonly subscriptions = new Map<string, Set<Subscription>>();
  private client: pg.Client | null = null;
  /** Every change of the connection or of the LISTEN set runs in this order. */
  private queue: Promise<unknown> = Promise.resolve();
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  add(channel: string, subscription: Subscription): Promise<void> {
    return this.serial(async () => {
      let set = this.subscriptions.get(channel);
      const fresh = !set;
      if (!set) this.subscriptions.set(channel, (set = new Set()));
      set.add(subscription);
      try {
        if (!this.client) await this.connect();
        else if (fresh) await this.client.query(`LISTEN ${this.client.escapeIdentifier(channel)}`);
      } catch (error) {
        set.delete(subscription);
        if (!set.size) this.subscriptions.delete(channel);
        throw error;
      }
    });
  }

  remove(channel: string, subscription: Subscription): Promise<void> {
    return this.serial(async () => {
      const set = this.subscriptions.get(channel);
      if (!set?.delete(subscription) || set.size) return;
      this.subscriptions.delete(channel);
      if (!this.subscriptions.size) return this.disconnect();
      await this.client?.query(`UNLISTEN ${this.client.escapeIdentifier(channel)}`).catch(() => undefined);
    });
  }

  close(): Promise<void> {
    this.closed = true;
    return this.serial(() => this.disconnect());
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'tierzero-listen' });
    client.on('notification', (message) => {
      for (const subscription of [...(this.subscriptions.get(message.channel) ?? [])]) call(subscription, message.payload ?? '', message.channel);
    });
    // A dropped connection: 'error' and/or 'end'; either schedules one reconnect.
    const lost = (error?: Error): void => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      if (error) console.warn(`notify: the listening PostgreSQL connection failed: ${error.message}; reconnecting`);
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      for (const channel of this.subscriptions.keys()) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      client.removeAllListeners('end');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    this.retryMs = RETRY_MIN_MS;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer || !this.subscriptions.size) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.serial(async () => {
        if (this.closed || this.client || !this.subscriptions.size) return;
        try {
          await this.connect();
        } catch (error) {
          console.warn(`notify: cannot listen on PostgreSQL yet: ${messageOf(error)}; trying again in ${this.retryMs} ms`);
          this.scheduleReconnect();
          return;
        }
        for (const set of this.subscriptions.values()) for (const subscription of set) subscription.onReconnect?.();
      });
    }, delay);
    this.retryTimer.unref();
  }

  private async disconnect(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }
}

const postgresListeners = new WeakMap<Database, PostgresListener>();

function postgresListenerOf(database: Database): PostgresListener {
  let listener = postgresListeners.get(database);
  if (listener) return listener;
  const url = postgresUrlOf(database);
  if (!url) throw new Error('notify: this PostgreSQL Database was not made by postgresDatabase()');
  listener = new PostgresListener(url);
  postgresListeners.set(database, listener);
  return listener;
}

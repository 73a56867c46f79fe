// @ts-check
import { defineConfig, envField } from 'astro/config';
import node from '@astrojs/node';
import { fileURLToPath } from 'node:url';

/**
 * Builds the worker threads' modules as files of their own: a worker thread loads a file, and
 * the server bundle has none. The Markdown worker (src/lib/server/knowledge/markdown-worker.ts)
 * becomes dist/server/markdown-worker.mjs, found there by render-markdown-safely.ts; the
 * index-build worker (src/lib/server/search/index-build-worker.ts) becomes
 * dist/server/index-build-worker.mjs, found by index-builder.ts. In dev and tests they use the .ts files.
 */
function markdownWorker() {
  return {
    name: 'tierzero:markdown-worker',
    apply: /** @type {const} */ ('build'),
    applyToEnvironment: (/** @type {{ name: string }} */ environment) => environment.name === 'ssr',
    buildStart() {
      // @ts-expect-error Rollup's plugin context, untyped in this JS file.
      this.emitFile({ type: 'chunk', id: fileURLToPath(new URL('./src/lib/server/knowledge/markdown-worker.ts', import.meta.url)), fileName: 'markdown-worker.mjs' });
      // @ts-expect-error Rollup's plugin context, untyped in this JS file.
      this.emitFile({ type: 'chunk', id: fileURLToPath(new URL('./src/lib/server/search/index-build-worker.ts', import.meta.url)), fileName: 'index-build-worker.mjs' });
    },
  };
}

// https://docs.astro.build/en/reference/configuration-reference/
export default defineConfig({
  output: 'server',
  // Bodies above 52.25 MB are refused (413) before parsing; scripts/serve.ts checks Content-Length
  // first (request-guard.ts), this catches chunked bodies without one.
  adapter: node({ mode: 'standalone', bodySizeLimit: 52 * 1024 * 1024 + 256 * 1024 }),
  server: { port: 4321, host: true },
  // Rejects cross-site form posts (CSRF); keep it on. Action bodies may carry an editor form
  // with an image (at most 5 MB, checked by the upload itself with a clear message).
  security: {
    checkOrigin: true,
    // Five attachments of 10 MB (ATTACHMENT_MAX_FILES × ATTACHMENT_MAX_MB defaults) plus the text.
    actionBodySizeLimit: 52 * 1024 * 1024,
    // Content-Security-Policy header on every rendered page: scripts and styles only from this
    // site or with the SHA-256 hash Astro computes for each inline one (no 'unsafe-inline', no
    // inline event handlers or style attributes). Non-page responses get a locked-down policy
    // from the middleware (src/lib/server/platform/security-headers.ts).
    csp: {
      algorithm: 'SHA-256',
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ],
    },
  },
  env: {
    // 'secret' (not 'public'): read from the environment at run time, not baked in at build time.
    schema: {
      /** Folder for the SQLite database and uploads. */
      DATA_DIR: envField.string({ context: 'server', access: 'secret', default: './data' }),
      /** postgres://… moves the shared state (log-in throttle, form rate limits) to PostgreSQL; unset: SQLite in DATA_DIR. */
      DATABASE_URL: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Folder with articles/, media/, categories.yml and synonyms.yml. */
      CONTENT_DIR: envField.string({ context: 'server', access: 'secret', default: './content' }),
      /** Public address of the portal, used in links that leave the site (e-mails). */
      SITE_URL: envField.string({ context: 'server', access: 'secret', default: 'http://localhost:4321' }),
      /** SMTP server for customer e-mails, e.g. smtp://user:pass@mail.example:587; unset: mails stay in the outbox. */
      SMTP_URL: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Sender of customer e-mails, e.g. "Tallyhaus Support <support@tallyhaus.example>"; empty: the default. */
      MAIL_FROM: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** First-response due hours per priority, e.g. "low:72,normal:24,high:8,urgent:2"; empty: those defaults. */
      FIRST_RESPONSE_HOURS: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Resolution due business hours per priority, e.g. "low:240,normal:120,high:40,urgent:8"; empty: those defaults. */
      RESOLUTION_HOURS: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Working time due times count, e.g. "mon-fri 08:00-18:00; sat 09:00-13:00"; empty or "always": round the clock. */
      BUSINESS_HOURS: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Days without working time, e.g. "2026-12-24,2026-12-25"; empty: none. */
      HOLIDAYS: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** The desk's time zone (business hours, holidays, times on staff pages); empty: Europe/Berlin. */
      DESK_TIME_ZONE: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Learned phrasings: clicks/deflections from the same words to one article before they are proposed; empty: 3. */
      PHRASING_MIN_EVENTS: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Learned phrasings: share of the words' clicks/deflections that must go to that article; empty: 0.6. */
      PHRASING_MIN_SHARE: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Learned phrasings: days of search clicks and deflections counted; empty: 90. */
      PHRASING_WINDOW_DAYS: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Solved tickets close by themselves this many days later; empty: 7. */
      AUTO_CLOSE_DAYS: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** How often the outbox sender looks for due e-mails, in milliseconds. */
      OUTBOX_INTERVAL_MS: envField.number({ context: 'server', access: 'secret', default: 5000, int: true, gt: 0 }),
      /** Support levels the desk runs: 3 (default) or 2 (second and third level merged); read at run time. */
      DESK_LEVELS: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Most open tickets the distribution gives one agent; empty: 10. */
      AGENT_CAPACITY: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** 1: trainees also get urgent and overdue tickets while colleagues of their level are present; empty or 0: not. */
      TRAINEE_URGENT: envField.string({ context: 'server', access: 'secret', optional: true }),
      SPECIALIST_OWNERSHIP: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Tickets one client address may create through the form in 10 minutes. */
      TICKET_RATE_LIMIT: envField.number({ context: 'server', access: 'secret', default: 5, int: true, gt: 0 }),
      /** Support mailbox read over IMAP, e.g. imaps://user:pass@mail.example:993/INBOX; unset: the e-mail channel is off. */
      IMAP_URL: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** How often the support mailbox is read, in milliseconds (with IDLE also at once when mail arrives). */
      IMAP_INTERVAL_MS: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Wait for new mail with IMAP IDLE: on (default) or off. */
      IMAP_IDLE: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Folder processed mail is moved to; empty: "Processed". */
      IMAP_PROCESSED_FOLDER: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Folder mail that could not be processed is moved to; empty: "Unprocessed". */
      IMAP_UNPROCESSED_FOLDER: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** The support mailbox's own address(es), comma-separated; empty: MAIL_FROM's address. */
      SUPPORT_ADDRESS: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Mails one sender may send per hour that open or answer tickets; more go to the unprocessed folder. */
      MAIL_RATE_LIMIT: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** At most this many attachments per message; empty: 5. */
      ATTACHMENT_MAX_FILES: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** At most this many megabytes per attachment; empty: 10. */
      ATTACHMENT_MAX_MB: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Key that seals the customers' status links at rest: 32 bytes as 64 hex digits or base64; empty: DATA_DIR/status-link.key (created once). */
      STATUS_LINK_KEY: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Article suggestions in the confirmation mail of a new ticket: on (default) or off. */
      MAIL_SUGGESTIONS: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Searches one client address may add to the search log in 10 minutes (deflections: a twelfth). */
      ANALYTICS_RATE_LIMIT: envField.number({ context: 'server', access: 'secret', default: 120, int: true, gt: 0 }),
      /** Addresses of the TLS proxy in front of the portal ("127.0.0.1,::1"): only from them is X-Forwarded-For believed. */
      TRUSTED_PROXIES: envField.string({ context: 'server', access: 'secret', optional: true }),
      /** Hosts besides /media that article images may load from, e.g. "cdn.example.com"; empty: /media only. */
      MEDIA_HOSTS: envField.string({ context: 'server', access: 'secret', optional: true }),
    },
  },
  vite: {
    plugins: [markdownWorker()],
    ssr: {
      // Native module: load it from node_modules at run time instead of bundling it.
      external: ['better-sqlite3', 'imapflow', 'mailparser'],
    },
  },
});

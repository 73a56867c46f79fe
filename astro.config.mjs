// @ts-check
import { defineConfig, envField } from 'astro/config';
import node from '@astrojs/node';

// https://docs.astro.build/en/reference/configuration-reference/
export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  server: { port: 4321, host: true },
  // Rejects cross-site form posts (CSRF); keep it on. Action bodies may carry an editor form
  // with an image (at most 5 MB, checked by the upload itself with a clear message).
  security: { checkOrigin: true, actionBodySizeLimit: 12 * 1024 * 1024 },
  env: {
    // 'secret' (not 'public'): read from the environment at run time, not baked in at build time.
    schema: {
      /** Folder for the SQLite database and uploads. */
      DATA_DIR: envField.string({ context: 'server', access: 'secret', default: './data' }),
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
      /** Tickets one client address may create through the form in 10 minutes. */
      TICKET_RATE_LIMIT: envField.number({ context: 'server', access: 'secret', default: 5, int: true, gt: 0 }),
    },
  },
  vite: {
    ssr: {
      // Native module: load it from node_modules at run time instead of bundling it.
      external: ['better-sqlite3'],
    },
  },
});

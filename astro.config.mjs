// @ts-check
import { defineConfig, envField } from 'astro/config';
import node from '@astrojs/node';

// https://docs.astro.build/en/reference/configuration-reference/
export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  server: { port: 4321, host: true },
  // Rejects cross-site form posts (CSRF); keep it on.
  security: { checkOrigin: true },
  env: {
    // 'secret' (not 'public'): read from the environment at run time, not baked in at build time.
    schema: {
      /** Folder for the SQLite database and uploads. */
      DATA_DIR: envField.string({ context: 'server', access: 'secret', default: './data' }),
      /** Folder with articles/, media/, categories.yml and synonyms.yml. */
      CONTENT_DIR: envField.string({ context: 'server', access: 'secret', default: './content' }),
      /** Public address of the portal, used in links that leave the site (e-mails). */
      SITE_URL: envField.string({ context: 'server', access: 'secret', default: 'http://localhost:4321' }),
    },
  },
  vite: {
    ssr: {
      // Native module: load it from node_modules at run time instead of bundling it.
      external: ['better-sqlite3'],
    },
  },
});

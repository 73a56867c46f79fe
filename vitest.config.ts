import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // A real PostgreSQL for the tests that run on both engines (started once, torn down after).
    globalSetup: ['tests/unit/postgres-global-setup.ts'],
  },
});

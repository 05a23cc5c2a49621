import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/core/**/*.test.ts', 'tests/shared/**/*.test.ts'],
    environment: 'node',
    // Native better-sqlite3 is safest in separate processes.
    pool: 'forks',
    testTimeout: 30_000,
  },
});

import { defineConfig } from 'vitest/config';

// The suite runs in the users' own zone (Beijing, UTC+8), whatever the machine's: a date check that read
// a day at local midnight passed here in UTC for months and refused every date on a PC set to Beijing time.
// tests/shared/calendar.test.ts checks the date rules in other zones as well.
process.env.TZ = 'Asia/Shanghai';

export default defineConfig({
  test: {
    include: ['tests/core/**/*.test.ts', 'tests/shared/**/*.test.ts'],
    environment: 'node',
    // Native better-sqlite3 is safest in separate processes.
    pool: 'forks',
    testTimeout: 30_000,
  },
});

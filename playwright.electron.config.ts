import { defineConfig } from '@playwright/test';

// The Electron smoke test (tests/electron): the built desktop app itself, not the browser mode of
// playwright.config.ts. Skipped with a printed reason where no Electron binary exists.
process.env.TZ = 'Asia/Shanghai';

export default defineConfig({
  testDir: 'tests/electron',
  testMatch: '**/*.spec.ts',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: process.env.PW_JSON ? [['list'], ['json', { outputFile: process.env.PW_JSON }]] : [['list']],
  use: { trace: 'off', screenshot: 'off' },
});

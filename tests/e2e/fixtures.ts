import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { openCore, type Core } from '../../electron/core/core';
import { silentLogger } from '../../electron/core/app/context';
import { SESSION_COOKIE, startHttpHost } from '../../electron/core/http/host';
import { createDispatch } from '../../electron/core/dispatch';

export interface AppUnderTest {
  url: string;
  /** The core; its `dispatch` acts as the system itself (as the CLI does), for seeding and checks. */
  core: Core;
  /** The first administrator, set up before the test: also holds every other role, so the older specs run as before. */
  admin: { name: string; password: string; token: string };
  dir: string;
  /** Writes a file into the test's temp folder and returns its path (for file choosers). */
  writeFile(name: string, content: string | Buffer): string;
}

export const ADMIN = { name: 'admin', password: 'Admin-2026-e2e' };

/**
 * Each test gets the browser-mode host on a fresh SQLite file, exactly as `npm run serve` runs it (every
 * page signs in). The first administrator is set up, holding every role over everything, and `page`
 * starts signed in as it (its session cookie); a spec that wants the setup or login screens opens a
 * context of its own. scrypt runs at a test-only low cost.
 */
export const test = base.extend<{ app: AppUnderTest }>({
  app: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-e2e-'));
    const core = await openCore({ dbPath: path.join(dir, 'carebeds.sqlite'), logger: silentLogger, requireSession: true, scryptLog2N: 10 });
    const host = await startHttpHost({ dispatch: core.dispatch, staticDir: path.resolve(process.env.CAREBEDS_STATIC_DIR ?? 'out/renderer') });
    const system = createDispatch({ ...core.ctx, requireSession: false });
    const setup = await system('auth.setup', ADMIN);
    if (!setup.ok) throw new Error(setup.error.message);
    const { account } = setup.data as { account: { id: string } };
    const every = [
      { role: 'sysadmin', scope: { kind: 'all' } },
      { role: 'auditor', scope: { kind: 'all' } },
      { role: 'district', scope: { kind: 'all' } },
      { role: 'facility_admin', scope: { kind: 'all' } },
    ];
    const granted = await system('accounts.setGrants', { id: account.id, grants: every });
    if (!granted.ok) throw new Error(granted.error.message);
    // New roles end the account's sessions: sign in again.
    const login = await system('auth.login', ADMIN);
    if (!login.ok) throw new Error(login.error.message);
    const { token } = login.data as { token: string };
    await use({
      url: host.url,
      core: { ...core, dispatch: system },
      admin: { ...ADMIN, token },
      dir,
      writeFile(name, content) {
        const file = path.join(dir, name);
        fs.writeFileSync(file, content);
        return file;
      },
    });
    await host.close();
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },

  page: async ({ page, app }, use) => {
    await page.context().addCookies([{ name: SESSION_COOKIE, value: app.admin.token, url: app.url, httpOnly: true, sameSite: 'Strict' }]);
    await use(page);
  },
});

export { expect };

/** Picks an option of a Mantine Select by its visible label. */
export async function chooseOption(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Picks a file in the open import dialog, as a user does through the file chooser. */
export async function pickImportFile(page: Page, file: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-pick').click();
  await (await chooser).setFiles(file);
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { openCore, type Core } from '../../electron/core/core';
import { silentLogger } from '../../electron/core/app/context';
import { startHttpHost } from '../../electron/core/http/host';

export interface AppUnderTest {
  url: string;
  core: Core;
  dir: string;
  /** Writes a file into the test's temp folder and returns its path (for file choosers). */
  writeFile(name: string, content: string | Buffer): string;
}

/** Each test gets the browser-mode host on a fresh SQLite file, exactly as `npm run serve` runs it. */
export const test = base.extend<{ app: AppUnderTest }>({
  app: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-e2e-'));
    const core = await openCore({ dbPath: path.join(dir, 'carebeds.sqlite'), logger: silentLogger });
    const host = await startHttpHost({ dispatch: core.dispatch, staticDir: path.resolve(process.env.CAREBEDS_STATIC_DIR ?? 'out/renderer') });
    await use({
      url: host.url,
      core,
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

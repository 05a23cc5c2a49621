import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rule is enforced by lint (eslint.layers.mjs, the allow-list; no-restricted-imports for the
// counting engine's index); this proves the rule itself still bites.
const eslint = new ESLint({ cwd: process.cwd() });
const LAYER_RULES = new Set(['no-restricted-imports', 'layers/allowed-imports']);

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result!.messages.filter((m) => m.fatal);
  if (fatal.length) throw new Error(fatal.map((m) => m.message).join('\n'));
  return result!.messages.filter((m) => LAYER_RULES.has(m.ruleId ?? '')).map((m) => m.message);
}

/** A one-line module importing `spec` (used, so no other rule fires). */
const importing = (spec: string) => `import * as m from '${spec}';\nexport const x = m;\n`;

describe('layer rule', () => {
  it('refuses electron in shared/, electron/core/ and renderer/', async () => {
    for (const file of ['shared/domain/probe.ts', 'electron/core/probe.ts', 'renderer/src/probe.ts']) {
      expect(await restricted(file, "import { app } from 'electron';\nexport const a = app;\n"), file).toHaveLength(1);
    }
    expect(await restricted('electron/main/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(0);
  });

  it('refuses Node built-ins in shared/ and renderer/, and renderer code in the core', async () => {
    expect(await restricted('shared/probe.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toHaveLength(1);
    expect(await restricted('renderer/src/probe.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toHaveLength(1);
    expect(await restricted('renderer/src/probe.ts', "import { openCore } from '../../electron/core/core';\nexport const o = openCore;\n")).toHaveLength(1);
    expect(await restricted('electron/core/probe.ts', "import { App } from '../../renderer/src/App';\nexport const x = App;\n")).toHaveLength(1);
    expect(await restricted('electron/core/probe.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toHaveLength(0);
  });

  it('keeps the counting engine on db/, app/ and shared/, used through its index', async () => {
    const feature = "import { statusOn } from '../features/ratings/counts';\nexport const s = statusOn;\n";
    expect(await restricted('electron/core/counting/probe.ts', feature)).toHaveLength(1);
    expect(await restricted('electron/core/counting/probe.ts', "import { statusOn } from '../db/asOf';\nexport const s = statusOn;\n")).toHaveLength(0);
    const inside = "import { naiveSource } from '../../counting/tallies';\nexport const n = naiveSource;\n";
    expect(await restricted('electron/core/features/indicators/probe.ts', inside)).toHaveLength(1);
    expect(await restricted('tests/core/probe.ts', "import { naiveSource } from '../../electron/core/counting/tallies';\nexport const n = naiveSource;\n")).toHaveLength(1);
    expect(await restricted('electron/core/features/indicators/probe.ts', "import { naiveSource } from '../../counting';\nexport const n = naiveSource;\n")).toHaveLength(0);
  });

  it('keeps the sandboxed preload free of runtime dependencies', async () => {
    expect(await restricted('electron/preload/probe.ts', "import { z } from 'zod';\nexport const s = z;\n")).toHaveLength(1);
    expect(await restricted('electron/preload/probe.ts', "import { CHANNELS } from '../../shared/contract/channels';\nexport const c = CHANNELS;\n")).toHaveLength(0);
  });

  it('refuses the holes of the old deny-list: Node-only packages in shared/ and renderer/, a bare fs', async () => {
    for (const spec of ['better-sqlite3', 'kysely', 'exceljs', 'yauzl', 'papaparse']) {
      expect(await restricted('shared/domain/probe.ts', importing(spec)), spec).toHaveLength(1);
      expect(await restricted('renderer/src/probe.ts', importing(spec)), spec).toHaveLength(1);
    }
    // Even a type-only import ties shared/ to the database library.
    expect(await restricted('shared/domain/probe.ts', "import type { Kysely } from 'kysely';\nexport type K = Kysely<unknown>;\n")).toHaveLength(1);
    for (const file of ['shared/probe.ts', 'renderer/src/probe.ts', 'electron/core/probe.ts', 'electron/main/probe.ts']) {
      expect(await restricted(file, importing('fs')), file).toHaveLength(1);
      expect(await restricted(file, importing('path')), file).toHaveLength(1);
    }
    // require() and import() are checked like import declarations.
    expect(await restricted('renderer/src/probe.ts', "export const load = () => import('exceljs');\n")).toHaveLength(1);
    expect(await restricted('shared/probe.ts', "export const fs = require('node:fs');\n")).toHaveLength(1);
  });

  it('lets each layer import exactly what its allow-list names', async () => {
    expect(await restricted('renderer/src/probe.ts', importing('@mantine/core'))).toHaveLength(0);
    expect(await restricted('renderer/src/probe.ts', importing('react-dom/client'))).toHaveLength(0);
    expect(await restricted('renderer/src/probe.ts', importing('../../shared/domain/calendar'))).toHaveLength(0);
    expect(await restricted('shared/domain/probe.ts', importing('zod'))).toHaveLength(0);
    expect(await restricted('shared/domain/probe.ts', importing('date-fns'))).toHaveLength(0);
    expect(await restricted('shared/domain/probe.ts', importing('react'))).toHaveLength(1);
    expect(await restricted('electron/core/probe.ts', importing('kysely'))).toHaveLength(0);
    expect(await restricted('electron/core/probe.ts', importing('@mantine/core'))).toHaveLength(1);
    expect(await restricted('electron/core/probe.ts', importing('recharts'))).toHaveLength(1);
    expect(await restricted('electron/main/probe.ts', importing('../core/security'))).toHaveLength(0);
    expect(await restricted('electron/core/probe.ts', importing('../main/coreProcess'))).toHaveLength(1);
    // The sandboxed preload: electron and the channel list, nothing else of shared/.
    expect(await restricted('electron/preload/probe.ts', importing('../../shared/domain/calendar'))).toHaveLength(1);
    expect(await restricted('electron/preload/probe.ts', importing('better-sqlite3'))).toHaveLength(1);
    // A package nobody has classified is refused until someone says where it can run.
    const [why] = await restricted('electron/core/probe.ts', importing('left-pad'));
    expect(why).toContain('未归类的 npm 包 left-pad');
  });
});

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rule of DESIGN.md is enforced by lint; this proves the rule itself still bites.
const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

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
});

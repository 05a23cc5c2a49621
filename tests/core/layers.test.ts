import fs from 'node:fs';
import path from 'node:path';
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

  it('lets the renderer bundle the user manual, and a Vite query hides no other file', async () => {
    expect(await restricted('renderer/src/features/help/probe.ts', importing('../../../../docs/用户手册.md?raw'))).toHaveLength(0);
    expect(await restricted('renderer/src/features/help/probe.ts', importing('../../../../docs/testing.md?raw'))).toHaveLength(1);
    expect(await restricted('renderer/src/probe.ts', importing('../../electron/core/core.ts?raw'))).toHaveLength(1);
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
    // ExcelJS is a devDependency, for the tests to read workbooks back: the app does not ship it.
    expect(await restricted('electron/core/probe.ts', importing('exceljs'))).toHaveLength(1);
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

/**
 * The known import cycles, type-only imports included (knip, in `npm test`, checks the runtime ones
 * and allows none in knip.jsonc): none. A new one, or a file joining one, fails.
 */
const KNOWN_CYCLES: string[][] = [];

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The app's import graph (relative imports of shared/, electron/, renderer/), type-only edges included. */
function importGraph(): Map<string, string[]> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.posix.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) files.push(p);
    }
  };
  ['shared', 'electron', 'renderer'].forEach(walk);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = new Set<string>();
    for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (!spec.startsWith('.')) continue;
      const base = path.posix.join(path.posix.dirname(file), spec);
      const hit = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find((c) => known.has(c));
      if (hit) targets.add(hit);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Strongly connected components of more than one file (Tarjan): each is one or more cycles. */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import cycles', () => {
  it('finds none beyond the known ones, type-only imports included', () => {
    const unknown = cyclesOf(importGraph()).filter((c) => !KNOWN_CYCLES.some((k) => c.every((f) => k.includes(f))));
    expect(unknown).toEqual([]);
  });

  it('would catch a new one', () => {
    const graph = importGraph();
    graph.set('shared/domain/calendar.ts', [...graph.get('shared/domain/calendar.ts')!, 'shared/contract/index.ts']);
    const unknown = cyclesOf(graph).filter((c) => !KNOWN_CYCLES.some((k) => c.every((f) => k.includes(f))));
    expect(unknown.length).toBe(1);
    expect(unknown[0]).toContain('shared/domain/calendar.ts');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract/channels';
import { handlers } from '../../electron/core/handlers';

// The folders mirror the contract: each channel prefix has features/<prefix>/handlers.ts, which serves
// that prefix only, and shared/contract/<prefix>.ts, which declares it. docs/architecture.md lists the
// same mapping in one table; this file proves the code and the table agree.

const FEATURES = 'electron/core/features';
const prefixOf = (channel: string) => channel.slice(0, channel.indexOf('.'));
const PREFIXES = [...new Set(CHANNELS.map(prefixOf))];

type Entries = Record<string, unknown>;

/** Each folder's handler entries: the keys of every `…Handlers` object its handlers.ts exports. */
async function handlerModules(): Promise<Map<string, Entries>> {
  const modules = new Map<string, Entries>();
  for (const dir of fs.readdirSync(FEATURES).sort()) {
    const file = path.resolve(FEATURES, dir, 'handlers.ts');
    if (!fs.existsSync(file)) continue;
    const mod = (await import(file)) as Record<string, unknown>;
    const entries: Entries = {};
    for (const [name, value] of Object.entries(mod)) if (name.endsWith('Handlers')) Object.assign(entries, value);
    modules.set(dir, entries);
  }
  return modules;
}

/** What is out of place: a channel served from another prefix's folder, or not from its own. */
function misplaced(modules: Map<string, Entries>, served: Entries, channels: readonly string[]): string[] {
  const problems: string[] = [];
  for (const [folder, entries] of modules) {
    for (const channel of Object.keys(entries)) if (prefixOf(channel) !== folder) problems.push(`${FEATURES}/${folder}/handlers.ts serves ${channel}`);
  }
  for (const channel of channels) {
    const own = modules.get(prefixOf(channel));
    if (!own) problems.push(`${channel}: no ${FEATURES}/${prefixOf(channel)}/handlers.ts`);
    // The same function object: the entry in the handler map is the one the prefix's module exports.
    else if (!(channel in own) || own[channel] !== served[channel]) problems.push(`${channel} is not served by ${FEATURES}/${prefixOf(channel)}/handlers.ts`);
  }
  for (const folder of modules.keys()) if (!PREFIXES.includes(folder)) problems.push(`${FEATURES}/${folder}/handlers.ts: no channel prefix ${folder}`);
  return problems;
}

/** The rows of the prefix → folder table in docs/architecture.md: prefix → [handlers folder, contract file]. */
function documentedTable(): Map<string, [string, string]> {
  const doc = fs.readFileSync('docs/architecture.md', 'utf8');
  const rows = new Map<string, [string, string]>();
  for (const m of doc.matchAll(/^\| `(\w+)` \| `([^`]+)` \| `([^`]+)` \|/gm)) rows.set(m[1]!, [m[2]!, m[3]!]);
  return rows;
}

describe('folders that mirror the contract', () => {
  it('serves every channel from features/<prefix>/handlers.ts, and nothing else from there', async () => {
    expect(misplaced(await handlerModules(), handlers, CHANNELS)).toEqual([]);
  });

  it('would notice a channel served from another prefix’s folder', async () => {
    const modules = await handlerModules();
    const moved = new Map(modules);
    const { 'population.list': list, ...rest } = modules.get('population')!;
    moved.set('population', rest);
    moved.set('areas', { ...modules.get('areas'), 'population.list': list });
    expect(misplaced(moved, handlers, CHANNELS)).toEqual([
      `${FEATURES}/areas/handlers.ts serves population.list`,
      'population.list is not served by electron/core/features/population/handlers.ts',
    ]);
    // A handler map entry overridden by another module's function is caught too.
    expect(misplaced(modules, { ...handlers, 'areas.list': () => null }, CHANNELS)).toEqual(['areas.list is not served by electron/core/features/areas/handlers.ts']);
  });

  it('builds the handler map from the feature folders only', () => {
    const source = fs.readFileSync('electron/core/handlers.ts', 'utf8');
    const specs = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    expect(specs.filter((s) => s !== './app/handler' && !/^\.\/features\/\w+\/handlers$/.test(s))).toEqual([]);
  });

  it('declares each prefix in shared/contract/<prefix>.ts, and only that prefix there', async () => {
    for (const prefix of PREFIXES) {
      const file = path.resolve('shared/contract', `${prefix}.ts`);
      expect(fs.existsSync(file), file).toBe(true);
      const mod = (await import(file)) as Record<string, unknown>;
      const channels = Object.entries(mod)
        .filter(([name]) => name.endsWith('Contract'))
        .flatMap(([, value]) => Object.keys(value as object));
      expect(channels.sort(), prefix).toEqual(CHANNELS.filter((c) => prefixOf(c) === prefix).sort());
    }
  });

  it('is documented in docs/architecture.md, one row per prefix', () => {
    const table = documentedTable();
    expect([...table.keys()].sort()).toEqual([...PREFIXES].sort());
    for (const [prefix, [folder, contract]] of table) {
      expect(folder, prefix).toBe(`${FEATURES}/${prefix}/`);
      expect(contract, prefix).toBe(`shared/contract/${prefix}.ts`);
    }
  });
});

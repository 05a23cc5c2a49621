import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract } from '../../shared/contract';
import { fileOf, makeCore, rng, seedWorld, type TestCore } from './helpers';

// Every channel gets malformed payloads, drawn from a seeded generator so that a failure reproduces: some
// follow the channel's schema with hostile values in random places (so they get past the first check
// and into the handlers), some replace the whole payload. No call may end as INTERNAL, and no refused
// call may leave a row more or less in any table.

const SEED = Number(process.env.FUZZ_SEED ?? 26);
const PER_CHANNEL = Number(process.env.FUZZ_N ?? 100);
const MAX_ACCEPTED_PER_CHANNEL = 12;

const HUGE = 'x'.repeat(1_000_000);
function nested(depth: number, wrap: (v: unknown) => unknown): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
}
const DEEP_OBJECT = nested(5000, (v) => ({ a: v }));
const DEEP_ARRAY = nested(5000, (v) => [v]);

/** Values that are wrong wherever they appear. */
const HOSTILE: unknown[] = [
  null,
  undefined,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  -1,
  1.5,
  1e308,
  2 ** 53 + 1,
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u200B\u200B',
  '\uFEFF',
  '\uD800',
  'NaN',
  '1e999',
  '2026-02-30',
  '9999-99-99',
  '../../etc/passwd',
  "'; DROP TABLE facilities; --",
  '<script>alert(1)</script>',
  '=cmd|" /C calc"!A0',
  'toString',
  '__proto__',
  'constructor',
  HUGE,
  DEEP_OBJECT,
  DEEP_ARRAY,
  JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}'),
  { toString: 'x', valueOf: 1 },
  [],
  [1, 'a', null],
  {},
  true,
  false,
  0,
  new Date('2026-01-01'),
];

const pick = <T,>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

interface Pools {
  ids: string[];
  /** Ids by table, so that `facilityId` mostly names a facility and the call gets past its lookup. */
  idsOf: Map<string, string[]>;
  strings: string[];
  dates: string[];
}

/** An id for the field `key` (`bedId`, `toBedId`, `admissionId`, `id` …): one of that table's, or any. */
function idFor(key: string, r: () => number, pools: Pools): string {
  const stem = key.replace(/^(to|from|parent)/, '').replace(/Ids?$/, '').toLowerCase();
  const tables = stem && stem !== 'id' ? [...pools.idsOf.keys()].filter((t) => t.replace(/_/g, '').startsWith(stem)) : [];
  const ids = tables.flatMap((t) => pools.idsOf.get(t)!);
  return ids.length && r() < 0.8 ? pick(r, ids) : pick(r, pools.ids);
}

type Def = { type: string; [k: string]: any };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * A value shaped like `schema` wants, with a hostile value instead at each place with chance `p` (0 gives
 * payloads of the right shape with random contents, which get into the handlers).
 */
function generate(schema: z.ZodType, r: () => number, pools: Pools, p: number, key = '', depth = 0): unknown {
  if (r() < p || depth > 6) return pick(r, HOSTILE);
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return r() < 0.15 ? undefined : generate(def.innerType, r, pools, p, key, depth);
    case 'pipe':
      return generate(def.in, r, pools, p, key, depth);
    case 'lazy':
      return generate(def.getter(), r, pools, p, key, depth);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [field, sub] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const v = generate(sub, r, pools, p, field, depth + 1);
        if (v !== undefined) out[field] = v;
      }
      if (r() < 0.1) out[pick(r, ['__proto__', 'constructor', 'toString', 'extra'])] = pick(r, HOSTILE);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.floor(r() * 4) }, () => generate(def.element, r, pools, p, key, depth + 1));
    case 'tuple':
      return (def.items as z.ZodType[]).map((s) => generate(s, r, pools, p, key, depth + 1));
    case 'record':
      return { [pick(r, pools.strings)]: generate(def.valueType, r, pools, p, key, depth + 1) };
    case 'union':
      return generate(pick(r, def.options as z.ZodType[]), r, pools, p, key, depth);
    case 'intersection':
      return generate(def.left, r, pools, p, key, depth);
    case 'enum':
      return pick(r, Object.values(def.entries as Record<string, string>));
    case 'literal':
      return pick(r, def.values as unknown[]);
    case 'string':
      if (/id$/i.test(key)) return idFor(key, r, pools);
      if (/(On|Date|asOf|From|To|Since|Until)$/.test(key) || /date/i.test(key)) return r() < 0.9 ? pick(r, pools.dates) : pick(r, pools.strings);
      return r() < 0.2 ? pick(r, pools.ids) : pick(r, pools.strings);
    case 'number':
    case 'int':
      return pick(r, [0, 1, 2, 5, 20, 100, 2020, 2026, 110101]);
    case 'boolean':
      return r() < 0.5;
    default:
      return pick(r, HOSTILE);
  }
}

let core: TestCore;
let pools: Pools;
let counts: () => unknown[];
let tables: string[];
const AUDITED_REFUSALS = new Set(['auth.login', 'auth.changePassword']);
const internals: string[] = [];

beforeAll(async () => {
  core = await makeCore();
  const world = await seedWorld(core, { districts: ['110101', '110105'], kinds: ['institution', 'care_center', 'community_station', 'rural_station'], roomTo: 102, elders: 4, assessed: true });
  await core.call('stays.admit', { elderId: world.elders[0]!, bedId: world.beds[0]!.id, admittedOn: '2020-01-01', feeClass: 'standard' });
  const sqlite = core.ctx.sqlite;
  tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const idsOf = new Map<string, string[]>();
  for (const t of tables) {
    const hasId = (sqlite.prepare(`SELECT count(*) FROM pragma_table_info(?) WHERE name = 'id'`).pluck().get(t) as number) > 0;
    const ids = hasId ? (sqlite.prepare(`SELECT id FROM "${t}" LIMIT 5`).pluck().all() as unknown[]).filter((id): id is string => typeof id === 'string') : [];
    if (ids.length) idsOf.set(t, ids);
  }
  const csv = fileOf('f.csv', '机构名称,机构类型,区划代码\n甲,养老机构,110101\n').dataBase64;
  pools = {
    ids: [...idsOf.values()].flat(),
    idsOf,
    dates: ['2015-01-01', '2016-06-30', '2020-01-01', '2024-02-29', '2026-11-23', '2026-11-24', '1900-01-01'],
    strings: ['甲', '测试', '110101', '110105', '2020-01-01', '2026-11-23', '2015-01-01', 'f.csv', 'f.xlsx', 'p.cbx', csv, 'facilities', 'beds', 'ui.note', 'AAAA', 'UEsDBBQAAAAIAA==', Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0x0a]).toString('base64'), '11010519300101100X'],
  };
  const statement = sqlite.prepare(`SELECT ${tables.map((t) => `(SELECT count(*) FROM "${t}")`).join(', ')}`).raw();
  counts = () => statement.get() as unknown[];
  // An INTERNAL is logged by the dispatcher with its cause: keep it for the failure message.
  core.ctx.logger = { ...core.ctx.logger, error: (m: string, e?: unknown) => internals.push(`${m}: ${e instanceof Error ? e.stack?.split('\n').slice(0, 4).join(' | ') : String(e)}`) };
});

afterAll(async () => {
  await core?.close();
});

/** A payload as a short line for a failure message. */
function describePayload(input: unknown): string {
  try {
    const text = JSON.stringify(input, (_k, v) => (typeof v === 'string' && v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v));
    return text === undefined ? String(input) : text.slice(0, 300);
  } catch {
    return `<${typeof input}, not serialisable>`;
  }
}

describe('fuzzing every channel', () => {
  it('never answers INTERNAL, and a refused call writes nothing', { timeout: 20_000 }, async () => {
    const r = rng(SEED);
    const problems: string[] = [];
    let refused = 0;
    let accepted = 0;
    const stats: Record<string, Record<string, number>> = {};
    for (const [name, def] of Object.entries(contract)) {
      const payloads: { input: unknown; p: number }[] = HOSTILE.filter(() => r() < 0.25).map((input) => ({ input, p: 1 }));
      for (let i = 0; i < PER_CHANNEL; i++) {
        const p = pick(r, [0, 0, 0.03, 0.1, 0.3]);
        payloads.push({ input: generate(def.input as z.ZodType, r, pools, p), p });
      }
      let acceptedHere = 0;
      for (const { input, p } of payloads) {
        // A channel that accepts most well-formed payloads (a backup, an export) has shown what it does
        // after a few of them; the time goes to the hostile ones.
        if (acceptedHere >= MAX_ACCEPTED_PER_CHANNEL && p < 0.1) continue;
        const before = counts();
        const seen = internals.length;
        const result = await core.dispatch(name, input);
        const outcome = result.ok ? 'ok' : result.error.code;
        (stats[name] ??= {})[outcome] = (stats[name][outcome] ?? 0) + 1;
        if (result.ok) {
          accepted++;
          acceptedHere++;
          continue;
        }
        refused++;
        if (result.error.code === 'INTERNAL') problems.push(`${name} INTERNAL on ${describePayload(input)} — ${internals.slice(seen).join(' ; ')}`);
        const after = counts();
        // A refused login or password change is audited by design (等保: failed logins are on record): the
        // log may grow by its entries, nothing else.
        if (AUDITED_REFUSALS.has(name)) {
          const auditAt = tables.indexOf('audit_log');
          after[auditAt] = before[auditAt];
        }
        if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${name} refused (${result.error.code}) but wrote rows, on ${describePayload(input)}`);
      }
    }
    // FUZZ_DEBUG=1 prints what each channel answered, to see whether the payloads reach its handler.
    if (process.env.FUZZ_DEBUG) console.log(JSON.stringify(stats));
    expect(problems).toEqual([]);
    // Both kinds of outcome happened, so the generator reaches the handlers and not only the schemas.
    expect(refused).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(50);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Still answering.
    expect((await core.call('areas.list', { level: 'district' })).length).toBe(16);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { openCore, type Core } from '../../electron/core/core';
import { openPackage, sealPackage, type ExchangePackage } from '../../electron/core/features/exchange/package';
import { ownKeys } from '../../electron/core/features/exchange/keys';
import { silentLogger } from '../../electron/core/app/context';
import type { Channel, Input, Output } from '../../shared/contract';
import type { ErrorPayload } from '../../shared/errors';
import { computeCheckDigit } from '../../shared/domain/idNumber';
import type { AreaCounts } from '../../shared/domain/indicators';
import type { FacilityKind } from '../../shared/domain/facility';

export interface TestCore extends Core {
  dir: string;
  dbPath: string;
  /** Calls a channel through the dispatcher and returns its data, failing the test on an error result. */
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
  /** Calls a channel and returns the error payload, failing the test if it succeeded. */
  fail<C extends Channel>(channel: C, input: Input<C>): Promise<ErrorPayload>;
}

/** A core on a real SQLite file in a fresh temp folder; the clock is fixed unless given. */
/**
 * Unless `requireSession` is given, the core acts as the system itself with every right (as the CLI
 * does), so tests of the features need no account. scrypt runs at a test-only low cost.
 */
export async function makeCore(opts: { today?: string; dbPath?: string; requireSession?: boolean; now?: () => Date } = {}): Promise<TestCore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-test-'));
  const dbPath = opts.dbPath ?? path.join(dir, 'carebeds.sqlite');
  const fixed = new Date(`${opts.today ?? '2026-11-23'}T04:00:00Z`);
  const core = await openCore({ dbPath, logger: silentLogger, now: opts.now ?? (() => fixed), requireSession: opts.requireSession, scryptLog2N: 10 });
  return {
    ...core,
    dir,
    dbPath,
    async call(channel, input) {
      const r = await core.dispatch(channel, input);
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.details ?? '')}`);
      return r.data as never;
    },
    async fail(channel, input) {
      const r = await core.dispatch(channel, input);
      if (r.ok) throw new Error(`${channel} unexpectedly succeeded: ${JSON.stringify(r.data)}`);
      return r.error;
    },
  };
}

export function fileOf(fileName: string, content: string | Uint8Array) {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  return { fileName, dataBase64: bytes.toString('base64') };
}

/** A complete GB/T 42195 score sheet with every item at its best (能力完好). */
export function fullScores() {
  return {
    selfCare: { eating: 4, grooming: 4, bathing: 4, dressingUpper: 4, dressingLower: 4, urinaryControl: 4, bowelControl: 4, toileting: 4 },
    mobility: { bedPositionTransfer: 4, bedChairTransfer: 4, walking: 4, stairs: 3 },
    mental: { timeOrientation: 4, spaceOrientation: 4, personOrientation: 4, memory: 4, comprehension: 4, expression: 4, aggression: 1, depression: 1, consciousness: 2 },
    perception: { vision: 2, hearing: 2, dailyAffairs: 4, transportation: 3, socialInteraction: 4 },
  };
}

/** Deterministic PRNG (mulberry32), so a randomised test's failure reproduces. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A day from `from` (inclusive) to `to` (exclusive), drawn with `r`. */
export function dayBetween(r: () => number, from: string, to: string): string {
  const a = Date.parse(from);
  const b = Date.parse(to);
  return new Date(a + Math.floor((r() * (b - a)) / 86400000) * 86400000).toISOString().slice(0, 10);
}

/**
 * One step of a random-writes test over a seedWorld: which kind of write (x), its date, and the elder,
 * facility and bed it touches, drawn in that order.
 */
export function randomStep<B>(r: () => number, world: { elders: string[]; facilities: string[]; beds: B[] }) {
  const x = r();
  const on = dayBetween(r, '2017-01-01', '2026-11-23');
  const pick = <T,>(list: T[]) => list[Math.floor(r() * list.length)]!;
  return { x, on, e: pick(world.elders), f: pick(world.facilities), b: pick(world.beds) };
}

/**
 * Random writes' bed and facility steps, each drawing from `r` in a fixed order so that a test's random
 * sequence stays what it was: a new attribute version of bed `id` from `on` (category, then 护理型 and
 * reserve with the given odds), its retirement, or a facility's status.
 */
export function randomAttributes(core: TestCore, r: () => number, id: string, on: string, odds = { nursing: 0.6, reserve: 0.1 }) {
  return core.dispatch('beds.setAttributes', { id, effectiveOn: on, category: r() < 0.5 ? 'long_term' : 'short_term', nursing: r() < odds.nursing, reserve: r() < odds.reserve });
}
export function retireBed(core: TestCore, id: string, on: string) {
  return core.dispatch('beds.retire', { id, retiredOn: on, reason: '测试' });
}
const STATUSES = ['operating', 'suspended', 'closed'] as const;
export function randomStatus(core: TestCore, r: () => number, facilityId: string, on: string) {
  return core.dispatch('facilities.setStatus', { id: facilityId, status: STATUSES[Math.floor(r() * 3)]!, effectiveOn: on, reason: '测试' });
}

/** The open admissions of a random-writes test, by elder. */
export type OpenStays = Map<string, { admission: string; facility: string }>;

/**
 * One random stay change of elder `e` on `on`: an admitted elder is discharged (chance `discharge`) or
 * moved to one of the first `among` beds of the facility (on an odd day twice that day; on the 13th the
 * admission is withdrawn instead);
 * any other elder is admitted to `admitTo()`.
 * Keeps `open` in step; the result says whether the core accepted it (back-dated overlaps are refused).
 */
export async function randomStayChange(
  core: TestCore,
  r: () => number,
  world: { open: OpenStays; beds: { id: string; facility: string }[] },
  e: string,
  on: string,
  admitTo: () => { id: string; facility: string },
  opts: { discharge?: number; among?: number } = {},
) {
  const { open, beds } = world;
  const a = open.get(e);
  // On the 13th of a month an open admission is withdrawn as recorded by mistake (stays deleted: the
  // counters' and stamps' delete triggers), chosen by the date so that each test draws as before.
  if (a && on.endsWith('-13')) {
    const result = await core.dispatch('stays.cancel', { admissionId: a.admission, reason: '测试：登记有误' });
    if (result.ok) open.delete(e);
    return result;
  }
  if (a && r() < (opts.discharge ?? 0.6)) {
    const result = await core.dispatch('stays.discharge', { admissionId: a.admission, on, reason: 'voluntary' });
    if (result.ok) open.delete(e);
    return result;
  }
  if (a) {
    const here = beds.filter((b) => b.facility === a.facility);
    const i = Math.floor(r() * (opts.among ?? 10));
    const result = await core.dispatch('stays.transfer', { admissionId: a.admission, toBedId: here[i]!.id, on });
    // On an odd day the elder is moved again that day, to the next bed (the stay of no days is deleted, or
    // the stay left that morning goes on), chosen without a draw so that each test draws as before.
    if (result.ok && Number(on.slice(8)) % 2 === 1) return core.dispatch('stays.transfer', { admissionId: a.admission, toBedId: here[(i + 1) % here.length]!.id, on });
    return result;
  }
  const b = admitTo();
  const result = await core.dispatch('stays.admit', { elderId: e, bedId: b.id, admittedOn: on, feeClass: 'standard' });
  if (result.ok) open.set(e, { admission: (result.data as { id: string }).id, facility: b.facility });
  return result;
}

/**
 * The i-th of a run of distinct valid ID numbers in a district: birth dates day by day through ten years
 * from `firstYear`, then again with the next sequence number (100, 101, …), so large files never repeat one.
 */
export function nthIdNumber(district: string, i: number, firstYear = 1930): string {
  const birth = new Date(Date.UTC(firstYear, 0, 1) + (i % 3650) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${district}${birth}${String(100 + Math.floor(i / 3650)).padStart(3, '0')}`;
  return first17 + computeCheckDigit(first17);
}

/** AreaCounts in a form that compares equal whatever order the tallies came in. */
/**
 * How far the stored stay labels (migration 0016) are from the join they stand for: stays without a
 * label, and labels differing from their bed's and room's numbers. Both 0 when the triggers did their work.
 */
export function stayLabelDrift(sqlite: Core['ctx']['sqlite']): { missing: number; wrong: number } {
  return sqlite
    .prepare(`SELECT (SELECT count(*) FROM stays) - (SELECT count(*) FROM stay_labels) AS missing,
        (SELECT count(*) FROM stays s JOIN beds b ON b.id = s.bed_id JOIN rooms r ON r.id = b.room_id JOIN stay_labels l ON l.stay_id = s.id
          WHERE l.room_number <> r.number OR l.bed_number <> b.number) AS wrong`)
    .get() as { missing: number; wrong: number };
}

export function canonicalCounts(counts: Map<string, AreaCounts>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [code, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    const sort = <T,>(rows: readonly T[]) => [...rows].map((r) => JSON.stringify(r)).sort();
    out[code] = {
      beds: sort(c.beds),
      family: sort(c.familyCareBeds),
      declared: sort(c.declared),
      facilities: sort(c.facilities),
      ratings: sort(c.ratings),
      streets: sort(c.careCenterStreets),
      staff: sort(c.staff),
      tekun: c.tekunCentralCare,
    };
  }
  return out;
}

/**
 * The small world the randomised equality tests write into: eight facilities (kinds and districts taken
 * in turn, a floor of beds each) and elders born 1930–1959 registered in 110105.
 */
export async function seedWorld(
  core: TestCore,
  opts: {
    districts: readonly string[];
    kinds: readonly FacilityKind[];
    roomTo: number;
    elders: number;
    /** Give each elder an assessment (family care beds need one). */
    assessed?: boolean;
    /** Where facility i is registered, when not its district (a street, say). */
    areaOf?: (i: number) => string | undefined;
    /** Facility i opens in 2022 instead of 2015 (its beds in July 2022). */
    lateOpener?: number;
  },
): Promise<{ facilities: string[]; beds: { id: string; facility: string }[]; elders: string[] }> {
  const facilities: string[] = [];
  for (let i = 0; i < 8; i++) {
    const late = i === opts.lateOpener;
    const f = await core.call('facilities.create', {
      name: `机构${i}`, kind: opts.kinds[i % opts.kinds.length]!, ownership: 'public',
      areaCode: opts.areaOf?.(i) ?? opts.districts[i % opts.districts.length]!,
      openedOn: late ? '2022-06-01' : '2015-01-01', approvedBeds: i % 3 === 0 ? null : 20, medicalService: i % 2 ? 'onsite' : 'none',
    });
    facilities.push(f.id);
    await core.call('beds.bulkCreate', {
      facilityId: f.id, buildingName: 'A', floor: 1, roomFrom: 101, roomTo: opts.roomTo, bedsPerRoom: 2,
      category: i % 2 ? 'long_term' : 'short_term', nursing: i % 3 !== 1, openedOn: late ? '2022-07-01' : '2016-01-01',
    });
  }
  const beds: { id: string; facility: string }[] = [];
  for (const f of facilities) {
    const board = await core.call('beds.board', { facilityId: f, asOf: null });
    for (const b of board.buildings) for (const fl of b.floors) for (const room of fl.rooms) for (const bed of room.beds) beds.push({ id: bed.id, facility: f });
  }
  const elders: string[] = [];
  for (let i = 0; i < opts.elders; i++) {
    const first17 = `110105${1930 + (i % 30)}0101${String(100 + i).padStart(3, '0')}`;
    const e = await core.call('elders.create', { name: `老人${i}`, idNumber: first17 + computeCheckDigit(first17) });
    if (opts.assessed) await core.call('assessments.create', { elderId: e.id, assessedOn: '2016-01-01', reason: 'initial', assessor: '李医生', assessment: { scores: fullScores() } });
    elders.push(e.id);
  }
  return { facilities, beds, elders };
}

/**
 * The plan of the first statement `work` prepares whose text contains `marker`, split at the paging
 * subquery: what runs inside it (where the OFFSET is spent) and what runs only for the page's rows.
 * Statements are captured as the core prepares them; its statement cache prepares each text once, so
 * call this before anything else runs the same statement.
 */
export async function pagingPlan(core: TestCore, marker: string, work: () => Promise<unknown>, param = '2026-11-23') {
  const seen: string[] = [];
  const prepare = core.ctx.sqlite.prepare.bind(core.ctx.sqlite);
  core.ctx.sqlite.prepare = ((text: string) => {
    seen.push(text);
    return prepare(text);
  }) as typeof core.ctx.sqlite.prepare;
  try {
    await work();
  } finally {
    core.ctx.sqlite.prepare = prepare;
  }
  const text = seen.find((t) => t.includes(marker));
  if (!text) throw new Error(`no statement containing ${marker}`);
  const params = Array((text.match(/\?/g) ?? []).length).fill(param);
  const plan = prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { id: number; parent: number; detail: string }[];
  const page = plan.find((p) => /^(CO-ROUTINE|MATERIALIZE|LIST SUBQUERY)\b/.test(p.detail));
  const inside = new Set(page ? [page.id] : []);
  for (const p of plan) if (inside.has(p.parent)) inside.add(p.id);
  return {
    all: plan.map((p) => p.detail).join('\n'),
    paging: page ? plan.filter((p) => inside.has(p.id) && p.id !== page.id).map((p) => p.detail).join('\n') : null,
  };
}

/**
 * Every row of an offset-paged channel, `size` rows a page, until a page comes back short; each page's
 * total must be the same. For checking that pages put together equal the whole list, in order.
 */
export async function pageThrough<C extends 'elders.list' | 'familyBeds.list' | 'facilities.list' | 'beds.summary'>(
  core: TestCore,
  channel: C,
  input: Omit<Input<C>, 'offset' | 'limit'>,
  size: number,
): Promise<{ rows: Output<C>['rows']; total: number }> {
  const rows: Output<C>['rows'][number][] = [];
  let total: number | undefined;
  for (let offset = 0; ; offset += size) {
    const page = (await core.call(channel, { ...input, offset, limit: size } as Input<C>)) as Output<C>;
    if (total !== undefined && page.total !== total) throw new Error(`${channel}: total ${page.total} on one page, ${total} on another`);
    total = page.total;
    rows.push(...(page.rows as Output<C>['rows'][number][]));
    if (page.rows.length < size) return { rows: rows as Output<C>['rows'], total };
  }
}

/**
 * A package as a sender could alter it: opened with the receiver's key (or the passphrase), changed by
 * `edit`, then signed again with the sender's own key and encrypted to the receiver, as the sender's
 * installation would. What a dishonest or compromised station can send.
 */
export async function editPackage(
  file: { fileName: string; dataBase64: string },
  sender: TestCore,
  receiver: TestCore,
  edit: (pkg: ExchangePackage) => void,
  opts: { passphrase?: string } = {},
): Promise<{ fileName: string; dataBase64: string }> {
  const now = new Date().toISOString();
  const to = ownKeys(receiver.ctx.sqlite, now);
  const opened = await openPackage(Buffer.from(file.dataBase64, 'base64'), to, opts);
  edit(opened.pkg);
  const sealed = sealPackage(gzipSync(Buffer.from(JSON.stringify(opened.pkg))), ownKeys(sender.ctx.sqlite, now), { receiver: to });
  return { fileName: 'edited.cbx', dataBase64: sealed.toString('base64') };
}

/** GB18030 encoder for the test (Node has a decoder only): maps each CJK char via a reverse table. */
export function encodeGb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GB18030 two-byte code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

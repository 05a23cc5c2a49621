// Deterministic benchmark dataset, written through the real schema (the app's own migrations) with the
// bulk path: raw prepared statements in large transactions, the counter triggers dropped during the load
// and the counters rebuilt afterwards (exactly what migration 0007 does on an upgrade).
//
//   npm run bench:gen -- --scale district|beijing|national [--out bench/data/<scale>.sqlite]

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { openCore } from '../electron/core/core';
import { silentLogger } from '../electron/core/app/context';
import { rebuildBedCounters } from '../electron/core/db/migrations/0007_counters';
import { FILL_STAY_LABELS } from '../electron/core/db/migrations/0016_stay_labels';
import { BEIJING_DISTRICTS_2020 } from '../electron/core/db/seed/beijingDistricts';
import { computeCheckDigit } from '../shared/domain/idNumber';

export type Scale = 'district' | 'beijing' | 'national';

interface ScaleSpec {
  districts: number;
  institutions: number;
  stations: number;
  /** Mean beds of an institution and of a station. */
  institutionBeds: number;
  stationBeds: number;
  /** Share of beds with an open stay (national average ≈ 45 %). */
  occupancy: number;
  /** Share of beds that also carry one earlier, closed stay. */
  history: number;
}

export const SCALES: Record<Scale, ScaleSpec> = {
  district: { districts: 1, institutions: 36, stations: 95, institutionBeds: 180, stationBeds: 9, occupancy: 0.45, history: 0.22 },
  beijing: { districts: 16, institutions: 578, stations: 1500, institutionBeds: 180, stationBeds: 9, occupancy: 0.45, history: 0.22 },
  national: { districts: 2850, institutions: 40000, stations: 366000, institutionBeds: 127, stationBeds: 8, occupancy: 0.45, history: 0.225 },
};

/** mulberry32: small, fast and deterministic. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sequential, valid v4-shaped UUIDs: the contract validates ids as UUIDs, and ordered keys load fast. */
const uuid = (table: number, n: number) => `${table.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const T = { facility: 1, history: 2, building: 3, room: 4, bed: 5, attr: 6, elder: 7, admission: 8, stay: 9, rating: 10, population: 11, family: 12 };

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '秀英桂兰玉珍凤淑华金荣建国志明德福永海春秋文芳丽红梅兴庆宝山玉林长顺瑞祥';

function dayToIso(day: number): string {
  return new Date(Date.UTC(2000, 0, 1) + day * 86400000).toISOString().slice(0, 10);
}
const D = (iso: string) => Math.round((Date.parse(iso) - Date.UTC(2000, 0, 1)) / 86400000);

export interface GenerateResult {
  file: string;
  rows: Record<string, number>;
  seconds: number;
}

export async function generate(scale: Scale, out: string, log: (line: string) => void = console.log): Promise<GenerateResult> {
  const spec = SCALES[scale];
  fs.mkdirSync(path.dirname(out), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(out + suffix, { force: true });
  const started = performance.now();

  // The real schema, by the app's own migrations.
  const core = await openCore({ dbPath: out, logger: silentLogger });
  await core.close();

  const db = new Database(out);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576');
  db.pragma('foreign_keys = OFF');
  // The bulk path: the generated rows never overlap by construction, so the row-by-row triggers (counters,
  // overlap backstops) are dropped during the load and recreated after it; the counters are rebuilt.
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  // Secondary indexes are rebuilt after the load: one sort per index instead of millions of random inserts.
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
    AND tbl_name IN ('beds', 'bed_attributes', 'rooms', 'stays', 'admissions', 'elders', 'facility_status_history')`).all() as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);

  const r = prng(20261123 + spec.districts);
  const now = '2026-06-30T00:00:00.000Z';
  const rows: Record<string, number> = {};
  const count = (table: string, n = 1) => (rows[table] = (rows[table] ?? 0) + n);
  const tick = (label: string) => log(`  ${label}：${((performance.now() - started) / 1000).toFixed(1)} s`);

  // ---- areas and population
  let districts: { code: string; name: string; resident: number }[];
  if (scale === 'national') {
    const cities = 31;
    const insertArea = db.prepare(`INSERT OR IGNORE INTO areas (code, name, level, parent_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`);
    districts = [];
    for (let p = 0; p < cities; p++) {
      const city = `${String(41 + p).padStart(2, '0')}0000`;
      insertArea.run(city, `模拟省市${p + 1}`, 'city', null, now, now);
    }
    for (let i = 0; i < spec.districts; i++) {
      const city = `${String(41 + (i % cities)).padStart(2, '0')}`;
      const code = `${city}${String(Math.floor(i / cities) + 1).padStart(4, '0')}`;
      const name = `模拟区县${i + 1}`;
      insertArea.run(code, name, 'district', `${city}0000`, now, now);
      districts.push({ code, name, resident: 300000 + Math.floor(r() * 700000) });
    }
  } else {
    // The district scale is one real district (密云); Beijing is all sixteen with their 2020 census figures.
    districts = BEIJING_DISTRICTS_2020.filter((d) => spec.districts > 1 || d.code === '110118').map((d) => ({ code: d.code, name: d.name, resident: d.resident }));
  }
  const insertPop = db.prepare(`INSERT OR REPLACE INTO population (id, area_code, year, resident, registered, resident_60, registered_60, resident_65, resident_80, source, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '基准测试数据', ?, ?)`);
  db.transaction(() => {
    districts.forEach((d, i) => {
      for (const year of [2020, 2024]) {
        const resident = year === 2020 ? d.resident : Math.round(d.resident * 1.02);
        insertPop.run(uuid(T.population, i * 10 + year - 2000), d.code, year, resident, Math.round(resident * 0.7), Math.round(resident * 0.2), Math.round(resident * 0.17), Math.round(resident * 0.14), Math.round(resident * 0.03), now, now);
        count('population');
      }
    });
  })();

  // ---- facilities, buildings, rooms, beds, attributes, stays
  const insertFacility = db.prepare(`INSERT INTO facilities (id, name, kind, subtype, ownership, status, area_code, credit_code, filing_no, approved_beds, medical_service, opened_on, address, parent_id, created_at, updated_at)
    VALUES (?, ?, ?, NULL, ?, ?, ?, NULL, NULL, ?, ?, ?, NULL, NULL, ?, ?)`);
  const insertHistory = db.prepare(`INSERT INTO facility_status_history (id, facility_id, status, effective_on, reason, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, 'bench')`);
  const insertBuilding = db.prepare(`INSERT INTO buildings (id, facility_id, name, created_at) VALUES (?, ?, ?, ?)`);
  const insertRoom = db.prepare(`INSERT INTO rooms (id, building_id, floor, number, capacity, sex_restriction, created_at, updated_at) VALUES (?, ?, ?, ?, 2, NULL, ?, ?)`);
  const insertBed = db.prepare(`INSERT INTO beds (id, room_id, facility_id, number, opened_on, retired_on, retire_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertAttr = db.prepare(`INSERT INTO bed_attributes (id, bed_id, effective_on, category, nursing, zone, reserve, reason, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench')`);
  const insertElder = db.prepare(`INSERT INTO elders (id, name, id_number, birth_date, sex, hukou_area_code, phone, address, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?)`);
  const insertAdmission = db.prepare(`INSERT INTO admissions (id, elder_id, facility_id, start_on, end_on, discharge_reason, discharge_note, fee_class, application_id, created_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, NULL, ?, 'bench')`);
  const insertStay = db.prepare(`INSERT INTO stays (id, admission_id, elder_id, facility_id, bed_id, start_on, end_on, end_reason, transfer_reason, created_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 'bench')`);
  const insertRating = db.prepare(`INSERT INTO star_ratings (id, facility_id, scheme, level, decided_on, valid_until, created_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'bench')`);
  const insertFamily = db.prepare(`INSERT INTO family_care_beds (id, provider_facility_id, elder_id, area_code, address, assessment_id, agreement_start_on, agreement_end_on, opened_on, closed_on, close_reason, created_at, recorded_by)
    VALUES (?, ?, ?, ?, '家庭住址', NULL, ?, NULL, ?, NULL, NULL, ?, 'bench')`);

  let nFacility = 0, nBuilding = 0, nRoom = 0, nBed = 0, nAttr = 0, nElder = 0, nAdmission = 0, nStay = 0, nRating = 0, nFamily = 0, nHistory = 0;
  const total = spec.institutions + spec.stations;
  const formerQueue: string[] = [];
  const newElder = (district: string, name: string) => {
    const i = nElder++;
    // Unique (birth date, sequence) per elder: 25 years of birthdays × 1,000 sequence numbers.
    const birthDay = D('1930-01-01') + (i % 9125);
    const birth = dayToIso(birthDay);
    const seq = String(Math.floor(i / 9125) % 1000).padStart(3, '0');
    const first17 = `${district}${birth.replaceAll('-', '')}${seq}`;
    const id = uuid(T.elder, i);
    insertElder.run(id, name, first17 + computeCheckDigit(first17), birth, Number(seq) % 2 ? 'M' : 'F', district, now, now);
    return id;
  };
  const nameOf = () => SURNAMES[Math.floor(r() * SURNAMES.length)]! + GIVEN[Math.floor(r() * GIVEN.length)]! + GIVEN[Math.floor(r() * GIVEN.length)]!;
  const stayPair = (elder: string, facility: string, bed: string, start: string, end: string | null) => {
    const a = uuid(T.admission, nAdmission++);
    insertAdmission.run(a, elder, facility, start, end, end ? 'voluntary' : null, r() < 0.1 ? 'free' : r() < 0.2 ? 'low' : 'standard', now);
    insertStay.run(uuid(T.stay, nStay++), a, elder, facility, bed, start, end, end ? 'discharge' : null, now);
  };

  const BATCH = 2000;
  for (let start = 0; start < total; start += BATCH) {
    db.transaction(() => {
      for (let k = start; k < Math.min(total, start + BATCH); k++) {
        const institution = k < spec.institutions;
        const district = districts[k % districts.length]!;
        const kind = institution ? (r() < 0.08 ? 'care_center' : 'institution') : r() < 0.6 ? 'rural_station' : 'community_station';
        const id = uuid(T.facility, nFacility++);
        const openedDay = D('2005-01-01') + Math.floor(r() * 1800);
        const x = r();
        const status = x < 0.93 ? 'operating' : x < 0.98 ? 'suspended' : 'closed';
        const meanBeds = institution ? spec.institutionBeds : spec.stationBeds;
        const bedsHere = Math.max(2, Math.round(meanBeds * (0.4 + r() * 1.2)));
        const approved = r() < 0.85 ? bedsHere + (r() < 0.8 ? 0 : Math.round((r() - 0.5) * 10)) : null;
        insertFacility.run(id, `${district.name}${institution ? '养老院' : '驿站'}${k + 1}`, kind, r() < 0.5 ? 'public' : 'private', status, district.code,
          approved === null ? null : Math.max(0, approved), r() < (institution ? 0.6 : 0.15) ? 'onsite' : r() < 0.5 ? 'contracted' : 'none', dayToIso(openedDay), now, now);
        insertHistory.run(uuid(T.history, nHistory++), id, 'operating', dayToIso(openedDay), '开业', now);
        if (status !== 'operating') insertHistory.run(uuid(T.history, nHistory++), id, status, dayToIso(D('2023-01-01') + Math.floor(r() * 500)), '基准测试', now);
        if (institution && r() < 0.3) {
          const decided = D('2021-01-01') + Math.floor(r() * 1200);
          insertRating.run(uuid(T.rating, nRating++), id, 'institution', 1 + Math.floor(r() * 3), dayToIso(decided), dayToIso(decided + 3 * 365), now);
        } else if (!institution && r() < 0.1) {
          const decided = D('2022-01-01') + Math.floor(r() * 900);
          insertRating.run(uuid(T.rating, nRating++), id, 'station', 1 + Math.floor(r() * 2), dayToIso(decided), dayToIso(decided + 2 * 365), now);
        }
        const building = uuid(T.building, nBuilding++);
        insertBuilding.run(building, id, '1号楼', now);
        let room = '';
        for (let b = 0; b < bedsHere; b++) {
          if (b % 2 === 0) {
            room = uuid(T.room, nRoom++);
            insertRoom.run(room, building, 1 + Math.floor(b / 40), String(101 + Math.floor(b / 2)), now, now);
          }
          const bed = uuid(T.bed, nBed++);
          const opened = openedDay + 30 + Math.floor(r() * 400);
          const occupiedNow = r() < spec.occupancy;
          const retired = !occupiedNow && r() < 0.02 ? dayToIso(D('2023-01-01') + Math.floor(r() * 700)) : null;
          insertBed.run(bed, room, id, `${101 + Math.floor(b / 2)}-${(b % 2) + 1}`, dayToIso(opened), retired, retired ? '基准测试停用' : null, now);
          const category = institution ? (r() < 0.9 ? 'long_term' : 'short_term') : r() < 0.6 ? 'short_term' : 'long_term';
          const nursing = institution ? (r() < 0.58 ? 1 : 0) : r() < 0.2 ? 1 : 0;
          insertAttr.run(uuid(T.attr, nAttr++), bed, dayToIso(opened), category, nursing, 'general', r() < 0.02 ? 1 : 0, null, now);
          if (r() < 0.05) insertAttr.run(uuid(T.attr, nAttr++), bed, dayToIso(D('2024-01-01') + Math.floor(r() * 300)), category, 1 - nursing, 'general', 0, '护理型改造', now);
          // Current residents (stays from 2022 on) and, on some beds, an earlier closed stay (2019–2021) of a
          // resident who now lives elsewhere: beds and elders have history, and 1.5 stays per elder on average.
          if (occupiedNow) {
            const e = newElder(district.code, nameOf());
            stayPair(e, id, bed, dayToIso(D('2022-01-01') + Math.floor(r() * 1200)), null);
            if (r() < spec.history / spec.occupancy) formerQueue.push(e);
          }
          if (formerQueue.length > 0 && r() < spec.history) {
            const s = D('2019-01-01') + Math.floor(r() * 500);
            stayPair(formerQueue.shift()!, id, bed, dayToIso(s), dayToIso(s + 30 + Math.floor(r() * 300)));
          }
        }
        if (!institution && r() < 0.05) {
          const e = newElder(district.code, nameOf());
          const openedOn = dayToIso(D('2024-01-01') + Math.floor(r() * 500));
          insertFamily.run(uuid(T.family, nFamily++), id, e, district.code, openedOn, openedOn, now);
        }
      }
    })();
    if (start % (BATCH * 50) === 0) tick(`机构 ${start}/${total}，床位 ${nBed}`);
  }
  Object.assign(rows, { facilities: nFacility, facility_status_history: nHistory, buildings: nBuilding, rooms: nRoom, beds: nBed, bed_attributes: nAttr, elders: nElder, admissions: nAdmission, stays: nStay, star_ratings: nRating, family_care_beds: nFamily });
  tick('基础数据写入完成');

  // ---- indexes, counters and triggers back, exactly as the migrations build them
  for (const i of indexes) db.exec(i.sql);
  tick('索引重建完成');
  for (const t of triggers) db.exec(t.sql);
  db.exec(FILL_STAY_LABELS);
  db.exec(`DELETE FROM district_facility_counters`);
  db.exec(`INSERT INTO district_facility_counters (district_code, kind, status, medical_service, facilities, approved, without_approved)
      SELECT substr(area_code, 1, 6), kind, status, medical_service, count(*), coalesce(sum(approved_beds), 0), sum(approved_beds IS NULL) FROM facilities GROUP BY 1, 2, 3, 4`);
  db.exec(`UPDATE counters_meta SET max_event_on = coalesce((SELECT max(d) FROM (
      SELECT max(opened_on) AS d FROM beds UNION ALL SELECT max(retired_on) FROM beds
      UNION ALL SELECT max(effective_on) FROM bed_attributes UNION ALL SELECT max(start_on) FROM stays
      UNION ALL SELECT max(end_on) FROM stays UNION ALL SELECT max(effective_on) FROM facility_status_history)), '0000-00-00') WHERE id = 1`);
  const kdb = new Kysely<any>({ dialect: new SqliteDialect({ database: db }) });
  await rebuildBedCounters(kdb);
  tick('计数器重建完成');
  db.exec(`INSERT INTO audit_log (id, at, actor_id, actor_name, action, entity, entity_id, summary) VALUES ('bench-generate', '${now}', 'bench', '基准测试', 'bench.generate', 'system', '${scale}', '生成基准测试数据集')`);
  db.exec('ANALYZE');
  db.pragma('journal_mode = WAL');
  db.close();
  const seconds = (performance.now() - started) / 1000;
  const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
  log(`生成完成：${out}，${totalRows.toLocaleString()} 行，${seconds.toFixed(1)} s（${Math.round(totalRows / seconds).toLocaleString()} 行/秒），${(fs.statSync(out).size / 1e6).toFixed(0)} MB`);
  return { file: out, rows, seconds };
}

export function defaultBenchFile(scale: Scale): string {
  return path.resolve('bench/data', `${scale}.sqlite`);
}

async function main() {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: 'beijing' }, out: { type: 'string' } } });
  const scale = values.scale as Scale;
  if (!(scale in SCALES)) {
    console.error(`未知的规模：${scale}（可选 district、beijing、national）`);
    process.exit(2);
  }
  const result = await generate(scale, path.resolve(values.out ?? defaultBenchFile(scale)));
  for (const [table, n] of Object.entries(result.rows)) console.log(`  ${table.padEnd(24)} ${n.toLocaleString()}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  void main();
}

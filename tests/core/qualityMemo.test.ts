import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, randomStep, rng, seedWorld, type TestCore } from './helpers';
import type { QualityIssueKind, QualityReport } from '../../shared/contract';
import { auditAhead, qualityReport } from '../../electron/core/features/quality/service';
import { QUALITY_LIST_LIMIT } from '../../shared/contract/quality';

let core: TestCore;

afterEach(async () => {
  await core?.close();
});

/** The audit as the app answers it (kept per district) and afresh (in a transaction nothing is kept from or for). */
async function both(asOf: string, districtCode?: string): Promise<{ kept: QualityReport; fresh: QualityReport }> {
  const input = { asOf, districtCode, limit: 1000 };
  const kept = await qualityReport(core.ctx.counting, core.ctx.db, input);
  const fresh = await core.ctx.db.transaction().execute((trx) => qualityReport(core.ctx.counting, trx, input));
  return { kept, fresh };
}

const HEAVY: QualityIssueKind[] = ['registered_vs_approved', 'beds_in_closed_facility', 'stay_on_retired_bed', 'stay_facility_not_operating', 'expired_rating_shown'];

describe('the data-quality audit kept per district', () => {
  it('equals a fresh audit after random writes of every kind, checking again only the districts written', async () => {
    core = await makeCore({ today: '2026-11-23' });
    const r = rng(5);
    const districts = ['110101', '110105', '110118', '110109'];
    const { facilities, beds, elders } = await seedWorld(core, {
      districts, kinds: ['institution', 'care_center', 'community_station', 'rural_station'], roomTo: 104, elders: 40,
    });
    const rooms = (core.ctx.sqlite.prepare('SELECT id FROM rooms ORDER BY id').all() as { id: string }[]).map((x) => x.id);
    const PAST = '2024-06-30';
    const dates = ['2026-11-23', PAST];
    for (const asOf of dates) {
      const { kept, fresh } = await both(asOf);
      expect(kept).toEqual(fresh);
    }
    const open = new Map<string, string>();
    const seen = new Map<QualityIssueKind, number>();
    const before = { ...core.ctx.counting.audit.stats };
    let changes = 0;
    let compared = 0;
    for (let step = 0; step < 400; step++) {
      const { x, on, e, f, b } = randomStep(r, { elders, facilities, beds });
      let ok = true;
      if (x < 0.3) {
        const a = open.get(e);
        const result = a
          ? await core.dispatch('stays.discharge', { admissionId: a, on, reason: 'voluntary' })
          : await core.dispatch('stays.admit', { elderId: e, bedId: b.id, admittedOn: on, feeClass: 'standard' });
        ok = result.ok;
        if (result.ok && a) open.delete(e);
        else if (result.ok) open.set(e, (result.data as { id: string }).id);
      } else if (x < 0.4) {
        ok = (await core.dispatch('beds.retire', { id: b.id, retiredOn: on, reason: '测试' })).ok;
      } else if (x < 0.47) {
        // Another connection retires a bed under its resident, as an old file or a script might: the audit's
        // "stay on a retired bed" finds it.
        const other = new Database(core.dbPath);
        other.prepare(`UPDATE beds SET retired_on = '2026-11-21', retire_reason = '其他连接' WHERE id = ? AND retired_on IS NULL AND opened_on < '2026-11-21'`).run(b.id);
        other.close();
      } else if (x < 0.57) {
        const statuses = ['operating', 'suspended', 'closed'] as const;
        ok = (await core.dispatch('facilities.setStatus', { id: f, status: statuses[Math.floor(r() * 3)]!, effectiveOn: on, reason: '测试' })).ok;
      } else if (x < 0.65) {
        ok = (await core.dispatch('ratings.create', { facilityId: f, level: 1 + Math.floor(r() * 3), decidedOn: on })).ok;
      } else if (x < 0.75) {
        const detail = await core.call('facilities.get', { id: f });
        ok = (
          await core.dispatch('facilities.update', {
            id: f, name: r() < 0.5 ? `${detail.name.replace(/（.*$/, '')}（${step}）` : detail.name, kind: detail.kind, ownership: detail.ownership,
            areaCode: r() < 0.3 ? districts[Math.floor(r() * districts.length)]! : detail.areaCode,
            approvedBeds: r() < 0.3 ? null : Math.floor(r() * 30), medicalService: detail.medicalService, openedOn: detail.openedOn,
          })
        ).ok;
      } else if (x < 0.85) {
        // Quoted in messages only: an elder's name (stamps the districts of the elder's stays) ...
        core.ctx.sqlite.prepare(`UPDATE elders SET name = ? WHERE id = ?`).run(`老人${step}号`, e);
      } else if (x < 0.93) {
        // ... and a room's number (stamps its facility's district).
        core.ctx.sqlite.prepare(`UPDATE rooms SET number = ? WHERE id = ?`).run(`R${step}`, rooms[Math.floor(r() * rooms.length)]);
      } else if (x < 0.96) {
        // Another connection closes a facility under its residents, as an old file might have: the app
        // refuses that, the audit's "stay in a facility not operating" finds it.
        const other = new Database(core.dbPath);
        other.prepare(`INSERT OR IGNORE INTO facility_status_history (id, facility_id, status, effective_on, reason, recorded_at, recorded_by)
          VALUES (?, ?, 'closed', ?, '其他连接', 'x', 'x')`).run(`raw-${step}`, f, on);
        other.prepare(`UPDATE facilities SET status = (SELECT status FROM facility_status_history WHERE facility_id = ? ORDER BY effective_on DESC LIMIT 1) WHERE id = ?`).run(f, f);
        other.close();
      } else if (x < 0.99) {
        ok = (await core.dispatch('beds.setAttributes', { id: b.id, effectiveOn: on, category: r() < 0.5 ? 'long_term' : 'short_term', nursing: r() < 0.6, reserve: false })).ok;
      } else {
        // An area change: everything is checked again.
        ok = (await core.dispatch('areas.create', { code: `110105${String(step).padStart(3, '0')}`, name: `街道${step}` })).ok;
      }
      if (ok) changes++;
      if (step % 10 === 9) {
        for (const asOf of dates) {
          const { kept, fresh } = await both(asOf);
          expect(kept, `${asOf} step ${step}`).toEqual(fresh);
          for (const kind of HEAVY) seen.set(kind, Math.max(seen.get(kind) ?? 0, fresh.counts[kind]));
          compared++;
        }
        const d = districts[step % districts.length]!;
        const one = await both('2026-11-23', d);
        expect(one.kept, `${d} step ${step}`).toEqual(one.fresh);
      }
    }
    expect(changes).toBeGreaterThan(250);

    // Writes that change only what a message quotes, each alone: the kept district is checked again.
    const stay = core.ctx.sqlite
      .prepare(`SELECT s.id, s.elder_id, s.bed_id FROM stays s JOIN beds b ON b.id = s.bed_id WHERE s.end_on IS NULL AND b.retired_on IS NULL LIMIT 1`)
      .get() as { id: string; elder_id: string; bed_id: string };
    core.ctx.sqlite.prepare(`UPDATE beds SET retired_on = '2026-11-22', retire_reason = '旧数据' WHERE id = ?`).run(stay.bed_id);
    const messageNow = async () => {
      const { kept, fresh } = await both('2026-11-23');
      expect(kept).toEqual(fresh);
      return kept.issues.find((i) => i.entityId === stay.id)?.message;
    };
    expect(await messageNow()).toBeDefined();
    core.ctx.sqlite.prepare(`UPDATE elders SET name = '改名老人' WHERE id = ?`).run(stay.elder_id);
    expect(await messageNow()).toMatch(/^改名老人 的入住记录/);
    core.ctx.sqlite.prepare(`UPDATE rooms SET number = 'N9' WHERE id = (SELECT room_id FROM beds WHERE id = ?)`).run(stay.bed_id);
    expect(await messageNow()).toMatch(/ N9-\d+ 床）$/);
    // Not vacuous: each kept check found something at some point.
    for (const kind of HEAVY) expect(seen.get(kind), kind).toBeGreaterThan(0);
    // Mostly answered by checking the written districts again; whole checks only after area changes.
    const district = core.ctx.counting.audit.stats.districtChecks - before.districtChecks;
    const whole = core.ctx.counting.audit.stats.fullChecks - before.fullChecks;
    expect(district).toBeGreaterThan(compared);
    expect(whole).toBeLessThan(compared * HEAVY.length * 0.25);
  }, 180_000);

  it('audits today ahead of time after start: the tab\'s first audit runs no check again and equals a fresh one', async () => {
    core = await makeCore({ today: '2026-11-23' });
    await seedWorld(core, { districts: ['110101', '110118'], kinds: ['institution', 'rural_station'], roomTo: 103, elders: 10 });
    const stats = core.ctx.counting.audit.stats;
    const stop = auditAhead(core.ctx, 0);
    await expect.poll(() => stats.fullChecks, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => stats.overlapScans).toBe(1);
    const before = { ...stats };
    const input = { asOf: '2026-11-23', limit: QUALITY_LIST_LIMIT };
    const tab = await core.call('quality.audit', input);
    expect(stats).toEqual(before);
    const fresh = await core.ctx.db.transaction().execute((trx) => qualityReport(core.ctx.counting, trx, input));
    expect(tab).toEqual(fresh);
    stop();
  });

  it('stamps a district with every write that moves the change sequence', async () => {
    core = await makeCore({ today: '2026-11-23' });
    // A trigger that moved the sequence without saying which district it wrote would leave a kept audit stale.
    const triggers = core.ctx.sqlite
      .prepare(`SELECT name, tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%seq = seq + 1%'`)
      .all() as { name: string; tbl: string; sql: string }[];
    expect(triggers.length).toBeGreaterThan(25);
    // Per table and event, some trigger writes what the audit reads: a dated stamp (an area change is
    // stamped as district '*') or the audit's own stamp.
    const stamps = /INSERT INTO (district_dated_versions|audit_versions)/;
    const events = new Map<string, boolean>();
    for (const t of triggers) {
      const event = `${t.tbl} ${/AFTER (INSERT|UPDATE|DELETE)/.exec(t.sql)![1]}`;
      events.set(event, (events.get(event) ?? false) || stamps.test(t.sql));
    }
    expect([...events].filter(([, stamped]) => !stamped).map(([event]) => event)).toEqual([]);
    expect(events.size).toBeGreaterThan(25);
  });
});

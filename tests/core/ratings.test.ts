import { afterEach, describe, expect, it } from 'vitest';
import { fileOf, makeCore, pagingPlan, type TestCore } from './helpers';
import { ratingCountsByDistrict } from '../../electron/core/features/ratings/counts';
import type { FacilityCreateInput, Input } from '../../shared/contract';

// Today is 2026-11-23 in every test unless stated (makeCore's fixed clock).
let core: TestCore;
afterEach(async () => {
  await core?.close();
});

let seq = 0;
async function facility(c: TestCore, over: Partial<FacilityCreateInput> = {}) {
  seq++;
  return c.call('facilities.create', {
    name: `测试养老院${seq}`,
    kind: 'institution',
    ownership: 'public',
    areaCode: '110118',
    openedOn: '2015-01-01',
    ...over,
  });
}

function rate(c: TestCore, facilityId: string, level: number, decidedOn: string, over: Partial<Input<'ratings.create'>> = {}) {
  return c.call('ratings.create', { facilityId, level, decidedOn, ...over });
}

async function starOn(c: TestCore, facilityId: string, asOf: string) {
  return (await c.call('ratings.forFacility', { facilityId, asOf })).current?.level ?? null;
}

async function ratingCount(c: TestCore) {
  return (c.ctx.sqlite.prepare('SELECT count(*) AS n FROM star_ratings').get() as { n: number }).n;
}

describe('validity', () => {
  it('derives valid-until (3 years for institutions, 2 for stations) and is in force through that day inclusive', async () => {
    core = await makeCore();
    const home = await facility(core);
    const r = await rate(core, home.id, 2, '2023-06-01');
    expect(r).toMatchObject({ scheme: 'institution', validUntil: '2026-06-01', validUntilReason: null, state: 'expired' });
    expect(await starOn(core, home.id, '2023-05-31')).toBeNull();
    expect(await starOn(core, home.id, '2023-06-01')).toBe(2);
    expect(await starOn(core, home.id, '2026-06-01')).toBe(2);
    expect(await starOn(core, home.id, '2026-06-02')).toBeNull();

    const station = await facility(core, { kind: 'community_station' });
    // 2024-02-29 + 2 years has no 29 February: the period ends on the month's last day.
    expect(await rate(core, station.id, 1, '2024-02-29')).toMatchObject({ scheme: 'station', validUntil: '2026-02-28' });
  });

  it('accepts an edited valid-until only with a reason, and never one on or before the decision date', async () => {
    core = await makeCore();
    const home = await facility(core);
    const noReason = await core.fail('ratings.create', { facilityId: home.id, level: 1, decidedOn: '2024-03-01', validUntil: '2027-06-30' });
    expect(noReason.code).toBe('RATING_VALIDITY_INVALID');
    expect(noReason.message).toContain('2027-03-01');
    expect((noReason.details as { field: string }).field).toBe('validUntilReason');
    const backwards = await core.fail('ratings.create', { facilityId: home.id, level: 1, decidedOn: '2024-03-01', validUntil: '2024-03-01', validUntilReason: 'x' });
    expect(backwards.code).toBe('RATING_VALIDITY_INVALID');
    expect(await ratingCount(core)).toBe(0);

    const ok = await rate(core, home.id, 1, '2024-03-01', { validUntil: '2027-06-30', validUntilReason: '公告注明有效期至 2027-06-30' });
    expect(ok).toMatchObject({ validUntil: '2027-06-30', validUntilReason: '公告注明有效期至 2027-06-30', state: 'in_force' });
    // The default date given explicitly needs no reason, and a stray reason is not kept.
    const other = await facility(core);
    expect(await rate(core, other.id, 1, '2024-03-01', { validUntil: '2027-03-01', validUntilReason: '无' })).toMatchObject({ validUntilReason: null });
  });

  it('refuses bad input in Chinese with a stable code and writes nothing', async () => {
    core = await makeCore();
    const home = await facility(core);
    const station = await facility(core, { kind: 'community_station' });
    const point = await facility(core, { kind: 'mutual_aid_point' });
    expect((await core.fail('ratings.create', { facilityId: point.id, level: 1, decidedOn: '2024-01-01' })).code).toBe('RATING_NOT_RATABLE');
    const four = await core.fail('ratings.create', { facilityId: station.id, level: 4, decidedOn: '2024-01-01', exceptionReason: 'x' });
    expect(four.code).toBe('RATING_LEVEL_INVALID');
    expect(four.message).toContain('三星');
    expect((await core.fail('ratings.create', { facilityId: home.id, level: 1, decidedOn: '2026-11-24' })).code).toBe('DATE_IN_FUTURE');
    expect((await core.fail('ratings.create', { facilityId: home.id, level: 6, decidedOn: '2024-01-01' })).code).toBe('VALIDATION');
    const env = await core.fail('ratings.create', { facilityId: home.id, level: 1, decidedOn: '2024-01-01', scores: { environment: 121 } });
    expect(env.code).toBe('RATING_SCORE_INVALID');
    expect(env.message).toContain('环境得分应在 0–120 之间');
    const mismatch = await core.fail('ratings.create', {
      facilityId: home.id, level: 1, decidedOn: '2024-01-01',
      scores: { environment: 100, facilities: 100, operations: 100, services: 400 }, total: 701,
    });
    expect(mismatch.code).toBe('RATING_SCORE_INVALID');
    expect((await core.fail('ratings.create', { facilityId: station.id, level: 1, decidedOn: '2024-01-01', scores: { services: 10 } })).code).toBe('RATING_SCORE_INVALID');
    expect(await ratingCount(core)).toBe(0);

    const scored = await rate(core, home.id, 1, '2024-01-01', { scores: { environment: 100, facilities: 100.5, operations: 100, services: 400 } });
    expect(scored.total).toBe(700.5);
    const again = await core.fail('ratings.create', { facilityId: home.id, level: 1, decidedOn: '2024-01-01' });
    expect(again.code).toBe('RATING_DATE_TAKEN');
    expect(await ratingCount(core)).toBe(1);
  });
});

describe('the star in force on a date', () => {
  it('follows promotions and downgrades by decision date, keeping the whole history', async () => {
    core = await makeCore();
    const home = await facility(core);
    await rate(core, home.id, 2, '2020-01-10');
    await rate(core, home.id, 3, '2021-03-01');
    await rate(core, home.id, 1, '2022-05-01');
    expect(await starOn(core, home.id, '2020-01-09')).toBeNull();
    expect(await starOn(core, home.id, '2021-02-28')).toBe(2);
    expect(await starOn(core, home.id, '2021-03-01')).toBe(3);
    // The downgrade replaces the higher star at once, though the 三星 decision had not expired.
    expect(await starOn(core, home.id, '2022-05-01')).toBe(1);
    expect(await starOn(core, home.id, '2025-05-01')).toBe(1);
    expect(await starOn(core, home.id, '2025-05-02')).toBeNull();
    const all = await core.call('ratings.forFacility', { facilityId: home.id });
    expect(all.history.map((h) => [h.decidedOn, h.level])).toEqual([['2022-05-01', 1], ['2021-03-01', 3], ['2020-01-10', 2]]);
    expect(all.history.map((h) => h.supersededOn)).toEqual([null, '2022-05-01', '2021-03-01']);
    // As of a date before the downgrade, the 三星 decision is not superseded yet.
    const then = await core.call('ratings.forFacility', { facilityId: home.id, asOf: '2021-06-01' });
    expect(then.history.map((h) => h.supersededOn)).toEqual([null, null, '2021-03-01']);
    expect(all.current).toBeNull();
  });
});

describe('rating rules', () => {
  it('R1: refuses a rating before a year of operation, counting from the opening date or the first 运营 entry', async () => {
    core = await makeCore();
    const young = await facility(core, { openedOn: '2025-11-24' });
    const err = await core.fail('ratings.create', { facilityId: young.id, level: 1, decidedOn: '2026-11-23' });
    expect(err.code).toBe('RATING_RULE_VIOLATION');
    expect((err.details as { violations: { ruleId: string }[] }).violations.map((v) => v.ruleId)).toEqual(['R1']);
    expect(err.message).toContain('未满1年');
    expect(await ratingCount(core)).toBe(0);
    // Exactly one year after opening is allowed.
    const older = await facility(core, { openedOn: '2025-11-23' });
    expect((await rate(core, older.id, 1, '2026-11-23')).ruleViolations).toEqual([]);

    // No opening date: the status history says when it started operating.
    const noDate = await facility(core, { openedOn: null, status: 'preparing', statusSince: '2020-01-01' });
    await core.call('facilities.setStatus', { id: noDate.id, status: 'operating', effectiveOn: '2024-06-01' });
    expect((await core.call('ratings.check', { facilityId: noDate.id, level: 1, decidedOn: '2025-05-31' })).violations.map((v) => v.ruleId)).toEqual(['R1']);
    expect((await core.call('ratings.check', { facilityId: noDate.id, level: 1, decidedOn: '2025-06-01' })).violations).toEqual([]);
  });

  it('R2: a first rating is at most 二星 for an institution and 一星 for a station', async () => {
    core = await makeCore();
    const home = await facility(core);
    const station = await facility(core, { kind: 'rural_station' });
    const three = await core.fail('ratings.create', { facilityId: home.id, level: 3, decidedOn: '2024-01-01' });
    expect((three.details as { violations: { ruleId: string }[] }).violations.map((v) => v.ruleId)).toEqual(['R2']);
    expect(three.message).toContain('首次评定');
    expect(three.message).toContain('二星');
    const two = await core.fail('ratings.create', { facilityId: station.id, level: 2, decidedOn: '2024-01-01' });
    expect((two.details as { violations: { ruleId: string }[] }).violations.map((v) => v.ruleId)).toEqual(['R2']);
    expect(await rate(core, home.id, 2, '2024-01-01')).toMatchObject({ level: 2, ruleExceptionReason: null });
    expect(await rate(core, station.id, 1, '2024-01-01')).toMatchObject({ level: 1 });
  });

  it('R3 and R4: promotion one level at a time, after a year at the current level', async () => {
    core = await makeCore();
    const home = await facility(core);
    await rate(core, home.id, 2, '2024-01-10');
    const jump = await core.fail('ratings.create', { facilityId: home.id, level: 4, decidedOn: '2025-06-01' });
    expect((jump.details as { violations: { ruleId: string }[] }).violations.map((v) => v.ruleId)).toEqual(['R3']);
    const early = await core.fail('ratings.create', { facilityId: home.id, level: 3, decidedOn: '2025-01-09' });
    expect((early.details as { violations: { ruleId: string }[] }).violations.map((v) => v.ruleId)).toEqual(['R4']);
    expect(early.message).toContain('保持现有星级满1年');
    // A downgrade is never a promotion, so neither rule applies.
    expect((await core.call('ratings.check', { facilityId: home.id, level: 1, decidedOn: '2024-06-01' })).violations).toEqual([]);
    expect(await rate(core, home.id, 3, '2025-01-10')).toMatchObject({ level: 3 });
  });

  it('lists every violated rule at once, and records an exception with its reason and the rules in the audit trail', async () => {
    core = await makeCore();
    const young = await facility(core, { openedOn: '2026-03-01' });
    const err = await core.fail('ratings.create', { facilityId: young.id, level: 4, decidedOn: '2026-10-01' });
    const ids = (err.details as { violations: { ruleId: string }[] }).violations.map((v) => v.ruleId);
    expect(ids).toEqual(['R1', 'R2']);
    expect(err.message).toMatch(/1\. .*\n2\. /);
    expect(err.message).toContain('例外原因');

    const r = await rate(core, young.id, 4, '2026-10-01', { exceptionReason: '市级委员会特批（京民养老函〔2026〕1号）' });
    expect(r.ruleExceptionReason).toBe('市级委员会特批（京民养老函〔2026〕1号）');
    expect(r.ruleViolations.map((v) => v.ruleId)).toEqual(['R1', 'R2']);
    const audit = await core.call('audit.list', { entity: 'facility', entityId: young.id });
    const entry = audit.rows.find((a) => a.action === 'rating.create')!;
    expect(entry.summary).toContain('规则例外（R1、R2）：市级委员会特批');
    expect(entry.after).toMatchObject({ rule_exception_reason: '市级委员会特批（京民养老函〔2026〕1号）', rule_violations: [{ ruleId: 'R1' }, { ruleId: 'R2' }] });

    // A reason given where no rule is broken is not an exception and is not kept.
    const home = await facility(core);
    expect(await rate(core, home.id, 1, '2024-01-01', { exceptionReason: '多余' })).toMatchObject({ ruleExceptionReason: null, ruleViolations: [] });
  });
});

describe('revocation', () => {
  it('ends the star from the revocation date, keeps the row, and does not bring back the star it replaced', async () => {
    core = await makeCore();
    const home = await facility(core);
    await rate(core, home.id, 2, '2023-01-10');
    const promoted = await rate(core, home.id, 3, '2024-02-01');
    const revoked = await core.call('ratings.revoke', { id: promoted.id, revokedOn: '2025-03-15', reason: '发生虐老事件' });
    expect(revoked).toMatchObject({ revokedOn: '2025-03-15', revokeReason: '发生虐老事件', state: 'revoked' });
    expect(await starOn(core, home.id, '2025-03-14')).toBe(3);
    expect(await starOn(core, home.id, '2025-03-15')).toBeNull();
    expect(await starOn(core, home.id, '2025-12-31')).toBeNull();
    expect(await ratingCount(core)).toBe(2);
    const audit = await core.call('audit.list', { entity: 'facility', entityId: home.id });
    expect(audit.rows[0]).toMatchObject({ action: 'rating.revoke', summary: expect.stringContaining('发生虐老事件') });

    expect((await core.fail('ratings.revoke', { id: promoted.id, revokedOn: '2025-04-01', reason: 'again' })).code).toBe('RATING_REVOKE_INVALID');
    const first = (await core.call('ratings.forFacility', { facilityId: home.id })).history[1]!;
    expect((await core.fail('ratings.revoke', { id: first.id, revokedOn: '2023-01-09', reason: 'x' })).code).toBe('RATING_REVOKE_INVALID');
    expect((await core.fail('ratings.revoke', { id: first.id, revokedOn: '2026-11-24', reason: 'x' })).code).toBe('DATE_IN_FUTURE');
    expect((await core.fail('ratings.revoke', { id: first.id, revokedOn: '2026-01-11', reason: 'x' })).code).toBe('RATING_REVOKE_INVALID');
    expect((await core.fail('ratings.revoke', { id: crypto.randomUUID(), revokedOn: '2024-01-01', reason: 'x' })).code).toBe('RATING_NOT_FOUND');
  });
});

describe('facility view: current star and promotion hint', () => {
  it('gives the next level and the earliest date the rules accept', async () => {
    core = await makeCore();
    const home = await facility(core);
    await rate(core, home.id, 2, '2026-01-10');
    const view = await core.call('ratings.forFacility', { facilityId: home.id });
    expect(view.current).toMatchObject({ level: 2, validUntil: '2029-01-10', state: 'in_force' });
    expect(view.promotion).toMatchObject({ nextLevel: 3, earliestOn: '2027-01-10' });
    // The hint agrees with the rule check a day early and on the day.
    expect((await core.call('ratings.check', { facilityId: home.id, level: 3, decidedOn: '2027-01-09' })).violations).toHaveLength(1);

    const fresh = await facility(core, { openedOn: '2026-03-01' });
    const freshView = await core.call('ratings.forFacility', { facilityId: fresh.id });
    expect(freshView.current).toBeNull();
    expect(freshView.operatingSince).toBe('2026-03-01');
    expect(freshView.promotion).toMatchObject({ nextLevel: 2, earliestOn: '2027-03-01' });

    const station = await facility(core, { kind: 'community_station', openedOn: '2020-01-01' });
    expect((await core.call('ratings.forFacility', { facilityId: station.id })).promotion).toMatchObject({ nextLevel: 1, earliestOn: '2026-11-23' });

    const point = await facility(core, { kind: 'guidance_center' });
    expect((await core.call('ratings.forFacility', { facilityId: point.id })).promotion).toBeNull();
  });
});

describe('district overview and 星评率', () => {
  it('counts stars per district and computes the rate over institutions operating on the date', async () => {
    core = await makeCore();
    const a = await facility(core); // 二星 → counts in the numerator
    const b = await facility(core); // 一星
    await facility(core); // unrated, operating
    const d = await facility(core); // 二星 but closed: counted by star, outside the rate
    const cc = await facility(core, { kind: 'care_center' });
    const st = await facility(core, { kind: 'community_station', areaCode: '110118' });
    const late = await facility(core, { openedOn: '2026-06-01' }); // not yet open on 2025-12-31
    await rate(core, a.id, 2, '2024-01-10');
    await rate(core, b.id, 1, '2024-01-10');
    await rate(core, d.id, 2, '2024-01-10');
    await core.call('facilities.setStatus', { id: d.id, status: 'closed', effectiveOn: '2025-06-01' });
    await rate(core, cc.id, 2, '2024-01-10');
    await rate(core, st.id, 1, '2024-01-10');
    void late;

    const ov = await core.call('ratings.overview', { asOf: '2025-12-31' });
    expect(ov.districts).toHaveLength(16);
    const miyun = ov.districts.find((x) => x.districtCode === '110118')!;
    expect(miyun.institutionsByStar).toEqual([1, 2, 0, 0, 0]);
    expect(miyun.careCentersByStar).toEqual([0, 1, 0, 0, 0]);
    expect(miyun.stationsByStar).toEqual([1, 0, 0]);
    // Operating institutions: a, b, the unrated one (d closed, late not open yet) → 1 of 3.
    expect(miyun.operatingInstitutions).toBe(3);
    expect(miyun.operatingInstitutionsAtLeastTwoStars).toBe(1);
    expect(miyun.rate).toMatchObject({ value: 33.3, numerator: 1, denominator: 3 });
    // A district with no institution has no rate rather than 0 %.
    const mentougou = ov.districts.find((x) => x.districtCode === '110109')!;
    expect(mentougou.operatingInstitutions).toBe(0);
    expect(mentougou.rate.value).toBeNull();
    expect(mentougou.rate.missingReason).toContain('无运营中的养老机构');
    expect(ov.total).toMatchObject({ districtCode: '110000', operatingInstitutions: 3, operatingInstitutionsAtLeastTwoStars: 1 });
    expect(ov.total.rate.value).toBe(33.3);

    // Before d closed it operated with 二星: 2 of 3 (late still not open).
    const before = await ratingCountsByDistrict(core.ctx.db, '2025-01-01');
    const m = before.find((x) => x.districtCode === '110118')!;
    expect(m).toMatchObject({ operatingInstitutions: 4, operatingInstitutionsAtLeastTwoStars: 2 });
    // Before any decision: nothing rated, still operating.
    const early = (await ratingCountsByDistrict(core.ctx.db, '2024-01-09')).find((x) => x.districtCode === '110118')!;
    expect(early).toMatchObject({ institutionsByStar: [0, 0, 0, 0, 0], operatingInstitutionsAtLeastTwoStars: 0, operatingInstitutions: 4 });
    // After the ratings expired (2027-01-10 is the last valid day).
    const after = (await ratingCountsByDistrict(core.ctx.db, '2027-01-11')).find((x) => x.districtCode === '110118')!;
    expect(after.institutionsByStar).toEqual([0, 0, 0, 0, 0]);
    expect(after.stationsByStar).toEqual([0, 0, 0]);
  });
});

describe('expiry lists', () => {
  it('lists ratings expiring within six months and expired ones, per district and paged', async () => {
    core = await makeCore(); // today 2026-11-23; six months on = 2027-05-23
    const soon = await facility(core, { name: '即将到期养老院' });
    const edge = await facility(core, { name: '边界养老院' });
    const later = await facility(core, { name: '远期养老院' });
    const gone = await facility(core, { name: '已过期养老院', areaCode: '110109' });
    const renewed = await facility(core, { name: '已复评养老院' });
    const closed = await facility(core, { name: '已注销养老院' });
    await rate(core, soon.id, 2, '2023-12-01'); // → 2026-12-01, 8 days left
    await rate(core, edge.id, 2, '2024-05-23'); // → 2027-05-23, on the boundary
    await rate(core, later.id, 2, '2024-05-24'); // → 2027-05-24, outside the window
    await rate(core, gone.id, 2, '2023-05-01'); // → 2026-05-01, expired
    await rate(core, renewed.id, 2, '2023-05-01');
    await rate(core, renewed.id, 2, '2026-04-01');
    await rate(core, closed.id, 1, '2022-01-01');
    await core.call('facilities.setStatus', { id: closed.id, status: 'closed', effectiveOn: '2025-02-01' });

    const expiring = await core.call('ratings.expiring', {});
    expect(expiring.total).toBe(2);
    expect(expiring.rows.map((r) => [r.facilityName, r.validUntil, r.daysLeft])).toEqual([
      ['即将到期养老院', '2026-12-01', 8],
      ['边界养老院', '2027-05-23', 181],
    ]);
    const expired = await core.call('ratings.expired', {});
    expect(expired.rows.map((r) => [r.facilityName, r.validUntil, r.daysLeft, r.districtName])).toEqual([['已过期养老院', '2026-05-01', -206, '门头沟区']]);
    expect((await core.call('ratings.expired', { districtCode: '110118' })).total).toBe(0);
    const page = await core.call('ratings.expiring', { limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 2, rows: [{ facilityName: '边界养老院' }] });
    // As of an earlier date the picture is as it was then.
    expect((await core.call('ratings.expiring', { asOf: '2026-01-01' })).rows.map((r) => r.facilityName)).toEqual(['已复评养老院', '已过期养老院']);
  });
});

describe('import ratings', () => {
  const HEADER = '机构名称,评定星级,评定日期,有效期至,环境得分,设施设备得分,运营管理得分,服务得分,状态';

  it('reads 1–5 and 一星…五星, checks rules per row, and takes an exception only from the 例外原因 column', async () => {
    core = await makeCore();
    await facility(core, { name: '甲养老院' });
    await facility(core, { name: '乙驿站', kind: 'community_station' });
    await facility(core, { name: '丙养老院' });
    const csv = [
      HEADER,
      '甲养老院,2,2020-01-10,,100,110,120,480,有效',
      '甲养老院,三星,2021-03-01,2024-06-30,,,,,有效',
      '乙驿站,一星,2022-01-01,,,,,,撤销',
      '丙养老院,四星,2022-01-01,,,,,,有效',
      '丁养老院,六星,2022-13-01,,,,,,作废',
    ].join('\n');
    const report = await core.call('imports.preview', { kind: 'ratings', file: fileOf('r.csv', csv) });
    expect(report).toMatchObject({ rowsRead: 5, rowsAccepted: 3, rowsRejected: 2 });
    expect(report.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 5, column: '例外原因', message: expect.stringContaining('首次评定') }),
        expect.objectContaining({ row: 6, column: '评定星级' }),
        expect.objectContaining({ row: 6, column: '评定日期' }),
        expect.objectContaining({ row: 6, column: '状态' }),
        expect.objectContaining({ row: 6, column: '机构名称', message: expect.stringContaining('不存在') }),
      ]),
    );
    expect(await ratingCount(core)).toBe(0);

    const fixed = csv.replace(HEADER, `${HEADER},例外原因`).replace('丙养老院,四星,2022-01-01,,,,,,有效', '丙养老院,四星,2022-01-01,,,,,,有效,2019年原办法评定，历史数据导入').split('\n').slice(0, 5).join('\n');
    const job = await waitJob(core, (await core.call('imports.start', { kind: 'ratings', file: fileOf('r.csv', fixed) })).jobId);
    expect(job.result).toMatchObject({ rowsAccepted: 4, committed: true });

    const list = await core.call('facilities.list', {});
    const id = (name: string) => list.rows.find((r) => r.name === name)!.id;
    const jia = await core.call('ratings.forFacility', { facilityId: id('甲养老院'), asOf: '2022-01-01' });
    expect(jia.current).toMatchObject({ level: 3, validUntil: '2024-06-30', validUntilReason: expect.stringContaining('导入') });
    expect(jia.history[1]).toMatchObject({ level: 2, total: 810 });
    // 撤销 without a date: treated as revoked from the decision date, and said so.
    const yi = await core.call('ratings.forFacility', { facilityId: id('乙驿站'), asOf: '2022-06-01' });
    expect(yi.current).toBeNull();
    expect(yi.history[0]).toMatchObject({ revokedOn: '2022-01-01', revokeReason: expect.stringContaining('撤销日期不详') });
    const bing = await core.call('ratings.forFacility', { facilityId: id('丙养老院') });
    expect(bing.history[0]).toMatchObject({ ruleExceptionReason: '2019年原办法评定，历史数据导入', ruleViolations: [{ ruleId: 'R2' }] });
    // One audit entry for the file, plus one on the facility for the row that needed an exception.
    expect((await core.call('audit.list', { entity: 'import' })).rows[0]?.summary).toContain('共 4 行');
    const trail = await core.call('audit.list', { entity: 'facility', entityId: id('丙养老院') });
    expect(trail.rows.filter((a) => a.action === 'rating.import')).toHaveLength(1);
    expect((await core.call('audit.list', { entity: 'facility', entityId: id('甲养老院') })).rows.filter((a) => a.action.startsWith('rating'))).toHaveLength(0);

    // Importing the same file again is refused row by row (same facility, same date).
    const again = await core.call('imports.preview', { kind: 'ratings', file: fileOf('r.csv', fixed) });
    expect(again.rowsRejected).toBe(4);
    expect(again.errors[0]).toMatchObject({ column: '评定日期', message: expect.stringContaining('同一天只能有一次评定') });
  });
});

async function waitJob(c: TestCore, jobId: string) {
  for (let i = 0; i < 200; i++) {
    const job = await c.call('jobs.get', { jobId });
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('job did not finish');
}

describe('the overview at national scale', () => {
  it('looks each facility up once: its plan holds each correlated look-up once, not once per sum naming it', async () => {
    core = await makeCore();
    const { all } = await pagingPlan(core, 'operating_rated', () => core.call('ratings.overview', { asOf: '2026-11-23' }));
    const lookUps = all.split('\n').filter((d) => /CORRELATED SCALAR SUBQUERY/.test(d));
    // The star and the scheme of the latest decision; the status from the history, else the facility's own
    // when it has no history (two look-ups and the check for none). Flattened, every SUM repeated them.
    expect(lookUps).toHaveLength(5);
  });
});

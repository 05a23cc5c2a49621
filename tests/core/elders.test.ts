import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileOf, fullScores, makeCore, pageThrough, pagingPlan, type TestCore } from './helpers';
import type { Input } from '../../shared/contract';
import { computeCheckDigit, validateIdNumber } from '../../shared/domain/idNumber';
import { countFamilyCareBedsAsOf } from '../../electron/core/features/familyBeds/service';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

/** A valid 18-digit number for a birth date (YYYYMMDD); an odd sequence digit makes a man. */
export function idFor(birth: string, seq = '002', area = '110105'): string {
  const first17 = `${area}${birth}${seq}`;
  return first17 + computeCheckDigit(first17);
}

/** All items at their maximum (total 90) unless overridden. */

async function elder(c: TestCore, name: string, idNumber: string, over: Partial<Input<'elders.create'>> = {}) {
  return c.call('elders.create', { name, idNumber, ...over });
}

async function facility(c: TestCore, name: string, kind: Input<'facilities.create'>['kind'] = 'institution') {
  return (await c.call('facilities.create', { name, kind, ownership: 'public', areaCode: '110105', openedOn: '2010-01-01' })).id;
}

async function assess(c: TestCore, elderId: string, assessedOn: string, over: Partial<Input<'assessments.create'>['assessment']> = {}) {
  return c.call('assessments.create', { elderId, assessedOn, reason: 'initial', assessor: '李医生', assessment: { scores: fullScores(), ...over } });
}

function auditTotal(c: TestCore) {
  return c.call('audit.list', { limit: 1 }).then((p) => p.total);
}

describe('ID numbers (through the shared module)', () => {
  it('accepts the standard sample 11010519491231002X and derives birth date, sex and area', () => {
    const r = validateIdNumber('11010519491231002X', '2026-11-23');
    expect(r).toEqual({ ok: true, idNumber: '11010519491231002X', birthDate: '1949-12-31', sex: 'F', areaCode: '110105' });
    expect(validateIdNumber('11010519491231002x', '2026-11-23').ok).toBe(true);
    expect(validateIdNumber('110105194912310021', '2026-11-23')).toMatchObject({ ok: false, code: 'ID_CHECK_DIGIT' });
  });
});

describe('elders', () => {
  beforeEach(async () => {
    core = await makeCore({ today: '2026-11-23' });
  });

  it('registers an elder with birth date and sex from the ID number; lists mask it, the own page does not', async () => {
    const e = await elder(core, '张秀英', '11010519491231002x', {
      hukouAreaCode: '110105',
      phone: '13800000000',
      categories: ['living_alone', 'minimum_living_allowance'],
      contacts: [{ name: '张伟', relation: '儿子', phone: '13900000000' }],
    });
    expect(e.idNumber).toBe('11010519491231002X');
    expect(e.birthDate).toBe('1949-12-31');
    expect(e.sex).toBe('F');
    expect(e.age).toBe(76);
    expect(e.advancedAge).toBe(false);
    expect(e.categories).toEqual(['minimum_living_allowance', 'living_alone']);
    expect(e.hukouAreaName).toBe('朝阳区');
    expect(e.contacts).toEqual([{ name: '张伟', relation: '儿子', phone: '13900000000' }]);
    // A mobile a digit short is refused, the elder's and a contact's alike, and nothing is written.
    const before = (await core.call('elders.list', {})).total;
    const shortPhone = await core.fail('elders.create', { name: '王五', idNumber: idFor('19400105', '011'), phone: '1380000000' });
    expect([shortPhone.code, shortPhone.message]).toEqual(['VALIDATION', '输入不符合要求：联系电话“1380000000”是 10 位：手机号应为 11 位']);
    const shortContact = await core.fail('elders.create', { name: '王五', idNumber: idFor('19400105', '011'), contacts: [{ name: '王六', phone: '6904' }] });
    expect(shortContact.message).toContain('联系人电话“6904”只有 4 位数字');
    expect((await core.call('elders.list', {})).total).toBe(before);

    const list = await core.call('elders.list', {});
    expect(list.total).toBe(1);
    expect(list.rows[0]!.idNumberMasked).toBe('110105********002X');
    expect(JSON.stringify(list)).not.toContain('19491231');
    // The audit log is for every user: masked number only.
    const audit = await core.call('audit.list', { entity: 'elder' });
    expect(JSON.stringify(audit)).not.toContain('11010519491231002X');

    const got = await core.call('elders.get', { id: e.id });
    expect(got.idNumber).toBe('11010519491231002X');
  });

  it('refuses a bad check digit, an impossible birth date and a second registration of the same person', async () => {
    const before = await auditTotal(core);
    const bad = await core.fail('elders.create', { name: '甲', idNumber: '110105194912310021' });
    expect(bad.code).toBe('ID_NUMBER_INVALID');
    expect(bad.message).toContain('校验位');
    expect(bad.details).toMatchObject({ field: 'idNumber' });
    const feb30 = await core.fail('elders.create', { name: '乙', idNumber: idFor('19400230') });
    expect(feb30.code).toBe('ID_NUMBER_INVALID');
    expect(feb30.message).toContain('1940-02-30 不存在');
    // A legacy 15-digit number is converted, so the 18-digit form of the same person is a duplicate.
    const legacy = await elder(core, '王大爷', '110105400101003');
    expect(legacy.idNumber).toBe(idFor('19400101', '003'));
    expect(legacy.sex).toBe('M');
    const dup = await core.fail('elders.create', { name: '王大爷', idNumber: idFor('19400101', '003') });
    expect(dup.code).toBe('DUPLICATE_ID_NUMBER');
    expect(await auditTotal(core)).toBe(before + 1);
    expect((await core.call('elders.list', {})).total).toBe(1);
  });

  it('searches by name or ID tail and pages', async () => {
    for (let i = 0; i < 7; i++) await elder(core, `老人${i}`, idFor(`1940010${i + 1}`, `00${i}`));
    await elder(core, '李桂兰', '11010519491231002X');
    expect((await core.call('elders.list', { search: '桂兰' })).rows.map((r) => r.name)).toEqual(['李桂兰']);
    expect((await core.call('elders.list', { search: '002x' })).rows.map((r) => r.name)).toEqual(['李桂兰']);
    expect((await core.call('elders.list', { search: '1231002X' })).rows.map((r) => r.name)).toEqual(['李桂兰']);
    const page = await core.call('elders.list', { offset: 5, limit: 5 });
    expect(page.total).toBe(8);
    expect(page.rows).toHaveLength(3);
  });

  it('updates details and categories with an audit entry, keeping the ID number', async () => {
    const e = await elder(core, '赵', idFor('19300101'));
    const u = await core.call('elders.update', { id: e.id, name: '赵淑珍', categories: ['extreme_hardship'], contacts: [] });
    expect(u.name).toBe('赵淑珍');
    expect(u.categories).toEqual(['extreme_hardship']);
    expect(u.advancedAge).toBe(true);
    expect(u.idNumber).toBe(e.idNumber);
  });

  it('keeps phones masked in the audit log, which the security auditor reads without any right to elders', async () => {
    const contact = { name: '赵强', relation: '儿子', phone: '13911112222' };
    const e = await elder(core, '赵', idFor('19300101'), { phone: '13800138000', contacts: [contact] });
    await core.call('elders.update', { id: e.id, name: '赵', phone: '13700001111', categories: [], contacts: [{ ...contact, phone: '13633334444' }] });
    const entries = core.ctx.sqlite.prepare("SELECT summary || coalesce(before_json, '') || coalesce(after_json, '') FROM audit_log WHERE entity = 'elder'").pluck().all() as string[];
    expect(entries).toHaveLength(2);
    for (const full of ['13800138000', '13911112222', '13700001111', '13633334444']) expect(entries.join('\n')).not.toContain(full);
    expect(entries.join('\n')).toContain('138****8000');
  });
});

describe('ability assessments', () => {
  beforeEach(async () => {
    core = await makeCore({ today: '2026-11-23' });
  });

  it('stores item scores, domain totals, total, level and the standard adjustments, newest first', async () => {
    const e = await elder(core, '孙', idFor('19400101'));
    const full = await assess(core, e.id, '2025-01-10');
    expect(full.total).toBe(90);
    expect(full.finalLevel).toBe('intact');

    // 自理 32 → 12 (−20), 运动 15 → 9 (−6): total 64 = 中度失能; dementia and 2 falls raise it twice.
    const scores = fullScores();
    Object.assign(scores.selfCare, { eating: 2, grooming: 1, bathing: 0, dressingUpper: 2, dressingLower: 1, urinaryControl: 2, bowelControl: 2, toileting: 2 });
    Object.assign(scores.mobility, { bedPositionTransfer: 3, bedChairTransfer: 2, walking: 2, stairs: 2 });
    const a = await core.call('assessments.create', {
      elderId: e.id,
      assessedOn: '2026-06-01',
      reason: 'immediate',
      assessor: '王护士',
      assessment: { scores, dementia: true, riskEvents30d: { falls: 2 } },
    });
    expect(a.domainScores).toEqual({ selfCare: 12, mobility: 9, mental: 28, perception: 15 });
    expect(a.total).toBe(64);
    expect(a.preliminaryLevel).toBe('moderate');
    expect(a.finalLevel).toBe('complete');
    expect(a.adjustments.map((x) => [x.kind, x.fromLevel, x.toLevel])).toEqual([
      ['cognitive_or_mental', 'moderate', 'severe'],
      ['risk_events', 'severe', 'complete'],
    ]);

    const got = await core.call('elders.get', { id: e.id });
    expect(got.assessments.map((x) => x.assessedOn)).toEqual(['2026-06-01', '2025-01-10']);
    expect(got.assessments[0]!.scores.selfCare.bathing).toBe(0);
    expect(got.latestLevel).toBe('complete');
  });

  it('refuses out-of-range scores, coma with consciousness > 0, future dates and dates before birth', async () => {
    const e = await elder(core, '周', idFor('19400101'));
    const range = fullScores();
    (range.mobility as Record<string, number>).stairs = 4;
    expect((await core.fail('assessments.create', { elderId: e.id, assessedOn: '2026-01-01', reason: 'initial', assessor: 'x', assessment: { scores: range } })).code).toBe('VALIDATION');
    expect((await core.fail('assessments.create', { elderId: e.id, assessedOn: '2026-01-01', reason: 'initial', assessor: 'x', assessment: { scores: fullScores(), coma: true } })).code).toBe('VALIDATION');
    expect((await core.fail('assessments.create', { elderId: e.id, assessedOn: '2026-11-24', reason: 'initial', assessor: 'x', assessment: { scores: fullScores() } })).code).toBe('DATE_IN_FUTURE');
    expect((await core.fail('assessments.create', { elderId: e.id, assessedOn: '1939-12-31', reason: 'initial', assessor: 'x', assessment: { scores: fullScores() } })).code).toBe('STAY_DATE_INVALID');
    expect((await core.call('elders.get', { id: e.id })).assessments).toHaveLength(0);
  });
});

describe('waiting list', () => {
  beforeEach(async () => {
    core = await makeCore({ today: '2026-11-23' });
  });

  it('orders 特困 first, then needy households who are 失能/失智/高龄/重度残疾, then everyone else; ties by application date', async () => {
    const home = await facility(core, '朝阳区第一社会福利中心');
    const plain = await elder(core, '普通甲', idFor('19500101', '001'));
    const poorYoung = await elder(core, '低保未失能', idFor('19500102', '001'), { categories: ['minimum_living_allowance'] });
    const poorOld = await elder(core, '低保高龄', idFor('19400103', '001'), { categories: ['minimum_living_allowance'] });
    const poorDisabled = await elder(core, '低收入失能', idFor('19500104', '001'), { categories: ['low_income'] });
    const hardship = await elder(core, '特困', idFor('19550105', '001'), { categories: ['extreme_hardship'] });
    const plain2 = await elder(core, '普通乙', idFor('19500106', '001'));
    const s = fullScores();
    s.selfCare.bathing = 0; // 86 = 轻度失能
    await assess(core, poorDisabled.id, '2026-01-05', { scores: s });
    const apply = (elderId: string, appliedOn: string) => core.call('waiting.apply', { facilityId: home, elderId, appliedOn });
    await apply(plain2.id, '2026-03-01');
    await apply(plain.id, '2026-02-01');
    await apply(poorYoung.id, '2026-01-01');
    await apply(poorDisabled.id, '2026-04-01');
    await apply(poorOld.id, '2026-05-01');
    const last = await apply(hardship.id, '2026-06-01');
    expect(last.position).toBe(1);

    const list = await core.call('waiting.list', { facilityId: home });
    expect(list.rulesAreDefault).toBe(true);
    expect(list.page.rows.map((r) => [r.position, r.elderName, r.group])).toEqual([
      [1, '特困', 1],
      [2, '低收入失能', 2],
      [3, '低保高龄', 2],
      [4, '低保未失能', 3],
      [5, '普通甲', 3],
      [6, '普通乙', 3],
    ]);
    expect(list.page.rows[2]!.priorityReason).toContain('高龄（86 岁）');
    expect(list.page.rows[0]!.idNumberMasked).toMatch(/^\d{6}\*+\d{3}[\dX]$/);

    // As of an earlier date the queue is as it was then.
    const then = await core.call('waiting.list', { facilityId: home, asOf: '2026-02-15' });
    expect(then.page.rows.map((r) => r.elderName)).toEqual(['低保未失能', '普通甲']);

    // Withdrawal is recorded with date and reason and the others move up.
    const w = await core.call('waiting.withdraw', { id: last.id, withdrawnOn: '2026-07-01', reason: '家属接回家中照护' });
    expect(w).toMatchObject({ status: 'withdrawn', withdrawnOn: '2026-07-01', withdrawReason: '家属接回家中照护', position: null });
    expect((await core.call('waiting.list', { facilityId: home })).page.rows[0]!.elderName).toBe('低收入失能');
    expect((await core.call('waiting.list', { facilityId: home, status: 'withdrawn' })).page.total).toBe(1);
    expect((await core.fail('waiting.withdraw', { id: last.id, withdrawnOn: '2026-07-02', reason: 'x' })).code).toBe('APPLICATION_CLOSED');
    expect((await core.fail('waiting.apply', { facilityId: home, elderId: plain.id, appliedOn: '2026-08-01' })).code).toBe('APPLICATION_DUPLICATE');
  });

  it('follows the rule set stored in settings, which only its own channel writes, checked', async () => {
    const home = await facility(core, '朝阳区第二福利院');
    const a = await elder(core, '独居者', idFor('19500101', '001'), { categories: ['living_alone'] });
    const b = await elder(core, '特困者', idFor('19500102', '001'), { categories: ['extreme_hardship'] });
    await core.call('waiting.apply', { facilityId: home, elderId: b.id, appliedOn: '2026-01-01' });
    await core.call('waiting.apply', { facilityId: home, elderId: a.id, appliedOn: '2026-02-01' });
    const rules = (await core.call('waiting.rules', {})).rules;
    const saved = await core.call('waiting.setRules', {
      rules: { ...rules, groups: [{ group: 1, label: '独居优先', anyOf: [{ allOf: [[{ kind: 'category', category: 'living_alone' }]] }] }] },
    });
    expect(saved.isDefault).toBe(false);
    const list = await core.call('waiting.list', { facilityId: home });
    expect(list.rulesAreDefault).toBe(false);
    expect(list.page.rows.map((r) => r.elderName)).toEqual(['独居者', '特困者']);
    expect((await core.call('audit.list', { entity: 'setting', limit: 1 })).rows[0]).toMatchObject({ action: 'waiting.setRules', summary: '修改轮候优先规则' });
    // A bad rule set is refused with the reason on its field, and the rules in force stay.
    const audits = (await core.call('audit.list', { limit: 1 })).total;
    const refused = await core.fail('waiting.setRules', { rules: { ...rules, advancedAge: 50 } });
    expect(refused).toMatchObject({ code: 'VALIDATION', message: '输入不符合要求：高龄年龄不应低于 60 岁' });
    expect(refused.details).toMatchObject({ issues: [{ path: 'rules.advancedAge', message: '高龄年龄不应低于 60 岁' }] });
    expect((await core.fail('waiting.setRules', { rules: { nonsense: true } as never })).code).toBe('VALIDATION');
    // The generic settings.set cannot store these keys unchecked: it names the page to use instead.
    const generic = await core.fail('settings.set', { key: 'waiting.priorityRules', value: { nonsense: true } });
    expect(generic).toMatchObject({ code: 'VALIDATION', message: '输入不符合要求：设置“waiting.priorityRules”有专门的修改页面（设置 › 轮候优先规则），在那里修改时会先检查取值' });
    expect((await core.fail('settings.set', { key: 'indicators.options', value: {} })).code).toBe('VALIDATION');
    expect((await core.call('audit.list', { limit: 1 })).total).toBe(audits);
    expect((await core.call('waiting.list', { facilityId: home })).page.rows.map((r) => r.elderName)).toEqual(['独居者', '特困者']);
    // A value broken outside the app (the file edited by hand) is still an error when read, never ignored.
    core.ctx.sqlite.prepare(`UPDATE settings SET value_json = '{"nonsense":true}' WHERE key = 'waiting.priorityRules'`).run();
    expect((await core.fail('waiting.list', { facilityId: home })).message).toContain('请在“设置 › 轮候优先规则”中恢复默认或重新保存');
    // null removes the stored rules: the documented default applies again.
    expect((await core.call('waiting.setRules', { rules: null })).isDefault).toBe(true);
    expect(core.ctx.sqlite.prepare(`SELECT count(*) AS n FROM settings WHERE key = 'waiting.priorityRules'`).get()).toEqual({ n: 0 });
    const back = await core.call('waiting.list', { facilityId: home });
    expect(back.rulesAreDefault).toBe(true);
    expect(back.page.rows.map((r) => r.elderName)).toEqual(['特困者', '独居者']);
    // Other keys still go through settings.set, audited; null removes them.
    await core.call('settings.set', { key: 'ui.note', value: { a: 1 } });
    expect((await core.call('settings.get', { key: 'ui.note' })).value).toEqual({ a: 1 });
    expect((await core.call('audit.list', { entity: 'setting', limit: 1 })).rows[0]).toMatchObject({ action: 'settings.set', before: null, after: { a: 1 } });
    await core.call('settings.set', { key: 'ui.note', value: null });
    expect((await core.call('settings.get', { key: 'ui.note' })).value).toBeNull();
  });
});

describe('family care beds', () => {
  beforeEach(async () => {
    core = await makeCore({ today: '2026-11-23' });
  });

  it('opens after an assessment, counts separately from institutional beds and as of any date', async () => {
    const station = await facility(core, '六里屯社区养老服务驿站', 'community_station');
    const point = await facility(core, '某邻里互助点', 'mutual_aid_point');
    const e = await elder(core, '钱', idFor('19380101'));
    const base = { providerFacilityId: station, elderId: e.id, areaCode: '110105', address: '朝阳区某小区 1-101', agreementStartOn: '2026-03-01', openedOn: '2026-03-01' };
    expect((await core.fail('familyBeds.open', base)).code).toBe('ASSESSMENT_REQUIRED');
    const a = await assess(core, e.id, '2026-02-20');
    expect((await core.fail('familyBeds.open', { ...base, providerFacilityId: point })).code).toBe('FAMILY_BED_PROVIDER_INVALID');
    const bed = await core.call('familyBeds.open', base);
    expect(bed.assessmentId).toBe(a.id);
    expect(bed.providerName).toBe('六里屯社区养老服务驿站');
    expect((await core.fail('familyBeds.open', { ...base, openedOn: '2026-04-01', agreementStartOn: '2026-04-01' })).code).toBe('FAMILY_BED_CONFLICT');

    expect((await core.call('familyBeds.count', { areaCode: '110105' })).count).toBe(1);
    expect((await core.call('familyBeds.count', { areaCode: '110105', asOf: '2026-02-28' })).count).toBe(0);
    expect((await core.call('familyBeds.count', { areaCode: '110101' })).count).toBe(0);
    expect(await countFamilyCareBedsAsOf(core.ctx.db, {}, '2026-03-01')).toBe(1);
    // Never part of the institutional bed counts.
    expect((await core.call('beds.counts', { areaCode: '110105' })).total).toBe(0);

    await core.call('familyBeds.close', { id: bed.id, closedOn: '2026-10-01', reason: '老人入住机构' });
    expect((await core.call('familyBeds.count', { asOf: '2026-09-30' })).count).toBe(1);
    expect((await core.call('familyBeds.count', {})).count).toBe(0);
    expect((await core.call('familyBeds.list', { providerFacilityId: station })).total).toBe(1);
    expect((await core.call('elders.get', { id: e.id })).familyBeds[0]!.closedOn).toBe('2026-10-01');
  });
});

describe('family care beds, the list', () => {
  beforeEach(async () => {
    core = await makeCore({ today: '2026-11-23' });
  });

  it('pages in opening order (newest first) with every filter, each row complete; the page is chosen before its rows are joined', async () => {
    const chaoyang = await facility(core, '六里屯社区养老服务驿站', 'community_station');
    const other = (await core.call('facilities.create', { name: '东城某养老照料中心', kind: 'care_center', ownership: 'public', areaCode: '110101', openedOn: '2010-01-01' })).id;
    const opened: { id: string; provider: string; area: string; openedOn: string; closedOn: string | null; elder: string }[] = [];
    for (let i = 0; i < 13; i++) {
      const e = await elder(core, `家床${String(i).padStart(2, '0')}`, idFor(`19${40 + i}0101`, '003'));
      await assess(core, e.id, '2024-01-01');
      const provider = i % 3 === 0 ? other : chaoyang;
      const area = provider === other ? '110101' : '110105';
      const openedOn = `2025-${String(1 + (i % 6)).padStart(2, '0')}-01`;
      const bed = await core.call('familyBeds.open', { providerFacilityId: provider, elderId: e.id, areaCode: area, address: `某小区 ${i}`, agreementStartOn: openedOn, openedOn });
      let closedOn: string | null = null;
      if (i % 4 === 1) {
        closedOn = '2026-01-01';
        await core.call('familyBeds.close', { id: bed.id, closedOn, reason: '老人入住机构' });
      }
      opened.push({ id: bed.id, provider, area, openedOn, closedOn, elder: e.name });
    }
    // First, before the core's statement cache holds the list's statement: its plan.
    const plan = await pagingPlan(core, 'provider_name', () => core.call('familyBeds.list', { offset: 8, limit: 4 }));
    expect(plan.paging, plan.all).toMatch(/family_care_beds|fb/);
    expect(plan.paging).not.toMatch(/facilities|elders|areas|assessments|\bf\b|\be\b/);
    const order = (xs: typeof opened) => [...xs].sort((a, b) => (a.openedOn === b.openedOn ? (a.id < b.id ? -1 : 1) : a.openedOn < b.openedOn ? 1 : -1)).map((x) => x.id);
    const filters: [Omit<Input<'familyBeds.list'>, 'offset' | 'limit'>, (x: (typeof opened)[number]) => boolean][] = [
      [{}, () => true],
      [{ providerFacilityId: chaoyang }, (x) => x.provider === chaoyang],
      [{ areaCode: '110101' }, (x) => x.area === '110101'],
      [{ asOf: '2026-06-30' }, (x) => x.openedOn <= '2026-06-30' && (x.closedOn === null || x.closedOn > '2026-06-30')],
      [{ asOf: '2025-03-15', areaCode: '110105' }, (x) => x.area === '110105' && x.openedOn <= '2025-03-15'],
    ];
    for (const [filter, keep] of filters) {
      const expected = order(opened.filter(keep));
      const { rows, total } = await pageThrough(core, 'familyBeds.list', filter, 4);
      expect(total, JSON.stringify(filter)).toBe(expected.length);
      expect(rows.map((r) => r.id), JSON.stringify(filter)).toEqual(expected);
    }
    const first = (await core.call('familyBeds.list', { limit: 1 })).rows[0]!;
    const want = opened.find((x) => x.id === first.id)!;
    expect(first).toMatchObject({ elderName: want.elder, providerName: want.provider === other ? '东城某养老照料中心' : '六里屯社区养老服务驿站', areaCode: want.area, areaName: expect.any(String), assessmentLevel: 'intact', openedOn: want.openedOn });
    expect(first.idNumberMasked).toMatch(/\*{4}/);

  });
});

describe('imports', () => {
  beforeEach(async () => {
    core = await makeCore({ today: '2026-11-23' });
  });

  it('imports elders with several categories, refusing the whole file for one bad row', async () => {
    const good = `姓名,身份证号,户籍区划代码,联系电话,人员类别\n张三,${idFor('19400101', '001')},110105,13800000000,低保、独居\n李四,11010519491231002x,,,\n`;
    const bad = good + `王五,110105194912310021,,,特困\n赵六,${idFor('19400102', '001')},,,高龄\n`;
    const rejected = await core.call('imports.preview', { kind: 'elders', file: fileOf('e.csv', bad) });
    expect(rejected.rowsRejected).toBe(2);
    expect(rejected.errors.map((x) => [x.row, x.column])).toEqual([[4, '身份证号'], [5, '人员类别']]);
    const { jobId } = await core.call('imports.start', { kind: 'elders', file: fileOf('e.csv', bad) });
    for (let i = 0; i < 100 && (await core.call('jobs.get', { jobId })).state === 'running'; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await core.call('elders.list', {})).total).toBe(0);

    const { jobId: ok } = await core.call('imports.start', { kind: 'elders', file: fileOf('e.csv', good) });
    let job = await core.call('jobs.get', { jobId: ok });
    for (let i = 0; i < 100 && job.state === 'running'; i++) job = await new Promise((r) => setTimeout(r, 20)).then(() => core.call('jobs.get', { jobId: ok }));
    expect(job.result?.committed).toBe(true);
    const rows = (await core.call('elders.list', { search: '张三' })).rows;
    expect(rows[0]!.categories).toEqual(['minimum_living_allowance', 'living_alone']);
  });

  it('imports family care beds for registered elders', async () => {
    await facility(core, '六里屯社区养老服务驿站', 'community_station');
    const e = await elder(core, '钱', idFor('19380101'));
    const csv = `服务机构名称,身份证号,区划代码,地址,建床日期,撤床日期\n六里屯社区养老服务驿站,${e.idNumber},110105,某小区,2024-03-01,\n六里屯社区养老服务驿站,${idFor('19380102')},110105,某小区,2024-03-01,\n`;
    const r = await core.call('imports.preview', { kind: 'family-beds', file: fileOf('f.csv', csv) });
    expect(r.rowsAccepted).toBe(1);
    expect(r.errors).toEqual([{ row: 3, column: '身份证号', message: expect.stringContaining('尚未登记') }]);
    const kinds = (await core.call('imports.kinds', {})).map((k) => k.kind);
    expect(kinds).toEqual(expect.arrayContaining(['elders', 'stays', 'family-beds']));
  });
});

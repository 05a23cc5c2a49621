import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { CHANNEL_ACCESS, type Channel } from '../../shared/contract';
import { CHANNELS } from '../../shared/contract/channels';
import { ROLE_KEYS, ROLE_PERMISSIONS, type Grant, type Role } from '../../shared/domain/access';
import { maskIdNumber } from '../../shared/domain/idNumber';
import { maskPhone } from '../../shared/domain/phone';
import { createDispatch, scopeCheck, type Caller } from '../../electron/core/dispatch';
import { verifyAuditChain } from '../../electron/core/app/auditChain';
import { computeCheckDigit } from '../../shared/domain/idNumber';
import { fullScores, makeCore, type TestCore } from './helpers';
import type { CoreContext } from '../../electron/core/app/context';

const cores: TestCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

const ADMIN = { name: 'admin', password: 'Admin-2026-x' };
const idNumber = (birth: string, seq: string) => {
  const first17 = `110101${birth}${seq}`;
  return first17 + computeCheckDigit(first17);
};

/** A core that needs sessions, with a clock the test moves. */
async function securedCore() {
  let now = new Date('2026-11-23T04:00:00Z');
  const core = await makeCore({ requireSession: true, now: () => now });
  cores.push(core);
  const as = (session: string | null) => ({
    call: async <T = any>(channel: string, input: unknown = {}): Promise<T> => {
      const r = await core.dispatch(channel, input, { session } satisfies Caller);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.data as T;
    },
    send: (channel: string, input: unknown = {}) => core.dispatch(channel, input, { session }),
  });
  const setup = await core.dispatch('auth.setup', ADMIN);
  if (!setup.ok) throw new Error(setup.error.message);
  const admin = as((setup.data as { token: string }).token);
  // The system itself (as the CLI acts), to register the homes the accounts are then scoped to.
  const systemDispatch = createDispatch({ ...core.ctx, requireSession: false });
  const system = {
    ...core,
    async call(channel: string, input: unknown) {
      const r = await systemDispatch(channel, input);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.data;
    },
  } as unknown as TestCore;
  return {
    core,
    system,
    admin,
    as,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
    async login(name: string, password: string) {
      const r = await core.dispatch('auth.login', { name, password });
      if (!r.ok) throw new Error(`login ${name}: ${r.error.code}`);
      return as((r.data as { token: string }).token);
    },
  };
}

/** Two homes in two districts, each with a bed, a resident (admitted, on leave), an applicant with a family bed, a rating and a target. */
async function twoHomes(core: TestCore) {
  const homes = [];
  for (const [i, district] of ['110101', '110102'].entries()) {
    const f = await core.call('facilities.create', { name: `驿站${i}`, kind: 'community_station', ownership: 'public', areaCode: district, openedOn: '2019-01-01', approvedBeds: 8 });
    await core.call('beds.bulkCreate', { facilityId: f.id, buildingName: '一号楼', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2020-01-01' });
    const board = await core.call('beds.board', { facilityId: f.id, asOf: null });
    const building = board.buildings[0]!;
    const room = building.floors[0]!.rooms[0]!;
    const [bed, spare] = room.beds;
    const resident = await core.call('elders.create', { name: `住户${i}`, idNumber: idNumber('19400101', `12${i}`), phone: '13800138000' });
    const applicant = await core.call('elders.create', { name: `申请人${i}`, idNumber: idNumber('19410101', `13${i}`), hukouAreaCode: district });
    await core.call('assessments.create', { elderId: applicant.id, assessedOn: '2026-01-05', reason: 'initial', assessor: '李医生', assessment: { scores: fullScores() } });
    const admission = await core.call('stays.admit', { elderId: resident.id, bedId: bed!.id, admittedOn: '2026-02-01', feeClass: 'standard' });
    const leave = await core.call('stays.startLeave', { admissionId: admission.id, startOn: '2026-05-01', reason: '回家过节' });
    const application = await core.call('waiting.apply', { facilityId: f.id, elderId: applicant.id, appliedOn: '2026-06-01' });
    const familyBed = await core.call('familyBeds.open', { providerFacilityId: f.id, elderId: applicant.id, areaCode: district, address: '某路 1 号', agreementStartOn: '2026-06-05', openedOn: '2026-06-05' });
    const bedDetail = await core.call('beds.addOutage', { bedId: spare!.id, startOn: '2026-03-01', endOn: '2026-03-10', reason: '维修' });
    const rating = await core.call('ratings.create', { facilityId: f.id, level: 1, decidedOn: '2025-01-01' });
    const target = await core.call('targets.create', { areaCode: district, metricId: 'reserve_bed_share', year: 2026, comparator: '>=', value: 2, attribute: 'binding', source: '测试' });
    const staff = await core.call('staff.create', { facilityId: f.id, name: `护理员${i}`, idNumber: idNumber('19800101', `14${i}`), post: 'caregiver', employedFrom: '2024-01-01' });
    const declaration = await core.call('declarations.save', { facilityId: f.id, declaredOn: '2025-12-31', totalBeds: 8 });
    const project = await core.call('planning.saveProject', { name: `项目${i}`, districtCode: district, kind: 'new', plannedBeds: 10, nursingBeds: 5, status: 'planned', plannedCompletionOn: '2028-12-31', source: '测试' });
    homes.push({
      district,
      ids: {
        facility: f.id,
        facilities: [f.id],
        building: building.id,
        room: room.id,
        bed: bed!.id,
        outage: bedDetail.outages[0]!.id,
        elder: resident.id,
        admission: admission.id,
        leave: leave.leaves[0]!.id,
        application: application.id,
        familyBed: familyBed.id,
        rating: rating.id,
        area: district,
        target: target.id,
        staff: staff.id,
        declaration: declaration.id,
        capacityProject: project.id,
      } as Record<string, unknown>,
      applicant: applicant.id,
    });
  }
  return homes;
}

function scopeFor(role: Role, home: { district: string; ids: Record<string, unknown> }): Grant['scope'] {
  if (role === 'sysadmin' || role === 'auditor') return { kind: 'all' };
  if (role === 'district') return { kind: 'district', codes: [home.district] };
  return { kind: 'facility', ids: [home.ids.facility as string] };
}

describe('accounts and sessions', () => {
  it('sets up the first administrator only while no account exists, and answers UNAUTHENTICATED to every other channel without a session', async () => {
    const { core, admin } = await securedCore();
    expect((await core.dispatch('auth.setup', { name: 'second', password: 'Second-2026-x' })).ok).toBe(false);
    expect(await admin.call('auth.me')).toMatchObject({ signedIn: true, account: { name: 'admin' }, grants: [{ role: 'sysadmin', scope: { kind: 'all' } }] });
    const anonymous = await core.dispatch('auth.me', {});
    expect(anonymous).toEqual({ ok: true, data: { signedIn: false, setupNeeded: false } });
    for (const channel of CHANNELS) {
      if (CHANNEL_ACCESS[channel].permission === 'public') continue;
      const r = await core.dispatch(channel, {});
      expect(r.ok ? 'ok' : r.error.code, channel).toBe('UNAUTHENTICATED');
    }
    const forged = await core.dispatch('facilities.list', {}, { session: 'made-up-token' });
    expect(forged.ok ? 'ok' : forged.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses weak passwords, locks an account after 5 failed logins for 15 minutes, and audits each attempt', async () => {
    const t = await securedCore();
    const weak = await t.admin.send('accounts.create', { name: 'nurse', password: 'abcdefgh', grants: [] });
    expect(weak.ok ? '' : weak.error.message).toContain('至少 3 类');
    await t.admin.call('accounts.create', { name: 'nurse', password: 'Nurse-2026-x', grants: [] });
    for (let i = 1; i <= 4; i++) expect((await t.core.dispatch('auth.login', { name: 'nurse', password: 'wrong' })) as any).toMatchObject({ ok: false, error: { code: 'LOGIN_FAILED' } });
    const fifth = await t.core.dispatch('auth.login', { name: 'nurse', password: 'wrong' });
    expect(fifth.ok ? '' : fifth.error.code).toBe('ACCOUNT_LOCKED');
    // Locked: even the right password is refused until the lock ends.
    const during = await t.core.dispatch('auth.login', { name: 'nurse', password: 'Nurse-2026-x' });
    expect(during.ok ? '' : during.error.code).toBe('ACCOUNT_LOCKED');
    t.advance(15 * 60_000 + 1000);
    await t.login('nurse', 'Nurse-2026-x');
    const actions = t.core.ctx.sqlite.prepare("SELECT action FROM audit_log WHERE action LIKE 'auth.%' ORDER BY seq").pluck().all();
    expect(actions.filter((a) => a === 'auth.loginFailed')).toHaveLength(6);
    expect(actions).toContain('auth.locked');
    expect(actions.at(-1)).toBe('auth.login');
  });

  it('ends a session idle for 15 minutes, asks for a new password once it expires, and lets users change their own', async () => {
    const t = await securedCore();
    await t.admin.call('accounts.create', { name: 'nurse', password: 'Nurse-2026-x', grants: [] });
    const nurse = await t.login('nurse', 'Nurse-2026-x');
    t.advance(14 * 60_000);
    await nurse.call('auth.changePassword', { oldPassword: 'Nurse-2026-x', newPassword: 'Nurse-2026-y' });
    t.advance(16 * 60_000);
    const idle = await nurse.send('imports.kinds');
    expect(idle.ok ? '' : idle.error.code).toBe('UNAUTHENTICATED');
    t.advance(91 * 86_400_000);
    const late = await t.login('nurse', 'Nurse-2026-y');
    expect(await late.call('auth.me')).toMatchObject({ passwordExpired: true });
    const blocked = await late.send('imports.kinds');
    expect(blocked.ok ? '' : blocked.error.code).toBe('PASSWORD_EXPIRED');
    await late.call('auth.changePassword', { oldPassword: 'Nurse-2026-y', newPassword: 'Nurse-2026-z' });
    expect((await late.send('imports.kinds')).ok).toBe(true);
    // A password reset by an administrator must be changed, even where passwords never expire.
    const admin = await t.login('admin', ADMIN.password);
    await admin.call('auth.changePassword', { oldPassword: ADMIN.password, newPassword: 'Admin-2027-x' });
    await admin.call('accounts.setPolicy', { passwordMaxAgeDays: 0, maxFailures: 5, lockMinutes: 15, idleMinutes: 15 });
    const nurseId = t.core.ctx.sqlite.prepare("SELECT id FROM accounts WHERE name = 'nurse'").pluck().get();
    await admin.call('accounts.resetPassword', { id: nurseId, password: 'Reset-2026-a' });
    const reset = await t.login('nurse', 'Reset-2026-a');
    expect(await reset.call('auth.me')).toMatchObject({ passwordExpired: true });
  });

  it('counts a wrong old password towards the lockout, so an open session is no place to guess the password', async () => {
    const t = await securedCore();
    await t.admin.call('accounts.create', { name: 'nurse', password: 'Nurse-2026-x', grants: [] });
    const nurse = await t.login('nurse', 'Nurse-2026-x');
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await nurse.send('auth.changePassword', { oldPassword: `Guess-2026-${i}`, newPassword: 'Nurse-2026-y' });
      codes.push(r.ok ? 'ok' : r.error.code);
    }
    expect(codes).toEqual(['LOGIN_FAILED', 'LOGIN_FAILED', 'LOGIN_FAILED', 'LOGIN_FAILED', 'ACCOUNT_LOCKED', 'ACCOUNT_LOCKED']);
    // Locked: not even the right old password changes it, and the login is refused.
    const right = await nurse.send('auth.changePassword', { oldPassword: 'Nurse-2026-x', newPassword: 'Nurse-2026-y' });
    expect(right.ok ? '' : right.error.code).toBe('ACCOUNT_LOCKED');
    const login = await t.core.dispatch('auth.login', { name: 'nurse', password: 'Nurse-2026-x' });
    expect(login.ok ? '' : login.error.code).toBe('ACCOUNT_LOCKED');
    const locked = t.core.ctx.sqlite.prepare("SELECT summary FROM audit_log WHERE action = 'auth.locked'").pluck().all();
    expect(locked).toEqual([expect.stringContaining('连续 5 次输错原密码')]);
  });

  it('a password change ends the account\'s other sessions and keeps the one that changed it', async () => {
    const t = await securedCore();
    await t.admin.call('accounts.create', { name: 'nurse', password: 'Nurse-2026-x', grants: [] });
    const here = await t.login('nurse', 'Nurse-2026-x');
    const elsewhere = await t.login('nurse', 'Nurse-2026-x');
    await here.call('auth.changePassword', { oldPassword: 'Nurse-2026-x', newPassword: 'Nurse-2026-y' });
    const ended = await elsewhere.send('imports.kinds');
    expect(ended.ok ? '' : ended.error.code).toBe('UNAUTHENTICATED');
    expect((await here.send('imports.kinds')).ok).toBe(true);
  });

  it('chains the audit log: verify reports the first entry changed behind the app', async () => {
    const t = await securedCore();
    await t.admin.call('accounts.create', { name: 'nurse', password: 'Nurse-2026-x', grants: [] });
    await t.admin.call('accounts.setPolicy', { passwordMaxAgeDays: 0, maxFailures: 5, lockMinutes: 15, idleMinutes: 60 });
    expect(await verifyAuditChain(t.core.ctx.db)).toMatchObject({ firstBroken: null });
    const sqlite = t.core.ctx.sqlite;
    expect(() => sqlite.prepare("UPDATE audit_log SET summary = 'x'").run()).toThrow(/不可修改/);
    sqlite.exec('DROP TRIGGER audit_log_no_update');
    const second = sqlite.prepare('SELECT seq FROM audit_log ORDER BY seq LIMIT 1 OFFSET 1').pluck().get() as number;
    sqlite.prepare("UPDATE audit_log SET summary = '改过' WHERE seq = ?").run(second);
    expect((await verifyAuditChain(t.core.ctx.db)).firstBroken).toMatchObject({ seq: second, reason: expect.stringContaining('被修改') });
  });
});

describe('roles and scopes', () => {
  it('walks every channel × every role: the permission is refused before the input is read, and a target outside the scope is FORBIDDEN', async () => {
    const t = await securedCore();
    const homes = await twoHomes(t.system);
    const [mine, other] = homes as [(typeof homes)[0], (typeof homes)[0]];
    for (const role of ROLE_KEYS) {
      const name = `u_${role}`;
      await t.admin.call('accounts.create', { name, password: 'User-2026-pass', grants: [{ role, scope: scopeFor(role, mine) }] });
      const user = await t.login(name, 'User-2026-pass');
      const me = await user.call<{ permissions: string[] }>('auth.me');
      for (const channel of CHANNELS as readonly Channel[]) {
        // Logging out would end the session the walk runs on (its own test is below).
        if (channel === 'auth.logout') continue;
        const rule = CHANNEL_ACCESS[channel] as { permission: string; targets?: readonly (readonly [string, string])[]; otherwise?: string };
        const r = await user.send(channel, {});
        const code = r.ok ? 'ok' : r.error.code;
        const allowed = rule.permission === 'public' || rule.permission === 'signedIn' || (ROLE_PERMISSIONS[role] as readonly string[]).includes(rule.permission);
        expect(me.permissions.includes(rule.permission) || !allowed || rule.permission === 'public' || rule.permission === 'signedIn', `${role} ${channel}`).toBe(true);
        if (!allowed) {
          expect(code, `${role} ${channel}`).toBe('FORBIDDEN');
          continue;
        }
        expect(code, `${role} ${channel}`).not.toBe('UNAUTHENTICATED');
        if (code === 'FORBIDDEN') expect(rule.otherwise, `${role} ${channel}: refused by permission though the role has it`).toBe('all');
        // The scope, decided on what the input names: each target field in turn, pointing at each home.
        const session = (await t.core.dispatch('auth.login', { name, password: 'User-2026-pass' })) as { ok: true; data: { token: string } };
        const who = await identifyAs(t.core, session.data.token);
        for (const [field, kind] of rule.targets ?? []) {
          const verdict = async (home: typeof mine) => {
            const out = await scopeCheck(who, channel, { [field]: home.ids[kind] });
            return 'ok' in out ? (out.ok ? 'ok' : out.error.code) : 'allowed';
          };
          const unscoped = role === 'sysadmin' || role === 'auditor';
          const reachesDistricts = kind === 'area' || kind === 'target' || kind === 'capacityProject';
          const facilityRole = role === 'facility_admin' || role === 'facility_staff' || role === 'readonly';
          expect(await verdict(mine), `${role} ${channel} ${field} in scope`).toBe(facilityRole && reachesDistricts ? 'FORBIDDEN' : 'allowed');
          expect(await verdict(other), `${role} ${channel} ${field} out of scope`).toBe(unscoped ? 'allowed' : 'FORBIDDEN');
        }
        if (!rule.targets?.length || rule.otherwise) {
          const out = await scopeCheck(who, channel, {});
          const verdict = 'ok' in out ? (out.ok ? 'ok' : out.error.code) : 'allowed';
          const unscoped = role === 'sysadmin' || role === 'auditor';
          expect(verdict, `${role} ${channel} naming nothing`).toBe(rule.otherwise === 'all' && !unscoped ? 'FORBIDDEN' : 'allowed');
        }
      }
    }
  });

  it('lists and counts only in-scope rows, masks ID numbers and phones, and audits a full view', async () => {
    const t = await securedCore();
    const [mine, other] = await twoHomes(t.system);
    await t.admin.call('accounts.create', { name: 'staff', password: 'Staff-2026-x', grants: [{ role: 'facility_staff', scope: { kind: 'facility', ids: [mine!.ids.facility] } }] });
    await t.admin.call('accounts.create', { name: 'bureau', password: 'Bureau-2026-x', grants: [{ role: 'district', scope: { kind: 'district', codes: [other!.district] } }] });
    const staff = await t.login('staff', 'Staff-2026-x');
    const bureau = await t.login('bureau', 'Bureau-2026-x');

    const facilities = await staff.call<{ rows: { id: string }[]; total: number }>('facilities.list', {});
    expect(facilities.rows.map((r) => r.id)).toEqual([mine!.ids.facility]);
    expect(facilities.total).toBe(1);
    const elders = await staff.call<{ rows: { id: string; idNumberMasked: string }[]; total: number }>('elders.list', {});
    expect(elders.rows.map((r) => r.id).sort()).toEqual([mine!.ids.elder, mine!.applicant].sort());
    expect(elders.total).toBe(2);
    expect((await staff.call<{ total: number }>('elders.count', {})).total).toBe(2);
    expect(elders.rows.every((r) => /^\d{6}\*{8}[\dX]{4}$/.test(r.idNumberMasked))).toBe(true);
    const summary = await staff.call<{ rows: { facilityId: string }[]; total: number }>('beds.summary', {});
    expect([summary.rows.map((r) => r.facilityId), summary.total]).toEqual([[mine!.ids.facility], 1]);
    const family = await staff.call<{ rows: { id: string }[]; total: number }>('familyBeds.list', {});
    expect([family.rows.map((r) => r.id), family.total]).toEqual([[mine!.ids.familyBed], 1]);
    const bureauFamily = await bureau.call<{ rows: { id: string }[] }>('familyBeds.list', {});
    expect(bureauFamily.rows.map((r) => r.id)).toEqual([other!.ids.familyBed]);
    expect((await bureau.call<{ rows: { id: string }[] }>('facilities.list', {})).rows.map((r) => r.id)).toEqual([other!.ids.facility]);
    expect((await bureau.call<{ total: number }>('elders.count', {})).total).toBe(2);
    // The indicator report, counted for the whole city, reaches the bureau narrowed to its district.
    const report = await bureau.call<{ rows: { areaCode: string }[] }>('indicators.report', { asOf: '2026-11-23' });
    expect(report.rows.map((r) => r.areaCode)).toEqual([other!.district]);
    const targets = await bureau.call<{ areaCode: string }[]>('targets.list', {});
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.every((x) => x.areaCode === other!.district || !x.areaCode.startsWith('1101'))).toBe(true);
    expect(targets.some((x) => x.areaCode === mine!.district)).toBe(false);
    const all = await t.system.call('indicators.report', { asOf: '2026-11-23' });
    expect((all as unknown as { rows: unknown[] }).rows.length).toBeGreaterThan(2);

    // Another home's elder by id: refused before anything is read.
    const foreign = await staff.send('elders.get', { id: other!.ids.elder });
    expect(foreign.ok ? '' : foreign.error.code).toBe('FORBIDDEN');
    const masked = await staff.call<{ idNumber: string; phone: string; masked: boolean }>('elders.get', { id: mine!.ids.elder });
    expect(masked).toMatchObject({ idNumber: maskIdNumber(idNumber('19400101', '120')), phone: '138****8000', masked: true });
    const full = await staff.call<{ idNumber: string; phone: string }>('elders.get', { id: mine!.ids.elder, reveal: true });
    expect(full).toMatchObject({ idNumber: idNumber('19400101', '120'), phone: '13800138000' });
    const reveal = t.core.ctx.sqlite.prepare("SELECT actor_name, entity_id FROM audit_log WHERE action = 'elder.revealFull'").all();
    expect(reveal).toEqual([{ actor_name: 'staff', entity_id: mine!.ids.elder }]);
    // A district bureau sees elders masked and may not reveal them.
    const bureauReveal = await bureau.send('elders.get', { id: other!.ids.elder, reveal: true });
    expect(bureauReveal.ok ? '' : bureauReveal.error.code).toBe('FORBIDDEN');
    // Every audit entry names its account.
    const actors = new Set(t.core.ctx.sqlite.prepare('SELECT actor_name FROM audit_log WHERE seq > 1').pluck().all());
    expect(actors.has('staff') && actors.has('admin')).toBe(true);
  });

  it('an exchange package (full personal data) needs 机构管理员 and a confirmation, and is audited as a personal-data export', async () => {
    const t = await securedCore();
    const [mine, other] = await twoHomes(t.system);
    const home = { kind: 'facility' as const, ids: [mine!.ids.facility as string] };
    await t.admin.call('accounts.create', { name: 'head', password: 'Head-2026-xx', grants: [{ role: 'facility_admin', scope: home }] });
    await t.admin.call('accounts.create', { name: 'staff', password: 'Staff-2026-x', grants: [{ role: 'facility_staff', scope: home }] });
    const head = await t.login('head', 'Head-2026-xx');
    const staff = await t.login('staff', 'Staff-2026-x');
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
    expect(code(await staff.send('exchange.export', { facilityIds: [mine!.ids.facility], confirmPersonalData: true }))).toBe('FORBIDDEN');
    expect(code(await head.send('exchange.export', { facilityIds: [other!.ids.facility], confirmPersonalData: true }))).toBe('FORBIDDEN');
    expect(code(await head.send('exchange.export', { facilityIds: [mine!.ids.facility] }))).toBe('PERSONAL_DATA_CONFIRM');
    expect(code(await head.send('exchange.export', { facilityIds: [mine!.ids.facility], confirmPersonalData: true, passphrase: '八角驿站交换口令' }))).toBe('ok');
    const entries = t.core.ctx.sqlite.prepare("SELECT actor_name, summary FROM audit_log WHERE action = 'personalData.export'").all() as { actor_name: string; summary: string }[];
    expect(entries).toEqual([{ actor_name: 'head', summary: expect.stringContaining('已确认') }]);
  });

  it('refuses a district account changing another district\'s capacity project by naming its own district', async () => {
    const t = await securedCore();
    const project = (await t.system.call('planning.saveProject', {
      name: '东城养老中心', districtCode: '110101', kind: 'new', plannedBeds: 100, nursingBeds: 60, status: 'planned', plannedCompletionOn: '2028-12-31', source: '规划',
    })) as { id: string };
    await t.admin.call('accounts.create', { name: 'bureau', password: 'Bureau-2026-x', grants: [{ role: 'district', scope: { kind: 'district', codes: ['110102'] } }] });
    const bureau = await t.login('bureau', 'Bureau-2026-x');
    const r = await bureau.send('planning.saveProject', {
      id: project.id, name: '西城项目', districtCode: '110102', kind: 'new', plannedBeds: 1, nursingBeds: 0, status: 'planned', plannedCompletionOn: '2028-12-31', source: '改',
    });
    expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
    const [row] = (await t.system.call('planning.projects', {})) as { name: string; districtCode: string }[];
    expect(row).toMatchObject({ name: '东城养老中心', districtCode: '110101' });
  });

  it('gives a staff member\'s full ID number only to an account that may edit the registry', async () => {
    const t = await securedCore();
    const [mine] = await twoHomes(t.system);
    const home = { kind: 'facility' as const, ids: [mine!.ids.facility as string] };
    await t.admin.call('accounts.create', { name: 'head', password: 'Head-2026-xx', grants: [{ role: 'facility_admin', scope: home }] });
    await t.admin.call('accounts.create', { name: 'viewer', password: 'View-2026-xx', grants: [{ role: 'readonly', scope: home }] });
    const head = await t.login('head', 'Head-2026-xx');
    const viewer = await t.login('viewer', 'View-2026-xx');
    const full = await head.call<{ idNumber: string }>('staff.get', { id: mine!.ids.staff });
    const masked = await viewer.call<{ idNumber: string; idNumberMasked: string }>('staff.get', { id: mine!.ids.staff });
    expect(full.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(masked.idNumber).toBe(masked.idNumberMasked);
    expect(masked.idNumber).toContain('********');
  });

  it('reveals a full ID number only where the account holds elders.full or staff.write, not wherever it may read', async () => {
    const t = await securedCore();
    const [mine, other] = await twoHomes(t.system);
    // Reads the whole city, but works (full ID numbers, the staff registry) in one home only.
    await t.admin.call('accounts.create', {
      name: 'mixed',
      password: 'Mixed-2026-x',
      grants: [
        { role: 'readonly', scope: { kind: 'all' } },
        { role: 'facility_admin', scope: { kind: 'facility', ids: [mine!.ids.facility] } },
      ],
    });
    const mixed = await t.login('mixed', 'Mixed-2026-x');
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
    expect(code(await mixed.send('elders.get', { id: other!.ids.elder, reveal: true }))).toBe('FORBIDDEN');
    expect((await mixed.call<{ masked: boolean }>('elders.get', { id: mine!.ids.elder, reveal: true })).masked).toBe(false);
    const foreignStaff = await mixed.call<{ idNumber: string; idNumberMasked: string }>('staff.get', { id: other!.ids.staff });
    expect(foreignStaff.idNumber).toBe(foreignStaff.idNumberMasked);
    expect((await mixed.call<{ idNumber: string }>('staff.get', { id: mine!.ids.staff })).idNumber).toMatch(/^\d{17}[\dX]$/);
    const reveals = t.core.ctx.sqlite.prepare("SELECT entity_id FROM audit_log WHERE action = 'elder.revealFull'").pluck().all();
    expect(reveals).toEqual([mine!.ids.elder]);
  });

  it('logs out: the session no longer works, and the logout is audited', async () => {
    const t = await securedCore();
    await t.admin.call('auth.logout');
    const after = await t.admin.send('accounts.list', {});
    expect(after.ok ? '' : after.error.code).toBe('UNAUTHENTICATED');
    expect(t.core.ctx.sqlite.prepare("SELECT actor_name FROM audit_log WHERE action = 'auth.logout'").pluck().all()).toEqual(['admin']);
  });

  it('masks phones as first 3 and last 4 digits', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('010-69041234')).toBe('010****1234');
    expect(maskPhone('6904123')).toBe('***4123');
  });

  it('the CLI creates the database owner-only', async () => {
    const c = await makeCore();
    cores.push(c);
    if (process.platform !== 'win32') expect(fs.statSync(c.dbPath).mode & 0o777).toBe(0o600);
  });
});

/** The call context the dispatcher would build for a session (for scopeCheck). */
async function identifyAs(core: TestCore, token: string): Promise<CoreContext> {
  const { accessOf } = await import('../../electron/core/app/access');
  const { grantsOf } = await import('../../electron/core/features/accounts/service');
  const id = core.ctx.sessions.use(token, core.ctx.now().getTime(), Number.MAX_SAFE_INTEGER) as { accountId: string };
  return { ...core.ctx, access: accessOf(id.accountId, await grantsOf(core.ctx.db, id.accountId)), scope: null };
}

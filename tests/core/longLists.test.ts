import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeCore, type TestCore } from './helpers';
import { createDispatch } from '../../electron/core/dispatch';
import { categoriesOf, latestAssessments } from '../../electron/core/features/elders/service';

// SQLite binds at most 32,766 parameters in one statement. A national file passes that in a single
// list: the city's drill-down names every facility behind a figure (406,000 nationally).
const MANY = 33_000;

let core: TestCore;
afterEach(async () => core?.close());

describe('lists longer than SQLite binds in one statement', () => {
  it('drills into an area of more facilities than that, a page at a time, with the right total', async () => {
    core = await makeCore();
    const t = `'2026-01-01T00:00:00Z'`;
    core.ctx.sqlite.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MANY})
      INSERT INTO facilities (id, name, kind, ownership, status, area_code, medical_service, approved_beds, opened_on, created_at, updated_at)
        SELECT printf('f%05d', i), printf('驿站%05d', i), 'community_station', 'public', 'operating', '110118', 'none', 10, '2015-01-01', ${t}, ${t} FROM n;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MANY})
      INSERT INTO facility_status_history (id, facility_id, status, effective_on, recorded_at, recorded_by)
        SELECT printf('h%05d', i), printf('f%05d', i), 'operating', '2015-01-01', ${t}, 'x' FROM n;`);
    const page = await core.call('indicators.drillPage', { asOf: '2026-11-23', areaCode: '110118', indicatorId: 'approved_beds', limit: 50 });
    expect(page.total).toBe(MANY);
    expect(page.rows).toHaveLength(50);
    const whole = await core.call('indicators.drill', { asOf: '2026-11-23', areaCode: '110118', indicatorId: 'approved_beds' });
    expect(whole.rows).toHaveLength(MANY);
  });

  it('reads the categories and latest assessments of more elders than that', async () => {
    core = await makeCore();
    const ids = Array.from({ length: MANY }, (_, i) => `e${i}`);
    await expect(categoriesOf(core.ctx.db, ids)).resolves.toBeInstanceOf(Map);
    await expect(latestAssessments(core.ctx.db, ids, null)).resolves.toBeInstanceOf(Map);
  });

  it('answers a scoped account naming 40,000 facilities with a refusal, not an internal error', async () => {
    core = await makeCore({ requireSession: true });
    const system = createDispatch({ ...core.ctx, requireSession: false });
    const setup = await core.dispatch('auth.setup', { name: 'admin', password: 'Admin-2026-long' });
    expect(setup.ok).toBe(true);
    const home = await system('facilities.create', { name: '康乐养老院', kind: 'institution', ownership: 'public', areaCode: '110118', openedOn: '2015-01-01' });
    if (!home.ok) throw new Error(home.error.message);
    const homeId = (home.data as { id: string }).id;
    const created = await system('accounts.create', { name: 'home', password: 'Home-2026-long', grants: [{ role: 'facility_admin', scope: { kind: 'facility', ids: [homeId] } }] });
    expect(created.ok).toBe(true);
    const login = await core.dispatch('auth.login', { name: 'home', password: 'Home-2026-long' });
    if (!login.ok) throw new Error(login.error.message);
    const session = (login.data as { token: string }).token;
    const r = await core.dispatch('exchange.export', { facilityIds: [homeId, ...Array.from({ length: 40_000 }, () => randomUUID())] }, { session });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(['FORBIDDEN', 'VALIDATION']).toContain(r.error.code);
  });
});

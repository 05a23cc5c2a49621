import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';
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
});

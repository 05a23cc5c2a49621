import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';
import { createDispatch } from '../../electron/core/dispatch';

let core: TestCore;
afterEach(async () => core?.close());

/** The 数据质量 sheet's 说明 column of an indicators workbook exported by `send`. */
async function qualityLines(send: (c: string, i: unknown) => Promise<any>): Promise<string[]> {
  const r = await send('exports.indicators', { asOf: '2026-11-23', format: 'xlsx' });
  if (!r.ok) throw new Error(r.error.message);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.data.dataBase64, 'base64') as never);
  const ws = wb.getWorksheet('数据质量')!;
  return ws.getRows(1, ws.rowCount)!.map((row) => `${row.getCell(1).value ?? ''} ${row.getCell(4).value ?? ''}`);
}

describe('the indicators workbook and personal data', () => {
  it('names elders on its 数据质量 sheet only for an account that may export personal data; others get the counts and why', async () => {
    core = await makeCore({ requireSession: true });
    const system = createDispatch({ ...core.ctx, requireSession: false });
    expect((await core.dispatch('auth.setup', { name: 'admin', password: 'Admin-2026-export' })).ok).toBe(true);
    // An old elder row with a bad check digit: the audit names the elder.
    core.ctx.sqlite
      .prepare(`INSERT INTO elders (id, name, id_number, birth_date, sex, hukou_area_code, created_at, updated_at)
                VALUES ('old-1', '旧数据甲', '110118194001010110', '1940-01-01', 'M', '110118', 'x', 'x')`)
      .run();
    const grant = async (name: string, grants: unknown[]) => {
      expect((await system('accounts.create', { name, password: 'Export-2026-pw', grants })).ok).toBe(true);
      const login = await core.dispatch('auth.login', { name, password: 'Export-2026-pw' });
      if (!login.ok) throw new Error(login.error.message);
      const session = (login.data as { token: string }).token;
      return (c: string, i: unknown) => core.dispatch(c, i, { session });
    };
    const bureau = await grant('bureau', [{ role: 'district', scope: { kind: 'all' } }]);
    const home = await grant('home', [{ role: 'facility_admin', scope: { kind: 'all' } }]);

    const plain = await qualityLines(bureau);
    expect(plain.some((l) => l.includes('身份证号') && l.includes('（共 1 项）'))).toBe(true);
    expect(plain.join('\n')).not.toContain('旧数据甲');
    expect(plain.some((l) => l.includes('另有 1 项涉及老人姓名的问题只计入数量'))).toBe(true);

    const full = await qualityLines(home);
    expect(full.join('\n')).toContain('旧数据甲');
    expect(full.join('\n')).not.toContain('另有');
  });
});

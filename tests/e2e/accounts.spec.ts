import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures';
import { openCore } from '../../electron/core/core';
import { silentLogger } from '../../electron/core/app/context';
import { startHttpHost } from '../../electron/core/http/host';
import { createDispatch } from '../../electron/core/dispatch';
import { computeCheckDigit } from '../../shared/domain/idNumber';

const idNumber = (seq: string) => {
  const first17 = `11010119400101${seq}`;
  return first17 + computeCheckDigit(first17);
};

// The whole of issue 27 in the browser: a file without accounts starts on the setup screen; the first
// administrator creates a staff account for one home; that account sees only its home, masked, and is
// refused the settings and another home's elder by address; failed logins lock an account; the auditor
// reads the trail.
test('first administrator, a staff account scoped to one home, masked lists, refusals by URL, lockout and the auditor', async ({ browser }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-e2e-accounts-'));
  const core = await openCore({ dbPath: path.join(dir, 'carebeds.sqlite'), logger: silentLogger, requireSession: true, scryptLog2N: 10 });
  const host = await startHttpHost({ dispatch: core.dispatch, staticDir: path.resolve(process.env.CAREBEDS_STATIC_DIR ?? 'out/renderer') });
  const system = createDispatch({ ...core.ctx, requireSession: false });
  const call = async (channel: string, input: unknown) => {
    const r = await system(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as { id: string };
  };
  try {
    // Two homes, one resident each (registered as the CLI would).
    const homes: { id: string; elder: string }[] = [];
    for (const [i, name] of ['东城甲驿站', '西城乙驿站'].entries()) {
      const f = await call('facilities.create', { name, kind: 'community_station', ownership: 'public', areaCode: i ? '110102' : '110101', openedOn: '2019-01-01', approvedBeds: 4 });
      await call('beds.bulkCreate', { facilityId: f.id, buildingName: '一号楼', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2020-01-01' });
      const board = (await call('beds.board', { facilityId: f.id, asOf: null })) as unknown as { buildings: { floors: { rooms: { beds: { id: string }[] }[] }[] }[] };
      const bed = board.buildings[0]!.floors[0]!.rooms[0]!.beds[0]!.id;
      const e = await call('elders.create', { name: i ? '乙住户' : '甲住户', idNumber: idNumber(`10${i}`), phone: '13800138000' });
      await call('stays.admit', { elderId: e.id, bedId: bed, admittedOn: '2026-02-01', feeClass: 'standard' });
      homes.push({ id: f.id, elder: e.id });
    }

    // First start: the setup screen creates the first 系统管理员.
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await admin.goto(host.url);
    await expect(admin.getByText('首次使用：创建系统管理员')).toBeVisible();
    await admin.getByLabel('账户名').fill('director');
    await admin.getByLabel(/^密码/).fill('weakpass');
    await expect(admin.getByText('密码须包含大写字母、小写字母、数字、符号中的至少 3 类')).toBeVisible();
    await admin.getByLabel(/^密码/).fill('Director-2026');
    await admin.getByLabel('再次输入密码').fill('Director-2026');
    await admin.getByRole('button', { name: '创建并登录' }).click();
    await expect(admin.getByTestId('signed-in-as')).toHaveText('director');
    // An administrator starts on the accounts.
    await expect(admin).toHaveURL(/#\/accounts$/);

    // The administrator creates a staff account for 东城甲驿站 only.
    await admin.getByRole('link', { name: '账户与角色' }).click();
    await admin.getByRole('button', { name: '新建账户' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('账户名').fill('nurse');
    await dialog.getByLabel(/^密码/).fill('Nurse-2026-a');
    await dialog.getByRole('combobox', { name: '机构（可多选）' }).click();
    await admin.getByRole('option', { name: '东城甲驿站' }).click();
    await admin.keyboard.press('Escape');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(admin.getByTestId('accounts-table')).toContainText('机构工作人员（东城甲驿站）');

    // A second browser: the nurse signs in and sees only her home's resident, masked.
    const nurseContext = await browser.newContext();
    const nurse = await nurseContext.newPage();
    await nurse.goto(host.url);
    await nurse.getByLabel('账户名').fill('nurse');
    await nurse.getByLabel(/^密码/).fill('Nurse-2026-a');
    await nurse.getByRole('button', { name: '登录' }).click();
    await expect(nurse.getByTestId('signed-in-as')).toHaveText('nurse');
    // Her day starts on her home's bed board, the facility already chosen.
    await expect(nurse).toHaveURL(new RegExp(`#/beds\\?facility=${homes[0]!.id}$`));
    await expect(nurse.getByTestId('bed-101-1')).toBeVisible();
    // The tile names who is in the bed.
    await expect(nurse.getByTestId('bed-101-1-who')).toHaveText('甲住户');
    await expect(nurse.getByTestId('bed-101-1')).toContainText(/女|男/);
    await expect(nurse.getByTestId('bed-101-1')).toContainText(/已住 \d+ 天/);
    await expect(nurse.getByRole('link', { name: '设置' })).toHaveCount(0);
    await nurse.getByRole('link', { name: '老人与入住' }).click();
    const table = nurse.getByTestId('elder-table');
    await expect(table).toContainText('甲住户');
    await expect(table).toContainText(`110101********${idNumber('100').slice(-4)}`);
    await expect(table).not.toContainText('乙住户');
    await expect(table).not.toContainText(idNumber('100'));

    // Her resident's page is masked until 显示完整, which is audited.
    await table.getByText('甲住户').click();
    await expect(nurse.getByTestId('elder-id-number')).toHaveText(`110101********${idNumber('100').slice(-4)}`);
    await nurse.getByTestId('elder-show-full').click();
    await expect(nurse.getByTestId('elder-id-number')).toHaveText(idNumber('100'));

    // By address: the settings and the other home's elder are refused.
    await nurse.goto(`${host.url}#/settings`);
    await expect(nurse.getByTestId('forbidden')).toBeVisible();
    await nurse.goto(`${host.url}#/elders/${homes[1]!.elder}`);
    await expect(nurse.getByText('该记录不在您的账户的管辖范围内')).toBeVisible();
    await expect(nurse.getByText('乙住户')).toHaveCount(0);

    // Five wrong passwords lock the account; the right one is then refused too.
    const thiefContext = await browser.newContext();
    const thief = await thiefContext.newPage();
    await thief.goto(host.url);
    await thief.getByLabel('账户名').fill('nurse');
    for (let i = 0; i < 5; i++) {
      await thief.getByLabel(/^密码/).fill(`wrong-${i}`);
      await thief.getByRole('button', { name: '登录' }).click();
      await expect(thief.getByTestId('login-error')).toContainText(i < 4 ? '账户名或密码错误' : '账户已锁定');
    }
    await thief.getByLabel(/^密码/).fill('Nurse-2026-a');
    await thief.getByRole('button', { name: '登录' }).click();
    await expect(thief.getByTestId('login-error')).toContainText('账户已锁定');

    // The security auditor reads the trail and checks its chain.
    await call('accounts.create', { name: 'auditor', password: 'Auditor-2026', grants: [{ role: 'auditor', scope: { kind: 'all' } }] });
    await thief.getByLabel('账户名').fill('auditor');
    await thief.getByLabel(/^密码/).fill('Auditor-2026');
    await thief.getByRole('button', { name: '登录' }).click();
    await expect(thief.getByRole('link', { name: '审计日志' })).toBeVisible();
    await expect(thief.getByRole('link', { name: '老人与入住' })).toHaveCount(0);
    await thief.getByRole('link', { name: '审计日志' }).click();
    const trail = thief.getByTestId('audit-table');
    await expect(trail).toContainText('连续 5 次登录失败，锁定 15 分钟');
    await expect(trail).toContainText('查看 甲住户');
    await expect(trail).toContainText('新建账户 nurse');
    await thief.getByRole('button', { name: '校验哈希链' }).click();
    await expect(thief.getByTestId('audit-verdict')).toContainText('哈希链无断裂');
  } finally {
    await host.close();
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

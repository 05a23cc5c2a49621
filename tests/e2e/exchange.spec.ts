import fs from 'node:fs';
import path from 'node:path';
import { openCore, type Core } from '../../electron/core/core';
import { silentLogger } from '../../electron/core/app/context';
import { computeCheckDigit } from '../../shared/domain/idNumber';
import { expect, test } from './fixtures';

const idFor = (birth: string) => {
  const first17 = `110107${birth}123`;
  return first17 + computeCheckDigit(first17);
};

async function call<T = { id: string }>(core: Core, channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as T;
}

test('a station\'s package goes into the bureau\'s file: a conflict is named and blocks it, then it imports and exports back unchanged', async ({ page, app }) => {
  // The station: its own file on its own PC, with rooms, beds and two residents.
  const station = await openCore({ dbPath: path.join(app.dir, 'station.sqlite'), logger: silentLogger });
  const f = await call(station, 'facilities.create', { name: '八角街道社区养老服务驿站', kind: 'community_station', ownership: 'public_private', areaCode: '110107', openedOn: '2019-01-01', approvedBeds: 6 });
  await call(station, 'beds.bulkCreate', { facilityId: f.id, buildingName: '驿站', floor: 1, roomFrom: 101, roomTo: 102, bedsPerRoom: 2, category: 'short_term', nursing: true, openedOn: '2020-01-01' });
  const board = await call<{ buildings: { floors: { rooms: { beds: { id: string }[] }[] }[] }[] }>(station, 'beds.board', { facilityId: f.id, asOf: null });
  const beds = board.buildings[0]!.floors[0]!.rooms.flatMap((r) => r.beds.map((b) => b.id));
  const wang = await call(station, 'elders.create', { name: '王大爷', idNumber: idFor('19400101') });
  const li = await call(station, 'elders.create', { name: '李奶奶', idNumber: idFor('19400102') });
  await call(station, 'stays.admit', { elderId: wang.id, bedId: beds[0], admittedOn: '2025-02-01', feeClass: 'standard' });
  await call(station, 'stays.admit', { elderId: li.id, bedId: beds[1], admittedOn: '2025-02-10', feeClass: 'low' });
  // The station knows no key of the bureau yet: its first package goes under a passphrase.
  const pkg = await call<{ fileName: string; dataBase64: string }>(station, 'exchange.export', { facilityIds: [f.id], passphrase: '八角驿站交换口令' });
  await station.close();
  const file = app.writeFile(pkg.fileName, Buffer.from(pkg.dataBase64, 'base64'));

  // The bureau's file already has 李奶奶 in another home since 2025-01-01, still open.
  const home = await call(app.core, 'facilities.create', { name: '石景山区社会福利院', kind: 'institution', ownership: 'public', areaCode: '110107', openedOn: '2010-01-01', approvedBeds: 2 });
  await call(app.core, 'beds.bulkCreate', { facilityId: home.id, buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 1, category: 'long_term', nursing: true, openedOn: '2010-01-01' });
  const homeBoard = await call<{ buildings: { floors: { rooms: { beds: { id: string }[] }[] }[] }[] }>(app.core, 'beds.board', { facilityId: home.id, asOf: null });
  const bureauLi = await call(app.core, 'elders.create', { name: '李奶奶', idNumber: idFor('19400102') });
  const other = await call(app.core, 'stays.admit', { elderId: bureauLi.id, bedId: homeBoard.buildings[0]!.floors[0]!.rooms[0]!.beds[0]!.id, admittedOn: '2025-01-01', feeClass: 'standard' });

  await page.goto(app.url);
  const pick = async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('exchange-pick').click();
    await (await chooser).setFiles(file);
    await page.getByTestId('exchange-import-passphrase').fill('八角驿站交换口令');
    await page.getByTestId('exchange-import-unlock').click();
  };
  await page.getByTestId('exchange-open').click();
  await pick();
  await expect(page.getByTestId('exchange-report')).toContainText('来自：八角街道社区养老服务驿站');
  await expect(page.getByTestId('exchange-sender')).toHaveAttribute('data-key-status', 'new');
  await expect(page.getByTestId('exchange-problems')).toContainText('入住“李奶奶 2025-02-10 入住”：入住记录与已有记录冲突：本机已有与之时段重叠的记录');
  await expect(page.getByTestId('exchange-commit')).toHaveCount(0);
  expect(await app.core.dispatch('facilities.list', {}).then((r) => r.ok && (r.data as { total: number }).total)).toBe(1);

  // The bureau corrects its own record (she left that home on 2025-02-01) and picks the package again.
  await call(app.core, 'stays.discharge', { admissionId: other.id, on: '2025-02-01', reason: 'transfer_out' });
  await pick();
  // The commit button shows only once the new preview is in and has no conflict.
  await expect(page.getByTestId('exchange-commit')).toBeVisible();
  await expect(page.getByTestId('exchange-problems')).toHaveCount(0);
  const counts = page.getByTestId('exchange-counts');
  // Columns: 记录类别, 交换包中, 新增, 更新, 相同, 保留本机, 本机另有. 李奶奶 is found by ID number, not added twice.
  const row = (table: string) => counts.locator(`[data-table="${table}"] td`);
  await expect(row('beds')).toHaveText(['床位', '4', '4', '0', '0', '0', '0']);
  await expect(row('elders')).toHaveText(['老人', '2', '1', '0', '1', '0', '0']);
  await expect(row('admissions')).toHaveText(['入住', '2', '2', '0', '0', '0', '0']);
  await page.getByTestId('exchange-commit').click();
  await expect(page.getByText(/交换包已导入：新增 \d+ 条，更新 0 条/)).toBeVisible();
  await expect(page.getByTestId('facility-table').getByRole('link', { name: '八角街道社区养老服务驿站' })).toBeVisible();
  const occupancy = await call<{ residents: number }>(app.core, 'stays.occupancy', { facilityId: f.id });
  expect(occupancy.residents).toBe(2);

  // From the facility's page the bureau exports it again, now encrypted to the station's key (pinned on
  // import, so no passphrase is asked); the station reads it back and nothing changes.
  await page.getByTestId('facility-table').getByRole('link', { name: '八角街道社区养老服务驿站' }).click();
  const download = page.waitForEvent('download');
  await page.getByTestId('exchange-export').click();
  await page.getByTestId('exchange-export-confirm').click();
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/^交换包-八角街道社区养老服务驿站-\d{8}-\d{6}\.cbx$/);
  await expect(page.getByTestId('exchange-passphrase')).toHaveCount(0);
  const back = fs.readFileSync(await saved.path());
  const again = await openCore({ dbPath: path.join(app.dir, 'station.sqlite'), logger: silentLogger });
  const r = await call<{ tables: { added: number; updated: number }[] }>(again, 'exchange.preview', { file: { fileName: 'back.cbx', dataBase64: back.toString('base64') } });
  await again.close();
  expect(r.tables.reduce((n, x) => n + x.added + x.updated, 0)).toBe(0);
});

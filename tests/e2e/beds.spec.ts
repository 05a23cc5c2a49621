import { test, expect, chooseOption, pickImportFile } from './fixtures';

async function addFacility(app: { core: { dispatch: (c: string, i: unknown) => Promise<any> } }, name: string, approvedBeds: number) {
  const r = await app.core.dispatch('facilities.create', { name, kind: 'institution', ownership: 'public', areaCode: '110118', approvedBeds, openedOn: '2015-01-01' });
  expect(r.ok).toBe(true);
  return r.data.id as string;
}

test('lay out a floor in one action, see it on the board, retire a bed and see the counts change', async ({ page, app }) => {
  const id = await addFacility(app, '密云区康乐养老院', 12);
  await page.goto(app.url);
  await page.getByRole('link', { name: '床位' }).click();
  await chooseOption(page, '机构', '密云区康乐养老院');
  await expect(page.getByText('该机构尚未登记楼栋和床位')).toBeVisible();

  await page.getByRole('button', { name: '批量新增床位' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('楼栋名称').fill('1号楼');
  await dialog.getByLabel('楼层').fill('3');
  await dialog.getByLabel('起始房间号').fill('301');
  await dialog.getByLabel('结束房间号').fill('305');
  await dialog.getByLabel('启用日期').fill('2014-12-31');
  await expect(dialog.getByLabel('护理型')).not.toBeChecked();
  await dialog.getByLabel('护理型').check();
  await expect(dialog.getByTestId('bulk-preview')).toHaveText('将新建 5 间房，共新增 10 张床位。');
  // Before the facility opened: refused in Chinese, nothing written.
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText(/早于密云区康乐养老院的开业日期 2015-01-01/)).toBeVisible();
  const none = await app.core.dispatch('beds.counts', { facilityId: id });
  expect(none.ok && (none.data as { total: number }).total).toBe(0);

  await dialog.getByLabel('启用日期').fill('2020-01-01');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('count-total')).toHaveText('10');
  await expect(page.getByTestId('count-free')).toHaveText('10');
  await expect(page.getByTestId('count-nursing')).toHaveText('10');
  await expect(page.getByTestId('approved-warning')).toHaveText('登记床位 10 张，与核定床位数 12 张不一致（少 2 张）。');
  const tiles = page.getByRole('button', { name: /^床位 \d+-\d：/ });
  await expect(tiles).toHaveCount(10);
  await expect(page.getByRole('button', { name: '床位 305-2：空闲，长期集中，护理型，普通分区' })).toBeVisible();

  // A range over rooms that exist: the preview names them and the bed numbers the core would refuse.
  await page.getByRole('button', { name: '批量新增床位' }).click();
  await expect(dialog.getByLabel('楼栋名称')).toHaveValue('1号楼');
  // The last run's ticks are not carried over.
  await expect(dialog.getByLabel('护理型')).not.toBeChecked();
  await expect(dialog.getByLabel('应急预留')).not.toBeChecked();
  await dialog.getByLabel('楼层').fill('3');
  await dialog.getByLabel('起始房间号').fill('304');
  await dialog.getByLabel('结束房间号').fill('307');
  await expect(dialog.getByTestId('bulk-preview')).toHaveText(
    '将新建 2 间房，共新增 8 张床位。304、305 室已存在，床位补充到这些房间。已有床位号，保存会被拒绝：304 室 1、2 号床；305 室 1、2 号床。',
  );
  await dialog.getByLabel('楼层').fill('4');
  await expect(dialog.getByTestId('bulk-preview')).toContainText('房间已登记在其他楼层，保存会被拒绝：304（3 层）、305（3 层）。');
  await dialog.getByRole('button', { name: '取消' }).click();

  // Filters narrow the tiles; the state is printed on each tile, not only coloured.
  await chooseOption(page, '护理类型', '非护理型');
  await expect(tiles).toHaveCount(0);
  await expect(page.getByText('显示 0 / 10 张')).toBeVisible();
  await chooseOption(page, '护理类型', '护理型');
  await expect(tiles).toHaveCount(10);
  await expect(page.getByTestId('bed-301-1')).toContainText('空闲');

  // Keyboard: focus a tile and press Enter to open its detail.
  await page.getByTestId('bed-301-1').focus();
  await page.keyboard.press('Enter');
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText('床位 301-1')).toBeVisible();
  await expect(drawer.getByTestId('bed-state')).toHaveText('空闲');
  await drawer.getByLabel('停用日期').fill('2024-03-01');
  await drawer.getByLabel('停用原因').fill('房间改造');
  await drawer.getByRole('button', { name: '确认停用' }).click();
  await expect(drawer.getByTestId('bed-state')).toHaveText('不在使用期内');
  await expect(drawer.getByText('自 2024-03-01 起停用（房间改造）')).toBeVisible();
  await page.keyboard.press('Escape');

  await expect(page.getByTestId('count-total')).toHaveText('9');
  await expect(page.getByTestId('approved-warning')).toContainText('少 3 张');
  await expect(page.getByTestId('bed-301-1')).toHaveCount(0);
  await expect(tiles).toHaveCount(9);

  // As of a date before the retirement the bed is still there.
  await page.getByLabel('统计日期').fill('2024-02-01');
  await expect(page.getByTestId('count-total')).toHaveText('10');
  await expect(page.getByTestId('bed-301-1')).toBeVisible();

  // The bureau's summary shows the same counts.
  await page.getByRole('tab', { name: '各机构床位汇总' }).click();
  const row = page.getByTestId('bed-summary-table').getByRole('row', { name: /密云区康乐养老院/ });
  await expect(row).toContainText('9');
  await expect(row).toContainText('-3');
});

test('import a beds file with a bad row: the preview names it and nothing is written until fixed', async ({ page, app }) => {
  const id = await addFacility(app, '门头沟区社会福利中心', 3);
  const header = '机构名称,楼栋,楼层,房间,床位号,床位类别,护理型,分区,应急预留,启用日期,停用日期';
  const good = ['门头沟区社会福利中心,A座,1,101,1,长期集中,是,普通,否,2019-01-01,', '门头沟区社会福利中心,A座,1,101,2,短期托养,否,失能失智,是,2019-01-01,'];
  const bad = '门头沟区社会福利中心,A座,1,102,1,家庭照护,也许,普通,否,2019-01-01,';
  const file = app.writeFile('beds.csv', [header, ...good, bad].join('\n'));

  await page.goto(app.url);
  await page.getByRole('link', { name: '床位' }).click();
  await page.getByRole('button', { name: '导入床位' }).click();
  await pickImportFile(page, file);
  await expect(page.getByTestId('import-summary')).toHaveText('读取 3 行：通过 2 行，错误 1 行');
  const errors = page.getByTestId('import-errors');
  await expect(errors).toContainText('“床位类别”的值“家庭照护”无效，可选值：长期集中、短期托养');
  await expect(errors).toContainText('“护理型”应填“是”或“否”，实际为“也许”');
  await expect(page.getByTestId('import-commit')).toHaveCount(0);
  const before = await app.core.dispatch('beds.counts', { facilityId: id });
  expect(before.ok && (before.data as { total: number }).total).toBe(0);

  const fixed = app.writeFile('beds-fixed.csv', [header, ...good, '门头沟区社会福利中心,A座,1,102,1,长期集中,是,普通,否,2019-01-01,'].join('\n'));
  await pickImportFile(page, fixed);
  await expect(page.getByTestId('import-summary')).toHaveText('读取 3 行：通过 3 行，错误 0 行');
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('已写入 3 行');
  await page.getByRole('button', { name: '关闭' }).last().click();

  await chooseOption(page, '机构', '门头沟区社会福利中心');
  await expect(page.getByTestId('count-total')).toHaveText('3');
  await expect(page.getByTestId('count-reserve')).toHaveText('1');
  await expect(page.getByTestId('count-reserved')).toHaveText('1');
  await expect(page.getByTestId('approved-warning')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '床位 101-2：预留，短期托养，非护理型，失能失智分区，应急预留' })).toBeVisible();
});

test('edit a room from the board and add a bed to it; a refused change names its field and writes nothing; a bed lists who held it', async ({ page, app }) => {
  const dispatch = app.core.dispatch as (channel: string, input: unknown) => Promise<any>;
  const home = await addFacility(app, '密云区康乐养老院', 6);
  expect((await dispatch('beds.bulkCreate', { facilityId: home, buildingName: '1号楼', floor: 3, roomFrom: 301, roomTo: 302, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2020-01-01' })).ok).toBe(true);
  const man = await dispatch('elders.create', { name: '王志强', idNumber: '110105194001010018' });
  const free = await dispatch('stays.freeBeds', { facilityId: home, on: '2026-01-10' });
  const bed3011 = (free.data as { id: string; label: string }[]).find((b) => b.label === '301-1')!;
  const admitted = await dispatch('stays.admit', { elderId: man.data.id, bedId: bed3011.id, admittedOn: '2026-01-10', feeClass: 'standard' });
  expect(admitted.ok).toBe(true);
  const bed3012 = (free.data as { id: string; label: string }[]).find((b) => b.label === '301-2')!;
  expect((await dispatch('stays.transfer', { admissionId: admitted.data.id, toBedId: bed3012.id, on: '2026-03-01', reason: '换床' })).ok).toBe(true);

  await page.goto(app.url);
  await page.getByRole('link', { name: '床位' }).click();
  await chooseOption(page, '机构', '密云区康乐养老院');
  await expect(page.getByTestId('count-total')).toHaveText('4');

  // A man lives in 301-1: the room cannot become women-only. The message sits on the field; nothing is saved.
  await page.getByRole('button', { name: '301 室：修改房间或新增床位' }).click();
  const dialog = page.getByRole('dialog', { name: '301 室' });
  await chooseOption(page, '房间性别限制', '仅限女性');
  await dialog.getByRole('button', { name: '保存房间信息' }).click();
  await expect(dialog.getByText('房间 301 的 2 号床住着（或已安排入住）王志强，不能设为仅限女性').first()).toBeVisible();
  const board = async () => (await dispatch('beds.board', { facilityId: home })).data.buildings[0].floors[0].rooms as { number: string; sexRestriction: string | null; capacity: number | null }[];
  expect((await board()).find((r) => r.number === '301')!.sexRestriction).toBeNull();

  // Renumbered, limited to two beds, men only: the board and the resident's bed label follow.
  await chooseOption(page, '房间性别限制', '仅限男性');
  await dialog.getByLabel('房间号').fill('311');
  await dialog.getByLabel('额定床位数').fill('2');
  await dialog.getByRole('button', { name: '保存房间信息' }).click();
  await expect(page.getByRole('button', { name: '311 室：修改房间或新增床位' })).toBeVisible();
  await expect(page.getByTestId('room-311')).toContainText('男');
  await expect(page.getByTestId('room-311')).toContainText('额定 2 张');
  await expect(page.getByTestId('bed-311-2')).toContainText('占用');
  await expect(page.getByTestId('bed-311-1')).toContainText('空闲');
  expect((await board()).find((r) => r.number === '311')).toMatchObject({ sexRestriction: 'M', capacity: 2 });

  // A third bed in a room rated for two is refused; raising the rating lets it in, counted on the board.
  await page.getByRole('button', { name: '311 室：修改房间或新增床位' }).click();
  const again = page.getByRole('dialog', { name: '311 室' });
  await expect(again.getByLabel('床位号')).toHaveValue('3');
  await again.getByLabel('启用日期').fill('2024-05-01');
  await again.getByRole('button', { name: '新增床位' }).click();
  await expect(again.getByText('房间 311 额定 2 张床，已满，不能再新增').first()).toBeVisible();
  await expect(page.getByTestId('count-total')).toHaveText('4');
  await again.getByLabel('额定床位数').fill('3');
  await again.getByRole('button', { name: '保存房间信息' }).click();
  await expect(page.getByTestId('room-311')).toContainText('额定 3 张');
  await page.getByRole('button', { name: '311 室：修改房间或新增床位' }).click();
  const third = page.getByRole('dialog', { name: '311 室' });
  await third.getByLabel('启用日期').fill('2024-05-01');
  await third.getByRole('button', { name: '新增床位' }).click();
  await expect(page.getByTestId('bed-311-3')).toContainText('空闲');
  await expect(page.getByTestId('count-total')).toHaveText('5');

  // Each bed's detail lists who held it: 311-1 until the transfer, 311-2 since.
  await page.getByTestId('bed-311-1').click();
  const stays = page.getByTestId('bed-stays');
  await expect(stays.getByRole('row')).toHaveCount(2);
  await expect(stays.getByRole('row').nth(1)).toHaveText(/王志强.*2026-01-10.*2026-03-01（转床）/);
  await page.keyboard.press('Escape');
  await page.getByTestId('bed-311-2').click();
  await expect(page.getByTestId('bed-stays').getByRole('row').nth(1)).toHaveText(/王志强.*2026-03-01.*在住/);
  // The name links to the elder's page, which names the renumbered room.
  await page.getByTestId('bed-stays').getByRole('link', { name: '王志强' }).click();
  await expect(page.getByText('311-2').first()).toBeVisible();
  await page.getByRole('link', { name: '老人与入住' }).click();
  await expect(page.getByTestId('elder-table').getByRole('row', { name: /王志强/ })).toContainText('311-2');
});

import { test, expect, chooseOption } from './fixtures';

type Dispatch = (channel: string, input: unknown) => Promise<any>;

async function done(dispatch: Dispatch, channel: string, input: unknown): Promise<any> {
  const r = await dispatch(channel, input);
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return r.data;
}

async function home(dispatch: Dispatch, name: string): Promise<string> {
  return (await done(dispatch, 'facilities.create', { name, kind: 'institution', ownership: 'public', areaCode: '110118', approvedBeds: 10, openedOn: '2015-01-01' })).id;
}

test('the bed board filters by building, floor, state and zone, explains its tiles, and remembers the filters per facility', async ({ page, app }) => {
  const dispatch = app.core.dispatch as Dispatch;
  const kangle = await home(dispatch, '密云区康乐养老院');
  const bulk = { facilityId: kangle, bedsPerRoom: 2, category: 'long_term', openedOn: '2020-01-01' };
  await done(dispatch, 'beds.bulkCreate', { ...bulk, buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 102, nursing: true });
  await done(dispatch, 'beds.bulkCreate', { ...bulk, buildingName: '1号楼', floor: 2, roomFrom: 201, roomTo: 202, nursing: false, zone: 'dementia' });
  await done(dispatch, 'beds.bulkCreate', { ...bulk, buildingName: '2号楼', floor: 3, roomFrom: 301, roomTo: 301, nursing: false });
  const fushou = await home(dispatch, '密云区福寿养老院');
  await done(dispatch, 'beds.bulkCreate', { facilityId: fushou, bedsPerRoom: 2, category: 'long_term', openedOn: '2020-01-01', buildingName: '主楼', floor: 1, roomFrom: 101, roomTo: 101, nursing: false });
  const elder = await done(dispatch, 'elders.create', { name: '王志强', idNumber: '110105194001010018' });
  const free = (await done(dispatch, 'stays.freeBeds', { facilityId: kangle, on: '2026-01-10' })) as { id: string; label: string }[];
  await done(dispatch, 'stays.admit', { elderId: elder.id, bedId: free.find((b) => b.label === '101-1')!.id, admittedOn: '2026-01-10', feeClass: 'standard' });

  await page.goto(`${app.url}#/beds?facility=${kangle}`);
  const shown = page.getByTestId('board-shown');
  await expect(shown).toHaveText('显示 10 / 10 张');

  // The legend says what each colour and mark means, in words.
  const legend = page.getByTestId('bed-legend');
  await expect(legend).toContainText('空闲：可安排入住');
  await expect(legend).toContainText('占用：有老人在住');
  await expect(legend).toContainText('请假保留：老人请假外出，床位为其保留');
  await expect(legend).toContainText('停用维修：停用或维修中，暂不能入住');
  await expect(legend).toContainText('护 = 护理型床位，备 = 应急预留床位');

  // Building, then a floor of it.
  await chooseOption(page, '楼栋', '1号楼');
  await expect(shown).toHaveText('显示 8 / 10 张');
  await expect(page.getByTestId('bed-301-1')).toHaveCount(0);
  await chooseOption(page, '楼层', '2 层');
  await expect(shown).toHaveText('显示 4 / 10 张');
  await expect(page.getByTestId('bed-201-1')).toBeVisible();
  await expect(page.getByTestId('bed-101-1')).toHaveCount(0);

  // Zone, across buildings.
  await page.getByRole('button', { name: '清除筛选' }).click();
  await expect(shown).toHaveText('显示 10 / 10 张');
  await chooseOption(page, '分区', '失能失智');
  await expect(shown).toHaveText('显示 4 / 10 张');
  await expect(page.getByTestId('bed-101-1')).toHaveCount(0);

  // State: only the occupied bed.
  await page.getByRole('button', { name: '清除筛选' }).click();
  await chooseOption(page, '状态', '占用');
  await expect(shown).toHaveText('显示 1 / 10 张');
  await expect(page.getByTestId('bed-101-1-who')).toHaveText('王志强');
  await expect(page.getByTestId('bed-101-2')).toHaveCount(0);

  // Another home opens unfiltered; back here, and after a restart, the filter is as it was left.
  await chooseOption(page, '机构', '密云区福寿养老院');
  await expect(page.getByTestId('board-title')).toHaveText('密云区福寿养老院');
  await expect(shown).toHaveText('显示 2 / 2 张');
  await expect(page.getByRole('combobox', { name: '状态', exact: true })).toHaveValue('');
  await chooseOption(page, '机构', '密云区康乐养老院');
  await expect(page.getByTestId('board-title')).toHaveText('密云区康乐养老院');
  await expect(shown).toHaveText('显示 1 / 10 张');
  await expect(page.getByRole('combobox', { name: '状态', exact: true })).toHaveValue('占用');
  await page.reload();
  await expect(shown).toHaveText('显示 1 / 10 张');
  await expect(page.getByRole('combobox', { name: '状态', exact: true })).toHaveValue('占用');

  // A remembered building, floor or state that no longer exists hides nothing.
  await page.evaluate((id) => window.localStorage.setItem(`carebeds.bedBoardFilters.${id}`, JSON.stringify({ building: 'gone', floor: 9, state: 'bogus', zone: null, nursing: null, category: null })), kangle);
  await page.reload();
  await expect(shown).toHaveText('显示 10 / 10 张');
  await expect(page.getByTestId('bed-301-1')).toBeVisible();
});

test('a tile says who is in the bed and since when, a resident away says since when, and Space opens the bed', async ({ page, app }) => {
  const dispatch = app.core.dispatch as Dispatch;
  const kangle = await home(dispatch, '密云区康乐养老院');
  await done(dispatch, 'beds.bulkCreate', { facilityId: kangle, bedsPerRoom: 2, category: 'long_term', openedOn: '2020-01-01', buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 101, nursing: true });
  const elder = await done(dispatch, 'elders.create', { name: '王志强', idNumber: '110105194001010018' });
  const free = (await done(dispatch, 'stays.freeBeds', { facilityId: kangle, on: '2026-01-10' })) as { id: string; label: string }[];
  const admission = await done(dispatch, 'stays.admit', { elderId: elder.id, bedId: free.find((b) => b.label === '101-1')!.id, admittedOn: '2026-01-10', feeClass: 'standard' });

  await page.goto(`${app.url}#/beds?facility=${kangle}`);
  const tile = page.getByTestId('bed-101-1');
  await expect(page.getByTestId('bed-101-1-who')).toHaveText('王志强');
  await expect(tile).toContainText('占用');
  await expect(tile).toContainText('男');
  await expect(tile).toContainText(/已住 \d+ 天/);
  await expect(tile).toContainText('护');
  await expect(tile).toHaveAttribute('aria-label', '床位 101-1：占用，长期集中，护理型，普通分区');
  await expect(page.getByRole('group', { name: '101 室' })).toBeVisible();
  await expect(page.getByTestId('room-101')).toHaveAttribute('aria-label', '101 室：修改房间或新增床位');

  await done(dispatch, 'stays.startLeave', { admissionId: admission.id, startOn: '2026-01-20', reason: '回家过节' });
  await page.reload();
  await expect(tile).toContainText('请假保留');
  await expect(tile).toContainText('01-20 起请假');
  await expect(tile).not.toContainText('已住');

  await page.getByTestId('bed-101-2').focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('dialog').getByText('床位 101-2')).toBeVisible();
});

import type { BedBoard } from '../../shared/contract';
import { computeCheckDigit } from '../../shared/domain/idNumber';
import { test, expect, chooseOption, type AppUnderTest } from './fixtures';

// The plans' remaining indicators through each new screen: the staff registry on a facility's page, the
// 特困 decision on an elder's page, the caregiver and 特困 indicators, 规划测算, and the subsidy table.
// 密云 (110118), 60+ 常住 20,000 (2025). Hand-computed: two caregivers on duty, one certified → 1.00 per
// 10,000 elderly (target 50: not met), 持证上岗率 50.0 %; one 特困 person with the need, not placed → 0.0 %.

const MIYUN = '110118';
const idOf = (birth: string, seq: string) => {
  const first17 = `${MIYUN}${birth}${seq}`;
  return first17 + computeCheckDigit(first17);
};

async function ok<T = any>(app: AppUnderTest, channel: string, input: unknown): Promise<T> {
  const r = await app.core.dispatch(channel as never, input);
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return (r as { data: T }).data;
}

async function seed(app: AppUnderTest) {
  await ok(app, 'population.upsert', { areaCode: MIYUN, year: 2025, resident: 500000, resident60: 20000 });
  const facility = await ok<{ id: string }>(app, 'facilities.create', { name: '密云区康乐养老院', kind: 'institution', ownership: 'public', areaCode: MIYUN, openedOn: '2015-01-01' });
  await ok(app, 'beds.bulkCreate', { facilityId: facility.id, buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 102, bedsPerRoom: 2, openedOn: '2020-01-01', category: 'long_term', nursing: true });
  const board = await ok<BedBoard>(app, 'beds.board', { facilityId: facility.id, asOf: null });
  return { facilityId: facility.id, beds: board.buildings[0]!.floors[0]!.rooms.flatMap((r) => r.beds.map((b) => b.id)) };
}

test('register caregivers on a facility page and read the caregiver indicators with attainment', async ({ page, app }) => {
  const { facilityId } = await seed(app);
  await ok(app, 'staff.create', { facilityId, name: '李护理', idNumber: idOf('19850101', '102'), post: 'caregiver', employedFrom: '2021-01-01' });
  await page.goto(`${app.url}#/facilities/${facilityId}`);
  const card = page.getByTestId('staff-card');
  await expect(card.getByTestId('staff-table')).toContainText('李护理');

  await page.getByTestId('staff-add').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('姓名').fill('王护理');
  await dialog.getByLabel('身份证号').fill(idOf('19800101', '101'));
  await chooseOption(page, '职业技能等级', '四级/中级工');
  await dialog.getByLabel('证书编号').fill('S-0001');
  await dialog.getByLabel('发证日期').fill('2021-06-30');
  await dialog.getByLabel('入职日期').fill('2020-01-01');
  await page.getByTestId('staff-save').click();
  const row = card.getByTestId('staff-table').getByRole('row', { name: /王护理/ });
  await expect(row).toContainText('四级/中级工');
  await expect(row).toContainText('持证');
  // The ID number is masked in the list.
  await expect(row).not.toContainText(idOf('19800101', '101'));
  await expect(row).toContainText('*');
  await expect(card.getByTestId('staff-ratio')).toContainText('在岗养老护理员 2 人，其中持证 1 人');

  await page.getByRole('link', { name: '指标与导出' }).click();
  await page.getByText('医养结合与兜底保障', { exact: true }).click();
  await expect(page.getByTestId(`ind-${MIYUN}-caregivers_on_duty`)).toHaveText('2');
  await expect(page.getByTestId(`ind-${MIYUN}-caregivers_per_ten_thousand_elderly-value`)).toHaveText('1.00');
  await expect(page.getByTestId(`ind-${MIYUN}-certified_caregiver_rate-value`)).toHaveText('50.0%');
  await expect(page.getByTestId(`ind-${MIYUN}-caregivers_per_ten_thousand_elderly-attainment`)).toHaveText('✗ 未达标');

  // A caregiver who left is recorded on the form (the full ID number is shown only there) and is off duty.
  await page.goto(`${app.url}#/facilities/${facilityId}`);
  await page.getByTestId('staff-edit-李护理').click();
  await expect(page.getByRole('dialog').getByLabel('身份证号')).toHaveValue(idOf('19850101', '102'));
  await page.getByRole('dialog').getByLabel('离职日期').fill('2026-11-01');
  await page.getByTestId('staff-save').click();
  await expect(page.getByTestId('staff-ratio')).toContainText('在岗养老护理员 1 人，其中持证 1 人');
  await expect(page.getByTestId('staff-table').getByRole('row', { name: /李护理/ })).toContainText('已离职');
});

test('record a 特困 person’s need for centralised support and see the placement rate and the waiting list', async ({ page, app }) => {
  await seed(app);
  const elder = await ok<{ id: string }>(app, 'elders.create', { name: '赵特困', idNumber: idOf('19400101', '201'), hukouAreaCode: MIYUN, categories: ['extreme_hardship'] });
  await page.goto(`${app.url}#/elders/${elder.id}`);
  const card = page.getByTestId('tekun-card');
  await expect(card).toContainText('尚未登记认定');
  await card.getByLabel('认定日期').fill('2026-01-10');
  await card.getByLabel('认定依据').fill('密民发〔2026〕1号');
  await page.getByTestId('tekun-save').click();
  await expect(card.getByRole('row', { name: /2026-01-10/ })).toContainText('有集中供养需求');

  await page.getByRole('link', { name: '指标与导出' }).click();
  await page.getByText('医养结合与兜底保障', { exact: true }).click();
  await expect(page.getByTestId(`ind-${MIYUN}-tekun_central_support_rate-value`)).toHaveText('0.0%');
  await expect(page.getByTestId(`ind-${MIYUN}-tekun_central_support_rate-attainment`)).toHaveText('✗ 未达标');
  await page.getByRole('tab', { name: '特困集中供养' }).click();
  await expect(page.getByTestId('tekun-summary')).toHaveText('共 1 人，已集中供养 0 人，未安置 1 人');
  await expect(page.getByTestId('tekun-list')).toContainText('赵特困');
  await expect(page.getByTestId('tekun-list')).toContainText('未安置');
  // The waiting list names the person too.
  await page.getByRole('link', { name: '老人与入住' }).click();
  await page.getByRole('tab', { name: '轮候' }).click();
  await expect(page.getByTestId('tekun-list')).toContainText('赵特困');
});

test('规划测算 answers met or how many beds are missing, and the subsidy table reconciles with the stays', async ({ page, app }) => {
  const { facilityId, beds } = await seed(app);
  await ok(app, 'planning.savePopulation', { areaCode: MIYUN, year: 2025, resident: 500000, source: '区统计局预测' });
  await ok(app, 'planning.saveProject', { name: '新城养老中心', districtCode: MIYUN, kind: 'new', plannedBeds: 300, nursingBeds: 200, status: 'building', plannedCompletionOn: '2025-06-30', source: '专项规划' });
  await page.goto(`${app.url}#/indicators`);
  await page.getByRole('tab', { name: '规划测算' }).click();
  // 4 beds + 300 = 304 in 2025, against 10 per thousand of the projected 500,000 → 5,000 − 304.
  const cell = page.getByTestId(`planning-${MIYUN}-2025-beds_per_thousand_residents`);
  await expect(cell).toContainText('0.61');
  await expect(cell).toContainText('缺 4696 张');
  await expect(page.getByTestId(`planning-${MIYUN}-2030-beds_per_thousand_residents`)).toContainText('沿用2025年目标');
  await expect(page.getByTestId('planning-projects')).toContainText('新城养老中心');

  // A project entered on the page moves the projection.
  await page.getByTestId('planning-add-project').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('项目名称').fill('福利中心扩建');
  await dialog.getByRole('combobox', { name: '区', exact: true }).click();
  await page.getByRole('option', { name: '密云区' }).first().click();
  await dialog.getByLabel('计划床位').fill('96');
  await dialog.getByLabel('计划竣工').fill('2025-12-31');
  await dialog.getByLabel('依据').fill('区政府批复');
  await page.getByTestId('planning-save-project').click();
  await expect(cell).toContainText('缺 4600 张');

  // Two residents in October 2026: 31 + 10 bed-days.
  const a = await ok<{ id: string }>(app, 'elders.create', { name: '钱老人', idNumber: idOf('19410101', '301') });
  const b = await ok<{ id: string }>(app, 'elders.create', { name: '孙老人', idNumber: idOf('19420101', '302') });
  await ok(app, 'stays.admit', { elderId: a.id, bedId: beds[0], admittedOn: '2026-09-01', feeClass: 'standard' });
  const adm = await ok<{ id: string }>(app, 'stays.admit', { elderId: b.id, bedId: beds[1], admittedOn: '2026-10-05', feeClass: 'standard' });
  await ok(app, 'stays.discharge', { admissionId: adm.id, on: '2026-10-15', reason: 'voluntary' });
  await page.goto(`${app.url}#/facilities/${facilityId}`);
  await page.getByTestId('subsidy-month').fill('2026-10');
  await expect(page.getByTestId('subsidy-total-bed-days')).toHaveText('41');
  await expect(page.getByTestId('subsidy-table')).toContainText('钱老人');
  const download = page.waitForEvent('download');
  await page.getByTestId('subsidy-export').click();
  expect((await download).suggestedFilename()).toBe('密云区康乐养老院-2026-10-运营补贴测算表.xlsx');
});

test('the staffing rule and the subsidy rates are set in 设置 and used on the facility page', async ({ page, app }) => {
  const { facilityId, beds } = await seed(app);
  await ok(app, 'staff.create', { facilityId, name: '李护理', idNumber: idOf('19850101', '102'), post: 'caregiver', employedFrom: '2021-01-01' });
  const a = await ok<{ id: string }>(app, 'elders.create', { name: '钱老人', idNumber: idOf('19410101', '301') });
  await ok(app, 'stays.admit', { elderId: a.id, bedId: beds[0], admittedOn: '2026-09-01', feeClass: 'standard' });

  await page.goto(app.url);
  await page.getByRole('link', { name: '设置' }).click();
  // One caregiver for 0.5 residents of 能力完好: the one resident needs 2 caregivers.
  const rule = page.getByTestId('staffing-rule');
  await rule.getByLabel('能力完好').fill('0.5');
  await rule.getByLabel('依据').fill('本区执行口径（测试）');
  await rule.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('护理员配比已保存')).toBeVisible();

  const rates = page.getByTestId('subsidy-settings');
  await page.getByTestId('subsidy-add-rate').click();
  await rates.getByLabel('金额（元）').fill('60');
  // Rates without their source are refused.
  await page.getByTestId('subsidy-save').click();
  await expect(page.getByText('请填写补贴标准的依据（文件名称和文号）')).toBeVisible();
  await page.getByTestId('subsidy-source').fill('京民养老发〔2026〕1号（测试）');
  await page.getByTestId('subsidy-save').click();
  await expect(page.getByText('运营补贴标准已保存')).toBeVisible();

  await page.goto(`${app.url}#/facilities/${facilityId}`);
  await expect(page.getByTestId('staff-ratio')).toContainText('按配比需要 2 人');
  await expect(page.getByTestId('staff-ratio')).toContainText('低于配比');
  await page.getByTestId('subsidy-month').fill('2026-10');
  // 31 bed-days × 60 元
  await expect(page.getByTestId('subsidy-table')).toContainText('1860');
});

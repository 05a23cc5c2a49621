import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { BedBoard } from '../../shared/contract';
import { test, expect, chooseOption, type AppUnderTest } from './fixtures';
import { countOffThread } from '../../electron/core/counting';
import { silentLogger } from '../../electron/core/app/context';

const MIYUN = '110118';
const HUAIROU = '110116';
const GULOU = '110118001';
const AS_OF = '2024-06-30';

async function ok<T = any>(app: AppUnderTest, channel: string, input: unknown): Promise<T> {
  const r = await app.core.dispatch(channel as never, input);
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return (r as { data: T }).data;
}

/**
 * 密云区 鼓楼街道: one 养老机构 opened 2015 with 5 rooms × 2 beds (护理型, 长期集中) from 2020-01-01, one of them retired
 * 2024-07-01 (after the as-of date, so it still counts), and 常住人口 4,000 for 2023 (a 2025 figure must not be
 * used for a 2024 date). Hand-computed as of 2024-06-30: 养老床位数 10; 每千名常住人口养老床位数 10 ÷ 4000 × 1000
 * = 2.50, short of the plan's 10 (差距 −7.50). 怀柔区 has beds but no population: its per-thousand value is missing.
 */
async function seed(app: AppUnderTest) {
  await ok(app, 'areas.create', { code: GULOU, name: '鼓楼街道' });
  const facility = await ok<{ id: string }>(app, 'facilities.create', {
    name: '密云区康乐养老院', kind: 'institution', ownership: 'public', areaCode: GULOU, approvedBeds: 10, openedOn: '2015-01-01',
  });
  await ok(app, 'beds.bulkCreate', {
    facilityId: facility.id, buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 105, bedsPerRoom: 2,
    openedOn: '2020-01-01', category: 'long_term', nursing: true,
  });
  const board = await ok<BedBoard>(app, 'beds.board', { facilityId: facility.id, asOf: AS_OF });
  const firstBed = board.buildings[0]!.floors[0]!.rooms[0]!.beds[0]!;
  await ok(app, 'beds.retire', { id: firstBed.id, retiredOn: '2024-07-01', reason: '房间改造' });
  await ok(app, 'population.upsert', { areaCode: MIYUN, year: 2023, resident: 4000, resident60: 1000 });
  await ok(app, 'population.upsert', { areaCode: MIYUN, year: 2025, resident: 1000 });

  const other = await ok<{ id: string }>(app, 'facilities.create', {
    name: '怀柔区颐养院', kind: 'institution', ownership: 'private', areaCode: HUAIROU, openedOn: '2016-01-01',
  });
  await ok(app, 'beds.bulkCreate', {
    facilityId: other.id, buildingName: 'A座', floor: 2, roomFrom: 201, roomTo: 201, bedsPerRoom: 3,
    openedOn: '2021-01-01', category: 'short_term', nursing: false,
  });
  return facility.id;
}

test('pick a date, read the table and the chart, drill into the facilities, export XLSX and print the report', async ({ page, app }) => {
  const facilityId = await seed(app);
  // Past dates not stored are counted on the worker thread, as for a file of 250,000 beds or more (this one
  // has 13): the page must show the same figures.
  countOffThread(app.core.ctx.counting, app.core.ctx.dbPath, silentLogger, 0);
  const sent = app.core.ctx.counting.offThread.sent;
  await page.goto(app.url);
  await page.getByRole('link', { name: '指标与导出' }).click();
  await expect(page.getByRole('heading', { name: '指标与导出', level: 2 })).toBeVisible();
  await page.getByLabel('统计日期').fill(AS_OF);

  const beds = page.getByTestId(`ind-${MIYUN}-eldercare_beds`);
  const perThousand = page.getByTestId(`ind-${MIYUN}-beds_per_thousand_residents`);
  await expect(beds).toHaveText('10');
  await expect(perThousand.getByTestId(`ind-${MIYUN}-beds_per_thousand_residents-value`)).toHaveText('2.50');
  // Against 密云's plan target of 10: not met, said in words as well as colour.
  await expect(perThousand.getByTestId(`ind-${MIYUN}-beds_per_thousand_residents-attainment`)).toHaveText('✗ 未达标');
  // Its details, filled from the table's messages: numerator, denominator, population year, the target.
  await expect(perThousand.getByTestId(`ind-${MIYUN}-beds_per_thousand_residents-value`)).toHaveAttribute(
    'title',
    /^分子：10\n分母：4,000\n人口数据：2023 年\n.*目标.*未达标/,
  );
  // 密云 per thousand elderly: 10 ÷ 1000 × 1000 = 10.00. 怀柔区 has no elderly population figure: a dash with the
  // reason, never 0.
  await expect(page.getByTestId(`ind-${MIYUN}-beds_per_thousand_elderly-value`)).toHaveText('10.00');
  const missing = page.getByTestId(`ind-${HUAIROU}-beds_per_thousand_elderly`);
  await expect(page.getByTestId(`ind-${HUAIROU}-eldercare_beds`)).toHaveText('3');
  await expect(missing.locator('[data-missing="true"]')).toHaveText('—');
  await expect(missing.locator('[data-missing="true"]')).toHaveAttribute('aria-label', /无数据：.*60岁及以上常住人口/);
  // The options in force and the population year used (2023, not the later 2025 figure).
  await expect(page.getByTestId('report-basis')).toContainText('计入养老床位的设施类型');
  await expect(page.getByTestId('population-years')).toContainText('常住人口 2023 年：密云区');
  // Each figure with its own year: the elderly figure of 密云 is named apart from its total.
  await expect(page.getByTestId('population-years')).toContainText('60岁及以上常住人口 2023 年：密云区');

  // The chart of 每千名常住人口养老床位数 is drawn with the plan targets (密云 10, 门头沟 7.6) as reference lines.
  const chart = page.getByTestId('district-chart');
  await expect(chart.locator('svg.recharts-surface')).toBeVisible();
  await expect(chart.locator('.recharts-reference-line')).toHaveCount(2);
  await expect(chart).toContainText('目标 10（密云区 2025）');
  // Per thousand elderly only 密云 has a figure: one bar, and the other districts listed as missing, not drawn as 0.
  await chooseOption(page, '图表指标', '每千名老年人养老床位数（张/千人）');
  await expect(chart.locator('.recharts-bar-rectangle')).toHaveCount(1);
  await expect(page.getByTestId('chart-missing')).toContainText('怀柔区（缺少2024年及以前的60岁及以上常住人口数据）');
  // The city has no elderly figure in any year: the trend says so instead of drawing zeros.
  await expect(page.getByTestId('trend-chart')).toContainText('没有可绘制的数据');
  await chooseOption(page, '图表指标', '每千名常住人口养老床位数（张/千人）');
  await expect(page.getByTestId('trend-chart').locator('svg.recharts-surface')).toBeVisible();

  // As of the day the bed retires it no longer counts: 9 ÷ 4000 × 1000 = 2.25.
  await page.getByLabel('统计日期').fill('2024-07-01');
  await expect(page.getByTestId(`ind-${MIYUN}-beds_per_thousand_residents-value`)).toHaveText('2.25');
  await page.getByLabel('统计日期').fill(AS_OF);
  await expect(page.getByTestId(`ind-${MIYUN}-beds_per_thousand_residents-value`)).toHaveText('2.50');
  // A past date once counted is stored on disk, and the page says so.
  await expect(page.getByTestId('checkpoint-note')).toContainText('该历史日期的统计已存档');
  // A date never viewed (before the last event, 2024-07-01, so not answered from the counters) beside a
  // stored one: while it is counted the page says which stored date it starts from; once counted it is
  // stored too. Every request that would count it (the report, the trend) is held back until the note has
  // been read, so that the note is asked before the date is stored.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/rpc/**', async (route) => {
    const counting = !route.request().url().endsWith('/indicators.checkpoints');
    if (counting && (route.request().postDataJSON() as { asOf?: string } | null)?.asOf === '2024-06-20') await held;
    await route.continue();
  });
  await page.getByLabel('统计日期').fill('2024-06-20');
  // (2024-06-30, or a quarter end the background may have stored by now.)
  await expect(page.getByTestId('checkpoint-note')).toContainText(/该历史日期尚未存档：将从已存档的 \d{4}-\d{2}-\d{2} 推算/);
  release();
  await expect(page.getByTestId(`ind-${MIYUN}-beds_per_thousand_residents-value`)).toHaveText('2.50');
  await expect(page.getByTestId('checkpoint-note')).toContainText('该历史日期的统计已存档');
  await page.unroute('**/rpc/**');
  expect(app.core.ctx.counting.offThread.sent).toBeGreaterThan(sent);
  await page.getByLabel('统计日期').fill(AS_OF);
  await expect(page.getByTestId(`ind-${MIYUN}-beds_per_thousand_residents-value`)).toHaveText('2.50');

  // Drill-down: the facility behind 密云's 10 beds, linking to its record.
  await page.getByTestId(`ind-${MIYUN}-eldercare_beds-value`).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText('明细：密云区 · 养老床位数');
  const link = drawer.getByRole('link', { name: '密云区康乐养老院' });
  await expect(link).toHaveAttribute('href', `#/facilities/${facilityId}`);
  await expect(drawer.getByTestId('drill-table').locator('tbody tr')).toHaveCount(1);
  await expect(drawer.getByTestId('drill-table').locator('tbody tr td').nth(3)).toHaveText('10');
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);

  // On a 1366-pixel screen the table scrolls sideways and the area column stays put, with its code under it.
  await page.setViewportSize({ width: 1366, height: 768 });
  const table = page.getByTestId('indicator-table');
  const nameCell = page.getByTestId(`ind-row-${MIYUN}`).locator('th, td').first();
  await expect(nameCell).toContainText(`密云区${MIYUN}`);
  const scroller = page.locator('.mantine-ScrollArea-viewport', { has: table });
  expect(await scroller.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
  const valueCell = page.getByTestId(`ind-${MIYUN}-eldercare_beds`);
  const [nameX, valueX] = [(await nameCell.boundingBox())!.x, (await valueCell.boundingBox())!.x];
  await scroller.evaluate((e) => (e.scrollLeft = e.scrollWidth));
  await expect.poll(() => scroller.evaluate((e) => e.scrollLeft)).toBeGreaterThan(100);
  expect((await valueCell.boundingBox())!.x).toBeLessThan(valueX - 100);
  expect(Math.abs((await nameCell.boundingBox())!.x - nameX)).toBeLessThan(1);
  await page.setViewportSize({ width: 1600, height: 1000 });

  // Street level: 鼓楼街道 under 密云区 holds the 10 beds; it has no population of its own, so its per-thousand
  // figure is missing rather than 0.
  await chooseOption(page, '统计层级', '街道（乡镇）');
  await expect(page.getByTestId(`ind-row-${MIYUN}`)).toBeVisible();
  await expect(page.getByTestId(`ind-${GULOU}-eldercare_beds`)).toHaveText('10');
  await expect(page.getByTestId(`ind-${GULOU}-beds_per_thousand_residents`).locator('[data-missing="true"]')).toHaveText('—');
  await chooseOption(page, '统计层级', '区');
  await expect(page.getByTestId(`ind-row-${GULOU}`)).toHaveCount(0);

  // XLSX: downloaded, opened with exceljs, and the numbers are the table's.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(`养老床位指标-${AS_OF}.xlsx`);
  const file = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(file) as never);
  const ws = wb.getWorksheet('指标')!;
  expect(ws.getRow(1).getCell(1).value).toBe(`养老床位指标　统计日期：${AS_OF}`);
  const header = (ws.getRow(2).values as unknown[]).slice(1);
  const col = header.indexOf('每千名常住人口养老床位数（张/千人）') + 1;
  const elderlyCol = header.indexOf('每千名老年人养老床位数（张/千人）') + 1;
  const bedsCol = header.indexOf('养老床位数（张）') + 1;
  expect(col).toBeGreaterThan(2);
  const miyun = ws.getRows(3, ws.rowCount - 2)!.find((r) => r.getCell(1).value === MIYUN)!;
  expect(miyun.getCell(2).value).toBe('密云区');
  expect(miyun.getCell(bedsCol).value).toBe(10);
  expect(miyun.getCell(col).value).toBe(2.5);
  const huairou = ws.getRows(3, ws.rowCount - 2)!.find((r) => r.getCell(1).value === HUAIROU)!;
  expect(miyun.getCell(elderlyCol).value).toBe(10);
  // Missing stays blank in the file too, never 0.
  expect(huairou.getCell(elderlyCol).value ?? null).toBeNull();
  await expect(page.getByTestId('export-done')).toHaveText(`已生成 养老床位指标-${AS_OF}.xlsx`);

  // CSV: UTF-8 with a BOM so Excel shows the Chinese, same numbers.
  const csvPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 CSV' }).click();
  const csvDownload = await csvPromise;
  expect(csvDownload.suggestedFilename()).toBe(`养老床位指标-${AS_OF}.csv`);
  const csv = fs.readFileSync(await csvDownload.path());
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csv.toString('utf8')).toMatch(/^"?110118"?,"?密云区"?,10,2\.50?,10(\.00?)?,/m);

  // The printable report: cover, the same numbers, a chart and the audit summary.
  await page.getByRole('button', { name: '打印报告 / PDF' }).click();
  const report = page.getByTestId('report-view');
  await expect(report).toHaveAttribute('data-ready', 'true');
  await expect(report.getByTestId('report-asof')).toHaveText(`统计日期：${AS_OF}`);
  await expect(report.getByRole('heading', { name: '北京市养老床位指标报告' })).toBeVisible();
  await expect(report.getByTestId(`report-${MIYUN}-beds_per_thousand_residents`)).toHaveText('2.50 ✗');
  await expect(report.getByTestId('district-chart').locator('svg.recharts-surface')).toBeVisible();
  await expect(report.getByTestId('quality-counts')).toContainText('登记床位数与核定床位数不一致');
  await expect(report.getByRole('button', { name: '打印 / 另存为 PDF' })).toBeEnabled();
  // Print media hides the application frame, so only the report reaches the PDF.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.mantine-AppShell-navbar')).toBeHidden();
  await expect(report.getByRole('button', { name: '打印 / 另存为 PDF' })).toBeHidden();
  await expect(report.getByTestId('report-asof')).toBeVisible();
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  await page.emulateMedia({ media: 'screen' });
});

test('targets: add a target from the catalogue, see its attainment, delete it with a reason; options in 设置', async ({ page, app }) => {
  const facilityId = await seed(app);
  await page.goto(`${app.url}#/indicators?asOf=${AS_OF}&tab=targets`);
  const table = page.getByTestId('targets-table');
  await expect(table).toContainText('每千名常住人口养老床位数');
  await expect(table).toContainText('规划预置');

  await page.getByRole('button', { name: '新增目标' }).click();
  const dialog = page.getByRole('dialog');
  await chooseOption(page, '区域', '怀柔区');
  await chooseOption(page, '指标', /^养老床位数（张）$/);
  await dialog.getByLabel('目标值').fill('3');
  await dialog.getByLabel('来源').fill('怀柔区测试规划');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);
  const row = table.locator('tr', { hasText: '怀柔区测试规划' });
  await expect(row).toContainText('2025 ≥ 3 张');
  await expect(row).toContainText('✓ 达标');
  await expect(row).toContainText('差距 0');

  await row.getByRole('button', { name: '删除' }).click();
  const confirm = page.getByRole('dialog');
  await confirm.getByRole('button', { name: '删除' }).click();
  await expect(confirm.getByText('删除原因不能为空')).toBeVisible();
  await confirm.getByLabel('删除原因').fill('测试目标');
  await confirm.getByRole('button', { name: '删除' }).click();
  await expect(table.locator('tr', { hasText: '怀柔区测试规划' })).toHaveCount(0);

  // Data quality: problems listed per district, each linking to its record.
  await page.getByRole('tab', { name: '数据质量' }).click();
  await expect(page.getByTestId('quality-counts')).toBeVisible();
  // 密云 has no 2024 figure: flagged, linking to 区划与人口.
  await expect(page.getByTestId('quality-count-missing_population')).toContainText(/\d+/);
  const miyunIssues = page.getByTestId(`quality-district-${MIYUN}`);
  await expect(miyunIssues).toContainText('密云区：缺少 2024 年的常住人口数据');
  await expect(miyunIssues.getByRole('link', { name: '打开记录' }).first()).toHaveAttribute('href', '#/areas');
  // The audit is remembered between visits, and an edit made in the facility form shows up in it at once.
  const mismatch = page.getByTestId('quality-count-registered_vs_approved');
  await expect(mismatch).toContainText('0');
  await page.goto(`${app.url}#/facilities/${facilityId}`);
  await page.getByRole('button', { name: '编辑' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('核定床位数').fill('12');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toHaveCount(0);
  await page.goto(`${app.url}#/indicators?asOf=${AS_OF}&tab=quality`);
  await expect(page.getByTestId('quality-count-registered_vs_approved')).toContainText('1');
  await expect(page.getByTestId(`quality-district-${MIYUN}`)).toContainText('密云区康乐养老院：登记床位 10 张，核定床位 12 张');

  // 设置 › 指标口径: documented options; switching family care beds on is saved and named on the dashboard.
  await page.getByRole('link', { name: '设置', exact: true }).click();
  const options = page.getByTestId('indicator-options');
  await expect(options).toContainText('家庭照护床位设在老年人家中');
  await options.getByLabel('老年人年龄起点').click();
  await page.getByRole('option', { name: '65岁及以上' }).click();
  await options.getByRole('button', { name: '保存口径' }).click();
  await expect(page.getByText('指标口径已保存')).toBeVisible();
  const saved = await ok<{ elderlyAgeThreshold: number }>(app, 'indicators.options.get', {});
  expect(saved.elderlyAgeThreshold).toBe(65);
  await page.getByRole('link', { name: '指标与导出' }).click();
  await expect(page.getByTestId('report-basis')).toContainText('65岁及以上');
});

test('data quality: a list cut at 200 per kind still gives every district its exact count, and one click lists it whole', async ({ page, app }) => {
  // 205 facilities recording 核定 1 bed and registering none: 150 in 东城区, 55 in 延庆区 (last in code order).
  const create = (areaCode: string, i: number) =>
    ok(app, 'facilities.create', { name: `核对测试院${areaCode}-${i}`, kind: 'institution', ownership: 'private', areaCode, approvedBeds: 1, openedOn: '2015-01-01' });
  for (let i = 0; i < 150; i++) await create('110101', i);
  for (let i = 0; i < 55; i++) await create('110119', i);
  await page.goto(`${app.url}#/indicators?asOf=2026-11-20&tab=quality`);
  await expect(page.getByTestId('quality-count-registered_vs_approved')).toContainText('205');
  // 东城 comes first and is listed whole; 延庆 gets the 50 left of the 200, but its heading counts all 55.
  await expect(page.getByTestId('quality-district-110101').getByRole('button').first()).toContainText(/东城区（\d+ 项）/);
  const yanqing = page.getByTestId('quality-district-110119');
  await expect(yanqing.getByRole('button').first()).toContainText(/延庆区（\d+ 项，列出 \d+ 项）/);
  const heading = await yanqing.getByRole('button').first().innerText();
  const [total, listed] = heading.match(/\d+/g)!.map(Number);
  const audit = await ok<{ byDistrict: Record<string, Record<string, number>> }>(app, 'quality.audit', { asOf: '2026-11-20' });
  expect(total).toBe(Object.values(audit.byDistrict).reduce((n, d) => n + (d['110119'] ?? 0), 0));
  expect(listed).toBeLessThan(total!);
  await yanqing.getByRole('button').first().click();
  await expect(yanqing.getByTestId('quality-cut-note')).toContainText(`其余 ${total! - listed!} 项未列出`);
  await yanqing.getByRole('button', { name: '只看延庆区' }).click();
  const only = page.getByTestId('quality-district-110119');
  await expect(only.getByRole('button').first()).toHaveText(`延庆区（${total} 项）`);
  await expect(only.locator('tbody tr', { hasText: '核对测试院110119' })).toHaveCount(55);
});

test('the drill-down of a figure with more facilities than a page asks for the page it shows', async ({ page, app }) => {
  const done = async (channel: string, input: unknown) => {
    const r = await app.core.dispatch(channel as never, input as never);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as { id: string };
  };
  // 55 homes of 1 to 55 beds: sorted by beds, the first page holds the 50 largest.
  for (let i = 1; i <= 55; i++) {
    const f = await done('facilities.create', { name: `密云区第${String(i).padStart(2, '0')}养老院`, kind: 'institution', ownership: 'public', areaCode: MIYUN, approvedBeds: 60, openedOn: '2015-01-01' });
    await done('beds.bulkCreate', { facilityId: f.id, buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 100 + i, bedsPerRoom: 1, category: 'long_term', nursing: false, openedOn: '2019-01-01' });
  }
  const pages: { offset: number; rows: number; total: number }[] = [];
  page.on('response', async (res) => {
    if (!res.url().includes('/rpc/indicators.drill')) return;
    const body = (await res.json()) as { data: { total: number; rows: unknown[] } };
    pages.push({ offset: (JSON.parse(res.request().postData() ?? '{}') as { offset?: number }).offset ?? -1, rows: body.data.rows.length, total: body.data.total });
  });
  await page.goto(app.url);
  await page.getByRole('link', { name: '指标与导出' }).click();
  await page.getByTestId(`ind-${MIYUN}-eldercare_beds-value`).click();
  const drawer = page.getByTestId('drill-drawer');
  await expect(drawer.getByText('共 55 家机构')).toBeVisible();
  const rows = drawer.getByTestId('drill-table').locator('tbody tr');
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText('密云区第55养老院');
  await drawer.getByRole('button', { name: '2' }).click();
  await expect(rows).toHaveCount(5);
  await expect(rows.first()).toContainText('密云区第05养老院');
  await expect(rows.last()).toContainText('密云区第01养老院');
  // Two answers, one page each: never the whole list.
  expect(pages).toEqual([{ offset: 0, rows: 50, total: 55 }, { offset: 50, rows: 5, total: 55 }]);
});

test('a tab chosen and a date typed before the page draws again both hold (the tab does not spring back)', async ({ page, app }) => {
  await page.goto(`${app.url}#/indicators?asOf=${AS_OF}&tab=quality`);
  await expect(page.getByRole('tab', { name: '数据质量' })).toHaveAttribute('aria-selected', 'true');
  // Both in one task, as on a page busy drawing a national audit: no render between the two changes.
  await page.evaluate(() => {
    const tab = Array.from(document.querySelectorAll<HTMLElement>('[role="tab"]')).find((e) => e.textContent === '指标看板')!;
    tab.click();
    const input = document.querySelector<HTMLInputElement>('input[data-date-field]')!;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, '2024-03-31');
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(page.getByRole('tab', { name: '指标看板' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('统计日期')).toHaveValue('2024-03-31');
  await expect(page.locator('[data-as-of="2024-03-31"] [data-testid="indicator-table"]')).toBeVisible();
  expect(page.url()).not.toContain('tab=quality');
});

test('a report of more areas than a page shows a page of rows; the pages and the search reach every other row', async ({ page, app }) => {
  // 150 streets under 朝阳区: with the city and 16 districts, 167 rows at the street level.
  for (let i = 1; i <= 150; i++) await ok(app, 'areas.create', { code: `110105${String(i).padStart(3, '0')}`, name: `测试街道${i}号` });
  await page.goto(`${app.url}#/indicators?asOf=${AS_OF}&level=street`);
  const table = page.getByTestId('indicator-table');
  const body = table.locator('tbody > tr');
  await expect(page.getByTestId('ind-row-110105001')).toBeVisible();
  await expect(body).toHaveCount(100);
  await expect(page.getByTestId('indicator-page-info')).toHaveText('第 1–100 行，共 167 个区划');
  await expect(page.getByTestId('ind-row-110105150')).toHaveCount(0);

  // The next page holds the rest, 朝阳's last streets and the districts after it.
  await page.getByRole('button', { name: '下一页' }).click();
  await expect(page.getByTestId('ind-row-110105150')).toBeVisible();
  await expect(body).toHaveCount(67);
  await expect(page.getByTestId('ind-row-110105001')).toHaveCount(0);

  // The search reaches every row, by name or by code, from whatever page is shown.
  await page.getByLabel('查找区划').fill('测试街道150');
  await expect(body).toHaveCount(1);
  await expect(page.getByTestId('ind-row-110105150')).toBeVisible();
  await expect(page.getByTestId('indicator-page-info')).toHaveText('第 1–1 行，共 1 个匹配区划（全部 167 个）');
  await expect(page.getByTestId('indicator-pages')).toHaveCount(0);
  await page.getByLabel('查找区划').fill('110118');
  await expect(page.getByTestId('ind-row-110118')).toBeVisible();
  await page.getByLabel('查找区划').fill('没有这个区');
  await expect(body).toHaveCount(0);
  await expect(page.getByTestId('indicator-no-match')).toBeVisible();
  await page.getByLabel('查找区划').fill('');

  // A district with few streets fits on a page: no paging.
  await chooseOption(page, '区', '密云区');
  await expect(body).toHaveCount(2);
  await expect(page.getByTestId('indicator-pages')).toHaveCount(0);
  // The district level of Beijing, 17 rows, looks as it did: no search, no pages.
  await chooseOption(page, '统计层级', '区');
  await expect(body).toHaveCount(17);
  await expect(page.getByLabel('查找区划')).toHaveCount(0);
  await expect(page.getByTestId('indicator-pages')).toHaveCount(0);
});

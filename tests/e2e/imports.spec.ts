import ExcelJS from 'exceljs';
import { test, expect, pickImportFile } from './fixtures';

// A bureau's own 统计表 through the dialog (issue 28): the table behind a 说明 sheet under a title, a
// two-level header, 序号 and 合计; every column shown with what it is imported as, a column with data that
// would not be imported named before the commit, then a monthly report of declared figures that the
// indicators count as 申报.
async function bureauWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('说明').addRow(['本表由区民政局每月汇总。']);
  const sheet = wb.addWorksheet('统计表');
  sheet.addRow(['密云区养老机构床位统计表（2025年12月）']);
  sheet.mergeCells('A1:H1');
  sheet.addRow(['序号', '机构名', '机构类型', '所属街乡', '举办性质', '运营状态', '床位情况', '', '成立日期']);
  sheet.addRow(['', '', '', '', '', '', '床位数', '护理型床位数', '']);
  sheet.mergeCells('G2:H2');
  sheet.addRow([1, '鼓楼敬老之家', '养老院', '密云区', '民办', '正常运营', '120', '80', 45992]);
  sheet.addRow([2, '果园养老院', '养老机构', '密云区', '公办', '运营', 60, 30, 43831]);
  sheet.addRow(['合计', '', '', '', '', '', 180, 110, '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('a bureau workbook imports through the dialog with its columns mapped visibly, then declared figures count in the indicators', async ({ page, app }) => {
  const file = app.writeFile('统计表.xlsx', await bureauWorkbook());
  await page.goto(app.url);
  await page.getByRole('button', { name: '批量导入' }).click();
  await pickImportFile(page, file);
  await expect(page.getByTestId('import-summary')).toHaveText('读取 2 行：通过 2 行，错误 0 行');
  await expect(page.getByTestId('import-mapping')).toBeVisible();
  await expect(page.getByTestId('map-机构名')).toContainText('同义列名');
  await expect(page.getByTestId('map-床位数')).toContainText('床位情况 › 床位数');
  await expect(page.getByRole('combobox', { name: '床位数', exact: true })).toHaveValue('核定床位数');
  await expect(page.getByTestId('map-序号')).toContainText('序号列，跳过');
  await expect(page.getByTestId('import-skipped')).toContainText('合计');
  // The column with data that the template does not take is named, and the commit button says so.
  await expect(page.getByTestId('import-unmapped')).toContainText('护理型床位数');
  await expect(page.getByTestId('import-commit')).toHaveText('确认导入 2 行（不导入：护理型床位数）');
  // The user says 不导入 for it: no longer a warning.
  await page.getByRole('combobox', { name: '护理型床位数', exact: true }).click();
  await page.getByRole('option', { name: '不导入' }).click();
  await expect(page.getByTestId('import-unmapped')).toHaveCount(0);
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('已写入 2 行');
  const list = await app.core.dispatch('facilities.list', { search: '鼓楼敬老之家' });
  const home = (list.ok ? (list.data as { rows: { id: string }[] }).rows : [])[0]!;
  const detail = await app.core.dispatch('facilities.get', { id: home.id });
  expect(detail.ok && detail.data).toMatchObject({ approvedBeds: 120, openedOn: '2025-12-01', kind: 'institution' });
  await page.getByRole('button', { name: '关闭' }).click();

  // A header that cannot be placed is explained in the dialog, with the row read as the header.
  await page.getByRole('button', { name: '批量导入' }).click();
  await pickImportFile(page, app.writeFile('bad.csv', '机构,类型\n甲,养老机构'));
  await expect(page.getByTestId('import-header-problem')).toContainText('作为表头读取的是第 1 行：机构、类型');
  await page.getByRole('button', { name: '关闭' }).click();

  // The month's declared figures: the district reads them, labelled 申报.
  await page.getByTestId('declarations-import-open').click();
  await pickImportFile(page, app.writeFile('月报.csv', '机构名称,统计日期,床位数,护理型床位数,在住人数\n鼓楼敬老之家,2025-12-31,120,80,90\n果园养老院,2025-12-31,60,30,50'));
  await expect(page.getByTestId('import-summary')).toHaveText('读取 2 行：通过 2 行，错误 0 行');
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('已写入 2 行');
  await page.getByRole('button', { name: '关闭' }).click();
  // The indicators page counts them and says they are declared.
  await page.getByRole('link', { name: '指标与导出' }).click();
  await page.getByLabel('统计日期').fill('2026-01-15');
  await expect(page.getByTestId('ind-110118-eldercare_beds')).toHaveText('180');
  await expect(page.getByTestId('ind-row-110118').getByTestId('bed-sources')).toHaveText('明细 0 张 · 申报 2 家 180 张');
  // The facility's page lists its declaration.
  await page.goto(`${app.url}#/facilities/${home.id}`);
  await expect(page.getByTestId('declarations-card')).toContainText('2025-12-31');
  await expect(page.getByTestId('declarations-card')).toContainText('导入');
  const report = await app.core.dispatch('indicators.report', { asOf: '2026-01-15' });
  const miyun = (report.ok ? (report.data as { rows: { areaCode: string; bedSources: unknown }[] }).rows : []).find((r) => r.areaCode === '110118');
  expect(miyun?.bedSources).toEqual({ itemisedBeds: 0, declaredFacilities: 2, declaredBeds: 180 });
});

test('a monthly report without a date column takes the day typed in the dialog, in any year-first form', async ({ page, app }) => {
  const created = await app.core.dispatch('facilities.create', { name: '鼓楼敬老之家', kind: 'institution', ownership: 'public', areaCode: '110118', approvedBeds: 120, openedOn: '2015-01-01' });
  const id = created.ok ? (created.data as { id: string }).id : '';
  await page.goto(app.url);
  await page.getByTestId('declarations-import-open').click();
  await pickImportFile(page, app.writeFile('月报.csv', '机构名称,床位数,护理型床位数,在住人数\n鼓楼敬老之家,120,80,90'));
  const day = page.getByRole('textbox', { name: '统计日期/状态生效日期' });
  await day.fill('2025/12/31');
  await day.blur();
  await expect(day).toHaveValue('2025-12-31');
  await expect(page.getByTestId('import-summary')).toHaveText('读取 1 行：通过 1 行，错误 0 行');
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('已写入 1 行');
  await page.goto(`${app.url}#/facilities/${id}`);
  await expect(page.getByTestId('declarations-card')).toContainText('2025-12-31');
});

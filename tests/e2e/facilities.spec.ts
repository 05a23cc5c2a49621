import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { test, expect, chooseOption, pickImportFile } from './fixtures';

async function done(app: { core: { dispatch: (c: string, i: unknown) => Promise<any> } }, channel: string, input: unknown): Promise<any> {
  const r = await app.core.dispatch(channel, input);
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return r.data;
}

async function idOf(app: { core: { dispatch: (c: string, i: unknown) => Promise<any> } }): Promise<string> {
  return (await done(app, 'facilities.list', { search: '康乐' })).rows[0].id;
}

test('add a facility through the form, edit it (a late opening date refused, the fields changed named in Chinese), then find it by search', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: '机构与驿站' })).toBeVisible();
  await page.getByRole('button', { name: '新增机构' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('机构名称').fill('密云区康乐养老院');
  await chooseOption(page, '所在区划', /110118 密云区/);
  await dialog.getByLabel('核定床位数').fill('120');
  await dialog.getByLabel('开业日期').fill('2018-05-01');
  // A wrong check character is refused in Chinese and nothing is saved.
  await dialog.getByLabel('统一社会信用代码').fill('91350100M000100Y44');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(/统一社会信用代码/).last()).toBeVisible();
  expect((await app.core.dispatch('facilities.list', {})).ok && ((await app.core.dispatch('facilities.list', {})) as any).data.total).toBe(0);

  await dialog.getByLabel('统一社会信用代码').fill('');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('facility-title')).toHaveText('密云区康乐养老院');
  await expect(page.getByText('新增机构 密云区康乐养老院')).toBeVisible();
  // An edit names the fields changed as the form does, and an opening date after its beds is refused.
  await done(app, 'beds.bulkCreate', { facilityId: await idOf(app), buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 1, category: 'long_term', nursing: false, openedOn: '2019-01-01' });
  await page.getByRole('button', { name: '编辑' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('开业日期').fill('2026-07-01');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form.getByText('已有床位于 2019-01-01 启用，开业日期不能晚于该日')).toBeVisible();
  await form.getByLabel('开业日期').fill('2018-06-01');
  await form.getByLabel('核定床位数').fill('130');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toHaveCount(0);
  // The log says what changed, each value before and after.
  await expect(page.getByTestId('audit-table')).toContainText(/修改机构 密云区康乐养老院：核定床位数 \d+ → 130；开业日期 [\d-]+ → 2018-06-01/);

  await page.getByRole('link', { name: '机构与驿站' }).click();
  await page.getByLabel('搜索').fill('康乐');
  await expect(page.getByTestId('facility-table').getByRole('link', { name: '密云区康乐养老院' })).toBeVisible();
  await page.getByLabel('搜索').fill('不存在的名字');
  await expect(page.getByTestId('facility-table').getByRole('link')).toHaveCount(0);
});

test('import a facilities file with one bad row: the preview names it and nothing is written until fixed', async ({ page, app }) => {
  const header = '机构名称,机构类型,区划代码,统一社会信用代码,举办性质,运营状态,核定床位数,医疗服务,开业日期,地址,上级机构';
  const good1 = '门头沟区社会福利中心,社会福利中心,110109,,公办,运营,300,内设医疗机构,2010-03-01,门头沟区新桥大街,';
  // A day typed as a Chinese spreadsheet often has it (2019/9/9) is read as 2019-09-09.
  const good2 = '大峪街道养老服务驿站,社区养老服务驿站,110109,,公建民营,运营,10,签约医疗,2019/9/9,,门头沟区社会福利中心';
  const bad = '斋堂镇敬老院,敬老所,110109,,公办,运营,-5,,2012-13-01,,不存在的机构';
  const file = app.writeFile('facilities.csv', [header, good1, good2, bad].join('\n'));

  await page.goto(app.url);
  await page.getByRole('button', { name: '批量导入' }).click();
  await pickImportFile(page, file);
  await expect(page.getByTestId('import-summary')).toHaveText('读取 3 行：通过 2 行，错误 1 行');
  const errors = page.getByTestId('import-errors');
  await expect(errors).toContainText('4');
  await expect(errors).toContainText('“机构类型”的值“敬老所”无效');
  await expect(errors).toContainText('“开业日期”应为有效日期（如 2023-05-10、2023/5/10 或 2023年5月10日），实际为“2012-13-01”');
  // The missing parent is named in the same preview as the row's other problems, not after they are fixed.
  await expect(errors).toContainText('上级机构“不存在的机构”不存在（须已登记或位于本文件上方）');
  // The rows that pass show their parent.
  const sample = page.getByTestId('import-report').getByRole('table').last();
  await expect(sample.getByRole('columnheader', { name: '上级机构' })).toBeVisible();
  await expect(sample.getByRole('row', { name: /大峪街道养老服务驿站/ })).toContainText('门头沟区社会福利中心');
  await expect(page.getByTestId('import-commit')).toHaveCount(0);

  // The error report downloads as the user's rows with the bad cells marked and a 错误说明 column.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '下载错误报告' }).click();
  const marked = new ExcelJS.Workbook();
  await marked.xlsx.load(fs.readFileSync(await (await download).path()) as never);
  const data = marked.getWorksheet('数据')!;
  expect(data.getCell(1, 12).value).toBe('错误说明');
  expect(data.getCell(4, 1).value).toBe('斋堂镇敬老院');
  expect(String(data.getCell(4, 12).value)).toContain('敬老所');

  const before = await app.core.dispatch('facilities.list', {});
  expect(before.ok && (before.data as { total: number }).total).toBe(0);

  // Fix the row in the same file, save it under its name and pick it again (as a user does: the picker
  // must take the same file twice): now it commits, with the parent resolved from the row above.
  const fixed = app.writeFile('facilities.csv', [header, good1, good2, '斋堂镇敬老院,敬老院,110109,,公办,运营,50,,2012-12-01,,'].join('\n'));
  expect(fixed).toBe(file);
  await pickImportFile(page, fixed);
  await expect(page.getByTestId('import-summary')).toHaveText('读取 3 行：通过 3 行，错误 0 行');
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('已写入 3 行');
  await page.getByRole('button', { name: '关闭' }).last().click();
  await expect(page.getByTestId('facility-table').getByRole('link', { name: '斋堂镇敬老院' })).toBeVisible();
  await page.getByTestId('facility-table').getByRole('link', { name: '大峪街道养老服务驿站' }).click();
  await expect(page.getByText('门头沟区社会福利中心').first()).toBeVisible();
  await expect(page.getByText('2019-09-09').first()).toBeVisible();
});

test('a long area list stays bounded in the page and every area is found by typing', async ({ page, app }) => {
  // 16 districts and 150 streets: more than the hundred options a select shows at once.
  for (let i = 1; i <= 150; i++) {
    const res = await app.core.dispatch('areas.create', { code: `110105${String(i).padStart(3, '0')}`, name: `测试街道${i}号` });
    expect(res.ok).toBe(true);
  }
  await page.goto(app.url);
  await page.getByRole('button', { name: '新增机构' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: '所在区划', exact: true }).click();
  const shown = await page.getByRole('option').count();
  expect(shown).toBeGreaterThan(50);
  expect(shown).toBeLessThanOrEqual(100);
  await expect(page.getByRole('option', { name: /测试街道150号/ })).toHaveCount(0);
  await dialog.getByRole('combobox', { name: '所在区划', exact: true }).fill('街道150');
  await page.getByRole('option', { name: /110105150 测试街道150号/ }).click();
  await dialog.getByLabel('机构名称').fill('朝阳区测试街道驿站');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('facility-title')).toHaveText('朝阳区测试街道驿站');
  const list = await app.core.dispatch('facilities.list', { search: '测试街道驿站' });
  expect(list.ok && (list.data as { rows: { areaCode: string }[] }).rows[0]?.areaCode).toBe('110105150');
});

test('a list shown again paints its last rows at once and asks again behind them: what changed meanwhile follows', async ({ page, app }) => {
  const create = (name: string) => done(app, 'facilities.create', { name, kind: 'institution', ownership: 'public', areaCode: '110118', approvedBeds: 10, openedOn: '2015-01-01' });
  await create('密云区先到养老院');
  await page.goto(app.url);
  const table = page.getByTestId('facility-table');
  await expect(table.getByRole('link', { name: '密云区先到养老院' })).toBeVisible();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '区划与人口' }).click();
  await expect(table).toHaveCount(0);
  // Meanwhile another account registers a home, and the list's answers take 2 s to arrive.
  await create('密云区后到养老院');
  await page.route('**/rpc/facilities.list', async (route) => {
    await new Promise((r) => setTimeout(r, 2_000));
    await route.continue();
  });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '机构与驿站' }).click();
  // The rows shown last are back before the answer: well under the 2 s the request takes.
  await expect(table.getByRole('link', { name: '密云区先到养老院' })).toBeVisible({ timeout: 1_000 });
  await expect(table.getByRole('link', { name: '密云区后到养老院' })).toHaveCount(0);
  // The answer asked behind them brings the new home.
  await expect(table.getByRole('link', { name: '密云区后到养老院' })).toBeVisible({ timeout: 10_000 });
  await page.unroute('**/rpc/facilities.list');
});

test('another account signing in on the same page is never shown the rows cached for the last one', async ({ page, app }) => {
  const create = (name: string) => done(app, 'facilities.create', { name, kind: 'institution', ownership: 'public', areaCode: '110118', approvedBeds: 10, openedOn: '2015-01-01' });
  const own = (await create('密云区本院养老院')) as { id: string };
  await create('密云区他院养老院');
  await done(app, 'accounts.create', { name: 'nurse', password: 'Nurse-2026-a', grants: [{ role: 'facility_staff', scope: { kind: 'facility', ids: [own.id] } }] });
  await page.goto(app.url);
  const table = page.getByTestId('facility-table');
  const other = table.getByRole('link', { name: '密云区他院养老院' });
  await expect(other).toBeVisible();
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByLabel('账户名').fill('nurse');
  await page.getByLabel(/^密码/).fill('Nurse-2026-a');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('nurse');
  // The nurse's list answers after 2 s; until then nothing of the administrator's list may show.
  await page.route('**/rpc/facilities.list', async (route) => {
    await new Promise((r) => setTimeout(r, 2_000));
    await route.continue();
  });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '机构与驿站' }).click();
  await expect(page.getByRole('heading', { name: '机构与驿站' })).toBeVisible();
  for (let i = 0; i < 10; i++) {
    expect(await other.count()).toBe(0);
    await page.waitForTimeout(100);
  }
  await expect(table.getByRole('link', { name: '密云区本院养老院' })).toBeVisible({ timeout: 10_000 });
  await expect(other).toHaveCount(0);
  await page.unroute('**/rpc/facilities.list');
});

import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { fullScores, nthIdNumber } from '../core/helpers';
import { test, expect, chooseOption, pickImportFile } from './fixtures';
import { ASSESSMENT_DOMAINS, ASSESSMENT_DOMAIN_KEYS } from '../../shared/domain/assessment';
import { ageOn, computeCheckDigit } from '../../shared/domain/idNumber';
import { todayIn } from '../../electron/core/app/time';

async function setUpHome(app: { core: { dispatch: (c: string, i: unknown) => Promise<any> } }) {
  const f = await app.core.dispatch('facilities.create', { name: '密云区康乐养老院', kind: 'institution', ownership: 'public', areaCode: '110118', approvedBeds: 4, openedOn: '2015-01-01' });
  expect(f.ok).toBe(true);
  const beds = await app.core.dispatch('beds.bulkCreate', { facilityId: f.data.id, buildingName: '1号楼', floor: 3, roomFrom: 301, roomTo: 302, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2020-01-01' });
  expect(beds.ok).toBe(true);
  return f.data.id as string;
}

/** A core call set up by the test (not the UI under test); fails the test on a refusal. */
async function done(app: { core: { dispatch: (c: string, i: unknown) => Promise<any> } }, channel: string, input: unknown): Promise<any> {
  const r = await app.core.dispatch(channel, input);
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return r.data;
}

async function bedState(page: Page, bed: string) {
  await page.getByRole('link', { name: '床位', exact: true }).click();
  await chooseOption(page, '机构', '密云区康乐养老院');
  return page.getByTestId(`bed-${bed}`);
}

test('register, assess, queue, admit from the waiting list, transfer and discharge; the bed board follows', async ({ page, app }) => {
  await setUpHome(app);
  await page.goto(app.url);
  await page.getByRole('link', { name: '老人与入住' }).click();

  // Register: a wrong check digit is refused in Chinese and nothing is written.
  await page.getByRole('button', { name: '登记老人' }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByLabel('姓名').fill('张秀兰');
  await dialog.getByLabel('身份证号').fill('110105194912310021');
  await expect(dialog.getByText(/校验/).first()).toBeVisible();
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(/校验/).first()).toBeVisible();
  const none = await app.core.dispatch('elders.list', {});
  expect(none.ok && (none.data as { total: number }).total).toBe(0);

  // Someone under 60 is not refused, but the form says so (a mistyped birth year reads the same).
  await dialog.getByLabel('身份证号').fill('11010519800101002' + computeCheckDigit('11010519800101002'));
  await expect(dialog.getByTestId('elder-under-60')).toHaveText('未满 60 周岁，请核对身份证号或确认是否收住');

  // The standard's sample number: birth date, sex and age derived from it.
  await dialog.getByLabel('身份证号').fill('11010519491231002x');
  await expect(dialog.getByText(`1949-12-31 · 女 · ${ageOn('1949-12-31', todayIn(new Date()))} 岁`)).toBeVisible();
  await expect(dialog.getByTestId('elder-under-60')).toHaveCount(0);
  // A mobile a digit short is refused under its field, and nothing is written.
  await dialog.getByLabel('联系电话').fill('1380000000');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('联系电话“1380000000”是 10 位：手机号应为 11 位')).toBeVisible();
  const stillNone = await app.core.dispatch('elders.list', {});
  expect(stillNone.ok && (stillNone.data as { total: number }).total).toBe(0);
  await dialog.getByLabel('联系电话').fill('13800000000');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { name: '张秀兰' })).toBeVisible();
  // Masked until 显示完整 (an audited view).
  await expect(page.getByTestId('elder-id-number')).toHaveText('110105********002X');
  await page.getByTestId('elder-show-full').click();
  await expect(page.getByTestId('elder-id-number')).toHaveText('11010519491231002X');

  // Ability assessment: all 26 items, the live preview, then the history.
  await page.getByRole('button', { name: '新增评估' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('评估人员').fill('王评估员');
  const allItems = ASSESSMENT_DOMAIN_KEYS.flatMap((d) => Object.values(ASSESSMENT_DOMAINS[d].items));
  const last = allItems[allItems.length - 1]!;
  const group = (item: { code: string; label: string; max: number }) => dialog.getByRole('radiogroup', { name: `${item.code} ${item.label}（0–${item.max} 分）` });
  for (const item of allItems.slice(0, -1)) {
    const score = item.label === '进食' ? 0 : item.max;
    await group(item).getByRole('radio', { name: new RegExp(`^${score} 分：`) }).check();
  }
  // The one item left is named, and nothing can be saved until it is rated.
  await expect(dialog.getByTestId('assessment-missing')).toHaveText(`还有 1 项未填：${last.code} ${last.label}`);
  await expect(dialog.getByRole('button', { name: '保存' })).toBeDisabled();
  await group(last).getByRole('radio', { name: new RegExp(`^${last.max} 分：`) }).check();
  // 90 − 4 = 86 points: 能力完好 needs 90, so 轻度失能.
  await expect(dialog.getByTestId('assessment-preview')).toContainText('总分 86 分');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('assessment-history')).toContainText('86');

  // Waiting list: apply (back-dated), see the position.
  await page.getByRole('button', { name: '申请轮候' }).click();
  dialog = page.getByRole('dialog');
  await chooseOption(page, '机构', '密云区康乐养老院');
  await dialog.getByLabel('申请日期').fill('2026-01-05');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('waiting-position')).toHaveText('第 1 位');

  // Admit from the waiting list to bed 301-1.
  await page.getByRole('link', { name: '老人与入住' }).click();
  await page.getByRole('tab', { name: '轮候' }).click();
  await chooseOption(page, '机构', '密云区康乐养老院');
  const row = page.getByTestId('waiting-table').getByRole('row', { name: /张秀兰/ });
  await expect(row).toContainText('第 1 位');
  await row.getByRole('button', { name: '入住' }).click();
  dialog = page.getByRole('dialog');
  await expect(dialog.getByText('从轮候名单办理入住：张秀兰')).toBeVisible();
  await dialog.getByLabel('入住日期').fill('2026-01-10');
  await chooseOption(page, '床位', /301-1/);
  await dialog.getByRole('button', { name: '办理入住' }).click();
  await expect(page.getByText('没有轮候中的申请')).toBeVisible();

  await expect(await bedState(page, '301-1')).toContainText('占用');

  // Transfer to 302-1.
  await page.getByRole('link', { name: '老人与入住' }).click();
  await page.getByRole('link', { name: '张秀兰' }).click();
  await expect(page.getByTestId('elder-placement')).toContainText('301-1');
  await page.getByRole('button', { name: '调床' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('调床日期').fill('2026-03-01');
  await chooseOption(page, '调入床位', /302-1/);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('elder-placement')).toContainText('302-1');

  let tile = await bedState(page, '302-1');
  await expect(tile).toContainText('占用');
  await expect(page.getByTestId('bed-301-1')).toContainText('空闲');
  // As of a day before the transfer the board shows the old bed taken.
  await page.getByLabel('统计日期').fill('2026-02-01');
  await expect(page.getByTestId('bed-301-1')).toContainText('占用');
  await expect(page.getByTestId('bed-302-1')).toContainText('空闲');

  // Discharge today. The list names the bed she is in now (the transfer's bed), as her page did.
  await page.getByRole('link', { name: '老人与入住' }).click();
  await expect(page.getByRole('row', { name: /张秀兰/ })).toContainText('密云区康乐养老院 302-1');
  await page.getByRole('link', { name: '张秀兰' }).click();
  await page.getByRole('button', { name: '退住' }).click();
  dialog = page.getByRole('dialog');
  await chooseOption(page, '退住原因', '自愿退住');
  await dialog.getByRole('button', { name: '退住' }).click();
  await expect(page.getByTestId('elder-placement')).toHaveText('未入住');
  await expect(page.getByText('自愿退住', { exact: true })).toBeVisible();

  tile = await bedState(page, '302-1');
  await expect(tile).toContainText('空闲');
});

test('a second admission to an occupied bed is refused in Chinese and nothing is written', async ({ page, app }) => {
  const home = await setUpHome(app);
  const dispatch = app.core.dispatch as (c: string, i: unknown) => Promise<any>;
  const a = await dispatch('elders.create', { name: '李建国', idNumber: '11010519491231002X' });
  const b = await dispatch('elders.create', { name: '赵桂芳', idNumber: '110105194001010026' });
  expect(a.ok && b.ok).toBe(true);
  const free = await dispatch('stays.freeBeds', { facilityId: home, on: '2026-01-10' });
  const bed = free.data.find((x: { label: string }) => x.label === '301-1');
  expect((await dispatch('stays.admit', { elderId: a.data.id, bedId: bed.id, admittedOn: '2026-01-10', feeClass: 'standard' })).ok).toBe(true);
  const second = await dispatch('stays.admit', { elderId: b.data.id, bedId: bed.id, admittedOn: '2026-02-01', feeClass: 'standard' });
  expect(second.ok).toBe(false);
  expect(second.error.code).toBe('BED_OCCUPIED');

  // Through the UI, the occupied bed is not offered at all.
  await page.goto(`${app.url}#/elders/${b.data.id}`);
  await page.getByRole('button', { name: '办理入住' }).click();
  const dialog = page.getByRole('dialog');
  await chooseOption(page, '机构', '密云区康乐养老院');
  await dialog.getByLabel('入住日期').fill('2026-02-01');
  await page.getByRole('combobox', { name: '床位', exact: true }).click();
  await expect(page.getByRole('option', { name: /301-2/ })).toBeVisible();
  await expect(page.getByRole('option', { name: /301-1/ })).toHaveCount(0);
  // Without a bed the core refuses with a Chinese message and the elder stays unplaced.
  await page.keyboard.press('Escape');
  await dialog.getByRole('button', { name: '办理入住' }).click();
  await expect(page.getByText('请选择床位').first()).toBeVisible();
  await expect(page.getByTestId('elder-placement')).toHaveText('未入住');
});

test('imports a 20,000-row workbook: a file cut short is refused in Chinese, the bad last row is found in the preview, the fixed file is written whole', async ({ page, app }) => {
  const id = (i: number) => nthIdNumber('110108', i, 1935);
  const workbook = async (lastId: string) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('老人');
    ws.addRow(['姓名', '身份证号', '户籍区划代码', '联系电话', '人员类别']);
    for (let i = 0; i < 19_999; i++) ws.addRow([`海淀老人${i}`, id(i), '110108', '13800000000', i % 10 === 0 ? '独居' : '']);
    ws.addRow(['最后一位', lastId, '110108', '', '']);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const bad = app.writeFile('elders-bad.xlsx', await workbook(id(5))); // row 20,001 repeats row 7
  const goodBytes = await workbook(id(19_999));
  const good = app.writeFile('elders.xlsx', goodBytes);
  const cut = app.writeFile('elders-cut.xlsx', goodBytes.subarray(0, goodBytes.length >> 1)); // broken in transfer

  await page.goto(app.url);
  await page.getByRole('link', { name: '老人与入住' }).click();
  await page.getByRole('button', { name: '导入老人' }).click();
  await pickImportFile(page, cut);
  await expect(page.getByText('无法读取该 Excel 文件：文件可能已损坏').first()).toBeVisible();
  await expect(page.getByTestId('import-summary')).toHaveCount(0);

  await pickImportFile(page, bad);
  await expect(page.getByTestId('import-summary')).toHaveText('读取 20000 行：通过 19999 行，错误 1 行', { timeout: 30_000 });
  await expect(page.getByTestId('import-errors')).toContainText('与本文件第 7 行（海淀老人5）重复，同一人不能重复登记');
  await expect(page.getByTestId('import-commit')).toHaveCount(0);
  const none = await app.core.dispatch('elders.list', {});
  expect(none.ok && (none.data as { total: number }).total).toBe(0);

  await pickImportFile(page, good);
  await expect(page.getByTestId('import-summary')).toHaveText('读取 20000 行：通过 20000 行，错误 0 行', { timeout: 30_000 });
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('已写入 20000 行', { timeout: 30_000 });
  await page.getByRole('button', { name: '关闭' }).last().click();
  await expect(page.getByText('共 20000 条')).toBeVisible();
  const alone = await app.core.dispatch('elders.list', { category: 'living_alone' });
  expect(alone.ok && (alone.data as { total: number }).total).toBe(2000);
});

test('the waiting-list rules in settings: a bad age is refused on its field, a new age reorders the list, 恢复默认 restores it', async ({ page, app }) => {
  const dispatch = app.core.dispatch as (channel: string, input: unknown) => Promise<any>;
  const home = (await dispatch('facilities.create', { name: '密云区康乐养老院', kind: 'institution', ownership: 'public', areaCode: '110118', approvedBeds: 4, openedOn: '2015-01-01' })).data.id;
  // 低保 and 82 years old: group 2 while 高龄 starts at 80. The other applicant (no hardship) applied first.
  const poor = await dispatch('elders.create', { name: '周桂英', idNumber: '110105194401010025', categories: ['minimum_living_allowance'] });
  const other = await dispatch('elders.create', { name: '吴德明', idNumber: '110105195001010012' });
  expect(poor.ok && other.ok).toBe(true);
  expect((await dispatch('waiting.apply', { facilityId: home, elderId: other.data.id, appliedOn: '2026-01-05' })).ok).toBe(true);
  expect((await dispatch('waiting.apply', { facilityId: home, elderId: poor.data.id, appliedOn: '2026-02-01' })).ok).toBe(true);
  const order = async () => {
    await page.getByRole('link', { name: '老人与入住' }).click();
    await page.getByRole('tab', { name: '轮候' }).click();
    await chooseOption(page, '机构', '密云区康乐养老院');
    const rows = page.getByTestId('waiting-table').getByRole('row');
    await expect(rows).toHaveCount(3);
    return [await rows.nth(1).textContent(), await rows.nth(2).textContent()].map((t) => (t!.includes('周桂英') ? '周桂英' : '吴德明'));
  };
  await page.goto(app.url);
  expect(await order()).toEqual(['周桂英', '吴德明']);

  await page.getByRole('link', { name: '设置' }).click();
  const card = page.getByTestId('waiting-rules');
  await expect(card.getByTestId('waiting-rules-state')).toHaveText('默认规则');
  await expect(card.getByRole('listitem').first()).toHaveText('特困人员');
  await card.getByLabel('高龄起算年龄（周岁）').fill('50');
  await card.getByRole('button', { name: '保存规则' }).click();
  await expect(card.getByText('高龄年龄不应低于 60 岁')).toBeVisible();
  await expect(card.getByTestId('waiting-rules-state')).toHaveText('默认规则');
  expect((await dispatch('settings.get', { key: 'waiting.priorityRules' })).data.value).toBeNull();

  await card.getByLabel('高龄起算年龄（周岁）').fill('85');
  await card.getByRole('button', { name: '保存规则' }).click();
  await expect(card.getByTestId('waiting-rules-state')).toHaveText('已自定义');
  expect(await order()).toEqual(['吴德明', '周桂英']);
  await expect(page.getByText('已按设置中的自定义规则排序')).toBeVisible();

  await page.getByRole('link', { name: '设置' }).click();
  await page.getByTestId('waiting-rules').getByRole('button', { name: '恢复默认' }).click();
  await expect(page.getByTestId('waiting-rules-state')).toHaveText('默认规则');
  await expect(page.getByTestId('waiting-rules').getByLabel('高龄起算年龄（周岁）')).toHaveValue('80');
  expect(await order()).toEqual(['周桂英', '吴德明']);
});

test('the elders list pages by keyset: counted once, 下一页 / 上一页 / 首页 return the same rows, a search or a category starts again from page 1', async ({ page, app }) => {
  for (let i = 0; i < 120; i++) {
    const r = await app.core.dispatch('elders.create', { name: `测试${String(i).padStart(3, '0')}`, idNumber: nthIdNumber('110105', i) });
    expect(r.ok).toBe(true);
  }
  const calls: { channel: string; input: Record<string, unknown> }[] = [];
  page.on('request', (r) => {
    const m = /\/rpc\/(elders\.(?:list|count))$/.exec(r.url());
    if (m) calls.push({ channel: m[1]!, input: r.postDataJSON() as Record<string, unknown> });
  });
  await page.goto(app.url);
  await page.getByRole('link', { name: '老人与入住' }).click();
  const table = page.getByTestId('elder-table');
  const pager = page.getByTestId('keyset-pager');
  const names = async () => (await table.locator('tbody tr td:first-child').allInnerTexts()).map((s) => s.trim());
  await expect(pager).toContainText('共 120 条');
  await expect(pager).toContainText('第 1 页 / 共 3 页');
  await expect(pager.getByRole('button', { name: '上一页' })).toBeDisabled();
  await expect(table.locator('tbody tr')).toHaveCount(50);
  const first = await names();
  expect(first[0]).toBe('测试000');
  expect(first[49]).toBe('测试049');

  await pager.getByRole('button', { name: '下一页' }).click();
  await expect(pager).toContainText('第 2 页 / 共 3 页');
  await expect(table.locator('tbody tr').first()).toContainText('测试050');
  const second = await names();
  expect(second).toEqual(Array.from({ length: 50 }, (_, i) => `测试${String(50 + i).padStart(3, '0')}`));
  await pager.getByRole('button', { name: '下一页' }).click();
  await expect(pager).toContainText('第 3 页 / 共 3 页');
  await expect(table.locator('tbody tr')).toHaveCount(20);
  expect((await names())[19]).toBe('测试119');
  await expect(pager.getByRole('button', { name: '下一页' })).toBeDisabled();

  await pager.getByRole('button', { name: '上一页' }).click();
  await expect(pager).toContainText('第 2 页 / 共 3 页');
  await expect(table.locator('tbody tr').first()).toContainText('测试050');
  expect(await names()).toEqual(second);
  await pager.getByRole('button', { name: '首页' }).click();
  await expect(pager).toContainText('第 1 页 / 共 3 页');
  await expect(table.locator('tbody tr').first()).toContainText('测试000');
  expect(await names()).toEqual(first);

  // Five pages shown, one count; no page asked for a count or skipped rows by OFFSET.
  expect(calls.filter((c) => c.channel === 'elders.count')).toHaveLength(1);
  const lists = calls.filter((c) => c.channel === 'elders.list');
  expect(lists.length).toBeGreaterThanOrEqual(5);
  for (const c of lists) expect(c.input).toMatchObject({ withTotal: false, limit: 50 });
  expect(lists.every((c) => !c.input.offset)).toBe(true);
  expect(lists[1]!.input.after).toEqual({ name: '测试049', id: expect.any(String) });

  // A search counts again and starts from its first page.
  await pager.getByRole('button', { name: '下一页' }).click();
  await expect(pager).toContainText('第 2 页');
  await page.getByLabel('搜索').fill('测试11');
  await expect(pager).toContainText('共 10 条');
  await expect(pager).toContainText('第 1 页 / 共 1 页');
  await expect(table.locator('tbody tr')).toHaveCount(10);
  expect(await names()).toEqual(Array.from({ length: 10 }, (_, i) => `测试11${i}`));

  // A category, the search cleared: counted from the category's own index, from page 1 again.
  for (const name of ['测试003', '测试040', '测试077']) {
    const id = (await done(app, 'elders.list', { search: name, limit: 1 })).rows[0].id;
    await done(app, 'elders.update', { id, name, categories: ['living_alone'], contacts: [] });
  }
  await page.getByLabel('搜索').fill('');
  await chooseOption(page, '人员类别', '独居');
  await expect(pager).toContainText('共 3 条');
  await expect(pager).toContainText('第 1 页 / 共 1 页');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  expect(await names()).toEqual(['测试003', '测试040', '测试077']);
  expect(calls.filter((c) => c.channel === 'elders.count').at(-1)!.input).toEqual({ category: 'living_alone' });
});

test('the family care beds tab lists the newest first with provider and address, and narrows to a date', async ({ page, app }) => {
  const station = await done(app, 'facilities.create', { name: '六里屯社区养老服务驿站', kind: 'community_station', ownership: 'public', areaCode: '110105', openedOn: '2015-01-01' });
  const beds = [
    { name: '家床甲', openedOn: '2025-03-01', closedOn: null },
    { name: '家床乙', openedOn: '2026-05-01', closedOn: null },
    { name: '家床丙', openedOn: '2024-01-10', closedOn: '2025-01-01' },
  ];
  for (const [i, b] of beds.entries()) {
    const e = await done(app, 'elders.create', { name: b.name, idNumber: nthIdNumber('110105', 500 + i) });
    await done(app, 'assessments.create', { elderId: e.id, assessedOn: '2024-01-01', reason: 'initial', assessor: '李医生', assessment: { scores: fullScores() } });
    const fb = await done(app, 'familyBeds.open', { providerFacilityId: station.id, elderId: e.id, areaCode: '110105', address: `某小区 ${i + 1} 号`, agreementStartOn: b.openedOn, openedOn: b.openedOn });
    if (b.closedOn) await done(app, 'familyBeds.close', { id: fb.id, closedOn: b.closedOn, reason: '老人入住机构' });
  }
  await page.goto(`${app.url}#/elders?tab=family`);
  const rows = page.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  expect(await rows.locator('td:first-child').allInnerTexts()).toEqual(['家床乙', '家床甲', '家床丙']);
  await expect(rows.first()).toContainText('六里屯社区养老服务驿站');
  await expect(rows.first()).toContainText('朝阳区 某小区 2 号');
  await page.getByLabel('日期').fill('2025-06-30');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('家床甲');
  await expect(page.getByText('2025-06-30 在用家庭照护床位：1 张')).toBeVisible();
});

test('the elder page: a transfer offers only beds the elder may take and shows its reason; the history follows each change; a death closes the record and, recorded by mistake, is undone with a reason; the board follows another window; an admission recorded by mistake is withdrawn', async ({ page, app }) => {
  const home = await setUpHome(app);
  // Room 303 is for women only.
  await done(app, 'beds.bulkCreate', { facilityId: home, buildingName: '1号楼', floor: 3, roomFrom: 303, roomTo: 303, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2020-01-01', sexRestriction: 'F' });
  // The 17th digit gives the sex: odd for men.
  const idOf = (first17: string) => first17 + computeCheckDigit(first17);
  const man = await done(app, 'elders.create', { name: '王建国', idNumber: idOf('11010519400101001') });
  const other = await done(app, 'elders.create', { name: '赵德明', idNumber: idOf('11010519400102003') });
  const free = await done(app, 'stays.freeBeds', { facilityId: home, on: '2026-01-10' });
  const bedOf = (label: string) => free.find((b: { label: string }) => b.label === label).id as string;
  await done(app, 'stays.admit', { elderId: man.id, bedId: bedOf('301-1'), admittedOn: '2026-01-10', feeClass: 'standard' });
  await page.goto(`${app.url}#/elders/${man.id}`);
  await expect(page.getByTestId('audit-table')).toContainText('入住');

  await page.getByRole('button', { name: '调床' }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByLabel('调床日期').fill('2026-03-01');
  await dialog.getByLabel('调入床位').click();
  await expect(page.getByRole('option', { name: /302-1/ })).toBeVisible();
  await expect(page.getByRole('option', { name: /303-/ })).toHaveCount(0);
  await page.getByRole('option', { name: /302-1/ }).click();
  await dialog.getByLabel('调床原因').fill('换到靠窗床位');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('elder-placement')).toContainText('302-1');
  await expect(page.getByRole('cell', { name: '调床：换到靠窗床位' })).toBeVisible();
  // The history below the page shows the transfer without leaving the page.
  await expect(page.getByTestId('audit-table')).toContainText('调至');

  // Moved again that day, then back: the bed held for a few hours drops out, and the stay in 302-1 goes
  // on as if never left (its reason kept).
  const transferSameDay = async (bed: RegExp, reason: string) => {
    await page.getByRole('button', { name: '调床' }).click();
    const d = page.getByRole('dialog');
    await d.getByLabel('调床日期').fill('2026-03-01');
    await d.getByLabel('调入床位').click();
    await page.getByRole('option', { name: bed }).click();
    await d.getByLabel('调床原因').fill(reason);
    await d.getByRole('button', { name: '保存' }).click();
    await expect(d).toHaveCount(0);
  };
  await transferSameDay(/302-2/, '家属要求');
  await expect(page.getByTestId('elder-placement')).toContainText('302-2');
  await expect(page.getByTestId('audit-table')).toContainText('当日调床，不再计入原床位');
  await transferSameDay(/302-1/, '家属改变主意');
  await expect(page.getByTestId('elder-placement')).toContainText('302-1');
  await expect(page.getByText('2026-03-01 起')).toHaveCount(1);
  await expect(page.getByRole('link', { name: '1号楼 302-2' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '1号楼 302-1' })).toHaveCount(1);
  await expect(page.getByRole('cell', { name: '调床：换到靠窗床位' })).toBeVisible();

  // A death: the page says so and offers nothing more to record; the core refuses it too.
  await page.getByRole('button', { name: '退住' }).click();
  dialog = page.getByRole('dialog');
  await chooseOption(page, '退住原因', '死亡');
  await dialog.getByLabel('退住日期').fill('2026-11-20');
  await dialog.getByRole('button', { name: '退住' }).click();
  await expect(page.getByTestId('elder-deceased')).toHaveText('已故（2026-11-20 死亡退住）');
  for (const name of ['新增评估', '申请轮候', '办理入住']) await expect(page.getByRole('button', { name })).toHaveCount(0);
  await expect(page.getByTestId('audit-table')).toContainText('死亡');
  const refused = await app.core.dispatch('waiting.apply', { facilityId: home, elderId: man.id, appliedOn: '2026-11-21' });
  expect(!refused.ok && refused.error.code).toBe('ELDER_DECEASED');
  // The list says so too, with the age at death.
  await page.getByRole('link', { name: '老人与入住' }).click();
  const listed = page.getByRole('row', { name: /王建国/ });
  await expect(listed.getByTestId('elder-row-deceased')).toHaveText('已故');
  await expect(listed).toContainText('终年 86');
  await expect(listed).toContainText('已故（2026-11-20 死亡退住）');
  await page.goto(`${app.url}#/elders/${man.id}`);
  // The death was recorded by mistake: undone with a reason, he is in his bed again and the log says why.
  await page.getByRole('button', { name: '撤销退住' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: '撤销退住' }).click();
  await expect(dialog.getByText('更正原因不能为空')).toBeVisible();
  await dialog.getByLabel('更正原因').fill('误选“死亡”，应为转院');
  await dialog.getByRole('button', { name: '撤销退住' }).click();
  await expect(page.getByTestId('elder-deceased')).toHaveCount(0);
  await expect(page.getByTestId('elder-placement')).toContainText('302-1');
  await expect(page.getByTestId('audit-table')).toContainText('更正原因：误选“死亡”，应为转院');

  // The bed board, open here, follows an admission made elsewhere (another window, an import) within 10 s.
  await page.getByRole('link', { name: '床位', exact: true }).click();
  await chooseOption(page, '机构', '密云区康乐养老院');
  await expect(page.getByTestId('bed-301-2')).toContainText('空闲');
  await done(app, 'stays.admit', { elderId: other.id, bedId: bedOf('301-2'), admittedOn: '2026-11-01', feeClass: 'standard' });
  await expect(page.getByTestId('bed-301-2')).toContainText('占用', { timeout: 15_000 });

  // That admission was recorded for the wrong elder: withdrawn from his page, with a reason; the bed is free.
  await page.goto(`${app.url}#/elders/${other.id}`);
  await page.getByRole('button', { name: '撤销入住登记' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('更正原因').fill('登记错了老人');
  await dialog.getByRole('button', { name: '撤销入住登记' }).click();
  await expect(page.getByText('尚无入住记录')).toBeVisible();
  await expect(page.getByTestId('audit-table')).toContainText('撤销入住登记：密云区康乐养老院 2026-11-01 起（更正原因：登记错了老人）');
  await expect(await bedState(page, '301-2')).toContainText('空闲');

  // The home is suspended from 2026-11-10: the admission dialog says why no bed is offered on a later day.
  await done(app, 'facilities.setStatus', { id: home, status: 'suspended', effectiveOn: '2026-11-10', reason: '消防整改' });
  await page.goto(`${app.url}#/elders/${other.id}`);
  await page.getByRole('button', { name: '办理入住' }).click();
  dialog = page.getByRole('dialog');
  await chooseOption(page, '机构', '密云区康乐养老院');
  await dialog.getByLabel('入住日期').fill('2026-11-21');
  await expect(dialog.getByText('密云区康乐养老院在 2026-11-21 为“停业整改”状态，不能办理入住')).toBeVisible();
  await dialog.getByRole('combobox', { name: '床位', exact: true }).click();
  await expect(page.getByRole('option')).toHaveCount(0);
  await dialog.getByLabel('入住日期').fill('2026-11-09');
  await expect(dialog.getByText('不能办理入住')).toHaveCount(0);
  await dialog.getByRole('combobox', { name: '床位', exact: true }).click();
  await expect(page.getByRole('option', { name: /301-2/ })).toBeVisible();
});

test('轮候 opens another facility at its first page, not at the page number of the last one', async ({ page, app }) => {
  const dispatch = app.core.dispatch as (c: string, i: unknown) => Promise<any>;
  const home = async (name: string) => (await dispatch('facilities.create', { name, kind: 'institution', ownership: 'public', areaCode: '110118', approvedBeds: 10, openedOn: '2015-01-01' })).data.id as string;
  const [busy, small] = [await home('密云区康乐养老院'), await home('密云区福寿养老院')];
  for (let i = 0; i < 52; i++) {
    const elder = await dispatch('elders.create', { name: i === 51 ? '李建国' : `申请人${i}`, idNumber: nthIdNumber('110105', i) });
    expect((await dispatch('waiting.apply', { facilityId: i === 51 ? small : busy, elderId: elder.data.id, appliedOn: '2026-01-05' })).ok).toBe(true);
  }
  await page.goto(`${app.url}#/elders?tab=waiting&facility=${busy}`);
  await page.getByRole('button', { name: '2', exact: true }).click();
  await expect(page.getByTestId('waiting-table').locator('tbody tr')).toHaveCount(1);
  await page.evaluate((id) => { window.location.hash = `#/elders?tab=waiting&facility=${id}`; }, small);
  await expect(page.getByTestId('waiting-table')).toContainText('李建国');
});

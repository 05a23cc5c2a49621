import { test, expect, chooseOption } from './fixtures';
import { SESSION_COOKIE } from '../../electron/core/http/host';

// A PC whose system language is English: the date fields must still read 年-月-日.
test.use({ locale: 'en-US' });

const MIYUN = '110118';

async function addFacility(app: { core: { dispatch: (c: string, i: unknown) => Promise<any> } }) {
  const r = await app.core.dispatch('facilities.create', { name: '密云区康乐养老院', kind: 'institution', ownership: 'public', areaCode: MIYUN, approvedBeds: 10, openedOn: '2015-01-01' });
  expect(r.ok).toBe(true);
  return r.data.id as string;
}

test('a red toast carries the code on its own line, and the next success clears it', async ({ page, app }) => {
  const id = await addFacility(app);
  await page.goto(`${app.url}#/facilities/${id}`);
  await chooseOption(page, '变更运营状态', '停业整改');
  await page.getByRole('textbox', { name: '生效日期', exact: true }).fill('2999-01-01');
  await page.getByRole('button', { name: '保存' }).first().click();
  const toast = page.locator('.mantine-Notification-root').filter({ hasText: '操作失败' });
  await expect(toast).toHaveCount(1);
  await expect(toast.getByTestId('error-message')).toHaveText('生效日期 2999-01-01 晚于今天');
  await expect(toast.getByTestId('error-detail')).toHaveText('错误代码：DATE_IN_FUTURE');
  // The toasts sit top-right, clear of the page's buttons at the bottom of forms.
  const box = (await toast.boundingBox())!;
  expect(box.y).toBeLessThan(200);
  await page.getByRole('textbox', { name: '生效日期', exact: true }).fill('2020-01-01');
  await page.getByRole('button', { name: '保存' }).first().click();
  await expect(page.getByText('运营状态已更新')).toBeVisible();
  await expect(toast).toHaveCount(0);
});

test('a validation error is shown once, beside its field, not in a toast as well', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: '新增机构' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('机构名称').fill('密云区康乐养老院');
  await chooseOption(page, '所在区划', /110118 密云区/);
  await dialog.getByLabel('开业日期').fill('2018-05-01');
  await dialog.getByLabel('统一社会信用代码').fill('91350100M000100Y44');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText(/统一社会信用代码/).last()).toBeVisible();
  await expect(dialog.locator('.mantine-TextInput-error')).toHaveCount(1);
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0);
});

test('dates read 年-月-日 on an English system: typed in any year-first form, kept as YYYY-MM-DD', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: '新增机构' }).click();
  const opened = page.getByRole('dialog').getByLabel('开业日期');
  await expect(opened).toHaveAttribute('type', 'text');
  await expect(opened).toHaveAttribute('placeholder', '年-月-日');
  await opened.fill('2018/5/1');
  await opened.blur();
  await expect(opened).toHaveValue('2018-05-01');
  await opened.fill('20190302');
  await opened.blur();
  await expect(opened).toHaveValue('2019-03-02');
});

test('a date can be picked from a calendar in Chinese, opened on the day typed, and lands as YYYY-MM-DD', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: '新增机构' }).click();
  const dialog = page.getByRole('dialog');
  const opened = dialog.getByLabel('开业日期');
  await opened.fill('2018/5/1');
  await dialog.getByRole('button', { name: '打开日历' }).click();
  const picker = page.getByTestId('date-picker');
  // The calendar opens on the month typed, with its header and weekdays in Chinese, weeks from Monday.
  await expect(picker).toContainText('2018年5月');
  await expect(picker.locator('thead th').first()).toHaveText('一');
  await picker.getByRole('button', { name: /^15 / }).click();
  await expect(opened).toHaveValue('2018-05-15');
  await expect(picker).toBeHidden();
  // The picked day is the form's value: saved as picked.
  await dialog.getByLabel('机构名称').fill('密云区日期测试养老院');
  await chooseOption(page, '所在区划', /110118 密云区/);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  const list = await app.core.dispatch('facilities.list', { search: '日期测试' });
  expect((list as any).data.rows[0].openedOn).toBe('2018-05-15');
});

test('设置 names the schema version for people, not by its migration file', async ({ page, app }) => {
  await page.goto(`${app.url}#/settings`);
  await expect(page.getByTestId('schema-version')).toHaveText(/^第 \d+ 版$/);
});

test('a page that cannot load says 无法连接到本机服务 and loads on retry', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: '机构与驿站' })).toBeVisible();
  // The host stops answering for the ratings page's code, as when CareBeds was closed.
  const block = (route: { abort: () => Promise<void> }) => route.abort();
  await page.route(/RatingsPage.*\.js$/, block);
  await page.getByRole('link', { name: '星级评定' }).click();
  await expect(page.getByTestId('load-failed')).toContainText('无法连接到本机服务');
  await page.unroute(/RatingsPage.*\.js$/, block);
  await page.getByRole('button', { name: '重试' }).click();
  await expect(page.getByTestId('load-failed')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: '星级评定', exact: true })).toBeVisible();
});

test('wording: the import dialog says 导入：老人, the population form asks for a 区划', async ({ page, app }) => {
  await page.goto(`${app.url}#/elders`);
  await page.getByRole('button', { name: '导入老人' }).click();
  await expect(page.getByRole('dialog').getByText('导入：老人', { exact: true })).toBeVisible();
  await expect(page.getByText('导入：导入老人')).toHaveCount(0);
  await page.goto(`${app.url}#/areas`);
  await page.getByRole('button', { name: '录入人口数据' }).click();
  await expect(page.getByRole('dialog').getByRole('combobox', { name: '区划', exact: true })).toBeVisible();
});

test('targets: a 区划 filter, and a seeded plan measure says why it cannot be computed', async ({ page, app }) => {
  await page.goto(`${app.url}#/indicators?tab=targets`);
  const table = page.getByTestId('targets-table');
  await expect(table).toContainText('示范性品牌养老服务机构数');
  await expect(table).toContainText('“示范性品牌”为认定结果，系统未登记');
  await chooseOption(page, '区划', /密云区/);
  await expect(table).not.toContainText('大兴区');
  const areas = await table.locator('tbody tr td:first-child').allTextContents();
  expect(areas.length).toBeGreaterThan(0);
  for (const a of areas) expect(a).toContain('密云区');
});

test('a first start shows the steps to take, each a button', async ({ page, app }) => {
  await page.goto(app.url);
  const guide = page.getByTestId('first-start');
  await expect(guide).toContainText('开始使用：尚未登记任何机构');
  await expect(guide.getByRole('button', { name: '去录入人口' })).toBeVisible();
  await expect(guide.getByRole('button', { name: '去布置床位' })).toBeVisible();
  await expect(guide.getByRole('button', { name: '从 Excel 导入' })).toBeVisible();
  await guide.getByRole('button', { name: '逐个新增' }).click();
  await expect(page.getByRole('dialog').getByLabel('机构名称')).toBeVisible();
});

test('a facility account with two homes opens on its board, switches home in the header, and is remembered', async ({ browser, app }) => {
  const first = await addFacility(app);
  const made = await app.core.dispatch('facilities.create', { name: '密云区福寿驿站', kind: 'community_station', ownership: 'public', areaCode: MIYUN, openedOn: '2015-01-01' });
  if (!made.ok) throw new Error(made.error.message);
  const second = (made.data as { id: string }).id;
  for (const id of [first, second]) {
    expect((await app.core.dispatch('beds.bulkCreate', { facilityId: id, buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 1, category: 'long_term', nursing: false, openedOn: '2020-01-01' })).ok).toBe(true);
  }
  const created = await app.core.dispatch('accounts.create', { name: 'carer', password: 'Carer-2026-ab', grants: [{ role: 'facility_staff', scope: { kind: 'facility', ids: [first, second] } }] });
  expect(created.ok).toBe(true);
  const login = await app.core.dispatch('auth.login', { name: 'carer', password: 'Carer-2026-ab' });
  if (!login.ok) throw new Error(login.error.message);
  const context = await browser.newContext();
  await context.addCookies([{ name: SESSION_COOKIE, value: (login.data as { token: string }).token, url: app.url, httpOnly: true, sameSite: 'Strict' }]);
  const page = await context.newPage();
  await page.goto(app.url);
  await expect(page).toHaveURL(new RegExp(`#/beds\\?facility=${first}$`));
  await chooseOption(page, '当前机构', '密云区福寿驿站');
  await expect(page).toHaveURL(new RegExp(`#/beds\\?facility=${second}$`));
  await expect(page.getByTestId('bed-101-1')).toBeVisible();
  // Opened again on this PC: the home last chosen.
  await page.goto(`${app.url}#/`);
  await expect(page).toHaveURL(new RegExp(`#/beds\\?facility=${second}$`));
  await context.close();
});

test('床位, 轮候 and 在住与退住 with no facility registered offer to register or import one, and open on it once added', async ({ page, app }) => {
  for (const tab of ['waiting', 'residents']) {
    await page.goto(`${app.url}#/elders?tab=${tab}`);
    const guide = page.getByTestId('no-facility');
    await expect(guide).toContainText('请先登记机构');
    await expect(guide.getByRole('button', { name: '从 Excel 导入机构' })).toBeVisible();
    await expect(page.getByText('请先选择一个机构。')).toHaveCount(0);
  }
  await page.goto(`${app.url}#/beds`);
  const guide = page.getByTestId('no-facility');
  await expect(guide.getByRole('button', { name: '从 Excel 导入机构' })).toBeVisible();
  await guide.getByRole('button', { name: '新增机构' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('机构名称').fill('密云区康乐养老院');
  await chooseOption(page, '所在区划', /110118 密云区/);
  await dialog.getByLabel('开业日期').fill('2018-05-01');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('board-title')).toHaveText('密云区康乐养老院');
  await expect(page.getByTestId('no-facility')).toHaveCount(0);
});

test('with facilities registered but none chosen, the page still asks for one', async ({ page, app }) => {
  await addFacility(app);
  await page.goto(`${app.url}#/elders?tab=residents`);
  await expect(page.getByText('请先选择一个机构。')).toBeVisible();
  await expect(page.getByTestId('no-facility')).toHaveCount(0);
});

test('a switch in the header moves the open 轮候, 在住与退住 and 床位 pages to the new home without leaving them', async ({ browser, app }) => {
  const dispatch = app.core.dispatch as (c: string, i: unknown) => Promise<any>;
  const first = await addFacility(app);
  const made = await dispatch('facilities.create', { name: '密云区福寿养老院', kind: 'institution', ownership: 'public', areaCode: MIYUN, approvedBeds: 10, openedOn: '2015-01-01' });
  expect(made.ok).toBe(true);
  const second = made.data.id as string;
  const people = [['张秀兰', '11010519491231002X', first], ['李建国', '110105194001010018', second]] as const;
  for (const [name, idNumber, facilityId] of people) {
    const elder = await dispatch('elders.create', { name, idNumber });
    expect(elder.ok).toBe(true);
    expect((await dispatch('waiting.apply', { facilityId, elderId: elder.data.id, appliedOn: '2026-01-05' })).ok).toBe(true);
  }
  for (const id of [first, second]) {
    expect((await dispatch('beds.bulkCreate', { facilityId: id, buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 1, category: 'long_term', nursing: false, openedOn: '2020-01-01' })).ok).toBe(true);
  }
  expect((await dispatch('accounts.create', { name: 'carer', password: 'Carer-2026-ab', grants: [{ role: 'facility_staff', scope: { kind: 'facility', ids: [first, second] } }] })).ok).toBe(true);
  const login = await dispatch('auth.login', { name: 'carer', password: 'Carer-2026-ab' });
  expect(login.ok).toBe(true);
  const context = await browser.newContext();
  await context.addCookies([{ name: SESSION_COOKIE, value: login.data.token, url: app.url, httpOnly: true, sameSite: 'Strict' }]);
  const page = await context.newPage();
  await page.goto(app.url);
  await expect(page.getByTestId('board-title')).toHaveText('密云区康乐养老院');

  // 轮候, opened on the current home; the header switch changes the list where it stands.
  await page.getByRole('link', { name: '老人与入住' }).click();
  await page.getByRole('tab', { name: '轮候' }).click();
  await expect(page.getByText('张秀兰')).toBeVisible();
  await chooseOption(page, '当前机构', '密云区福寿养老院');
  await expect(page).toHaveURL(/#\/elders\?tab=waiting/);
  await expect(page.getByText('李建国')).toBeVisible();
  await expect(page.getByText('张秀兰')).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: '机构', exact: true })).toHaveValue('密云区福寿养老院');

  // 在住与退住 and 床位 are already on it, and follow the next switch too.
  await page.getByRole('tab', { name: '在住与退住' }).click();
  await expect(page.getByRole('combobox', { name: '机构', exact: true })).toHaveValue('密云区福寿养老院');
  await page.getByRole('link', { name: '床位', exact: true }).click();
  await expect(page.getByTestId('board-title')).toHaveText('密云区福寿养老院');
  await chooseOption(page, '当前机构', '密云区康乐养老院');
  await expect(page.getByTestId('board-title')).toHaveText('密云区康乐养老院');
  await expect(page.getByRole('combobox', { name: '机构', exact: true })).toHaveValue('密云区康乐养老院');
  // From the bureau's summary tab too, the switch shows the home's board.
  await page.getByRole('tab', { name: '各机构床位汇总' }).click();
  await chooseOption(page, '当前机构', '密云区福寿养老院');
  await expect(page.getByTestId('board-title')).toHaveText('密云区福寿养老院');
  await chooseOption(page, '当前机构', '密云区康乐养老院');
  await expect(page.getByTestId('board-title')).toHaveText('密云区康乐养老院');
  // Reopened, the page shows the home last switched to.
  await page.reload();
  await expect(page.getByTestId('board-title')).toHaveText('密云区康乐养老院');
  await context.close();
});

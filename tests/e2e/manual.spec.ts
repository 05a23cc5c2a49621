import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import { test, expect, chooseOption, pickImportFile, type AppUnderTest } from './fixtures';
import { openCore } from '../../electron/core/core';
import { silentLogger } from '../../electron/core/app/context';
import { SESSION_COOKIE, startHttpHost } from '../../electron/core/http/host';
import { ASSESSMENT_DOMAINS, ASSESSMENT_DOMAIN_KEYS } from '../../shared/domain/assessment';
import { computeCheckDigit } from '../../shared/domain/idNumber';
import { todayIn } from '../../electron/core/app/time';

// The user manual's screenshots (docs/用户手册.md, docs/manual/*.png): each role's tasks walked as a user
// does them, photographed at the steps the manual shows. Every run rewrites the images, so they follow
// the UI; tests/shared/manual.test.ts checks that the manual and the images name each other.

const VIEWPORT = { width: 1280, height: 800 };
test.use({ viewport: VIEWPORT });

const MANUAL = path.resolve(__dirname, '../../docs/manual');
const MIYUN = '110118';
const PASSWORD = 'Manual-2026-pw';

const idNumber = (birth: string, seq: string) => {
  const first17 = `110118${birth}${seq}`;
  return first17 + computeCheckDigit(first17);
};

async function ok<T = { id: string }>(app: AppUnderTest, channel: string, input: unknown): Promise<T> {
  const r = await app.core.dispatch(channel as never, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as T;
}

/**
 * One image of the manual: the whole window, or one element (a dialog). Transitions have finished and
 * the caret is hidden, so a run that changes nothing on screen writes the same picture.
 */
async function shot(page: Page, name: string, target?: Locator, { mask = [], toasts = false }: { mask?: Locator[]; toasts?: boolean } = {}) {
  // No focus ring half-way through its transition; then Mantine's modals and drawers finish fading in.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(250);
  // The green confirmations of earlier steps would cover the page; an error shown on purpose keeps its toast.
  // Scrollbars fade in and out with the pointer: left out, so a picture changes only when the page does.
  const style = `.mantine-ScrollArea-scrollbar { display: none !important; } * { scrollbar-width: none; }${toasts ? '' : ' .mantine-Notifications-root { display: none !important; }'}`;
  const options = { path: path.join(MANUAL, `${name}.png`), animations: 'disabled' as const, caret: 'hide' as const, mask, maskColor: '#dee2e6', style };
  if (target) await target.screenshot(options);
  else await page.screenshot(options);
}

/** A window of its own, signed in as a new account holding `grants` (as the administrator would set it up). */
async function signIn(browser: Browser, app: AppUnderTest, name: string, grants: unknown[]): Promise<Page> {
  await ok(app, 'accounts.create', { name, password: PASSWORD, grants });
  const { token } = await ok<{ token: string }>(app, 'auth.login', { name, password: PASSWORD });
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: app.url, httpOnly: true, sameSite: 'Strict' }]);
  return context.newPage();
}

/** A home with rooms on one floor and residents in some beds, set up as the CLI would. */
async function seedHome(app: AppUnderTest, name: string, withBeds: boolean) {
  const home = await ok(app, 'facilities.create', { name, kind: 'institution', ownership: 'public', areaCode: MIYUN, approvedBeds: 12, openedOn: '2015-01-01' });
  if (withBeds) {
    await ok(app, 'beds.bulkCreate', { facilityId: home.id, buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 103, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2020-01-01' });
  }
  return home.id;
}

test('首次启动：创建系统管理员，退出后登录', async ({ browser }) => {
  // A database without accounts, as on the first start of a new installation.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-e2e-manual-'));
  const core = await openCore({ dbPath: path.join(dir, 'carebeds.sqlite'), logger: silentLogger, requireSession: true, scryptLog2N: 10 });
  const host = await startHttpHost({ dispatch: core.dispatch, staticDir: path.resolve(process.env.CAREBEDS_STATIC_DIR ?? 'out/renderer') });
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    await expect(page.getByText('首次使用：创建系统管理员')).toBeVisible();
    await page.getByLabel('账户名').fill('admin');
    await page.getByLabel(/^密码/).fill('Admin-2026-manual');
    await page.getByLabel('再次输入密码').fill('Admin-2026-manual');
    await shot(page, 'setup');
    await page.getByRole('button', { name: '创建并登录' }).click();
    await expect(page.getByTestId('signed-in-as')).toHaveText('admin');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('账户名').fill('admin');
    await page.getByLabel(/^密码/).fill('Admin-2026-manual');
    await shot(page, 'login');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByTestId('signed-in-as')).toHaveText('admin');
  } finally {
    await context.close();
    await host.close();
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('养老机构：床位、登记、评估、轮候、入住、调床、请假、退住、护理员', async ({ browser, app }) => {
  const home = await seedHome(app, '密云区康乐养老院', false);
  const page = await signIn(browser, app, 'kangle', [{ role: 'facility_admin', scope: { kind: 'facility', ids: [home] } }]);
  await page.goto(app.url);

  // Buildings, rooms and beds in one go.
  await expect(page.getByText('该机构尚未登记楼栋和床位')).toBeVisible();
  await page.getByRole('button', { name: '批量新增床位' }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByLabel('楼栋名称').fill('1号楼');
  await dialog.getByLabel('楼层').fill('1');
  await dialog.getByLabel('起始房间号').fill('101');
  await dialog.getByLabel('结束房间号').fill('106');
  await dialog.getByLabel('启用日期').fill('2020-01-01');
  await dialog.getByLabel('护理型').check();
  await expect(dialog.getByTestId('bulk-preview')).toHaveText('将新建 6 间房，共新增 12 张床位。');
  await shot(page, 'beds-bulk', dialog);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('count-total')).toHaveText('12');

  // Two residents already in the home, so the board looks like a working day.
  const free = await ok<{ id: string; label: string }[]>(app, 'stays.freeBeds', { facilityId: home, on: '2026-01-05' });
  for (const [i, name] of ['王淑珍', '刘德福'].entries()) {
    const elder = await ok(app, 'elders.create', { name, idNumber: idNumber(`19${38 + i}0305`, `10${i}`), phone: '13800138000' });
    await ok(app, 'stays.admit', { elderId: elder.id, bedId: free.find((b) => b.label === `10${i + 2}-1`)!.id, admittedOn: '2025-06-01', feeClass: 'standard' });
  }

  // Register an elder.
  await page.getByRole('link', { name: '老人与入住' }).click();
  await page.getByRole('button', { name: '登记老人' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('姓名').fill('张秀兰');
  await dialog.getByLabel('身份证号').fill('11010519491231002X');
  await dialog.getByLabel('联系电话').fill('13800000000');
  await expect(dialog.getByText(/1949-12-31 · 女/)).toBeVisible();
  await shot(page, 'elder-register', dialog);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { name: '张秀兰' })).toBeVisible();

  // The ability assessment: every item, then the level it gives.
  await page.getByRole('button', { name: '新增评估' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('评估人员').fill('王评估员');
  for (const item of ASSESSMENT_DOMAIN_KEYS.flatMap((d) => Object.values(ASSESSMENT_DOMAINS[d].items))) {
    const score = item.label === '进食' || item.label === '洗澡' ? 0 : item.max;
    await dialog.getByRole('radiogroup', { name: `${item.code} ${item.label}（0–${item.max} 分）` }).getByRole('radio', { name: new RegExp(`^${score} 分：`) }).check();
  }
  await expect(dialog.getByTestId('assessment-preview')).toContainText('总分');
  await dialog.getByTestId('assessment-preview').scrollIntoViewIfNeeded();
  await shot(page, 'assessment');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('assessment-history')).toBeVisible();

  // The waiting list: apply, then admit from it.
  await page.getByRole('button', { name: '申请轮候' }).click();
  dialog = page.getByRole('dialog');
  await chooseOption(page, '机构', '密云区康乐养老院');
  await dialog.getByLabel('申请日期').fill('2026-01-05');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('waiting-position')).toHaveText('第 1 位');
  await page.getByRole('link', { name: '老人与入住' }).click();
  await page.getByRole('tab', { name: '轮候' }).click();
  const row = page.getByTestId('waiting-table').getByRole('row', { name: /张秀兰/ });
  await expect(row).toContainText('第 1 位');
  await shot(page, 'waiting');
  await row.getByRole('button', { name: '入住' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('入住日期').fill('2026-01-10');
  await chooseOption(page, '床位', /101-1/);
  await shot(page, 'admit', dialog);
  await dialog.getByRole('button', { name: '办理入住' }).click();
  await expect(page.getByText('没有轮候中的申请')).toBeVisible();

  // Move to another bed.
  await page.goto(`${app.url}#/elders`);
  await page.getByRole('link', { name: '张秀兰' }).click();
  await expect(page.getByTestId('elder-placement')).toContainText('101-1');
  await page.getByRole('button', { name: '调床' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('调床日期').fill('2026-03-01');
  await chooseOption(page, '调入床位', /104-1/);
  await dialog.getByLabel('调床原因').fill('家属要求靠近护士站');
  await shot(page, 'transfer', dialog);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('elder-placement')).toContainText('104-1');

  // Leave (the bed is kept) and return.
  await page.getByRole('button', { name: '请假' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('请假开始日期').fill('2026-11-20');
  await dialog.getByLabel('请假事由').fill('回家过节');
  await shot(page, 'leave', dialog);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('请假中').first()).toBeVisible();
  await page.getByRole('button', { name: '销假' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('返回日期').fill('2026-11-25');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('button', { name: '请假' })).toBeVisible();
  await shot(page, 'elder-page');

  // The bed board with three residents.
  await page.getByRole('link', { name: '床位', exact: true }).click();
  await expect(page.getByTestId('bed-104-1')).toContainText('占用');
  await shot(page, 'beds-board');

  // Discharge.
  await page.goto(`${app.url}#/elders`);
  await page.getByRole('link', { name: '张秀兰' }).click();
  await page.getByRole('button', { name: '退住' }).click();
  dialog = page.getByRole('dialog');
  await chooseOption(page, '退住原因', '自愿退住');
  await shot(page, 'discharge', dialog);
  await dialog.getByRole('button', { name: '退住' }).click();
  await expect(page.getByTestId('elder-placement')).toHaveText('未入住');

  // Caregivers on the facility's page.
  await page.goto(`${app.url}#/facilities/${home}`);
  await page.getByTestId('staff-add').click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('姓名').fill('李春梅');
  await dialog.getByLabel('身份证号').fill(idNumber('19800101', '102'));
  await chooseOption(page, '职业技能等级', '四级/中级工');
  await dialog.getByLabel('证书编号').fill('S-0001');
  await dialog.getByLabel('发证日期').fill('2021-06-30');
  await dialog.getByLabel('入职日期').fill('2020-01-01');
  await shot(page, 'staff', dialog);
  await page.getByTestId('staff-save').click();
  await expect(page.getByTestId('staff-table').getByRole('row', { name: /李春梅/ })).toContainText('持证');
  await page.context().close();
});

/** A station's package, made on the station's own PC (its own database file), under a passphrase. */
async function stationPackage(app: AppUnderTest): Promise<string> {
  const station = await openCore({ dbPath: path.join(app.dir, 'station.sqlite'), logger: silentLogger });
  const call = async <T = { id: string }>(channel: string, input: unknown): Promise<T> => {
    const r = await station.dispatch(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as T;
  };
  const f = await call('facilities.create', { name: '鼓楼街道养老服务驿站', kind: 'community_station', ownership: 'public_private', areaCode: MIYUN, openedOn: '2019-01-01', approvedBeds: 4 });
  await call('beds.bulkCreate', { facilityId: f.id, buildingName: '驿站', floor: 1, roomFrom: 101, roomTo: 102, bedsPerRoom: 2, category: 'short_term', nursing: true, openedOn: '2020-01-01' });
  const free = await call<{ id: string }[]>('stays.freeBeds', { facilityId: f.id, on: '2025-02-01' });
  const elder = await call('elders.create', { name: '赵大爷', idNumber: idNumber('19400101', '201') });
  await call('stays.admit', { elderId: elder.id, bedId: free[0]!.id, admittedOn: '2025-02-01', feeClass: 'standard' });
  const pkg = await call<{ fileName: string; dataBase64: string }>('exchange.export', { facilityIds: [f.id], passphrase: '鼓楼驿站交换口令' });
  await station.close();
  return app.writeFile(pkg.fileName, Buffer.from(pkg.dataBase64, 'base64'));
}

test('区级民政：机构登记与导入、人口、指标、下钻、数据质量、规划目标、导出、交换包', async ({ browser, app }) => {
  const home = await seedHome(app, '密云区康乐养老院', true);
  const packageFile = await stationPackage(app);
  // Imports and exchange packages carry personal data in bulk: the bureau's account holds 机构管理员 over all as well.
  const page = await signIn(browser, app, 'miyun', [
    { role: 'district', scope: { kind: 'all' } },
    { role: 'facility_admin', scope: { kind: 'all' } },
  ]);
  await page.goto(`${app.url}#/facilities`);

  // Register a facility through the form.
  await page.getByRole('button', { name: '新增机构' }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByLabel('机构名称').fill('密云区鼓楼街道养老照料中心');
  await chooseOption(page, '所在区划', /110118 密云区/);
  await dialog.getByLabel('核定床位数').fill('40');
  await dialog.getByLabel('开业日期').fill('2019-05-01');
  await shot(page, 'facility-new', dialog);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('facility-title')).toHaveText('密云区鼓楼街道养老照料中心');

  // Or many at once from a spreadsheet: the preview names every bad row before anything is written.
  const header = '机构名称,机构类型,区划代码,统一社会信用代码,举办性质,运营状态,核定床位数,医疗服务,开业日期,地址,上级机构';
  const file = app.writeFile('机构.csv', [
    header,
    '密云区社会福利中心,社会福利中心,110118,,公办,运营,300,内设医疗机构,2010-03-01,密云区新中街,',
    '果园街道养老服务驿站,社区养老服务驿站,110118,,公建民营,运营,10,签约医疗,2019/9/9,,密云区社会福利中心',
    '溪翁庄镇敬老院,敬老所,110118,,公办,运营,-5,,2012-13-01,,',
  ].join('\n'));
  await page.getByRole('link', { name: '机构与驿站' }).click();
  await page.getByRole('button', { name: '批量导入' }).click();
  await pickImportFile(page, file);
  await expect(page.getByTestId('import-summary')).toHaveText('读取 3 行：通过 2 行，错误 1 行');
  await page.getByTestId('import-errors').scrollIntoViewIfNeeded();
  await shot(page, 'facility-import');
  await page.keyboard.press('Escape');

  // 常住人口 of the district, by year.
  await page.getByRole('link', { name: '区划与人口' }).click();
  await page.getByRole('button', { name: '录入人口数据' }).click();
  dialog = page.getByRole('dialog');
  await chooseOption(page, '区划', '密云区（110118）');
  await dialog.getByLabel('年份').fill('2025');
  await dialog.getByLabel('常住人口', { exact: true }).fill('528000');
  await dialog.getByLabel('60岁及以上常住人口').fill('132000');
  await dialog.getByLabel('数据来源').fill('密云区统计年鉴 2025');
  await shot(page, 'population', dialog);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);

  // The indicators as of today, a drill into a figure, a past date.
  await page.getByRole('link', { name: '指标与导出' }).click();
  const beds = page.getByTestId(`ind-${MIYUN}-eldercare_beds-value`);
  await expect(beds).toHaveText('6');
  await shot(page, 'indicators');
  await beds.click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText('明细：密云区 · 养老床位数');
  await expect(drawer.getByRole('link', { name: '密云区康乐养老院' })).toHaveAttribute('href', `#/facilities/${home}`);
  await shot(page, 'drill');
  await page.keyboard.press('Escape');
  await page.getByLabel('统计日期').fill('2019-12-31');
  await expect(page.getByTestId(`ind-${MIYUN}-eldercare_beds`)).not.toHaveText('6');
  await page.getByLabel('统计日期').fill(todayIn(new Date()));
  await expect(beds).toHaveText('6');

  await page.getByRole('tab', { name: '数据质量' }).click();
  await expect(page.getByTestId('quality-counts')).toBeVisible();
  await shot(page, 'quality');
  await page.getByRole('tab', { name: '规划目标' }).click();
  await expect(page.getByTestId('targets-table')).toContainText('密云区');
  await shot(page, 'targets');

  // Excel, then the printable report (PDF).
  await page.getByRole('tab', { name: '指标看板' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  expect((await download).suggestedFilename()).toMatch(/^养老床位指标-\d{4}-\d{2}-\d{2}\.xlsx$/);
  await page.getByRole('button', { name: '打印报告 / PDF' }).click();
  await expect(page.getByTestId('report-view')).toHaveAttribute('data-ready', 'true');
  await shot(page, 'report');

  // A station's exchange package into the bureau's database.
  await page.getByRole('link', { name: '机构与驿站' }).click();
  await page.getByTestId('exchange-open').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('exchange-pick').click();
  await (await chooser).setFiles(packageFile);
  await page.getByTestId('exchange-import-passphrase').fill('鼓楼驿站交换口令');
  await page.getByTestId('exchange-import-unlock').click();
  await expect(page.getByTestId('exchange-report')).toContainText('来自：鼓楼街道养老服务驿站');
  await expect(page.getByTestId('exchange-commit')).toBeVisible();
  await shot(page, 'exchange-import');
  await page.getByTestId('exchange-commit').click();
  await expect(page.getByTestId('facility-table').getByRole('link', { name: '鼓楼街道养老服务驿站' })).toBeVisible();
  await page.context().close();
});

test('驿站：导出交换包给民政局', async ({ browser, app }) => {
  const station = await ok(app, 'facilities.create', { name: '鼓楼街道养老服务驿站', kind: 'community_station', ownership: 'public_private', areaCode: MIYUN, openedOn: '2019-01-01', approvedBeds: 4 });
  await ok(app, 'beds.bulkCreate', { facilityId: station.id, buildingName: '驿站', floor: 1, roomFrom: 101, roomTo: 102, bedsPerRoom: 2, category: 'short_term', nursing: true, openedOn: '2020-01-01' });
  const page = await signIn(browser, app, 'gulou', [{ role: 'facility_admin', scope: { kind: 'facility', ids: [station.id] } }]);
  await page.goto(`${app.url}#/facilities/${station.id}`);
  await page.getByTestId('exchange-export').click();
  await page.getByTestId('exchange-export-confirm').click();
  // No key of the bureau is known yet: the first package goes under a passphrase.
  await page.getByTestId('exchange-passphrase').fill('鼓楼驿站交换口令');
  await page.getByTestId('exchange-passphrase-confirm').fill('鼓楼驿站交换口令');
  await shot(page, 'exchange-export', page.getByRole('dialog'));
  const download = page.waitForEvent('download');
  await page.getByTestId('exchange-passphrase-export').click();
  expect((await download).suggestedFilename()).toMatch(/^交换包-鼓楼街道养老服务驿站-\d{8}-\d{6}\.cbx$/);
  await page.context().close();
});

test('系统管理员：账户与角色、设置与备份、审计日志；帮助打开用户手册', async ({ page, app }) => {
  const home = await seedHome(app, '密云区康乐养老院', true);
  await page.goto(`${app.url}#/accounts`);
  await page.getByRole('button', { name: '新建账户' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('账户名').fill('kangle');
  await dialog.getByLabel(/^密码/).fill('Kangle-2026-a');
  await dialog.getByRole('combobox', { name: '机构（可多选）' }).click();
  await page.getByRole('option', { name: '密云区康乐养老院' }).click();
  await page.keyboard.press('Escape');
  await shot(page, 'account-new', dialog);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('accounts-table')).toContainText('机构工作人员（密云区康乐养老院）');
  await shot(page, 'accounts');

  await page.getByRole('link', { name: '设置' }).click();
  await expect(page.getByTestId('schema-version')).toHaveText(/^第 \d+ 版$/);
  // The database path is the test's temp folder: masked, it is not a path the reader should look for.
  await shot(page, 'settings', undefined, { mask: [page.getByText(/carebeds\.sqlite$/)] });

  await page.getByRole('link', { name: '审计日志' }).click();
  await expect(page.getByTestId('audit-table')).toContainText('新建账户 kangle');
  await page.getByRole('button', { name: '校验哈希链' }).click();
  await expect(page.getByTestId('audit-verdict')).toContainText('哈希链无断裂');
  await shot(page, 'audit');

  // 帮助 opens the manual, its headings and screenshots.
  await page.getByTestId('help-open').click();
  const content = page.getByTestId('help-content');
  await expect(content.getByRole('heading', { name: 'CareBeds 养老床位 用户手册', level: 1 })).toBeVisible();
  await expect(content.getByRole('heading', { name: /养老机构/, level: 2 })).toBeVisible();
  const image = content.getByRole('img', { name: '登录' });
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(page.getByTestId('help-toc')).toContainText('5. 系统管理员与安全审计员');
  await shot(page, 'help');
  await page.getByTestId('help-search').fill('BED_OCCUPIED');
  await expect(content.locator('#code-BED_OCCUPIED')).toBeVisible();
  await expect(content.locator('#code-DISK_FULL')).toHaveCount(0);

  // An error's 帮助 link opens its row of the troubleshooting table.
  await page.goto(`${app.url}#/facilities/${home}`);
  await chooseOption(page, '变更运营状态', '停业整改');
  await page.getByRole('textbox', { name: '生效日期', exact: true }).fill('2999-01-01');
  await page.getByRole('button', { name: '保存' }).first().click();
  const toast = page.locator('.mantine-Notification-root').filter({ hasText: '操作失败' });
  await expect(toast.getByTestId('error-detail')).toHaveText('错误代码：DATE_IN_FUTURE');
  await shot(page, 'error', undefined, { toasts: true });
  await toast.getByTestId('error-help').click();
  await expect(page.locator('tr[data-highlighted="true"]')).toContainText('DATE_IN_FUTURE');
  await expect(page.locator('tr[data-highlighted="true"]')).toBeInViewport();
});

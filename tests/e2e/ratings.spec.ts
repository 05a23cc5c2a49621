import { test, expect, chooseOption } from './fixtures';

// The browser-mode core runs on the real clock, so dates are computed from today (Beijing time).
const DAY = 24 * 60 * 60 * 1000;
const today = () => new Date(Date.now() + 8 * 60 * 60 * 1000);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysFromToday = (n: number) => iso(new Date(today().getTime() + n * DAY));
/** The same calendar day `years` later (clamped to the month's end, as the rules do). */
function addYears(date: string, years: number) {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

async function createFacility(app: { core: { dispatch: (c: any, i: any) => Promise<any> } }, name: string, areaCode = '110118') {
  const r = await app.core.dispatch('facilities.create', { name, kind: 'institution', ownership: 'public', areaCode, openedOn: '2015-01-01' });
  expect(r.ok).toBe(true);
  return r.data as { id: string };
}

test('enter a rating through the form, with the rule check live, then see it on the district overview and the facility page', async ({ page, app }) => {
  await createFacility(app, '密云区康乐养老院');
  const decidedOn = daysFromToday(-200);
  await page.goto(app.url);
  await page.getByRole('link', { name: '星级评定' }).click();
  await expect(page.getByRole('heading', { name: '星级评定', level: 2 })).toBeVisible();
  await expect(page.getByTestId('rating-district-110118')).toContainText('密云区');

  await page.getByRole('button', { name: '录入评定' }).click();
  const dialog = page.getByRole('dialog');
  await chooseOption(page, '机构', '密云区康乐养老院');
  await expect(dialog.getByTestId('rating-scheme')).toContainText('养老机构服务质量星级');
  await dialog.getByLabel('评定日期').fill(decidedOn);
  // A first rating of 三星 breaks rule R2: the form says why and asks for an exception reason.
  await chooseOption(page, '评定星级', '三星');
  await expect(dialog.getByTestId('rating-violations')).toContainText('首次评定');
  await expect(dialog.getByLabel('例外原因')).toBeVisible();
  await chooseOption(page, '评定星级', '二星');
  await expect(dialog.getByText('符合星级评定规则。')).toBeVisible();
  await expect(dialog.getByLabel('例外原因')).toHaveCount(0);
  const validUntil = addYears(decidedOn, 3);
  await expect(dialog.getByLabel('有效期至')).toHaveValue(validUntil);
  await dialog.getByLabel('环境（满分 120）').fill('100');
  await dialog.getByLabel('设施设备（满分 130）').fill('110');
  await dialog.getByLabel('运营管理（满分 150）').fill('120');
  await expect(dialog.getByTestId('rating-total')).toHaveValue('');
  // 总分 is summed as the last section is typed, before saving.
  await dialog.getByLabel('服务（满分 600）').fill('500');
  await expect(dialog.getByTestId('rating-total')).toHaveValue('830');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);

  // The overview counts it: 密云区 has one 二星 institution out of one operating → 100.0%.
  const miyun = page.getByTestId('rating-district-110118');
  await expect(miyun.locator('td').nth(2)).toHaveText('1');
  await expect(miyun.locator('td').last()).toHaveText('100.0%');
  await expect(page.getByTestId('rating-district-110109').locator('td').last()).toHaveText('—');
  // As of the day before the decision it was not rated yet.
  await page.getByLabel('统计日期').fill(daysFromToday(-201));
  await expect(miyun.locator('td').last()).toHaveText('0.0%');

  await page.getByRole('link', { name: '机构与驿站' }).click();
  await page.getByTestId('facility-table').getByRole('link', { name: '密云区康乐养老院' }).click();
  const card = page.getByTestId('facility-rating-card');
  await expect(card.getByTestId('facility-current-star')).toContainText('二星级');
  await expect(card.getByTestId('facility-current-star')).toContainText(`有效期至 ${validUntil}`);
  await expect(card.getByTestId('facility-promotion')).toContainText('可申请：三星级');
  await expect(card.getByTestId('facility-promotion')).toContainText(`最早评定日期：${addYears(decidedOn, 1)}`);
  await expect(card.getByTestId('facility-rating-history')).toContainText(decidedOn);
  await expect(page.getByTestId('audit-table')).toContainText('评定为二星级');
});

test('ratings about to expire and expired ones are flagged on the overview and the facility page', async ({ page, app }) => {
  const soon = await createFacility(app, '怀柔区即将到期养老院', '110116');
  const gone = await createFacility(app, '怀柔区已过期养老院', '110116');
  // Valid for three years from the decision: decided three years less 30 days ago → 30 days left.
  const soonDecided = addYears(daysFromToday(30), -3);
  const goneDecided = addYears(daysFromToday(-10), -3);
  for (const [id, decidedOn] of [[soon.id, soonDecided], [gone.id, goneDecided]] as const) {
    const r = await app.core.dispatch('ratings.create', { facilityId: id, level: 2, decidedOn });
    expect(r.ok, JSON.stringify(r)).toBe(true);
  }

  await page.goto(app.url);
  await page.getByRole('link', { name: '星级评定' }).click();
  await expect(page.getByTestId('expiring-warning')).toContainText('1 项评定将在六个月内到期');
  await expect(page.getByTestId('expiring-table')).toContainText('怀柔区即将到期养老院');
  await expect(page.getByTestId('expiring-table')).toContainText(addYears(soonDecided, 3));
  await expect(page.getByTestId('expired-warning')).toContainText('1 家机构的星级评定已过期');
  await expect(page.getByTestId('expired-table')).toContainText('怀柔区已过期养老院');
  // Only the unexpired one counts: 1 of 2 operating institutions → 50.0%.
  await expect(page.getByTestId('rating-district-110116').locator('td').last()).toHaveText('50.0%');

  await page.getByTestId('expiring-table').getByRole('link', { name: '怀柔区即将到期养老院' }).click();
  await expect(page.getByTestId('facility-expiry-warning')).toContainText('即将到期');
  await expect(page.getByTestId('facility-current-star')).toContainText('即将到期');
});

test('an overview of more than 50 districts shows 50 a page; the pages and the 区 picker reach every district', async ({ page, app }) => {
  // Districts of another city, written as the national file writes them: 16 of Beijing + 50 = 66 rows.
  const now = new Date().toISOString();
  const insert = app.core.ctx.sqlite.prepare('INSERT INTO areas (code, name, level, parent_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  insert.run('410000', '模拟省市', 'city', null, now, now);
  for (let i = 1; i <= 50; i++) insert.run(`4101${String(i).padStart(2, '0')}`, `模拟区${i}`, 'district', '410000', now, now);
  await page.goto(app.url);
  await page.getByRole('link', { name: '星级评定' }).click();
  const rows = page.getByTestId('rating-overview').locator('tbody tr');
  await expect(rows).toHaveCount(50);
  await expect(page.getByTestId('rating-district-410150')).toHaveCount(0);
  await page.getByTestId('rating-overview-pages').getByRole('button', { name: '2' }).click();
  await expect(rows).toHaveCount(16);
  await expect(page.getByTestId('rating-district-410150')).toContainText('模拟区50');

  await page.getByRole('combobox', { name: '区', exact: true }).fill('模拟区49');
  await page.getByRole('option', { name: '模拟区49', exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId('rating-district-410149')).toBeVisible();
  await expect(page.getByTestId('rating-overview-pages')).toHaveCount(0);
});

import { test, expect, chooseOption } from './fixtures';

test('add a street to a district, then rename it: an empty name is refused on its field, the new name is kept and audited', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('link', { name: '区划与人口' }).click();
  await page.getByRole('button', { name: '新增街道/乡镇或社区/村' }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByLabel('区划代码').fill('110118001');
  await dialog.getByLabel('名称').fill('鼓楼街到');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);
  await chooseOption(page, '区', '密云区（110118）');
  await expect(page.getByRole('row', { name: /110118001/ })).toContainText('鼓楼街到');

  await page.getByRole('button', { name: '鼓楼街到：改名' }).click();
  dialog = page.getByRole('dialog', { name: '鼓楼街到（110118001）改名' });
  await dialog.getByLabel('新名称').fill('   ');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('区划名称不能为空')).toBeVisible();
  const stored = async () => ((await app.core.dispatch('areas.list', {})) as { ok: true; data: { code: string; name: string }[] }).data.find((a) => a.code === '110118001')!.name;
  expect(await stored()).toBe('鼓楼街到');

  await dialog.getByLabel('新名称').fill('鼓楼街道');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('row', { name: /110118001/ })).toContainText('鼓楼街道');
  expect(await stored()).toBe('鼓楼街道');
  const audit = (await app.core.dispatch('audit.list', { entity: 'area', limit: 5 })) as { ok: true; data: { rows: { summary: string }[] } };
  expect(audit.data.rows.map((r) => r.summary)).toContain('区划改名 鼓楼街到 → 鼓楼街道');
});

test('the operations log in 设置 pages through every entry, the oldest on the last page', async ({ page, app }) => {
  // 120 changes, each audited: two pages of 100.
  for (let i = 1; i <= 120; i++) {
    const r = await app.core.dispatch('areas.create', { code: `110118${String(i).padStart(3, '0')}`, name: `日志街道${i}号` });
    expect(r.ok).toBe(true);
  }
  const all = (await app.core.dispatch('audit.list', { limit: 1, offset: 0 })) as { ok: true; data: { total: number } };
  const total = all.data.total;
  expect(total).toBeGreaterThanOrEqual(120);
  const oldest = (await app.core.dispatch('audit.list', { limit: 1, offset: total - 1 })) as { ok: true; data: { rows: { summary: string | null; action: string }[] } };

  await page.goto(app.url);
  await page.getByRole('link', { name: '设置' }).click();
  const log = page.getByTestId('audit-table');
  await expect(log).toContainText('日志街道120号');
  await expect(page.getByTestId('audit-total')).toHaveText(`共 ${total} 条，第 1–100 条`);
  await page.getByTestId('audit-pages').getByRole('button', { name: String(Math.ceil(total / 100)) }).click();
  await expect(page.getByTestId('audit-total')).toHaveText(`共 ${total} 条，第 ${Math.floor((total - 1) / 100) * 100 + 1}–${total} 条`);
  await expect(log).toContainText(oldest.data.rows[0]!.summary ?? oldest.data.rows[0]!.action);
  await expect(log).not.toContainText('日志街道120号');
});

test('a long population list shows one page of 50; the pages and the search reach every area-year', async ({ page, app }) => {
  // The census year the new file carries plus three more for each of the 16 districts: 64 area-years.
  const districts = (await app.core.dispatch('areas.list', { level: 'district' })) as { ok: true; data: { code: string }[] };
  for (const d of districts.data) {
    for (const year of [2021, 2022, 2023]) {
      const r = await app.core.dispatch('population.upsert', { areaCode: d.code, year, resident: 100000 + year });
      expect(r.ok).toBe(true);
    }
  }
  await page.goto(app.url);
  await page.getByRole('link', { name: '区划与人口' }).click();
  const rows = page.getByTestId('population-table').locator('tbody tr');
  await expect(rows).toHaveCount(50);
  await expect(page.getByTestId('population-total')).toHaveText('共 64 条');
  // In code order 延庆区 (110119) comes last: not on the first page, on the second.
  await expect(page.getByTestId('population-table')).not.toContainText('延庆区');
  await page.getByTestId('population-pages').getByRole('button', { name: '2' }).click();
  await expect(rows).toHaveCount(14);
  await expect(rows.last()).toContainText('延庆区');
  await expect(rows.last()).toContainText('2023');

  await page.getByRole('textbox', { name: '查找区划' }).fill('密云');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toContainText('密云区');
  await expect(page.getByTestId('population-pages')).toHaveCount(0);
});

import { test, expect } from './fixtures';
import { ASSESSMENT_DOMAINS, ASSESSMENT_DOMAIN_KEYS } from '../../shared/domain/assessment';

type Item = { code: string; label: string; max: number };
const ITEMS: Item[] = ASSESSMENT_DOMAIN_KEYS.flatMap((d) => Object.values(ASSESSMENT_DOMAINS[d].items));
const byLabel = (label: string) => ITEMS.find((i) => i.label === label)!;

test('the assessment shows every option with its wording, subtotals and level follow each pick, and it prints on A4 with signature lines', async ({ page, app }) => {
  const created = await app.core.dispatch('elders.create', { name: '王秀英', idNumber: '11010519491231002X' });
  if (!created.ok) throw new Error(created.error.message);
  await page.goto(`${app.url}#/elders/${(created.data as { id: string }).id}`);
  await page.getByRole('button', { name: '新增评估' }).click();
  const dialog = page.getByRole('dialog', { name: '老人能力评估' });
  await dialog.getByLabel('评估人员').fill('王评估员');
  const group = (item: Item) => dialog.getByRole('radiogroup', { name: `${item.code} ${item.label}（0–${item.max} 分）` });

  // The standard's own wording per score, not a bare number.
  const eating = group(byLabel('进食'));
  await expect(eating.getByRole('radio')).toHaveCount(5);
  await expect(eating.getByRole('radio', { name: '0 分：完全依赖他人协助进食，或吞咽困难，或留置营养管' })).toBeVisible();
  await expect(group(byLabel('上下楼梯')).getByRole('radio')).toHaveCount(4);
  await expect(group(byLabel('攻击行为')).getByRole('radio', { name: '0 分：近一个月内出现过攻击行为' })).toBeVisible();

  // Keyboard: an arrow key moves within an item, Tab goes on to the next item.
  await eating.getByRole('radio', { name: /^4 分：/ }).check();
  await expect(dialog.getByTestId('subtotal-selfCare')).toHaveText('自理能力 4/32');
  await page.keyboard.press('ArrowDown');
  await expect(eating.getByRole('radio', { name: /^3 分：/ })).toBeChecked();
  await expect(dialog.getByTestId('subtotal-selfCare')).toHaveText('自理能力 3/32');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await expect(group(byLabel('修饰')).getByRole('radio', { name: /^4 分：/ })).toBeChecked();
  await expect(dialog.getByTestId('subtotal-selfCare')).toHaveText('自理能力 7/32');
  await expect(dialog.getByTestId('assessment-total')).toHaveText('总分 7/90（已评 2/26 项）');

  // The rest at their best but one: subtotals move as each is picked, the level waits for the last item.
  const rest = ITEMS.filter((i) => i.label !== '进食' && i.label !== '修饰');
  for (const item of rest.slice(0, -1)) await group(item).getByRole('radio', { name: new RegExp(`^${item.max} 分：`) }).check();
  await expect(dialog.getByTestId('subtotal-mobility')).toHaveText('基础运动能力 15/15');
  await expect(dialog.getByTestId('subtotal-perception')).toHaveText('感知觉与社会参与 11/15');
  await expect(dialog.getByTestId('assessment-missing')).toHaveText('还有 1 项未填：B.4.5 社会交往能力');
  await expect(dialog.getByTestId('assessment-preview')).toHaveCount(0);
  await group(rest[rest.length - 1]!).getByRole('radio', { name: /^4 分：/ }).check();
  await expect(dialog.getByTestId('assessment-preview')).toContainText('总分 89 分 · 初步等级 轻度失能 · 评定等级 轻度失能');
  // Appendix C, live: a dementia diagnosis raises the level one step.
  await dialog.getByLabel('确诊痴呆（F00–F03）').check();
  await expect(dialog.getByTestId('assessment-preview')).toContainText('评定等级 中度失能');

  // The sheet of the form as filled, before saving.
  await dialog.getByRole('button', { name: '打印' }).click();
  const sheet = page.getByTestId('assessment-sheet');
  await expect(sheet).toBeVisible();
  await page.evaluate(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed++; }; });
  await page.getByRole('button', { name: '打印' }).last().click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  await page.emulateMedia({ media: 'print' });
  await expect(sheet).toBeVisible();
  // On paper only the sheet: not the form behind it, the print toolbar or the app's header.
  await expect(page.getByRole('button', { name: '保存' })).toBeHidden();
  await expect(page.getByRole('button', { name: '关闭' })).toBeHidden();
  await expect(page.getByTestId('signed-in-as')).toBeHidden();
  await expect(sheet.getByTestId('print-name')).toHaveText('王秀英');
  await expect(sheet.getByTestId('print-id-number')).toHaveText('110105********002X');
  await expect(sheet).toContainText('首次评估');
  await expect(sheet.getByTestId('print-item-eating')).toContainText('在他人指导或提示下完成，或独立使用辅具，没有呛咳');
  await expect(sheet.getByTestId('print-item-eating')).toContainText('3');
  await expect(sheet.getByTestId('print-item-stairs')).toContainText('可独立上下楼梯');
  await expect(sheet.getByTestId('print-subtotal-selfCare')).toHaveText('31/32');
  await expect(sheet.getByTestId('print-subtotal-mental')).toHaveText('28/28');
  await expect(sheet.getByTestId('print-total')).toHaveText('89/90');
  await expect(sheet.getByTestId('print-preliminary')).toHaveText('能力轻度受损（轻度失能）');
  await expect(sheet.getByTestId('print-final')).toHaveText('能力中度受损（中度失能）');
  await expect(sheet.getByTestId('print-adjustments')).toContainText('确诊痴呆（F00–F03），在原有能力等级上提高一个等级');
  for (const line of ['评估员 1（签名）', '评估员 2（签名）', '老人或家属（签名）', '日期']) {
    await expect(sheet.getByTestId('print-signatures')).toContainText(line);
  }
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  await page.emulateMedia({ media: 'screen' });

  // Saved, the history prints the stored assessment the same way.
  await page.getByRole('button', { name: '关闭' }).click();
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('assessment-history')).toContainText('89');
  await page.getByTestId('assessment-history').getByRole('button', { name: '打印' }).click();
  await expect(sheet.getByTestId('print-final')).toHaveText('能力中度受损（中度失能）');
  await expect(sheet.getByTestId('print-item-eating')).toContainText('在他人指导或提示下完成');
  await expect(sheet.getByTestId('print-id-number')).toHaveText('110105********002X');

  // The next assessment starts clean: no diagnosis or score carried over from the last one.
  await page.getByRole('button', { name: '关闭' }).click();
  await page.getByRole('button', { name: '新增评估' }).click();
  await expect(dialog.getByLabel('确诊痴呆（F00–F03）')).not.toBeChecked();
  await expect(dialog.getByTestId('assessment-total')).toHaveText('总分 0/90（已评 0/26 项）');
});

import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { IndicatorReport, QualityReport } from '../../../../shared/contract';
import type { FilePayload } from '../../../../shared/schemas/common';
import { QUALITY_KIND_LABELS } from '../../../../shared/contract/indicators';
import { ATTAINMENT_LABELS, TARGET_ATTRIBUTES } from '../../../../shared/domain/targets';
import { populationYearOf, type IndicatorDefinition, type IndicatorValue } from '../../../../shared/domain/indicators';
import { toCsvBytes } from '../../files/csv';

// Exports read the same IndicatorReport the screens show, so a file can never disagree with the table.
// Percentages are written in percent (55.3 means 55.3 %), both in the CSV and in the workbook, where the
// column's number format adds the "%" sign without scaling; missing values are blank cells, never 0.

function numberFormat(d: IndicatorDefinition): string {
  const decimals = d.decimals > 0 ? `0.${'0'.repeat(d.decimals)}` : '0';
  // A literal "%" suffix (quoted) shows percent units without Excel's ×100 scaling.
  return d.unit === '%' ? `${decimals}"%"` : d.kind === 'count' ? '#,##0' : decimals;
}

function cellValue(v: IndicatorValue | undefined): number | null {
  return v && v.value !== null && Number.isFinite(v.value) ? v.value : null;
}

export function indicatorsCsv(report: IndicatorReport): Buffer {
  const header = ['区划代码', '区划名称', ...report.definitions.map((d) => d.name)];
  const rows: unknown[][] = [header];
  for (const r of report.rows) {
    const byId = new Map(r.values.map((v) => [v.id, v]));
    rows.push([r.areaCode, r.areaName, ...report.definitions.map((d) => cellValue(byId.get(d.id)) ?? '')]);
  }
  return toCsvBytes(rows);
}

export async function indicatorsXlsx(report: IndicatorReport, quality: QualityReport): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'CareBeds 养老床位';
  wb.created = new Date(report.generatedAt);

  // --- 指标: one row per area, one column per indicator named exactly as the catalogue.
  const ws = wb.addWorksheet('指标', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  ws.columns = [
    { header: '区划代码', key: 'code', width: 12 },
    { header: '区划名称', key: 'name', width: 14 },
    ...report.definitions.map((d) => ({ header: d.name, key: d.id, width: Math.max(12, d.name.length * 2 + 2) })),
  ];
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  // One style object per column, shared by its cells: the writer remembers a style by object identity, so
  // a shared object is looked up once, where a per-cell numFmt is a new style rendered and compared for each
  // of the ~90,000 cells of a national sheet. Never mutated after this (the city row has its own objects).
  const plain = report.definitions.map((d) => ({ numFmt: numberFormat(d) }));
  const bold = report.definitions.map((d) => ({ numFmt: numberFormat(d), font: { bold: true } }));
  const boldText = { font: { bold: true } };
  for (const r of report.rows) {
    const byId = new Map(r.values.map((v) => [v.id, v]));
    const row = ws.addRow([r.areaCode, r.areaName, ...report.definitions.map((d) => cellValue(byId.get(d.id)))]);
    const city = r.level === 'city';
    if (city) {
      row.getCell(1).style = boldText;
      row.getCell(2).style = boldText;
    }
    report.definitions.forEach((d, i) => {
      const v = byId.get(d.id);
      const cell = row.getCell(i + 3);
      cell.style = (city ? bold : plain)[i]!;
      // The reason a value is missing travels with the blank cell.
      if (v && v.value === null && v.missingReason) cell.note = v.missingReason;
      else if (v?.note) cell.note = v.note;
    });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: report.definitions.length + 2 } };
  ws.commit();

  // --- 目标达成
  const wt = wb.addWorksheet('目标达成', { views: [{ state: 'frozen', ySplit: 1 }] });
  wt.columns = [
    { header: '区划代码', width: 10 },
    { header: '区划名称', width: 14 },
    { header: '指标', width: 28 },
    { header: '目标年份', width: 9 },
    { header: '比较', width: 6 },
    { header: '目标值', width: 10 },
    { header: '单位', width: 9 },
    { header: '基期值', width: 10 },
    { header: '基期年份', width: 9 },
    { header: '实际值', width: 10 },
    { header: '达成情况', width: 10 },
    { header: '差距', width: 10 },
    { header: '属性', width: 10 },
    { header: '来源', width: 50 },
    { header: '说明', width: 40 },
  ];
  wt.getRow(1).font = { bold: true };
  for (const t of report.targets) {
    wt.addRow([
      t.target.areaCode,
      t.areaName,
      t.metricName,
      t.target.year,
      t.target.comparator === '>=' ? '≥' : t.target.comparator === '<=' ? '≤' : '=',
      t.target.value,
      t.unit,
      t.target.baseline?.value ?? null,
      t.target.baseline?.year ?? null,
      t.actual,
      ATTAINMENT_LABELS[t.attainment.status],
      t.attainment.gap,
      TARGET_ATTRIBUTES[t.target.attribute],
      t.target.source,
      [t.inherited ? '上级目标对照' : null, t.missingReason, t.target.note].filter(Boolean).join('；'),
    ]);
  }
  wt.commit();

  // --- 指标定义与口径
  const wd = wb.addWorksheet('指标定义与口径');
  wd.columns = [
    { header: '指标', width: 28 },
    { header: '单位', width: 9 },
    { header: '计算公式', width: 50 },
    { header: '分子', width: 50 },
    { header: '分母', width: 40 },
    { header: '依据', width: 40 },
  ];
  wd.getRow(1).font = { bold: true };
  for (const d of report.definitions) wd.addRow([d.name, d.unit, d.formula, d.numerator, d.denominator ?? '', d.basis]);
  wd.addRow([]);
  wd.addRow(['本次统计口径']).font = { bold: true };
  for (const o of report.optionsText) wd.addRow([o.label, o.value]);
  wd.commit();

  // --- 数据质量
  const wq = wb.addWorksheet('数据质量', { views: [{ state: 'frozen', ySplit: 1 }] });
  wq.columns = [
    { header: '问题类型', width: 26 },
    { header: '区划代码', width: 10 },
    { header: '区划名称', width: 12 },
    { header: '说明', width: 70 },
  ];
  wq.getRow(1).font = { bold: true };
  for (const [kind, n] of Object.entries(quality.counts)) {
    wq.addRow([`${QUALITY_KIND_LABELS[kind as keyof typeof QUALITY_KIND_LABELS]}（共 ${n} 项）`]).font = { bold: true };
  }
  for (const i of quality.issues) wq.addRow([QUALITY_KIND_LABELS[i.kind], i.districtCode ?? '', i.districtName ?? '', i.message]);
  wq.commit();

  // --- 说明 (metadata)
  const wm = wb.addWorksheet('说明');
  wm.columns = [{ width: 22 }, { width: 60 }];
  const yearOf = report.rows.map((r) => populationYearOf(r.values));
  const years = [...new Set(yearOf.filter((y): y is number => y !== null))].sort();
  const missing = report.rows.filter((_, i) => yearOf[i] === null).map((r) => r.areaName);
  const meta: [string, string][] = [
    ['报表', '养老床位规划指标'],
    ['统计日期', report.asOf],
    ['统计层级', report.level === 'street' ? '区、街道/乡镇' : '区'],
    ['人口数据年份', years.length ? `${years.join('、')} 年（取不晚于统计日期的最近年份）` : '无'],
    ['缺少人口数据的区划', missing.length ? missing.join('、') : '无'],
    ['生成时间', report.generatedAt],
    ['生成软件', 'CareBeds 养老床位'],
    ...report.optionsText.map((o): [string, string] => [`口径：${o.label}`, o.value]),
  ];
  // Set before the rows: the streaming writer gives a column's style only to cells created after it.
  wm.getColumn(1).font = { bold: true };
  for (const [k, v] of meta) wm.addRow([k, v]);
  wm.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

export async function exportFile(
  report: IndicatorReport,
  quality: QualityReport,
  format: 'xlsx' | 'csv',
): Promise<FilePayload> {
  const base = `养老床位指标-${report.asOf}`;
  if (format === 'csv') {
    return { fileName: `${base}.csv`, mime: 'text/csv', dataBase64: indicatorsCsv(report).toString('base64') };
  }
  const bytes = await indicatorsXlsx(report, quality);
  return {
    fileName: `${base}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    dataBase64: bytes.toString('base64'),
  };
}

import type { IndicatorReport, PlanningReport, QualityReport } from '../../../../shared/contract';
import { INDICATOR_BY_ID } from '../../../../shared/domain/indicators';
import type { FilePayload } from '../../../../shared/schemas/common';
import { QUALITY_KIND_LABELS } from '../../../../shared/contract/quality';
import { ATTAINMENT_LABELS, TARGET_ATTRIBUTES } from '../../../../shared/domain/targets';
import { missingPopulationsOf, populationYearsOf, type IndicatorDefinition, type IndicatorValue } from '../../../../shared/domain/indicators';
import { toCsvBytes } from '../../files/csv';
import { XlsxWriter, type Cell, type CellValue } from '../../files/xlsx';
import { beijingTime } from '../../app/time';

// Exports read the same IndicatorReport the screens show, so a file can never disagree with the table.
// Percentages are written in percent (55.3 means 55.3 %), both in the CSV and in the workbook, where the
// column's number format adds the "%" sign without scaling; missing values are blank cells, never 0.

function numberFormat(d: IndicatorDefinition): string {
  const decimals = d.decimals > 0 ? `0.${'0'.repeat(d.decimals)}` : '0';
  // A literal "%" suffix (quoted) shows percent units without Excel's ×100 scaling.
  return d.unit === '%' ? `${decimals}"%"` : d.kind === 'count' ? '#,##0' : decimals;
}

/** 每千名常住人口养老床位数（张/千人）: the catalogue's name and its unit. */
function headerWithUnit(d: IndicatorDefinition): string {
  return `${d.name}（${d.unit}）`;
}

function cellValue(v: IndicatorValue | undefined): number | null {
  return v && v.value !== null && Number.isFinite(v.value) ? v.value : null;
}

/** The population figures behind an area's values, each with its year: 常住人口 2024 年；60岁及以上常住人口 2020 年. */
function populationYearsText(values: readonly IndicatorValue[]): string {
  return populationYearsOf(values).map((p) => `${p.figure} ${p.year} 年`).join('；');
}

const POPULATION_YEAR_RULE =
  '每项人口数字分别取不晚于统计日期、且已填写该项数字的最近年份；同一区划的不同指标可能用到不同年份，各区划所用年份见“指标”表的“人口数据年份”列';

/** Where each row's 养老床位数 came from: itemised beds, and facilities counted by their declared figures. */
const SOURCE_HEADERS = ['明细床位数', '申报机构数', '申报床位数'];
const SOURCE_HEADERS_WITH_UNITS = ['明细床位数（张）', '申报机构数（家）', '申报床位数（张）'];
const sourceCells = (r: IndicatorReport['rows'][number]) => [r.bedSources.itemisedBeds, r.bedSources.declaredFacilities, r.bedSources.declaredBeds];
const DECLARED_RULE =
  '统计日有床位明细（逐床登记且在用）的机构按明细计；没有的，按其统计日及以前最近一次申报的床位数（申报床位）计；“指标”表的明细床位数、申报机构数、申报床位数列注明各来源。口径为“仅明细”时不计申报床位';

export function indicatorsCsv(report: IndicatorReport): Buffer {
  const header = ['区划代码', '区划名称', ...report.definitions.map((d) => d.name), ...SOURCE_HEADERS, '人口数据年份'];
  const rows: unknown[][] = [header];
  for (const r of report.rows) {
    const byId = new Map(r.values.map((v) => [v.id, v]));
    rows.push([r.areaCode, r.areaName, ...report.definitions.map((d) => cellValue(byId.get(d.id)) ?? ''), ...sourceCells(r), populationYearsText(r.values)]);
  }
  return toCsvBytes(rows);
}

export async function indicatorsXlsx(report: IndicatorReport, quality: QualityReport, planning?: PlanningReport, withheld = 0): Promise<Buffer> {
  const wb = new XlsxWriter({ creator: 'CareBeds 养老床位', created: new Date(report.generatedAt) });
  const bold = wb.style({ bold: true });

  // --- 指标: one row per area, one column per indicator named exactly as the catalogue.
  const plain = report.definitions.map((d) => wb.style({ numFmt: numberFormat(d) }));
  const boldNumber = report.definitions.map((d) => wb.style({ numFmt: numberFormat(d), bold: true }));
  // A sheet copied out of the workbook still says which day it counts, and each header its unit.
  const rows: (CellValue | Cell)[][] = [
    [`养老床位指标　统计日期：${report.asOf}`],
    ['区划代码', '区划名称', ...report.definitions.map(headerWithUnit), ...SOURCE_HEADERS_WITH_UNITS, '人口数据年份'],
  ];
  const rowStyles: (number | undefined)[] = [bold, wb.style({ bold: true, wrap: true, verticalCenter: true })];
  for (const r of report.rows) {
    const byId = new Map(r.values.map((v) => [v.id, v]));
    const city = r.level === 'city';
    rows.push([
      r.areaCode,
      r.areaName,
      ...report.definitions.map((d, i): Cell => {
        const v = byId.get(d.id);
        // The reason a value is missing travels with the blank cell.
        const note = v && v.value === null && v.missingReason ? v.missingReason : v?.note;
        // A per-population value names the figure and year it was divided by.
        const source = v?.populationFigure && v.populationYear !== undefined ? `分母：${v.populationYear} 年${v.populationFigure}` : undefined;
        return { value: cellValue(v), style: (city ? boldNumber : plain)[i], note: [note, source].filter(Boolean).join('；') || undefined };
      }),
      ...sourceCells(r),
      populationYearsText(r.values),
    ]);
    rowStyles.push(city ? bold : undefined);
  }
  wb.addSheet({
    name: '指标',
    widths: [12, 14, ...report.definitions.map((d) => Math.max(12, headerWithUnit(d).length * 2 + 2)), 12, 12, 12, 40],
    frozen: { columns: 2, rows: 2 },
    autoFilterColumns: report.definitions.length + 6,
    autoFilterRow: 2,
    rows,
    rowStyles,
  });

  // --- 目标达成
  wb.addSheet({
    name: '目标达成',
    widths: [10, 14, 28, 9, 6, 10, 9, 10, 9, 10, 10, 10, 10, 50, 40],
    frozen: { rows: 1 },
    rowStyles: [bold],
    rows: [
      ['区划代码', '区划名称', '指标', '目标年份', '比较', '目标值', '单位', '基期值', '基期年份', '实际值', '达成情况', '差距', '属性', '来源', '说明'],
      ...report.targets.map((t) => [
        t.areaCode,
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
      ]),
    ],
  });

  // --- 指标定义与口径
  const definitionRows: CellValue[][] = [
    ['指标', '单位', '计算公式', '分子', '分母', '依据'],
    ...report.definitions.map((d) => [d.name, d.unit, d.formula, d.numerator, d.denominator ?? '', d.basis]),
    [],
    ['本次统计口径'],
    ...report.optionsText.map((o) => [o.label, o.value]),
    ['人口数据取年规则', POPULATION_YEAR_RULE],
    ['床位数据来源', DECLARED_RULE],
  ];
  const definitionStyles: (number | undefined)[] = [bold];
  definitionStyles[report.definitions.length + 2] = bold;
  wb.addSheet({ name: '指标定义与口径', widths: [28, 9, 50, 50, 40, 40], rows: definitionRows, rowStyles: definitionStyles });

  // --- 数据质量: the count of each kind, then the issues listed.
  const counts = Object.entries(quality.counts).map(([kind, n]) => [`${QUALITY_KIND_LABELS[kind as keyof typeof QUALITY_KIND_LABELS]}（共 ${n} 项）`]);
  wb.addSheet({
    name: '数据质量',
    widths: [26, 10, 12, 70],
    frozen: { rows: 1 },
    rowStyles: [bold, ...counts.map(() => bold), ...(withheld > 0 ? [bold] : [])],
    rows: [
      ['问题类型', '区划代码', '区划名称', '说明'],
      ...counts,
      ...(withheld > 0 ? [[`另有 ${withheld} 项涉及老人姓名的问题只计入数量、未列出：导出这些明细需要账户具有“机构管理员”角色（含个人信息的批量导出）。`]] : []),
      ...quality.issues.map((i) => [QUALITY_KIND_LABELS[i.kind], i.districtCode ?? '', i.districtName ?? '', i.message]),
    ],
  });

  // --- 规划测算: each district and target year, the projected bed indicators against the targets.
  if (planning) {
    const methodText = (f: PlanningReport['rows'][number]['projections'][number]['residents']) =>
      !f ? '' : f.method === 'entered' ? '录入预测' : f.method === 'trend' ? `按${f.fromYears.join('、')}年直线趋势` : `沿用${f.fromYears.join('、')}年`;
    const rows: (CellValue | Cell)[][] = [['区划代码', '区划名称', '目标年', '指标', '测算值', '目标', '目标年份', '是否达标', '尚缺床位（张）', '测算床位', '其中护理型', '常住人口', '常住人口来源', '老年人口', '老年人口来源']];
    for (const d of planning.rows) {
      for (const p of d.projections) {
        for (const v of p.values) {
          rows.push([
            d.districtCode,
            d.districtName,
            p.year,
            INDICATOR_BY_ID[v.metricId].name,
            v.value,
            v.target ? `${v.target.comparator} ${v.target.value}` : '无目标',
            v.target ? `${v.target.year}${v.carried ? '（沿用）' : ''}` : '',
            v.met === null ? '' : v.met ? '达标' : '未达标',
            v.missing,
            p.beds,
            p.nursingBeds,
            p.residents?.value,
            methodText(p.residents),
            p.elderly?.value,
            p.elderly ? `${d.elderlyFigure}，${methodText(p.elderly)}` : '',
          ]);
        }
      }
    }
    rows.push([], ['测算口径'], ...planning.rules.map((r) => [r]));
    wb.addSheet({ name: '规划测算', widths: [10, 12, 8, 28, 10, 12, 12, 10, 14, 10, 10, 12, 22, 12, 30], frozen: { rows: 1 }, rows, rowStyles: [bold] });
  }

  // --- 说明 (metadata)
  // Each figure with the years it came from, and the areas of each year when they differ.
  const used = new Map<string, Map<number, string[]>>();
  for (const r of report.rows) {
    for (const { figure, year } of populationYearsOf(r.values)) {
      const years = used.get(figure) ?? new Map<number, string[]>();
      years.set(year, [...(years.get(year) ?? []), r.areaName]);
      used.set(figure, years);
    }
  }
  const yearsText = [...used]
    .map(([figure, years]) =>
      years.size === 1
        ? `${figure}：${[...years.keys()][0]} 年`
        : `${figure}：${[...years].sort(([a], [b]) => b - a).map(([year, areas]) => `${year} 年（${areas.join('、')}）`).join('，')}`,
    )
    .join('；');
  // Any population figure an indicator needs (the total, or the 60+/65+ figure of the chosen basis): a
  // district with its total but not its elderly figure still has blank cells, and the auditor is told why.
  const missing = report.rows.flatMap((r) => {
    const lacks = missingPopulationsOf(r.values);
    return lacks.length ? [`${r.areaName}（${lacks.join('、')}）`] : [];
  });
  const meta: [string, string][] = [
    ['报表', '养老床位规划指标'],
    ['统计日期', report.asOf],
    ['统计层级', report.level === 'street' ? '区、街道/乡镇' : '区'],
    ['人口数据年份', yearsText || '无'],
    ['人口数据取年规则', POPULATION_YEAR_RULE],
    ['缺少人口数据的区划（相关指标空缺）', missing.length ? missing.join('；') : '无'],
    ['生成时间（北京时间）', beijingTime(report.generatedAt)],
    ['生成软件', 'CareBeds 养老床位'],
    ...report.optionsText.map((o): [string, string] => [`口径：${o.label}`, o.value]),
  ];
  wb.addSheet({ name: '说明', widths: [22, 60], rows: meta, columnStyles: [bold] });
  return wb.toBuffer();
}

/** The workbook carries the audit and the planning projection beside the figures; the CSV the figures only. */
type ExportSheets = { format: 'csv' } | { format: 'xlsx'; quality: QualityReport; planning?: PlanningReport; withheld?: number };

export async function exportFile(report: IndicatorReport, sheets: ExportSheets): Promise<FilePayload> {
  const base = `养老床位指标-${report.asOf}`;
  if (sheets.format === 'csv') {
    return { fileName: `${base}.csv`, mime: 'text/csv', dataBase64: indicatorsCsv(report).toString('base64') };
  }
  const bytes = await indicatorsXlsx(report, sheets.quality, sheets.planning, sheets.withheld);
  return {
    fileName: `${base}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    dataBase64: bytes.toString('base64'),
  };
}

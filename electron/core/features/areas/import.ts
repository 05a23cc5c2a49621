import { perImport, type ImportSpec } from '../../import/framework';
import { RowReader } from '../../import/row';
import { upsertPopulationIn } from './service';

const C = {
  area: '区划代码',
  year: '年份',
  resident: '常住人口',
  registered: '户籍人口',
  resident60: '60岁及以上常住人口',
  registered60: '60岁及以上户籍人口',
  resident65: '65岁及以上常住人口',
  resident80: '80岁及以上常住人口',
  source: '数据来源',
  action: '处理',
} as const;

/** The row of this import that gave each area and year, keyed by the import's transaction. */
const seenRows = perImport(() => new Map<string, number>());

export const populationImport: ImportSpec = {
  kind: 'population',
  title: '人口数据',
  areaColumns: [C.area],
  columns: [
    { header: C.area, required: true, description: '区（6 位）、街道/乡镇（9 位）或社区/村（12 位）区划代码，须已存在', example: '110118' },
    {
      header: C.year,
      required: true,
      description: '统计年份。同一区划同一年份在文件中只能有一行；已有该年数据时更新原记录，空单元格保留原有数值（要清空某项请在“区划与人口”中修改）',
      example: '2023',
    },
    { header: C.resident, required: false, description: '人数；空表示未知（不会当作 0）', example: '528000' },
    { header: C.registered, required: false, description: '人数；空表示未知', example: '' },
    { header: C.resident60, required: false, description: '人数；空表示未知', example: '120000' },
    { header: C.registered60, required: false, description: '人数；空表示未知', example: '' },
    { header: C.resident65, required: false, description: '人数；空表示未知', example: '' },
    { header: C.resident80, required: false, description: '人数；空表示未知', example: '' },
    { header: C.source, required: false, description: '数据来源，如统计年鉴', example: '密云区统计年鉴' },
  ],
  fieldColumns: { areaCode: C.area },
  async applyRow(trx, ctx, cells, rowNumber) {
    const r = new RowReader(cells);
    const count = (column: string) => r.int(column, { min: 0, max: 100_000_000 });
    const read = {
      areaCode: r.text(C.area, { required: true }) ?? '',
      year: r.int(C.year, { required: true, min: 1949, max: 2100 }) ?? 0,
      resident: count(C.resident),
      registered: count(C.registered),
      resident60: count(C.resident60),
      registered60: count(C.registered60),
      resident65: count(C.resident65),
      resident80: count(C.resident80),
      source: r.text(C.source, { max: 500 }),
    };
    const seen = seenRows(trx);
    const key = `${read.areaCode}|${read.year}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) r.fail(C.year, `区划 ${read.areaCode} 的 ${read.year} 年数据与本文件第 ${earlier} 行重复（同一区划同一年份只能有一行）`);
    r.check();
    seen.set(key, rowNumber);
    // A file updates a year already recorded figure by figure: an empty cell means "not in this file",
    // so it keeps the known figure instead of erasing it.
    const before = await trx.selectFrom('population').selectAll().where('area_code', '=', read.areaCode).where('year', '=', read.year).executeTakeFirst();
    const keep = <T>(value: T | null, old: T | null | undefined): T | null => (value ?? old ?? null);
    const input = before
      ? {
          ...read,
          resident: keep(read.resident, before.resident),
          registered: keep(read.registered, before.registered),
          resident60: keep(read.resident60, before.resident_60),
          registered60: keep(read.registered60, before.registered_60),
          resident65: keep(read.resident65, before.resident_65),
          resident80: keep(read.resident80, before.resident_80),
          source: keep(read.source, before.source),
        }
      : read;
    const row = await upsertPopulationIn(trx, ctx, input);
    const show = (n: number | null) => (n === null ? '' : String(n));
    return {
      [C.action]: before ? '更新已有记录' : '新增',
      [C.area]: `${row.areaCode} ${row.areaName}`,
      [C.year]: String(row.year),
      [C.resident]: show(row.resident),
      [C.resident60]: show(row.resident60),
      [C.source]: row.source ?? '',
    };
  },
};

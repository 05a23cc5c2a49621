import type { ImportSpec } from '../../import/framework';
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
} as const;

export const populationImport: ImportSpec = {
  kind: 'population',
  title: '人口数据',
  columns: [
    { header: C.area, required: true, description: '区（6 位）、街道/乡镇（9 位）或社区/村（12 位）区划代码，须已存在', example: '110118' },
    { header: C.year, required: true, description: '统计年份', example: '2023' },
    { header: C.resident, required: false, description: '人数；空表示未知（不会当作 0）', example: '528000' },
    { header: C.registered, required: false, description: '人数；空表示未知', example: '' },
    { header: C.resident60, required: false, description: '人数；空表示未知', example: '120000' },
    { header: C.registered60, required: false, description: '人数；空表示未知', example: '' },
    { header: C.resident65, required: false, description: '人数；空表示未知', example: '' },
    { header: C.resident80, required: false, description: '人数；空表示未知', example: '' },
    { header: C.source, required: false, description: '数据来源，如统计年鉴', example: '密云区统计年鉴' },
  ],
  fieldColumns: { areaCode: C.area },
  async applyRow(trx, ctx, cells) {
    const r = new RowReader(cells);
    const count = (column: string) => r.int(column, { min: 0, max: 100_000_000 });
    const input = {
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
    r.check();
    const row = await upsertPopulationIn(trx, ctx, input);
    const show = (n: number | null) => (n === null ? '' : String(n));
    return {
      [C.area]: `${row.areaCode} ${row.areaName}`,
      [C.year]: String(row.year),
      [C.resident]: show(row.resident),
      [C.resident60]: show(row.resident60),
      [C.source]: row.source ?? '',
    };
  },
};

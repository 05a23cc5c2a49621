import { perImport, rowChanges, type ImportSpec } from '../../import/framework';
import { RowReader } from '../../import/row';
import { todayIn } from '../../app/time';
import { declarationProblems, saveDeclarationIn } from './service';

const C = {
  name: '机构名称',
  date: '统计日期',
  total: '床位数',
  nursing: '护理型床位数',
  reserve: '应急预留床位数',
  shortTerm: '短期托养床位数',
  residents: '在住人数',
} as const;

const FIELD_COLUMNS: Record<string, string> = {
  facilityId: C.name,
  declaredOn: C.date,
  nursingBeds: C.nursing,
  reserveBeds: C.reserve,
  shortTermBeds: C.shortTerm,
  residents: C.residents,
};

// The row that gave each facility and date, so a repeat in the file names it instead of replacing it unseen.
const keysInFile = perImport(() => new Map<string, number>());

/**
 * A monthly report's facility-level figures (申报床位). A facility and date already declared is updated
 * (a corrected report), and the preview says per row 新增 / 更新 (each figure before → after) / 无变化.
 */
export const declarationImport: ImportSpec = {
  kind: 'bed-declarations',
  title: '申报床位',
  columns: [
    { header: C.name, required: true, description: '机构全称，须已登记', example: '密云区第一社会福利中心' },
    { header: C.date, required: false, description: '数据截至的日期（如月报的月末）；整个文件同一日期时可不填此列，在导入选项中给出', example: '2025-12-31' },
    { header: C.total, required: true, description: '床位总数，整数', example: '120' },
    { header: C.nursing, required: false, description: '其中护理型床位数；空表示未知（按 0 计）', example: '80' },
    { header: C.reserve, required: false, description: '其中应急预留床位数', example: '2' },
    { header: C.shortTerm, required: false, description: '其中短期托养床位数', example: '10' },
    { header: C.residents, required: false, description: '统计日在住人数', example: '95' },
  ],
  fieldColumns: FIELD_COLUMNS,
  async applyRow(trx, ctx, cells, row, options) {
    const r = new RowReader(cells);
    const name = r.text(C.name, { required: true, max: 100 });
    const declaredOn = r.date(C.date) ?? options.effectiveOn ?? null;
    if (!declaredOn && !r.issues.some((i) => i.column === C.date)) r.fail(C.date, '“统计日期”不能为空（或在导入选项中给出统计日期）');
    const totalBeds = r.int(C.total, { required: true, min: 0, max: 100000 });
    const nursingBeds = r.int(C.nursing, { min: 0, max: 100000 });
    const reserveBeds = r.int(C.reserve, { min: 0, max: 100000 });
    const shortTermBeds = r.int(C.shortTerm, { min: 0, max: 100000 });
    const residents = r.int(C.residents, { min: 0, max: 100000 });
    const facility = name ? await trx.selectFrom('facilities').select('id').where('name', '=', name).executeTakeFirst() : undefined;
    if (name && !facility) r.fail(C.name, `机构“${name}”未登记（请先导入或登记机构）`);
    const key = `${name}|${declaredOn}`;
    const first = keysInFile(trx).get(key);
    if (first !== undefined) r.fail(C.name, `机构“${name}”在 ${declaredOn} 的申报与本文件第 ${first} 行重复`);
    if (totalBeds !== null && declaredOn) {
      for (const p of declarationProblems({ declaredOn, totalBeds, nursingBeds, reserveBeds, shortTermBeds, residents }, todayIn(ctx.now()))) {
        r.fail(FIELD_COLUMNS[(p.details as { field: string }).field] ?? null, p.message);
      }
    }
    r.check();
    const input = { facilityId: facility!.id, declaredOn: declaredOn!, totalBeds: totalBeds!, nursingBeds, reserveBeds, shortTermBeds, residents };
    const { before } = await saveDeclarationIn(trx, ctx, input, 'import');
    keysInFile(trx).set(key, row);
    const shown = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
    const pairs: [string, number | null, number | null][] = [
      [C.total, before?.totalBeds ?? null, totalBeds],
      [C.nursing, before?.nursingBeds ?? null, nursingBeds],
      [C.reserve, before?.reserveBeds ?? null, reserveBeds],
      [C.shortTerm, before?.shortTermBeds ?? null, shortTermBeds],
      [C.residents, before?.residents ?? null, residents],
    ];
    const fields = before ? pairs.filter(([, b, a]) => b !== a).map(([column, b, a]) => ({ column, before: shown(b), after: shown(a) })) : [];
    rowChanges(trx).push({ row, action: !before ? 'insert' : fields.length ? 'update' : 'same', fields });
    return {
      [C.name]: name!,
      [C.date]: declaredOn!,
      [C.total]: shown(totalBeds),
      [C.nursing]: shown(nursingBeds),
      [C.reserve]: shown(reserveBeds),
      [C.shortTerm]: shown(shortTermBeds),
      [C.residents]: shown(residents),
    };
  },
};

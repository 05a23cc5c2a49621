import { FACILITY_STATUSES, MEDICAL_SERVICES, OWNERSHIPS, parseFacilityKindLabel, FACILITY_KINDS, INSTITUTION_SUBTYPES } from '../../../../shared/domain/facility';
import { perImport, rowChanges, type ImportSpec } from '../../import/framework';
import { RowReader } from '../../import/row';
import { STATION_WORD } from '../../../../shared/domain/importSynonyms';
import { trimInvisible } from '../../../../shared/schemas/common';
import type { Trx } from '../../app/context';
import { createFacilityIn, facilityFieldProblems, setFacilityStatusIn, updateFacilityIn } from './service';
import { todayIn } from '../../app/time';

const C = {
  name: '机构名称',
  kind: '机构类型',
  area: '区划代码',
  credit: '统一社会信用代码',
  ownership: '举办性质',
  status: '运营状态',
  approved: '核定床位数',
  medical: '医疗服务',
  opened: '开业日期',
  address: '地址',
  parent: '上级机构',
} as const;

/**
 * Which station a bare 驿站 is: the one the user chose for the file, else by its street's name (a 乡 or 镇
 * has 农村幸福晚年驿站, a 街道 社区养老服务驿站); null when neither tells.
 */
async function stationKindFor(trx: Trx, areaCode: string, chosen: 'community_station' | 'rural_station' | undefined) {
  if (chosen) return { kind: chosen, subtype: null };
  if (!/^\d{9}$/.test(areaCode)) return null;
  const area = await trx.selectFrom('areas').select('name').where('code', '=', areaCode).executeTakeFirst();
  if (!area) return null;
  if (/[乡镇]$/.test(area.name)) return { kind: 'rural_station' as const, subtype: null };
  if (/街道$/.test(area.name)) return { kind: 'community_station' as const, subtype: null };
  return null;
}

/** The registered facility a row names: by its credit code when the row gives one, else by name. */
async function registered(trx: Trx, name: string | null, creditCode: string | null) {
  const q = trx.selectFrom('facilities').selectAll();
  const byCode = creditCode ? await q.where('credit_code', '=', creditCode.toUpperCase()).executeTakeFirst() : undefined;
  return byCode ?? (name ? await q.where('name', '=', name).executeTakeFirst() : undefined);
}

// The rows of this import that registered each name, keyed by the import's transaction: a name given twice
// in one file names the row that gave it first instead of saying it 已存在 (it does not, outside the file).
const namesInFile = perImport(() => new Map<string, number>());

export const facilityImport: ImportSpec = {
  kind: 'facilities',
  title: '机构与驿站',
  columns: [
    { header: C.name, required: true, description: '机构全称，全库唯一（后续床位、入住等模板按名称引用机构）', example: '密云区第一社会福利中心' },
    { header: C.kind, required: true, description: `${Object.values(FACILITY_KINDS).join('、')}；也可填${Object.values(INSTITUTION_SUBTYPES).join('、')}（归为养老机构）`, example: '养老机构', choices: [...Object.values(FACILITY_KINDS), ...Object.values(INSTITUTION_SUBTYPES)] },
    { header: C.area, required: true, description: '所在区（6 位）或街道/乡镇（9 位）区划代码，须已存在', example: '110118' },
    { header: C.credit, required: false, description: '18 位统一社会信用代码（GB 32100-2015），填写时校验', example: '' },
    { header: C.ownership, required: true, description: Object.values(OWNERSHIPS).join('、'), example: '公办', choices: Object.values(OWNERSHIPS) },
    { header: C.status, required: true, description: Object.values(FACILITY_STATUSES).join('、'), example: '运营', choices: Object.values(FACILITY_STATUSES) },
    { header: C.approved, required: false, description: '民政部门核定的床位数，整数；空表示未知', example: '120' },
    { header: C.medical, required: false, description: `${Object.values(MEDICAL_SERVICES).join('、')}；空表示无`, example: '签约医疗', choices: Object.values(MEDICAL_SERVICES) },
    { header: C.opened, required: false, description: 'YYYY-MM-DD 或 Excel 日期', example: '2015-06-01' },
    { header: C.address, required: false, description: '详细地址', example: '北京市密云区鼓楼街道' },
    { header: C.parent, required: false, description: '上级机构名称（以院统站），须已存在或在本文件上方', example: '' },
  ],
  areaColumns: [C.area],
  fieldColumns: { name: C.name, areaCode: C.area, creditCode: C.credit, openedOn: C.opened, parentId: C.parent, subtype: C.kind, statusSince: C.opened },
  async applyRow(trx, ctx, cells, row, options) {
    const r = new RowReader(cells);
    const name = r.text(C.name, { required: true, max: 100 });
    const names = namesInFile(trx);
    const first = name === null ? undefined : names.get(name);
    if (first !== undefined) r.fail(C.name, `机构名称“${name}”与本文件第 ${first} 行重复，机构名称须唯一`);
    const kindLabel = r.text(C.kind, { required: true });
    const areaText = trimInvisible(cells[C.area] ?? '');
    const kind = kindLabel === STATION_WORD ? await stationKindFor(trx, areaText, options.stationKind) : kindLabel ? parseFacilityKindLabel(kindLabel) : null;
    if (kindLabel === STATION_WORD && !kind) {
      r.fail(C.kind, `“驿站”不能确定是${FACILITY_KINDS.community_station}还是${FACILITY_KINDS.rural_station}（所在街乡未知或不是街道、乡、镇）：请填写完整类型，或在导入选项中选择驿站类型`);
    } else if (kindLabel && !kind) {
      r.fail(C.kind, `“${C.kind}”的值“${kindLabel}”无效，可选值：${[...Object.values(FACILITY_KINDS), ...Object.values(INSTITUTION_SUBTYPES)].join('、')}`);
    }
    const areaCode = r.text(C.area, { required: true });
    const areaWellFormed = areaCode !== null && /^(\d{6}|\d{9})$/.test(areaCode);
    if (areaCode && !areaWellFormed) r.fail(C.area, `“${C.area}”应为 6 位（区）或 9 位（街道/乡镇）数字，实际为“${areaCode}”`);
    const creditCode = r.text(C.credit);
    const ownership = r.choice(C.ownership, OWNERSHIPS, { required: true });
    const status = r.choice(C.status, FACILITY_STATUSES, { required: true });
    const approvedBeds = r.int(C.approved, { min: 0, max: 100000 });
    const medicalGiven = r.choice(C.medical, MEDICAL_SERVICES);
    const medicalService = medicalGiven ?? 'none';
    const openedOn = r.date(C.opened);
    const address = r.text(C.address, { max: 200 });
    const parentName = r.text(C.parent);
    let parentId: string | null = null;
    if (parentName) {
      const parent = await trx.selectFrom('facilities').select('id').where('name', '=', parentName).executeTakeFirst();
      if (!parent) r.fail(C.parent, `上级机构“${parentName}”不存在（须已登记或位于本文件上方）`);
      else parentId = parent.id;
    }
    // The registered facility this row is about (by credit code, else name): updated in 新增并更新 mode.
    const existing = first !== undefined ? undefined : await registered(trx, name, creditCode);
    if (existing && !options.update) {
      r.fail(C.name, `机构“${existing.name}”已登记；要用文件中的数据更新已登记的机构，请选择“新增并更新”（命令行 --update）`);
    }
    // The checks the form makes (area, credit code, name, date, parent) on what this row gave, all at once:
    // a row is fixed in one go rather than one problem per preview.
    const given = { name: first === undefined && !existing ? name ?? undefined : undefined, kind: kind?.kind, subtype: kind?.subtype, areaCode: areaWellFormed ? areaCode : undefined, creditCode, openedOn, parentId };
    for (const problem of await facilityFieldProblems(trx, ctx, given, existing?.id ?? null)) {
      const field = (problem.details as { field?: string } | undefined)?.field;
      r.fail((field && facilityImport.fieldColumns?.[field]) || null, problem.message);
    }
    r.check();
    if (existing) {
      // An empty cell keeps what is registered: a file that lacks a figure does not erase it.
      const next = {
        id: existing.id,
        name: name!,
        kind: kind!.kind,
        subtype: kind!.subtype,
        ownership: ownership!,
        areaCode: areaCode!,
        creditCode: creditCode ?? existing.credit_code,
        filingNo: existing.filing_no,
        approvedBeds: approvedBeds ?? existing.approved_beds,
        medicalService: medicalGiven ?? existing.medical_service,
        openedOn: openedOn ?? existing.opened_on,
        address: address ?? existing.address,
        parentId: parentName ? parentId : existing.parent_id,
      };
      const shownBefore: Record<string, string> = {
        [C.name]: existing.name,
        [C.kind]: existing.subtype ? INSTITUTION_SUBTYPES[existing.subtype] : FACILITY_KINDS[existing.kind],
        [C.area]: existing.area_code,
        [C.credit]: existing.credit_code ?? '',
        [C.ownership]: OWNERSHIPS[existing.ownership],
        [C.status]: FACILITY_STATUSES[existing.status],
        [C.approved]: existing.approved_beds === null ? '' : String(existing.approved_beds),
        [C.medical]: MEDICAL_SERVICES[existing.medical_service],
        [C.opened]: existing.opened_on ?? '',
        [C.address]: existing.address ?? '',
      };
      const shownAfter: Record<string, string> = {
        [C.name]: next.name,
        [C.kind]: next.subtype ? INSTITUTION_SUBTYPES[next.subtype] : FACILITY_KINDS[next.kind],
        [C.area]: next.areaCode,
        [C.credit]: next.creditCode ?? '',
        [C.ownership]: OWNERSHIPS[next.ownership],
        [C.status]: FACILITY_STATUSES[status!],
        [C.approved]: next.approvedBeds === null ? '' : String(next.approvedBeds),
        [C.medical]: MEDICAL_SERVICES[next.medicalService],
        [C.opened]: next.openedOn ?? '',
        [C.address]: next.address ?? '',
      };
      const fields = Object.keys(shownAfter)
        .filter((c) => shownBefore[c] !== shownAfter[c])
        .map((column) => ({ column, before: shownBefore[column]!, after: shownAfter[column]! }));
      if (fields.some((f) => f.column !== C.status)) await updateFacilityIn(trx, ctx, next);
      if (status !== existing.status) {
        // A status from a file is a dated entry: from the date the user gave for the file, else today.
        await setFacilityStatusIn(trx, ctx, { id: existing.id, status: status!, effectiveOn: options.effectiveOn ?? todayIn(ctx.now()), reason: '文件导入更新' });
      }
      rowChanges(trx).push({ row, action: fields.length ? 'update' : 'same', fields });
      names.set(name!, row);
      return shownAfter;
    }
    await createFacilityIn(trx, ctx, {
      name: name!,
      kind: kind!.kind,
      subtype: kind!.subtype,
      ownership: ownership!,
      status: status!,
      statusSince: null,
      areaCode: areaCode!,
      creditCode,
      filingNo: null,
      approvedBeds,
      medicalService,
      openedOn,
      address,
      parentId,
    }, { checked: true });
    names.set(name!, row);
    rowChanges(trx).push({ row, action: 'insert', fields: [] });
    return {
      [C.name]: name!,
      [C.kind]: kindLabel === STATION_WORD ? FACILITY_KINDS[kind!.kind] : kindLabel!,
      [C.area]: areaCode!,
      [C.ownership]: OWNERSHIPS[ownership!],
      [C.status]: FACILITY_STATUSES[status!],
      [C.approved]: approvedBeds === null ? '' : String(approvedBeds),
      [C.opened]: openedOn ?? '',
      [C.parent]: parentName ?? '',
    };
  },
};

import { sql } from 'kysely';
import { DISCHARGE_REASONS, FEE_CLASSES } from '../../../../shared/contract';
import { maskIdNumber } from '../../../../shared/domain/idNumber';
import type { ImportSpec } from '../../import/framework';
import { RowReader } from '../../import/row';
import { findElderByIdNumber, unknownElder } from '../elders/import';
import { admitIn, noteImportRow } from './service';
import type { Trx } from '../../app/context';

const C = {
  id: '身份证号',
  facility: '机构名称',
  building: '楼栋',
  room: '房间',
  bed: '床位号',
  admitted: '入住日期',
  discharged: '退住日期',
  reason: '退住原因',
  fee: '收费类别',
} as const;

const DIGITS = /^\d+$/;

/** The beds with these numbers, matched as typed or, for numbers of digits, with leading zeros ignored. */
function bedsNumbered(trx: Trx, facilityName: string, buildingName: string, roomNumber: string, bedNumber: string, match: 'exact' | 'zeros') {
  const same = (column: 'rm.number' | 'b.number', given: string) =>
    match === 'zeros' && DIGITS.test(given) ? sql<boolean>`(${sql.ref(column)} NOT GLOB '*[^0-9]*' AND ltrim(${sql.ref(column)}, '0') = ${given.replace(/^0+/, '')})` : sql<boolean>`${sql.ref(column)} = ${given}`;
  return trx
    .selectFrom('beds as b')
    .innerJoin('rooms as rm', 'rm.id', 'b.room_id')
    .innerJoin('buildings as g', 'g.id', 'rm.building_id')
    .innerJoin('facilities as f', 'f.id', 'b.facility_id')
    .select(['b.id', 'b.number', 'rm.number as room_number', 'b.opened_on', 'b.retired_on'])
    .where('f.name', '=', facilityName)
    .where('g.name', '=', buildingName)
    .where(same('rm.number', roomNumber))
    .where(same('b.number', bedNumber))
    .orderBy(sql`b.retired_on IS NULL`, 'desc')
    .orderBy('b.opened_on', 'desc')
    .execute();
}

/**
 * One row per stay (current or past). Every row goes through the same checks as an admission on
 * screen; rows already written in this file are visible to later rows, so a file that books one bed
 * or one elder twice is refused with both rows named, and the framework then writes nothing.
 */
export const stayImport: ImportSpec = {
  kind: 'stays',
  title: '入住记录',
  columns: [
    { header: C.id, required: true, description: '老人身份证号，须已登记（先导入“老人”）', example: '11010519491231002X' },
    { header: C.facility, required: true, description: '机构全称，须已登记', example: '密云区第一社会福利中心' },
    { header: C.building, required: true, description: '楼栋名称，须已登记（先导入“床位”）', example: '1号楼' },
    { header: C.room, required: true, description: '房间号', example: '301' },
    { header: C.bed, required: true, description: '床位号', example: '1' },
    { header: C.admitted, required: true, description: 'YYYY-MM-DD；不能早于床位启用日期和老人出生日期，不能晚于今天', example: '2023-05-10' },
    { header: C.discharged, required: false, description: '已退住的填写退住日期（须晚于入住日期）；在住留空', example: '' },
    { header: C.reason, required: false, description: `填写退住日期时必填：${Object.values(DISCHARGE_REASONS).join('、')}`, example: '' },
    { header: C.fee, required: true, description: Object.values(FEE_CLASSES).join('、'), example: '普通' },
  ],
  fieldColumns: { elderId: C.id, bedId: C.bed, admittedOn: C.admitted, dischargedOn: C.discharged, dischargeReason: C.reason },
  async applyRow(trx, ctx, cells, row) {
    const r = new RowReader(cells);
    const idRaw = r.text(C.id, { required: true, max: 30 });
    const facilityName = r.text(C.facility, { required: true, max: 100 });
    const buildingName = r.text(C.building, { required: true, max: 50 });
    const roomNumber = r.text(C.room, { required: true, max: 20 });
    const bedNumber = r.text(C.bed, { required: true, max: 10 });
    const admittedOn = r.date(C.admitted, { required: true });
    const dischargedOn = r.date(C.discharged);
    const reason = r.choice(C.reason, DISCHARGE_REASONS);
    const fee = r.choice(C.fee, FEE_CLASSES, { required: true });
    if (dischargedOn && !reason) r.fail(C.reason, `填写了“${C.discharged}”，“${C.reason}”不能为空`);
    if (!dischargedOn && reason) r.fail(C.discharged, `填写了“${C.reason}”，但“${C.discharged}”为空`);
    const elder = idRaw ? await findElderByIdNumber(trx, idRaw) : null;
    if (idRaw && !elder) r.fail(C.id, unknownElder(idRaw));
    let bedId: string | null = null;
    if (facilityName && buildingName && roomNumber && bedNumber) {
      // A bed number may have been reused after a retirement: take the bed in use on the admission day.
      let beds = await bedsNumbered(trx, facilityName, buildingName, roomNumber, bedNumber, 'exact');
      // Excel turns a typed 02 into the number 2: with no exact match, digits match without their leading
      // zeros, when that names one room and bed only.
      if (beds.length === 0 && (DIGITS.test(roomNumber) || DIGITS.test(bedNumber))) {
        beds = await bedsNumbered(trx, facilityName, buildingName, roomNumber, bedNumber, 'zeros');
      }
      const places = [...new Set(beds.map((b) => `${b.room_number} 房间 ${b.number} 号床`))];
      if (places.length > 1) {
        r.fail(C.room, `${facilityName} ${buildingName} 中与“${roomNumber} 房间 ${bedNumber} 号床”相符的有：${places.join('、')}，请按登记的编号填写（房间号设为文本格式以保留开头的 0）`);
      } else if (beds.length === 0) {
        r.fail(C.bed, `${facilityName} ${buildingName} ${roomNumber} 房间没有 ${bedNumber} 号床（请先登记床位）`);
      } else {
        const inUse = admittedOn ? beds.find((b) => b.opened_on <= admittedOn && (b.retired_on === null || b.retired_on > admittedOn)) : undefined;
        bedId = (inUse ?? beds[0]!).id;
      }
    }
    r.check();
    const { admissionId, place } = await admitIn(trx, ctx, {
      elderId: elder!.id,
      bedId: bedId!,
      admittedOn: admittedOn!,
      feeClass: fee!,
      applicationId: null,
      dischargedOn,
      dischargeReason: reason,
      dischargeNote: null,
    });
    noteImportRow(trx, admissionId, row);
    return {
      [C.id]: maskIdNumber(elder!.id_number),
      [C.facility]: place.facility_name,
      [C.building]: place.building_name,
      [C.room]: place.room_number,
      [C.bed]: place.number,
      [C.admitted]: admittedOn!,
      [C.discharged]: dischargedOn ?? '',
      [C.reason]: reason ? DISCHARGE_REASONS[reason] : '',
      [C.fee]: FEE_CLASSES[fee!],
    };
  },
};

import { AppError } from '../../../../shared/errors';
import { BED_CATEGORIES, BED_ZONES } from '../../../../shared/domain/beds';
import { rowChanges, type ImportSpec } from '../../import/framework';
import { todayIn } from '../../app/time';
import { RowReader } from '../../import/row';
import { findOrCreateBuilding, findOrCreateRoom, insertBedIn, retireBedIn, setBedAttributesIn } from './service';

const C = {
  facility: '机构名称',
  building: '楼栋',
  floor: '楼层',
  room: '房间',
  number: '床位号',
  category: '床位类别',
  nursing: '护理型',
  zone: '分区',
  reserve: '应急预留',
  opened: '启用日期',
  retired: '停用日期',
} as const;

/**
 * One row per bed. Buildings and rooms are created on the fly the first time a row names them; the
 * framework writes one audit entry for the whole file, so rows write none.
 */
export const bedImport: ImportSpec = {
  kind: 'beds',
  title: '床位',
  columns: [
    { header: C.facility, required: true, description: '机构全称，须已登记（与“机构与驿站”中的名称完全一致）', example: '密云区第一社会福利中心' },
    { header: C.building, required: true, description: '楼栋名称；不存在时自动新建', example: '1号楼' },
    { header: C.floor, required: true, description: '整数；地下层填负数（-1 表示地下一层）', example: '3' },
    { header: C.room, required: true, description: '房间号；不存在时自动新建。同一楼栋内房间号唯一', example: '301' },
    { header: C.number, required: true, description: '房间内的床位号，同一房间内不能重复', example: '1' },
    { header: C.category, required: true, description: `${Object.values(BED_CATEGORIES).join('、')}（家庭照护床位随老人入住登记，不在此导入）`, example: '长期集中', choices: Object.values(BED_CATEGORIES) },
    { header: C.nursing, required: true, description: '是 / 否', example: '是', choices: ['是', '否'] },
    { header: C.zone, required: false, description: `${Object.values(BED_ZONES).join('、')}；空表示普通`, example: '普通', choices: Object.values(BED_ZONES) },
    { header: C.reserve, required: true, description: '是 / 否（用于突发公共事件应急处置的预留床位）', example: '否', choices: ['是', '否'] },
    { header: C.opened, required: true, description: 'YYYY-MM-DD 或 Excel 日期；不能早于机构开业日期', example: '2020-01-01' },
    { header: C.retired, required: false, description: '已停用床位填写停用日期（须晚于启用日期）；在用床位留空', example: '' },
  ],
  fieldColumns: { facilityId: C.facility, floor: C.floor, number: C.number, openedOn: C.opened, retiredOn: C.retired },
  async applyRow(trx, ctx, cells, rowNumber, options) {
    const r = new RowReader(cells);
    const facilityName = r.text(C.facility, { required: true, max: 100 });
    const buildingName = r.text(C.building, { required: true, max: 50 });
    const floor = r.int(C.floor, { required: true, min: -5, max: 100 });
    const roomNumber = r.text(C.room, { required: true, max: 20 });
    const number = r.text(C.number, { required: true, max: 10 });
    const category = r.choice(C.category, BED_CATEGORIES, { required: true });
    const nursing = r.yesNo(C.nursing, { required: true });
    const zone = r.choice(C.zone, BED_ZONES) ?? 'general';
    const reserve = r.yesNo(C.reserve, { required: true });
    const openedOn = r.date(C.opened, { required: true });
    const retiredOn = r.date(C.retired);
    const facility = facilityName
      ? await trx.selectFrom('facilities').select(['id', 'name', 'opened_on']).where('name', '=', facilityName).executeTakeFirst()
      : undefined;
    if (facilityName && !facility) r.fail(C.facility, `机构“${facilityName}”不存在（须先在“机构与驿站”中登记）`);
    if (openedOn && retiredOn && retiredOn <= openedOn) r.fail(C.retired, `“${C.retired}”须晚于“${C.opened}”${openedOn}`);
    r.check();
    const stored = {
      [C.facility]: facility!.name,
      [C.building]: buildingName!,
      [C.floor]: String(floor),
      [C.room]: roomNumber!,
      [C.number]: number!,
      [C.category]: BED_CATEGORIES[category!],
      [C.nursing]: nursing ? '是' : '否',
      [C.zone]: BED_ZONES[zone],
      [C.reserve]: reserve ? '是' : '否',
      [C.opened]: openedOn!,
      [C.retired]: retiredOn ?? '',
    };
    if (options.update) {
      // 新增并更新: the bed in use at this facility, building, room and number takes the row's attributes
      // as a new version dated the file's 统計日期 (else today), and its retirement when the row gives one.
      const existing = await trx
        .selectFrom('beds as b')
        .innerJoin('rooms as rm', 'rm.id', 'b.room_id')
        .innerJoin('buildings as bd', 'bd.id', 'rm.building_id')
        .select(['b.id', 'b.opened_on'])
        .where('b.facility_id', '=', facility!.id)
        .where('bd.name', '=', buildingName!)
        .where('rm.number', '=', roomNumber!)
        .where('b.number', '=', number!)
        .where('b.retired_on', 'is', null)
        .executeTakeFirst();
      if (existing) {
        const latest = await trx.selectFrom('bed_attributes').selectAll().where('bed_id', '=', existing.id).orderBy('effective_on', 'desc').limit(1).executeTakeFirstOrThrow();
        const pairs: [string, string, string][] = [
          [C.category, BED_CATEGORIES[latest.category], stored[C.category]!],
          [C.nursing, latest.nursing ? '是' : '否', stored[C.nursing]!],
          [C.zone, BED_ZONES[latest.zone], stored[C.zone]!],
          [C.reserve, latest.reserve ? '是' : '否', stored[C.reserve]!],
        ];
        const fields = pairs.filter(([, b, a]) => b !== a).map(([column, before, after]) => ({ column, before, after }));
        const effectiveOn = options.effectiveOn ?? todayIn(ctx.now());
        if (fields.length) {
          await setBedAttributesIn(trx, ctx, { id: existing.id, effectiveOn, category: category!, nursing: nursing!, zone, reserve: reserve!, reason: '文件导入更新' });
        }
        if (retiredOn) {
          fields.push({ column: C.retired, before: '', after: retiredOn });
          try {
            await retireBedIn(trx, ctx, existing.id, retiredOn, '文件导入更新');
          } catch (err) {
            if (err instanceof AppError) throw new AppError(err.code, err.message, { field: 'retiredOn' });
            throw err;
          }
        }
        rowChanges(trx).push({ row: rowNumber, action: fields.length ? 'update' : 'same', fields });
        return stored;
      }
    }
    const building = await findOrCreateBuilding(trx, ctx, facility!.id, buildingName!);
    const { room } = await findOrCreateRoom(trx, ctx, { buildingId: building.id, floor: floor!, number: roomNumber!, capacity: null, sexRestriction: null });
    const bedId = await insertBedIn(trx, ctx, { room, facility: facility!, number: number!, openedOn: openedOn!, category: category!, nursing: nursing!, zone, reserve: reserve! });
    if (retiredOn) {
      try {
        await retireBedIn(trx, ctx, bedId, retiredOn, '导入时登记为已停用');
      } catch (err) {
        if (err instanceof AppError) throw new AppError(err.code, err.message, { field: 'retiredOn' });
        throw err;
      }
    }
    if (options.update) rowChanges(trx).push({ row: rowNumber, action: 'insert', fields: [] });
    return stored;
  },
};

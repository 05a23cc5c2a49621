import { EXCEL_CUT_MESSAGE, looksCutByExcel, maskIdNumber } from '../../../../shared/domain/idNumber';
import { SKILL_LEVELS, STAFF_POSTS, parseLabel } from '../../../../shared/domain/staff';
import { AppError } from '../../../../shared/errors';
import { perImport, type ImportSpec } from '../../import/framework';
import { RowReader, RowErrors } from '../../import/row';
import { saveStaffIn } from './service';

const C = {
  facility: '机构名称',
  name: '姓名',
  idNumber: '身份证号',
  post: '岗位',
  skill: '职业技能等级',
  certificateNo: '证书编号',
  certifiedOn: '发证日期',
  from: '入职日期',
  to: '离职日期',
} as const;

// The row of this file that wrote each staff record: a person twice in the file names that row, not a
// record 已登记 that the refused import never keeps.
const rowsWritten = perImport(() => new Map<string, number>());

/**
 * The staff registry (kind `staff`). A caregiver is certified on a date when a 职业技能等级 is recorded with
 * a 发证日期 not after it; a person on duty in two facilities at once is refused, since the caregiver
 * indicators would count them twice.
 */
export const staffImport: ImportSpec = {
  kind: 'staff',
  title: '机构人员',
  columns: [
    { header: C.facility, required: true, description: '须为已登记的机构名称', example: '密云区第一社会福利中心' },
    { header: C.name, required: true, description: '姓名', example: '王芳' },
    { header: C.idNumber, required: true, description: '18 位居民身份证号（文本格式）', example: '110228198503150022' },
    { header: C.post, required: true, description: `可选：${Object.values(STAFF_POSTS).join('、')}`, example: '养老护理员' },
    { header: C.skill, required: false, description: `养老护理员填写：${Object.values(SKILL_LEVELS).join('、')}（可只写“四级”或“中级工”）`, example: '四级/中级工' },
    { header: C.certificateNo, required: false, description: '职业技能等级证书编号', example: 'S000011000000000001' },
    { header: C.certifiedOn, required: false, description: '与职业技能等级一并填写，YYYY-MM-DD；持证自发证日期起算', example: '2021-06-30' },
    { header: C.from, required: true, description: 'YYYY-MM-DD', example: '2020-03-01' },
    { header: C.to, required: false, description: '在职则不填；离职日当天起不再计为在岗', example: '' },
  ],
  fieldColumns: {
    facilityId: C.facility,
    idNumber: C.idNumber,
    skillLevel: C.skill,
    certifiedOn: C.certifiedOn,
    employedFrom: C.from,
    employedTo: C.to,
  },
  async applyRow(trx, ctx, cells, row) {
    const r = new RowReader(cells);
    const facilityName = r.text(C.facility, { required: true, max: 100 });
    const name = r.text(C.name, { required: true, max: 50 });
    const idRaw = r.text(C.idNumber, { required: true, max: 30 });
    if (idRaw && looksCutByExcel(idRaw)) r.fail(C.idNumber, EXCEL_CUT_MESSAGE);
    const postRaw = r.text(C.post, { required: true });
    const post = postRaw === null ? null : parseLabel(STAFF_POSTS, postRaw);
    if (postRaw !== null && post === null) r.fail(C.post, `“${C.post}”的值“${postRaw}”无效，可选值：${Object.values(STAFF_POSTS).join('、')}`);
    const skillRaw = r.text(C.skill);
    const skillLevel = skillRaw === null ? null : parseLabel(SKILL_LEVELS, skillRaw);
    if (skillRaw !== null && skillLevel === null) r.fail(C.skill, `“${C.skill}”的值“${skillRaw}”无效，可选值：${Object.values(SKILL_LEVELS).join('、')}`);
    const certificateNo = r.text(C.certificateNo, { max: 50 });
    const certifiedOn = r.date(C.certifiedOn);
    const employedFrom = r.date(C.from, { required: true });
    const employedTo = r.date(C.to);
    let facilityId: string | null = null;
    if (facilityName) {
      const facility = await trx.selectFrom('facilities').select('id').where('name', '=', facilityName).executeTakeFirst();
      if (!facility) r.fail(C.facility, `机构“${facilityName}”不存在（请先导入或登记机构）`);
      else facilityId = facility.id;
    }
    r.check();
    const input = {
      facilityId: facilityId!,
      name: name!,
      idNumber: idRaw!,
      post: post!,
      skillLevel,
      certificateNo,
      certifiedOn,
      employedFrom: employedFrom!,
      employedTo,
    };
    let saved: Awaited<ReturnType<typeof saveStaffIn>>;
    try {
      saved = await saveStaffIn(trx, ctx, input);
    } catch (err) {
      const earlier = err instanceof AppError && err.code === 'STAFF_EMPLOYED_ELSEWHERE' ? rowsWritten(trx).get((err.details as { staffId: string }).staffId) : undefined;
      if (earlier === undefined) throw err;
      throw new RowErrors([{ column: C.from, message: `同一身份证号在本文件第 ${earlier} 行已有任职，时段与本行重叠（同一人同一时段只能在一处任职）` }]);
    }
    rowsWritten(trx).set(saved.id, row);
    return {
      [C.facility]: facilityName!,
      [C.name]: name!,
      [C.idNumber]: maskIdNumber(saved.idNumber),
      [C.post]: STAFF_POSTS[post!],
      [C.skill]: skillLevel ? SKILL_LEVELS[skillLevel] : '',
      [C.certificateNo]: certificateNo ?? '',
      [C.certifiedOn]: certifiedOn ?? '',
      [C.from]: employedFrom!,
      [C.to]: employedTo ?? '',
    };
  },
};

import { parseRatingStatus, parseStarLevel, starLabel } from '../../../../shared/domain/starRating';
import type { ImportSpec } from '../../import/framework';
import { RowReader } from '../../import/row';
import { createRatingIn, revokeRatingIn } from './service';

const C = {
  name: '机构名称',
  level: '评定星级',
  decided: '评定日期',
  validUntil: '有效期至',
  environment: '环境得分',
  facilities: '设施设备得分',
  operations: '运营管理得分',
  services: '服务得分',
  status: '状态',
  revokedOn: '撤销日期',
  revokeReason: '撤销原因',
  exception: '例外原因',
} as const;

const IMPORTED_VALIDITY_REASON = '按导入文件中的“有效期至”记录（以评定结果公告为准）';
const UNKNOWN_REVOCATION_DATE = '导入文件状态为撤销，撤销日期不详，按自评定日起撤销处理';

function score(r: RowReader, column: string): number | null {
  const raw = r.text(column);
  if (raw === null) return null;
  if (!/^\d+(\.\d+)?$/.test(raw)) return r.fail(column, `“${column}”应为不小于 0 的数字，实际为“${raw}”`);
  return Number(raw);
}

/**
 * Historical decisions go through the same rule check as the form. A row that breaks a rule is
 * rejected with the rules it breaks, unless its 例外原因 cell gives a reason (e.g. “2019 年原办法评定，
 * 历史数据导入”); that reason and the violated rules are stored with the decision and audited on the
 * facility, one entry per such row. A blanket automatic exception was rejected on purpose: it would let
 * any decision — not only old ones — bypass the rules through a spreadsheet without anyone saying why.
 */
export const ratingImport: ImportSpec = {
  kind: 'ratings',
  title: '星级评定',
  columns: [
    { header: C.name, required: true, description: '须为已登记的养老机构、养老照料中心或养老驿站的名称', example: '密云区第一社会福利中心' },
    { header: C.level, required: true, description: '1–5 或 一星…五星（驿站最高三星）', example: '二星' },
    { header: C.decided, required: true, description: '评定结果公告日期，YYYY-MM-DD', example: '2023-06-01' },
    { header: C.validUntil, required: false, description: '空表示按规则推算（养老机构 3 年、驿站 2 年）；与推算不同时按文件记录并注明', example: '' },
    { header: C.environment, required: false, description: '养老机构分项得分，满分 120；驿站不填', example: '100' },
    { header: C.facilities, required: false, description: '养老机构分项得分，满分 130；驿站不填', example: '110' },
    { header: C.operations, required: false, description: '养老机构分项得分，满分 150；驿站不填', example: '120' },
    { header: C.services, required: false, description: '养老机构分项得分，满分 600；驿站不填', example: '480' },
    { header: C.status, required: false, description: '有效 或 撤销；空表示有效', example: '有效' },
    { header: C.revokedOn, required: false, description: '状态为撤销时的撤销日期；不填则视为自评定日起撤销（统计时不计入）', example: '' },
    { header: C.revokeReason, required: false, description: '状态为撤销时的撤销原因', example: '' },
    {
      header: C.exception,
      required: false,
      description:
        '导入的历史评定与新录入的评定一样按北京市规则检查（运营满一年、首次评定上限、逐级晋升、保持满一年）。不符合规则的行会报错；确属按原办法作出的历史评定时在此填写原因，原因与所违反的规则一并记录并写入操作记录',
      example: '',
    },
  ],
  fieldColumns: {
    facilityId: C.name,
    level: C.level,
    decidedOn: C.decided,
    validUntil: C.validUntil,
    validUntilReason: C.validUntil,
    exceptionReason: C.exception,
    revokedOn: C.revokedOn,
  },
  async applyRow(trx, ctx, cells) {
    const r = new RowReader(cells);
    const name = r.text(C.name, { required: true, max: 100 });
    const levelRaw = r.text(C.level, { required: true });
    const level = levelRaw === null ? null : parseStarLevel(levelRaw);
    if (levelRaw !== null && level === null) r.fail(C.level, `“${C.level}”的值“${levelRaw}”无效，应为 1–5 或 一星…五星`);
    const decidedOn = r.date(C.decided, { required: true });
    const validUntil = r.date(C.validUntil);
    const scores = {
      environment: score(r, C.environment),
      facilities: score(r, C.facilities),
      operations: score(r, C.operations),
      services: score(r, C.services),
    };
    const statusRaw = r.text(C.status) ?? '';
    const status = parseRatingStatus(statusRaw);
    if (!status) r.fail(C.status, `“${C.status}”的值“${statusRaw}”无效，可选值：有效、撤销`);
    const revokedOn = r.date(C.revokedOn);
    const revokeReason = r.text(C.revokeReason, { max: 500 });
    if (status === 'active' && (revokedOn || revokeReason)) r.fail(C.status, `填写了撤销日期或撤销原因，但“${C.status}”不是“撤销”`);
    const exceptionReason = r.text(C.exception, { max: 1000 });
    let facilityId: string | null = null;
    if (name) {
      const facility = await trx.selectFrom('facilities').select('id').where('name', '=', name).executeTakeFirst();
      if (!facility) r.fail(C.name, `机构“${name}”不存在（请先导入或登记机构）`);
      else facilityId = facility.id;
    }
    r.check();

    const id = await createRatingIn(
      trx,
      ctx,
      {
        facilityId: facilityId!,
        level: level!,
        decidedOn: decidedOn!,
        validUntil,
        validUntilReason: validUntil ? IMPORTED_VALIDITY_REASON : null,
        scores,
        total: null,
        reviewer: null,
        notes: null,
        exceptionReason,
      },
      { action: 'rating.import', auditExceptionsOnly: true, exceptionHint: `如确属按原办法作出的历史评定，请在“${C.exception}”列填写原因。` },
    );
    if (status === 'revoked') {
      await revokeRatingIn(
        trx,
        ctx,
        { id, revokedOn: revokedOn ?? decidedOn!, reason: revokeReason ?? (revokedOn ? '导入文件状态为撤销' : UNKNOWN_REVOCATION_DATE) },
        { audit: false },
      );
    }
    return {
      [C.name]: name!,
      [C.level]: starLabel(level!),
      [C.decided]: decidedOn!,
      [C.validUntil]: validUntil ?? '按规则推算',
      [C.status]: status === 'revoked' ? '撤销' : '有效',
      [C.exception]: exceptionReason ?? '',
    };
  },
};

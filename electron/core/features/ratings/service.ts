import { sql } from 'kysely';
import { addMonths, format, parseISO } from 'date-fns';
import { AppError } from '../../../../shared/errors';
import type {
  DistrictRatingOverviewRow,
  ExpiryRow,
  FacilityRatings,
  PromotionHint,
  RatingCheckInput,
  RatingCheckResult,
  RatingCreateInput,
  RatingExpiryInput,
  RatingOverview,
  RatingRevokeInput,
  RatingRow,
} from '../../../../shared/contract';
import type { Page } from '../../../../shared/schemas/common';
import {
  EXPIRY_WARNING_MONTHS,
  RATING_SCHEMES,
  addYearsIso,
  checkRatingRules,
  currentStanding,
  defaultValidUntil,
  isLevelInScheme,
  ratingState,
  schemeForFacilityKind,
  starInForce,
  starLabel,
  starRatingRate,
  totalSectionScore,
  validateSectionScores,
  type RatingScheme,
  type RuleViolation,
  type StarRatingRecord,
} from '../../../../shared/domain/starRating';
import type { FacilityKind } from '../../../../shared/domain/facility';
import type { CoreContext, Trx } from '../../app/context';
import { inTransaction, writeAudit } from '../../app/audit';
import { todayIn } from '../../app/time';
import type {  StarRatingTable, Db } from '../../db/schema';
import { ratingCountsByDistrict } from './counts';
import { latestDecisionOn, statusOn } from '../../db/asOf';
import { newId } from '../../app/ids';

export function toRatingRow(r: StarRatingTable, asOf: string, supersededOn: string | null = null): RatingRow {
  return {
    id: r.id,
    facilityId: r.facility_id,
    scheme: r.scheme,
    level: r.level,
    decidedOn: r.decided_on,
    validUntil: r.valid_until,
    validUntilReason: r.valid_until_reason,
    scores: {
      environment: r.score_environment,
      facilities: r.score_facilities,
      operations: r.score_operations,
      services: r.score_services,
    },
    total: r.total,
    reviewer: r.reviewer,
    notes: r.notes,
    ruleExceptionReason: r.rule_exception_reason,
    ruleViolations: r.rule_violations ? (JSON.parse(r.rule_violations) as RuleViolation[]) : [],
    revokedOn: r.revoked_on,
    revokeReason: r.revoke_reason,
    state: ratingState(toRecord(r), asOf),
    supersededOn,
    createdAt: r.created_at,
    recordedBy: r.recorded_by,
  };
}

function toRecord(r: StarRatingTable): StarRatingRecord & { id: string } {
  return { id: r.id, scheme: r.scheme, level: r.level, decidedOn: r.decided_on, validUntil: r.valid_until, revokedOn: r.revoked_on };
}

async function loadFacility(db: Db, facilityId: string) {
  const facility = await db
    .selectFrom('facilities')
    .select(['id', 'name', 'kind', 'opened_on'])
    .where('id', '=', facilityId)
    .executeTakeFirst();
  if (!facility) throw new AppError('FACILITY_NOT_FOUND', '机构不存在或已被删除', { field: 'facilityId', id: facilityId });
  return facility;
}

function schemeOf(facility: { name: string; kind: FacilityKind }): RatingScheme {
  const scheme = schemeForFacilityKind(facility.kind);
  if (!scheme) {
    throw new AppError('RATING_NOT_RATABLE', `“${facility.name}”的机构类型不参加星级评定（星级评定只适用于养老机构、养老照料中心和养老驿站）`, {
      field: 'facilityId',
    });
  }
  return scheme;
}

/**
 * First day the facility counted as operating: its 开业日期 or its first 运营 entry in the status
 * history, whichever is earlier (either may be missing: the history of a facility registered
 * without an opening date starts on the day it was entered).
 */
export async function operatingSince(db: Db, facilityId: string, openedOn: string | null): Promise<string | null> {
  const row = await db
    .selectFrom('facility_status_history')
    .select((eb) => eb.fn.min<string | null>('effective_on').as('first'))
    .where('facility_id', '=', facilityId)
    .where('status', '=', 'operating')
    .executeTakeFirst();
  const first = row?.first ?? null;
  if (openedOn && first) return openedOn < first ? openedOn : first;
  return openedOn ?? first;
}

async function ratingsOf(db: Db, facilityId: string): Promise<StarRatingTable[]> {
  return db.selectFrom('star_ratings').selectAll().where('facility_id', '=', facilityId).orderBy('decided_on', 'desc').execute();
}

async function ruleContext(db: Db, facility: { id: string; opened_on: string | null }, scheme: RatingScheme, level: number, decidedOn: string) {
  const since = await operatingSince(db, facility.id, facility.opened_on);
  const previous = (await ratingsOf(db, facility.id)).filter((r) => r.scheme === scheme.id).map(toRecord);
  return { scheme, level, decidedOn, operatingSince: since, previousRatings: previous };
}

const EXCEPTION_HINT = '如确属例外（例如按原办法作出的历史评定），请填写例外原因后再保存。';

function ruleViolationError(facilityName: string, violations: RuleViolation[], hint = EXCEPTION_HINT): AppError {
  const list = violations.map((v, i) => `${i + 1}. ${v.message}`).join('\n');
  return new AppError('RATING_RULE_VIOLATION', `“${facilityName}”的本次评定不符合北京市星级评定规则：\n${list}\n${hint}`, {
    field: 'exceptionReason',
    violations,
  });
}

export async function checkRating(ctx: CoreContext, input: RatingCheckInput): Promise<RatingCheckResult> {
  const facility = await loadFacility(ctx.db, input.facilityId);
  const scheme = schemeOf(facility);
  if (!isLevelInScheme(scheme, input.level)) {
    throw new AppError('RATING_LEVEL_INVALID', `${scheme.label}为一星至${starLabel(scheme.maxStars)}，不能评定为${starLabel(input.level)}`, { field: 'level' });
  }
  const rc = await ruleContext(ctx.db, facility, scheme, input.level, input.decidedOn);
  return {
    scheme: scheme.id,
    maxStars: scheme.maxStars,
    defaultValidUntil: defaultValidUntil(scheme, input.decidedOn),
    operatingSince: rc.operatingSince,
    violations: checkRatingRules(rc),
  };
}

export interface CreateOptions {
  /** Audit action; imports use their own so the trail says where a decision came from. */
  action?: string;
  /**
   * Imports write one audit entry for the whole file; a row is audited on its own only when it needed
   * a rule exception, so every exception stays visible in the facility's trail.
   */
  auditExceptionsOnly?: boolean;
  /** How to tell the user to supply an exception reason (the form field or the import column). */
  exceptionHint?: string;
}

/**
 * Validates and writes one decision inside the caller's transaction (form save and import row share
 * it). A rule violation is refused unless an exception reason is given; the reason and the violated
 * rules are stored with the decision and written to the audit log.
 */
export async function createRatingIn(trx: Trx, ctx: CoreContext, input: RatingCreateInput, opts: CreateOptions = {}): Promise<string> {
  const today = todayIn(ctx.now());
  const facility = await loadFacility(trx, input.facilityId);
  const scheme = schemeOf(facility);
  if (!isLevelInScheme(scheme, input.level)) {
    throw new AppError('RATING_LEVEL_INVALID', `${scheme.label}为一星至${starLabel(scheme.maxStars)}，“${facility.name}”不能评定为${starLabel(input.level)}`, {
      field: 'level',
    });
  }
  if (input.decidedOn > today) throw new AppError('DATE_IN_FUTURE', `评定日期 ${input.decidedOn} 晚于今天`, { field: 'decidedOn' });

  const derived = defaultValidUntil(scheme, input.decidedOn);
  const validUntil = input.validUntil ?? derived;
  if (validUntil <= input.decidedOn) {
    throw new AppError('RATING_VALIDITY_INVALID', `有效期至 ${validUntil} 应晚于评定日期 ${input.decidedOn}`, { field: 'validUntil' });
  }
  if (validUntil !== derived && !input.validUntilReason) {
    throw new AppError(
      'RATING_VALIDITY_INVALID',
      `有效期至 ${validUntil} 与按规则推算的 ${derived}（评定日期起 ${scheme.validityYears} 年）不同，请填写有效期调整原因`,
      { field: 'validUntilReason' },
    );
  }

  const problems = validateSectionScores(scheme, input.scores);
  if (problems.length) throw new AppError('RATING_SCORE_INVALID', problems.join('；'), { field: 'scores', problems });
  const sum = totalSectionScore(scheme, input.scores);
  if (input.total !== null && sum !== null && Math.abs(input.total - sum) > 0.001) {
    throw new AppError('RATING_SCORE_INVALID', `总分 ${input.total} 与四个分项得分之和 ${sum} 不一致`, { field: 'total' });
  }
  const total = input.total ?? sum;
  const totalMax = scheme.totalMax ?? 1000;
  if (total !== null && total > totalMax) {
    throw new AppError('RATING_SCORE_INVALID', `总分不能超过 ${totalMax}，填写的是 ${total}`, { field: 'total' });
  }

  const sameDay = await trx
    .selectFrom('star_ratings')
    .select(['level'])
    .where('facility_id', '=', facility.id)
    .where('decided_on', '=', input.decidedOn)
    .executeTakeFirst();
  if (sameDay) {
    throw new AppError('RATING_DATE_TAKEN', `“${facility.name}”在 ${input.decidedOn} 已有一条${starLabel(sameDay.level)}评定记录，同一天只能有一次评定`, {
      field: 'decidedOn',
    });
  }

  const violations = checkRatingRules(await ruleContext(trx, facility, scheme, input.level, input.decidedOn));
  if (violations.length && !input.exceptionReason) throw ruleViolationError(facility.name, violations, opts.exceptionHint);
  const exception = violations.length ? input.exceptionReason : null;

  const row: StarRatingTable = {
    id: newId(),
    facility_id: facility.id,
    scheme: scheme.id,
    level: input.level,
    decided_on: input.decidedOn,
    valid_until: validUntil,
    valid_until_reason: validUntil === derived ? null : input.validUntilReason,
    score_environment: input.scores.environment,
    score_facilities: input.scores.facilities,
    score_operations: input.scores.operations,
    score_services: input.scores.services,
    total,
    reviewer: input.reviewer,
    notes: input.notes,
    rule_exception_reason: exception,
    rule_violations: exception ? JSON.stringify(violations) : null,
    revoked_on: null,
    revoke_reason: null,
    created_at: ctx.now().toISOString(),
    recorded_by: ctx.actor.id,
  };
  await trx.insertInto('star_ratings').values(row).execute();
  const exceptionText = exception ? `；规则例外（${violations.map((v) => v.ruleId).join('、')}）：${exception}` : '';
  if (opts.auditExceptionsOnly && !exception) return row.id;
  // Logged against the facility so the decision and any exception appear in the facility's own trail.
  await writeAudit(trx, ctx, {
    action: opts.action ?? 'rating.create',
    entity: 'facility',
    entityId: facility.id,
    summary: `${facility.name} 评定为${starLabel(input.level)}级（${input.decidedOn}，有效期至 ${validUntil}）${exceptionText}`,
    after: { ...row, rule_violations: exception ? violations : null },
  });
  return row.id;
}

async function getRating(db: Db, id: string, asOf: string): Promise<RatingRow> {
  const row = await db.selectFrom('star_ratings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('RATING_NOT_FOUND', '评定记录不存在', { id });
  return toRatingRow(row, asOf);
}

export function createRating(ctx: CoreContext, input: RatingCreateInput): Promise<RatingRow> {
  return inTransaction(ctx, async (trx) => getRating(trx, await createRatingIn(trx, ctx, input), todayIn(ctx.now())));
}

export function revokeRating(ctx: CoreContext, input: RatingRevokeInput): Promise<RatingRow> {
  return inTransaction(ctx, async (trx) => {
    await revokeRatingIn(trx, ctx, input);
    return getRating(trx, input.id, todayIn(ctx.now()));
  });
}

/** Records a revocation (the decision row itself stays: revoked_on only bounds when it was in force). */
export async function revokeRatingIn(trx: Trx, ctx: CoreContext, input: RatingRevokeInput, opts: { audit?: boolean } = {}): Promise<void> {
  const today = todayIn(ctx.now());
  const rating = await trx
    .selectFrom('star_ratings as r')
    .innerJoin('facilities as f', 'f.id', 'r.facility_id')
    .selectAll('r')
    .select('f.name as facility_name')
    .where('r.id', '=', input.id)
    .executeTakeFirst();
  if (!rating) throw new AppError('RATING_NOT_FOUND', '评定记录不存在', { id: input.id });
  if (rating.revoked_on) {
    throw new AppError('RATING_REVOKE_INVALID', `该评定已于 ${rating.revoked_on} 撤销（${rating.revoke_reason ?? ''}），不能重复撤销`);
  }
  if (input.revokedOn > today) throw new AppError('DATE_IN_FUTURE', `撤销日期 ${input.revokedOn} 晚于今天`, { field: 'revokedOn' });
  if (input.revokedOn < rating.decided_on) {
    throw new AppError('RATING_REVOKE_INVALID', `撤销日期 ${input.revokedOn} 早于评定日期 ${rating.decided_on}`, { field: 'revokedOn' });
  }
  if (input.revokedOn > rating.valid_until) {
    throw new AppError('RATING_REVOKE_INVALID', `该评定已于 ${rating.valid_until} 到期，到期后无需撤销`, { field: 'revokedOn' });
  }
  await trx.updateTable('star_ratings').set({ revoked_on: input.revokedOn, revoke_reason: input.reason }).where('id', '=', input.id).execute();
  if (opts.audit === false) return;
  await writeAudit(trx, ctx, {
    action: 'rating.revoke',
    entity: 'facility',
    entityId: rating.facility_id,
    summary: `${rating.facility_name} 的${starLabel(rating.level)}级评定（${rating.decided_on}）自 ${input.revokedOn} 起撤销：${input.reason}`,
    before: { ratingId: rating.id, revoked_on: null },
    after: { ratingId: rating.id, revoked_on: input.revokedOn, revoke_reason: input.reason },
  });
}

/**
 * The next star and the earliest date it can be decided, found by asking the rules themselves: the
 * candidate date is the latest of today, one year of operation and one year at the current level, and
 * it is reported only if checkRatingRules accepts it — so the hint can never promise what entry refuses.
 */
export function promotionHint(
  scheme: RatingScheme,
  ratings: StarRatingRecord[],
  since: string | null,
  asOf: string,
  current: StarRatingRecord | null,
): PromotionHint {
  const standing = currentStanding({ decidedOn: '9999-12-31', previousRatings: ratings });
  if (standing && standing.level >= scheme.maxStars) {
    return { nextLevel: null, earliestOn: null, notes: [`已是${scheme.label}的最高星级（${starLabel(scheme.maxStars)}级），到期前 6 个月内可申请复评`] };
  }
  const nextLevel = standing ? standing.level + 1 : scheme.firstRatingMaxStars;
  const notes: string[] = [
    standing
      ? `可申请晋升为${starLabel(nextLevel)}级：须逐级晋升，且保持${starLabel(standing.level)}级满 ${scheme.minYearsAtLevelBeforePromotion} 年（自 ${standing.heldSince} 起）`
      : `首次评定最高为${starLabel(nextLevel)}级，须运营满 ${scheme.minOperatingYears} 年`,
  ];
  const candidates = [asOf];
  if (since) candidates.push(addYearsIso(since, scheme.minOperatingYears));
  if (standing) candidates.push(addYearsIso(standing.heldSince, scheme.minYearsAtLevelBeforePromotion));
  const earliest = candidates.reduce((a, b) => (a > b ? a : b));
  const blockers = checkRatingRules({ scheme, level: nextLevel, decidedOn: earliest, operatingSince: since, previousRatings: ratings });
  if (blockers.length) return { nextLevel, earliestOn: null, notes: [...notes, ...blockers.map((b) => b.message)] };
  if (current && current.validUntil < earliest) {
    notes.push(`现有星级有效期至 ${current.validUntil}，早于可晋升日期，到期前须先复评`);
  }
  return { nextLevel, earliestOn: earliest, notes };
}

export async function facilityRatings(ctx: CoreContext, input: { facilityId: string; asOf?: string }): Promise<FacilityRatings> {
  const asOf = input.asOf ?? todayIn(ctx.now());
  const facility = await loadFacility(ctx.db, input.facilityId);
  const scheme = schemeForFacilityKind(facility.kind);
  const rows = await ratingsOf(ctx.db, facility.id);
  const since = await operatingSince(ctx.db, facility.id, facility.opened_on);
  const records = rows.map(toRecord);
  const current = starInForce(records, asOf);
  const sameScheme = scheme ? records.filter((r) => r.scheme === scheme.id) : [];
  return {
    facilityId: facility.id,
    facilityName: facility.name,
    kind: facility.kind,
    scheme: scheme?.id ?? null,
    asOf,
    current: current ? toRatingRow(rows.find((r) => r.id === current.id)!, asOf) : null,
    operatingSince: since,
    promotion: scheme ? promotionHint(scheme, sameScheme, since, asOf, current) : null,
    // rows are newest first, so the decision that replaced row i is row i − 1 (if made by asOf).
    history: rows.map((r, i) => {
      const next = rows[i - 1];
      return toRatingRow(r, asOf, next && next.decided_on <= asOf ? next.decided_on : null);
    }),
  };
}

function emptyCounts(code: string, name: string): DistrictRatingOverviewRow {
  const counts = {
    districtCode: code,
    districtName: name,
    institutionsByStar: Array<number>(RATING_SCHEMES.institution.maxStars).fill(0),
    careCentersByStar: Array<number>(RATING_SCHEMES.institution.maxStars).fill(0),
    stationsByStar: Array<number>(RATING_SCHEMES.station.maxStars).fill(0),
    operatingInstitutions: 0,
    operatingInstitutionsAtLeastTwoStars: 0,
  };
  return { ...counts, rate: starRatingRate(counts) };
}

export async function ratingOverview(ctx: CoreContext, input: { asOf?: string }): Promise<RatingOverview> {
  const asOf = input.asOf ?? todayIn(ctx.now());
  const districts = (await ratingCountsByDistrict(ctx.db, asOf)).map((d) => ({ ...d, rate: starRatingRate(d) }));
  // Adding up 16 rows of counts; the counting itself happened in SQL.
  const total = emptyCounts('110000', '北京市');
  const add = (a: number[], b: number[]) => a.forEach((_, i) => (a[i]! += b[i]!));
  for (const d of districts) {
    add(total.institutionsByStar, d.institutionsByStar);
    add(total.careCentersByStar, d.careCentersByStar);
    add(total.stationsByStar, d.stationsByStar);
    total.operatingInstitutions += d.operatingInstitutions;
    total.operatingInstitutionsAtLeastTwoStars += d.operatingInstitutionsAtLeastTwoStars;
  }
  total.rate = starRatingRate(total);
  return { asOf, districts, total };
}

function addMonthsIso(iso: string, months: number): string {
  return format(addMonths(parseISO(iso), months), 'yyyy-MM-dd');
}

async function expiryPage(ctx: CoreContext, input: RatingExpiryInput, which: 'expiring' | 'expired'): Promise<Page<ExpiryRow>> {
  const asOf = input.asOf ?? todayIn(ctx.now());
  const f = sql.ref('f.id');
  const latest = latestDecisionOn(f, asOf, sql`r.id`);
  const window =
    which === 'expiring'
      ? sql`r.valid_until >= ${asOf} AND r.valid_until <= ${addMonthsIso(asOf, EXPIRY_WARNING_MONTHS)}`
      : // A deregistered facility's lapsed star needs no follow-up, so closed facilities are left out.
        sql`r.valid_until < ${asOf} AND COALESCE(${statusOn(f, asOf)}, '') <> 'closed'`;
  const district = input.districtCode ? sql`AND f.district_code = ${input.districtCode}` : sql``;
  const from = sql`
    FROM star_ratings r
    JOIN facilities f ON f.id = r.facility_id
    JOIN areas d ON d.code = f.district_code
    WHERE r.id = ${latest} AND (r.revoked_on IS NULL OR r.revoked_on > ${asOf}) AND ${window} ${district}`;
  const count = await sql<{ total: number }>`SELECT count(*) AS total ${from}`.execute(ctx.db);
  const rows = await sql<{
    rating_id: string;
    facility_id: string;
    facility_name: string;
    kind: FacilityKind;
    facility_status: ExpiryRow['facilityStatus'];
    district_code: string;
    district_name: string;
    scheme: ExpiryRow['scheme'];
    level: number;
    decided_on: string;
    valid_until: string;
    days_left: number;
  }>`
    SELECT r.id AS rating_id, f.id AS facility_id, f.name AS facility_name, f.kind, ${statusOn(f, asOf)} AS facility_status,
      f.district_code, d.name AS district_name, r.scheme, r.level, r.decided_on, r.valid_until,
      CAST(julianday(r.valid_until) - julianday(${asOf}) AS INTEGER) AS days_left
    ${from}
    ORDER BY r.valid_until ${which === 'expiring' ? sql`ASC` : sql`DESC`}, f.name
    LIMIT ${input.limit} OFFSET ${input.offset}`.execute(ctx.db);
  return {
    rows: rows.rows.map((r) => ({
      ratingId: r.rating_id,
      facilityId: r.facility_id,
      facilityName: r.facility_name,
      kind: r.kind,
      facilityStatus: r.facility_status,
      districtCode: r.district_code,
      districtName: r.district_name,
      scheme: r.scheme,
      level: r.level,
      decidedOn: r.decided_on,
      validUntil: r.valid_until,
      daysLeft: r.days_left,
    })),
    total: count.rows[0]?.total ?? 0,
    offset: input.offset,
    limit: input.limit,
  };
}

export const expiringRatings = (ctx: CoreContext, input: RatingExpiryInput) => expiryPage(ctx, input, 'expiring');
export const expiredRatings = (ctx: CoreContext, input: RatingExpiryInput) => expiryPage(ctx, input, 'expired');

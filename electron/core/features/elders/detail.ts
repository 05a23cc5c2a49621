import { AppError } from '../../../../shared/errors';
import type { ElderContact, ElderCreateInput, ElderDetail, ElderUpdateInput } from '../../../../shared/contract';
import { maskIdNumber } from '../../../../shared/domain/idNumber';
import { maskPhone } from '../../../../shared/domain/phone';
import type { CoreContext } from '../../app/context';
import { inTransaction, writeAudit } from '../../app/audit';
import { holdsOver } from '../../app/access';
import { todayIn } from '../../app/time';
import type { Db } from '../../db/schema';
import { admissionsOfElder } from '../stays/service';
import { applicationsOfElder } from '../waiting/service';
import { familyBedsOfElder } from '../familyBeds/service';
import { elderOrThrow, elderRow, LATEST_ASSESSMENT_FIRST, registerElder, toAssessmentRow, updateElderIn } from './service';

// The elder page's read model: the elder with their stays, applications and family beds. It sits above
// those features (which use the elder rules in service.ts), so nothing below imports it.

export async function getElderIn(db: Db, ctx: CoreContext, id: string): Promise<ElderDetail> {
  const elder = await elderOrThrow(db, id, 'id');
  const today = todayIn(ctx.now());
  const row = await elderRow(db, id, today);
  const contacts = await db.selectFrom('elder_contacts').select(['name', 'relation', 'phone']).where('elder_id', '=', id).orderBy('position').execute();
  const assessments = await db.selectFrom('assessments').selectAll().where('elder_id', '=', id).orderBy(LATEST_ASSESSMENT_FIRST).execute();
  const area = elder.hukou_area_code
    ? await db.selectFrom('areas').select('name').where('code', '=', elder.hukou_area_code).executeTakeFirst()
    : undefined;
  return {
    ...row,
    idNumber: elder.id_number,
    hukouAreaCode: elder.hukou_area_code,
    hukouAreaName: area?.name ?? null,
    phone: elder.phone,
    address: elder.address,
    notes: elder.notes,
    contacts: contacts as ElderContact[],
    assessments: assessments.map(toAssessmentRow),
    applications: await applicationsOfElder(db, id, todayIn(ctx.now())),
    admissions: await admissionsOfElder(db, id, todayIn(ctx.now())),
    familyBeds: await familyBedsOfElder(db, id),
    createdAt: elder.created_at,
    updatedAt: elder.updated_at,
  };
}

/**
 * An elder's ID number, phone and contacts' phones as the caller may see them: in full for the system
 * itself (the CLI) and for an account that asked to (显示完整) and holds elders.full; masked otherwise.
 */
export function shownTo(ctx: CoreContext, detail: ElderDetail, reveal: boolean): ElderDetail {
  if (!ctx.access || (reveal && ctx.access.permissions.has('elders.full'))) return { ...detail, masked: false };
  return {
    ...detail,
    idNumber: maskIdNumber(detail.idNumber),
    phone: detail.phone ? maskPhone(detail.phone) : null,
    contacts: detail.contacts.map((c) => ({ ...c, phone: maskPhone(c.phone) })),
    masked: true,
  };
}

export async function getElder(ctx: CoreContext, input: { id: string; reveal?: boolean }): Promise<ElderDetail> {
  const detail = await getElderIn(ctx.db, ctx, input.id);
  if (input.reveal && ctx.access) {
    if (!(await holdsOver(ctx.db, ctx.access, 'elders.full', 'elder', input.id))) throw new AppError('FORBIDDEN', '您的账户无权查看完整的身份证号和电话');
    // Each full view is an audited access to personal data (个人信息保护法 art. 51).
    await inTransaction(ctx, (trx) =>
      writeAudit(trx, ctx, { action: 'elder.revealFull', entity: 'elder', entityId: input.id, summary: `查看 ${detail.name}（${maskIdNumber(detail.idNumber)}）的完整身份证号和电话` }),
    );
  }
  return shownTo(ctx, detail, input.reveal ?? false);
}

export function createElder(ctx: CoreContext, input: ElderCreateInput): Promise<ElderDetail> {
  return inTransaction(ctx, async (trx) => getElderIn(trx, ctx, await registerElder(trx, ctx, input)));
}

export function updateElder(ctx: CoreContext, input: ElderUpdateInput): Promise<ElderDetail> {
  return inTransaction(ctx, async (trx) => {
    await updateElderIn(trx, ctx, input);
    return getElderIn(trx, ctx, input.id);
  });
}

// Declared bed figures (申报床位): what a facility reports of itself (床位数, 护理型, 应急预留, 短期托养, 在住人数)
// as of a date, from the form or a monthly report. On a date D a facility without an itemised bed open on D
// is counted by its latest declaration not after D (counting/tallies.ts, declaredTallies).
import type { DeclarationInput, DeclarationRow } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { inTransaction, writeAudit } from '../../app/audit';
import type { CoreContext, Trx } from '../../app/context';
import { newId } from '../../app/ids';
import { todayIn } from '../../app/time';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Figures = Omit<DeclarationInput, 'facilityId' | 'declaredOn'>;

/** The figures' problems, each with the field it is about: parts larger than the whole, a date ahead. */
export function declarationProblems(input: Figures & { declaredOn: string }, today: string): AppError[] {
  const out: AppError[] = [];
  const part = (field: keyof Figures, label: string) => {
    const v = input[field];
    if (v !== null && v > input.totalBeds) out.push(new AppError('DECLARATION_INVALID', `${label}（${v}）不能大于床位数（${input.totalBeds}）`, { field }));
  };
  part('nursingBeds', '护理型床位数');
  part('reserveBeds', '应急预留床位数');
  part('shortTermBeds', '短期托养床位数');
  if (input.residents !== null && input.residents > input.totalBeds) {
    out.push(new AppError('DECLARATION_INVALID', `在住人数（${input.residents}）不能大于床位数（${input.totalBeds}）`, { field: 'residents' }));
  }
  if (input.declaredOn > today) out.push(new AppError('DECLARATION_INVALID', `统计日期 ${input.declaredOn} 晚于今天`, { field: 'declaredOn' }));
  return out;
}

function rowOf(r: { id: string; facility_id: string; name: string; declared_on: string; total_beds: number; nursing_beds: number | null; reserve_beds: number | null; short_term_beds: number | null; residents: number | null; source: 'form' | 'import' }): DeclarationRow {
  return {
    id: r.id,
    facilityId: r.facility_id,
    facilityName: r.name,
    declaredOn: r.declared_on,
    totalBeds: r.total_beds,
    nursingBeds: r.nursing_beds,
    reserveBeds: r.reserve_beds,
    shortTermBeds: r.short_term_beds,
    residents: r.residents,
    source: r.source,
  };
}

const selectRows = (db: Kysely<Database> | Trx) =>
  db
    .selectFrom('facility_declarations as d')
    .innerJoin('facilities as f', 'f.id', 'd.facility_id')
    .select(['d.id', 'd.facility_id', 'f.name', 'd.declared_on', 'd.total_beds', 'd.nursing_beds', 'd.reserve_beds', 'd.short_term_beds', 'd.residents', 'd.source']);

/**
 * Records a facility's figures as of a date, replacing a declaration of the same date (a corrected
 * report); returns what was there before, or null. The caller has checked the figures.
 */
export async function saveDeclarationIn(trx: Trx, ctx: CoreContext, input: DeclarationInput, source: 'form' | 'import'): Promise<{ id: string; before: DeclarationRow | null }> {
  const facility = await trx.selectFrom('facilities').select(['id', 'name']).where('id', '=', input.facilityId).executeTakeFirst();
  if (!facility) throw new AppError('FACILITY_NOT_FOUND', undefined, { field: 'facilityId' });
  const existing = await selectRows(trx).where('d.facility_id', '=', input.facilityId).where('d.declared_on', '=', input.declaredOn).executeTakeFirst();
  const values = {
    total_beds: input.totalBeds,
    nursing_beds: input.nursingBeds,
    reserve_beds: input.reserveBeds,
    short_term_beds: input.shortTermBeds,
    residents: input.residents,
    source,
  };
  let id: string;
  if (existing) {
    id = existing.id;
    await trx.updateTable('facility_declarations').set(values).where('id', '=', id).execute();
  } else {
    id = newId();
    await trx
      .insertInto('facility_declarations')
      .values({ id, facility_id: input.facilityId, declared_on: input.declaredOn, created_at: ctx.now().toISOString(), ...values })
      .execute();
  }
  await writeAudit(trx, ctx, {
    action: existing ? 'declaration.update' : 'declaration.create',
    entity: 'facility',
    entityId: input.facilityId,
    summary: `${existing ? '更正' : '登记'}申报床位：${facility.name}，${input.declaredOn}，床位 ${input.totalBeds} 张`,
    before: existing ? rowOf(existing) : null,
    after: { ...input },
  });
  return { id, before: existing ? rowOf(existing) : null };
}

export function saveDeclaration(ctx: CoreContext, input: DeclarationInput): Promise<DeclarationRow> {
  return inTransaction(ctx, async (trx) => {
    const problems = declarationProblems(input, todayIn(ctx.now()));
    if (problems.length) throw problems[0]!;
    const { id } = await saveDeclarationIn(trx, ctx, input, 'form');
    return rowOf(await selectRows(trx).where('d.id', '=', id).executeTakeFirstOrThrow());
  });
}

export async function listDeclarations(ctx: CoreContext, input: { facilityId: string }): Promise<DeclarationRow[]> {
  const rows = await selectRows(ctx.db).where('d.facility_id', '=', input.facilityId).orderBy('d.declared_on', 'desc').execute();
  return rows.map(rowOf);
}

export function removeDeclaration(ctx: CoreContext, input: { id: string }): Promise<{ id: string }> {
  return inTransaction(ctx, async (trx) => {
    const row = await selectRows(trx).where('d.id', '=', input.id).executeTakeFirst();
    if (!row) throw new AppError('DECLARATION_NOT_FOUND');
    await trx.deleteFrom('facility_declarations').where('id', '=', input.id).execute();
    await writeAudit(trx, ctx, { action: 'declaration.delete', entity: 'facility', entityId: row.facility_id, summary: `删除申报床位：${row.name}，${row.declared_on}`, before: rowOf(row), after: null });
    return { id: input.id };
  });
}

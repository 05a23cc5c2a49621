import { AppError } from '../../../../shared/errors';
import type { AssessmentCreateInput, AssessmentRow } from '../../../../shared/contract';
import { ABILITY_LEVELS, scoreAssessment } from '../../../../shared/domain/assessment';
import type { CoreContext } from '../../app/context';
import { inTransaction, writeAudit } from '../../app/audit';
import { newId } from '../../app/ids';
import type { AssessmentTable } from '../../db/schema';
import { elderLabel, elderOrThrow, notAfterDeath, notBeforeBirth, notInFuture, toAssessmentRow } from '../elders/service';

export function createAssessment(ctx: CoreContext, input: AssessmentCreateInput): Promise<AssessmentRow> {
  return inTransaction(ctx, async (trx) => {
    const elder = await elderOrThrow(trx, input.elderId);
    notInFuture(ctx, input.assessedOn, 'assessedOn', '评估日期');
    notBeforeBirth(elder, input.assessedOn, 'assessedOn', '评估日期');
    await notAfterDeath(trx, elder, input.assessedOn, 'assessedOn', '能力评估');
    const scored = scoreAssessment(input.assessment);
    if (!scored.ok) {
      const first = scored.issues[0]!;
      throw new AppError('ASSESSMENT_INVALID', first.message, { field: `assessment.${first.path}`, issues: scored.issues });
    }
    const o = scored.data;
    const row: AssessmentTable = {
      id: newId(),
      elder_id: elder.id,
      assessed_on: input.assessedOn,
      reason: input.reason,
      assessor: input.assessor,
      scores_json: JSON.stringify(input.assessment.scores),
      coma: input.assessment.coma ? 1 : 0,
      dementia: input.assessment.dementia ? 1 : 0,
      mental_disorder: input.assessment.mentalDisorder ? 1 : 0,
      risk_events_json: JSON.stringify(input.assessment.riskEvents30d),
      self_care: o.domainScores.selfCare,
      mobility: o.domainScores.mobility,
      mental: o.domainScores.mental,
      perception: o.domainScores.perception,
      total: o.total,
      preliminary_level: o.preliminaryLevel,
      final_level: o.finalLevel,
      adjustments_json: JSON.stringify(o.adjustments),
      notes: input.notes,
      created_at: ctx.now().toISOString(),
      recorded_by: ctx.actor.id,
    };
    await trx.insertInto('assessments').values(row).execute();
    await writeAudit(trx, ctx, {
      action: 'assessment.create',
      entity: 'elder',
      entityId: elder.id,
      summary: `${elderLabel(elder)} ${input.assessedOn} 能力评估：总分 ${o.total}，${o.adjustments.length ? `初步等级 ${ABILITY_LEVELS[o.preliminaryLevel]}，` : ''}评定等级 ${ABILITY_LEVELS[o.finalLevel]}（评估人员 ${input.assessor}）`,
      after: { assessmentId: row.id, total: o.total, finalLevel: o.finalLevel, adjustments: o.adjustments.map((a) => a.kind) },
    });
    return toAssessmentRow(row);
  });
}

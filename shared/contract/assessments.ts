import { z } from 'zod';
import { channel } from './define';
import { isoDate, optionalText, trimmed, uuid } from '../schemas/common';
import { assessmentInputSchema, type AbilityLevel, type AppliedAdjustment, type AssessmentDomain, type AssessmentScores, type RiskEvents } from '../domain/assessment';

// ---------- vocabulary (keys stored in CHECK constraints; labels shown and imported) ----------

/** Assessment reasons of GB/T 42195-2022 Appendix A. */
export const ASSESSMENT_REASONS = {
  initial: '首次评估',
  routine: '常规评估',
  immediate: '即时评估',
  review: '因对评估结果有疑问进行的复评',
  other: '其他',
} as const;
export type AssessmentReason = keyof typeof ASSESSMENT_REASONS;
export const ASSESSMENT_REASON_KEYS = Object.keys(ASSESSMENT_REASONS) as [AssessmentReason, ...AssessmentReason[]];

// ---------- output types ----------

export interface AssessmentRow {
  id: string;
  elderId: string;
  assessedOn: string;
  reason: AssessmentReason;
  assessor: string;
  scores: AssessmentScores;
  coma: boolean;
  dementia: boolean;
  mentalDisorder: boolean;
  riskEvents30d: RiskEvents;
  domainScores: Record<AssessmentDomain, number>;
  total: number;
  preliminaryLevel: AbilityLevel;
  finalLevel: AbilityLevel;
  adjustments: AppliedAdjustment[];
  notes: string | null;
  createdAt: string;
}

// ---------- input schemas ----------

export const assessmentCreateInput = z.object({
  elderId: uuid,
  assessedOn: isoDate,
  reason: z.enum(ASSESSMENT_REASON_KEYS, { error: '请选择评估原因' }),
  assessor: trimmed('评估人员', 100),
  notes: optionalText('备注', 500),
  assessment: assessmentInputSchema,
});
export type AssessmentCreateInput = z.infer<typeof assessmentCreateInput>;

// ---------- the channels ----------

export const assessmentsContract = {
  'assessments.create': channel(assessmentCreateInput).returns<AssessmentRow>(),
};

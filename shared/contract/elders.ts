import { z } from 'zod';
import { channel } from './define';
import { isoDate, optionalText, pageInput, picked, trimmed, uuid } from '../schemas/common';
import type { Page } from '../schemas/common';
import { ELDER_CATEGORY_KEYS, waitingPriorityRulesSchema, type ElderCategory, type WaitingPriorityRules } from '../domain/waitingPriority';
import { assessmentInputSchema, type AbilityLevel, type AppliedAdjustment, type AssessmentDomain, type AssessmentScores, type RiskEvents } from '../domain/assessment';
import { BED_CATEGORY_KEYS, type BedCategory } from '../domain/beds';
import { phoneProblem } from '../domain/phone';
import type { FacilityKind } from '../domain/facility';
import type { AdmissionSummary } from './stays';

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

export const APPLICATION_STATUSES = { waiting: '轮候中', admitted: '已入住', withdrawn: '已撤回' } as const;
export type ApplicationStatus = keyof typeof APPLICATION_STATUSES;
export const APPLICATION_STATUS_KEYS = Object.keys(APPLICATION_STATUSES) as [ApplicationStatus, ...ApplicationStatus[]];

export const FEE_CLASSES = { free: '无偿', low: '低偿', standard: '普通' } as const;
export type FeeClass = keyof typeof FEE_CLASSES;
export const FEE_CLASS_KEYS = Object.keys(FEE_CLASSES) as [FeeClass, ...FeeClass[]];

export const DISCHARGE_REASONS = { voluntary: '自愿退住', transfer_out: '转院', death: '死亡', other: '其他' } as const;
export type DischargeReason = keyof typeof DISCHARGE_REASONS;
export const DISCHARGE_REASON_KEYS = Object.keys(DISCHARGE_REASONS) as [DischargeReason, ...DischargeReason[]];

/** Facility kinds that may run family care beds (机构, 驿站, 照料中心). */
export const FAMILY_BED_PROVIDER_KINDS = ['institution', 'community_station', 'rural_station', 'care_center'] as const satisfies readonly FacilityKind[];

export { WAITING_RULES_SETTING } from './settingKeys';

// ---------- output types ----------

/** The waiting-list rules in force, and whether they are the documented default (nothing stored). */
export interface WaitingRulesState {
  rules: WaitingPriorityRules;
  isDefault: boolean;
  settingKey: string;
}

export interface ElderContact {
  name: string;
  relation: string | null;
  phone: string;
}

export interface ElderPlacement {
  admissionId: string;
  facilityId: string;
  facilityName: string;
  bedId: string;
  bedLabel: string;
  onLeave: boolean;
}

/** A list row: the ID number is always masked here. */
export interface ElderRow {
  id: string;
  name: string;
  idNumberMasked: string;
  sex: 'M' | 'F';
  birthDate: string;
  /** The day of a recorded death (a discharge for death) on or before the list's date, else null. */
  diedOn: string | null;
  /** Full years today, or at death. */
  age: number;
  /** Age at or above the 高龄 threshold of the priority rules. */
  advancedAge: boolean;
  categories: ElderCategory[];
  latestLevel: AbilityLevel | null;
  placement: ElderPlacement | null;
  hasFamilyBed: boolean;
}

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

export interface WaitingApplicationRow {
  id: string;
  facilityId: string;
  facilityName: string;
  elderId: string;
  elderName: string;
  idNumberMasked: string;
  appliedOn: string;
  requestedCategory: BedCategory;
  requestedNursing: boolean | null;
  notes: string | null;
  status: ApplicationStatus;
  admittedOn: string | null;
  withdrawnOn: string | null;
  withdrawReason: string | null;
  /** Only for applications still waiting: 1-based place in the facility's queue on the list's date. */
  position: number | null;
  group: number | null;
  groupLabel: string | null;
  priorityReason: string | null;
}

export interface WaitingList {
  facilityId: string;
  asOf: string;
  /** The rule groups in force, so the order can be explained on screen. */
  groups: { group: number; label: string }[];
  rulesAreDefault: boolean;
  page: Page<WaitingApplicationRow>;
}

export interface FamilyCareBedRow {
  id: string;
  providerFacilityId: string;
  providerName: string;
  providerKind: FacilityKind;
  elderId: string;
  elderName: string;
  idNumberMasked: string;
  areaCode: string;
  areaName: string | null;
  address: string;
  assessmentId: string | null;
  assessmentLevel: AbilityLevel | null;
  agreementStartOn: string;
  agreementEndOn: string | null;
  openedOn: string;
  closedOn: string | null;
  closeReason: string | null;
}

export interface ElderDetail extends ElderRow {
  /** Masked unless the caller asked elders.get to reveal it and may see it (see `masked`). */
  idNumber: string;
  hukouAreaCode: string | null;
  hukouAreaName: string | null;
  phone: string | null;
  address: string | null;
  notes: string | null;
  contacts: ElderContact[];
  assessments: AssessmentRow[];
  applications: WaitingApplicationRow[];
  admissions: AdmissionSummary[];
  familyBeds: FamilyCareBedRow[];
  createdAt: string;
  updatedAt: string;
  /** The ID number and phones are masked (110118********002X, 138****5678): ask with `reveal` to see them. */
  masked?: boolean;
}

// ---------- input schemas ----------

/** A telephone number under `label`, checked by phoneProblem (one message, the most telling). */
const phoneText = (label: string) =>
  z
    .string()
    .trim()
    .max(30, { error: `${label}不能超过 30 个字符` })
    .superRefine((value, ctx) => {
      const problem = value === '' ? null : phoneProblem(value, label);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

const phone = phoneText('联系电话')
  .nullish()
  .transform((v) => (v ? v : null));

export const elderContactInput = z.object({
  name: trimmed('联系人姓名', 50),
  relation: optionalText('与老人关系', 20),
  phone: z.string({ error: '请输入联系人电话' }).trim().min(1, { error: '联系人电话不能为空', abort: true }).pipe(phoneText('联系人电话')),
});

const elderFields = {
  name: trimmed('姓名', 50),
  hukouAreaCode: z
    .string()
    .trim()
    .nullish()
    .transform((v) => v || null)
    .pipe(z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, { error: '户籍区划代码应为 6、9 或 12 位数字' }).nullable()),
  phone,
  address: optionalText('现住址', 200),
  notes: optionalText('备注', 500),
  categories: z.array(z.enum(ELDER_CATEGORY_KEYS, { error: '未知的人员类别' })).max(ELDER_CATEGORY_KEYS.length).default([]),
  contacts: z.array(elderContactInput).max(10, { error: '紧急联系人最多 10 位' }).default([]),
};

export const elderCreateInput = z.object({
  /** Checked by the core with the GB 11643 check digit; 15-digit numbers are converted. */
  idNumber: z.string({ error: '请输入身份证号' }).trim().min(1, { error: '请输入身份证号' }).max(30, { error: '身份证号过长' }),
  ...elderFields,
});
export type ElderCreateInput = z.infer<typeof elderCreateInput>;

export const elderUpdateInput = z.object({ id: uuid, ...elderFields });
export type ElderUpdateInput = z.infer<typeof elderUpdateInput>;

export const elderFilter = z.object({
  /** Name (contains) or the last digits of the ID number (尾号, 4 or more characters). */
  search: z.string().trim().max(50).optional(),
  category: z.enum(ELDER_CATEGORY_KEYS).optional(),
});
export type ElderFilter = z.infer<typeof elderFilter>;

export const elderListInput = elderFilter.extend({
  /**
   * Keyset paging: the rows after this (name, id) in list order, instead of skipping `offset` rows, so a
   * page deep in millions of elders costs the same as the first one.
   */
  after: z.object({ name: z.string(), id: z.string() }).optional(),
  /** Counting every match costs a scan on large registries; pages fetched by keyset may skip it. */
  withTotal: z.boolean().default(true),
  ...pageInput,
});
export type ElderListInput = z.infer<typeof elderListInput>;

export const assessmentCreateInput = z.object({
  elderId: uuid,
  assessedOn: isoDate,
  reason: z.enum(ASSESSMENT_REASON_KEYS, { error: '请选择评估原因' }),
  assessor: trimmed('评估人员', 100),
  notes: optionalText('备注', 500),
  assessment: assessmentInputSchema,
});
export type AssessmentCreateInput = z.infer<typeof assessmentCreateInput>;

export const waitingApplyInput = z.object({
  facilityId: picked('申请的机构'),
  elderId: picked('老人'),
  appliedOn: isoDate,
  requestedCategory: z.enum(BED_CATEGORY_KEYS, { error: '请选择申请的床位类别' }).default('long_term'),
  requestedNursing: z.boolean().nullish().transform((v) => v ?? null),
  notes: optionalText('备注', 500),
});
export type WaitingApplyInput = z.infer<typeof waitingApplyInput>;

export const waitingWithdrawInput = z.object({ id: uuid, withdrawnOn: isoDate, reason: trimmed('撤回原因', 200) });
export type WaitingWithdrawInput = z.infer<typeof waitingWithdrawInput>;

export const waitingListInput = z.object({
  facilityId: uuid,
  status: z.enum(APPLICATION_STATUS_KEYS).default('waiting'),
  asOf: isoDate.nullish().transform((v) => v ?? null),
  ...pageInput,
});
export type WaitingListInput = z.infer<typeof waitingListInput>;

export const familyBedOpenInput = z
  .object({
    providerFacilityId: picked('服务机构'),
    elderId: picked('老人'),
    areaCode: z.string({ error: '请选择区划' }).trim().min(1, { error: '请选择区划', abort: true }).regex(/^(\d{6}|\d{9}|\d{12})$/, { error: '区划代码应为 6、9 或 12 位数字' }),
    address: trimmed('家庭住址', 200),
    /** Defaults to the elder's latest assessment on or before the opening date. */
    assessmentId: uuid.nullish().transform((v) => v ?? null),
    agreementStartOn: isoDate,
    agreementEndOn: isoDate.nullish().transform((v) => v ?? null),
    openedOn: isoDate,
  })
  .refine((v) => v.agreementEndOn === null || v.agreementEndOn >= v.agreementStartOn, { error: '服务协议结束日期不能早于开始日期', path: ['agreementEndOn'] });
export type FamilyBedOpenInput = z.infer<typeof familyBedOpenInput>;

export const familyBedCloseInput = z.object({ id: uuid, closedOn: isoDate, reason: trimmed('撤床原因', 200) });

const areaFilter = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, { error: '区划代码应为 6、9 或 12 位数字' }).optional();

export const familyBedListInput = z.object({
  providerFacilityId: uuid.optional(),
  areaCode: areaFilter,
  /** Beds open on this date; all beds ever opened when absent. */
  asOf: isoDate.nullish().transform((v) => v ?? null),
  ...pageInput,
});
export type FamilyBedListInput = z.infer<typeof familyBedListInput>;

// ---------- the channels ----------

export const eldersContract = {
  'elders.list': channel(elderListInput).returns<Page<ElderRow>>(),
  'elders.count': channel(elderFilter).returns<{ total: number }>(),
  /** `reveal`: the full ID number and phones (显示完整), for an account allowed them; each such view is audited. */
  'elders.get': channel(z.object({ id: uuid, reveal: z.boolean().optional() })).returns<ElderDetail>(),
  'elders.create': channel(elderCreateInput).returns<ElderDetail>(),
  'elders.update': channel(elderUpdateInput).returns<ElderDetail>(),
  'assessments.create': channel(assessmentCreateInput).returns<AssessmentRow>(),
  'waiting.apply': channel(waitingApplyInput).returns<WaitingApplicationRow>(),
  'waiting.withdraw': channel(waitingWithdrawInput).returns<WaitingApplicationRow>(),
  'waiting.list': channel(waitingListInput).returns<WaitingList>(),
  'waiting.rules': channel(z.object({})).returns<WaitingRulesState>(),
  // null removes the stored rules, so the documented default applies again.
  'waiting.setRules': channel(z.object({ rules: waitingPriorityRulesSchema.nullable() })).returns<WaitingRulesState>(),
  'familyBeds.open': channel(familyBedOpenInput).returns<FamilyCareBedRow>(),
  'familyBeds.close': channel(familyBedCloseInput).returns<FamilyCareBedRow>(),
  'familyBeds.list': channel(familyBedListInput).returns<Page<FamilyCareBedRow>>(),
  'familyBeds.count': channel(z.object({ areaCode: areaFilter, providerFacilityId: uuid.optional(), asOf: isoDate.nullish().transform((v) => v ?? null) })).returns<{ asOf: string; count: number }>(),
};

import { z } from 'zod';
import { channel } from './define';
import { isoDate, optionalText, pageInput, picked, trimmed, uuid } from '../schemas/common';
import type { Page } from '../schemas/common';
import type { AbilityLevel } from '../domain/assessment';
import { SKILL_LEVEL_KEYS, STAFF_POST_KEYS, TRAINING_TOPIC_KEYS, staffingRuleSchema, type SkillLevel, type StaffPost, type StaffingRule, type TrainingTopic } from '../domain/staff';

// ---------- output types ----------

/** One person as listed: the ID number masked. */
export interface StaffRow {
  id: string;
  facilityId: string;
  facilityName: string;
  name: string;
  idNumberMasked: string;
  post: StaffPost;
  skillLevel: SkillLevel | null;
  certificateNo: string | null;
  certifiedOn: string | null;
  employedFrom: string;
  employedTo: string | null;
  /** On duty on the list's date. */
  onDuty: boolean;
  /** A caregiver certified on the list's date. */
  certified: boolean;
  trainingHours: number;
}

export interface StaffTrainingRow {
  id: string;
  topic: TrainingTopic;
  trainedOn: string;
  hours: number;
}

export interface StaffDetail extends StaffRow {
  /** Full number: only ever returned by staff.get and the writes of the record itself. */
  idNumber: string;
  trainings: StaffTrainingRow[];
}

/** A facility's caregivers against its residents by ability level, under the staffing rule. */
export interface StaffingRatio {
  facilityId: string;
  asOf: string;
  /** Residents with a stay covering the date, by their latest assessment on or before it. */
  residentsByLevel: Record<AbilityLevel, number>;
  /** Residents without an assessment by the date (counted at the rule's unassessedAs level). */
  unassessed: number;
  residents: number;
  caregivers: number;
  certified: number;
  /** Caregivers the rule asks for; 0 without residents. */
  required: number;
  /** Residents per caregiver on duty; null without caregivers. */
  residentsPerCaregiver: number | null;
  belowRule: boolean;
  rule: StaffingRule;
}

// ---------- input schemas ----------

const staffFields = {
  facilityId: picked('所属机构'),
  name: trimmed('姓名', 50),
  post: z.enum(STAFF_POST_KEYS, { error: '请选择岗位' }),
  skillLevel: z.enum(SKILL_LEVEL_KEYS, { error: '未知的职业技能等级' }).nullish().transform((v) => v ?? null),
  certificateNo: optionalText('证书编号', 50),
  certifiedOn: isoDate.nullish().transform((v) => v ?? null),
  employedFrom: isoDate,
  employedTo: isoDate.nullish().transform((v) => v ?? null),
};

export const staffCreateInput = z.object({
  /** Checked by the core with the GB 11643 check digit; 15-digit numbers are converted. */
  idNumber: z.string({ error: '请输入身份证号' }).trim().min(1, { error: '请输入身份证号' }).max(30, { error: '身份证号过长' }),
  ...staffFields,
});
export type StaffCreateInput = z.output<typeof staffCreateInput>;
export const staffUpdateInput = staffCreateInput.extend({ id: uuid });

export const staffListInput = z.object({
  facilityId: uuid.optional(),
  /** The date on-duty and certified are judged on (default today). */
  asOf: isoDate.optional(),
  onDutyOnly: z.boolean().default(false),
  post: z.enum(STAFF_POST_KEYS).optional(),
  ...pageInput,
});

export const staffTrainingInput = z.object({
  staffId: uuid,
  topic: z.enum(TRAINING_TOPIC_KEYS, { error: '请选择培训内容' }),
  trainedOn: isoDate,
  hours: z.number({ error: '学时必须是数字' }).positive({ error: '学时须大于 0' }).max(1000, { error: '学时过大' }),
});

export const staffContract = {
  'staff.list': channel(staffListInput).returns<Page<StaffRow>>(),
  'staff.get': channel(z.object({ id: uuid, asOf: isoDate.optional() })).returns<StaffDetail>(),
  'staff.create': channel(staffCreateInput).returns<StaffDetail>(),
  'staff.update': channel(staffUpdateInput).returns<StaffDetail>(),
  'staff.addTraining': channel(staffTrainingInput).returns<StaffDetail>(),
  'staff.ratio': channel(z.object({ facilityId: uuid, asOf: isoDate.optional() })).returns<StaffingRatio>(),
  'staff.rule.get': channel(z.object({})).returns<StaffingRule>(),
  'staff.rule.set': channel(staffingRuleSchema).returns<StaffingRule>(),
};

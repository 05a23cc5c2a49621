import { z } from 'zod';
import { channel } from './define';
import { optionalText, pageInput, trimmed, uuid } from '../schemas/common';
import type { Page } from '../schemas/common';
import { ELDER_CATEGORY_KEYS, type ElderCategory } from '../domain/waitingPriority';
import type { AbilityLevel } from '../domain/assessment';
import { phoneProblem } from '../domain/phone';
import type { AssessmentRow } from './assessments';
import type { WaitingApplicationRow } from './waiting';
import type { FamilyCareBedRow } from './familyBeds';
import type { AdmissionSummary } from './stays';

// ---------- output types ----------

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

// ---------- the channels ----------

export const eldersContract = {
  'elders.list': channel(elderListInput).returns<Page<ElderRow>>(),
  'elders.count': channel(elderFilter).returns<{ total: number }>(),
  /** `reveal`: the full ID number and phones (显示完整), for an account allowed them; each such view is audited. */
  'elders.get': channel(z.object({ id: uuid, reveal: z.boolean().optional() })).returns<ElderDetail>(),
  'elders.create': channel(elderCreateInput).returns<ElderDetail>(),
  'elders.update': channel(elderUpdateInput).returns<ElderDetail>(),
};

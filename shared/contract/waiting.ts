import { z } from 'zod';
import { channel } from './define';
import { isoDate, optionalText, pageInput, picked, trimmed, uuid } from '../schemas/common';
import type { Page } from '../schemas/common';
import { waitingPriorityRulesSchema, type WaitingPriorityRules } from '../domain/waitingPriority';
import { BED_CATEGORY_KEYS, type BedCategory } from '../domain/beds';

// ---------- vocabulary (keys stored in CHECK constraints; labels shown and imported) ----------

export const APPLICATION_STATUSES = { waiting: '轮候中', admitted: '已入住', withdrawn: '已撤回' } as const;
export type ApplicationStatus = keyof typeof APPLICATION_STATUSES;
export const APPLICATION_STATUS_KEYS = Object.keys(APPLICATION_STATUSES) as [ApplicationStatus, ...ApplicationStatus[]];

export { WAITING_RULES_SETTING } from './settingKeys';

// ---------- output types ----------

/** The waiting-list rules in force, and whether they are the documented default (nothing stored). */
export interface WaitingRulesState {
  rules: WaitingPriorityRules;
  isDefault: boolean;
  settingKey: string;
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

// ---------- input schemas ----------

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

// ---------- the channels ----------

export const waitingContract = {
  'waiting.apply': channel(waitingApplyInput).returns<WaitingApplicationRow>(),
  'waiting.withdraw': channel(waitingWithdrawInput).returns<WaitingApplicationRow>(),
  'waiting.list': channel(waitingListInput).returns<WaitingList>(),
  'waiting.rules': channel(z.object({})).returns<WaitingRulesState>(),
  // null removes the stored rules, so the documented default applies again.
  'waiting.setRules': channel(z.object({ rules: waitingPriorityRulesSchema.nullable() })).returns<WaitingRulesState>(),
};

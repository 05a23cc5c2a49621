import { AppError } from '../../../../shared/errors';
import { WAITING_RULES_SETTING, type WaitingRulesState } from '../../../../shared/contract';
import { DEFAULT_WAITING_PRIORITY_RULES, waitingPriorityRulesSchema, type WaitingPriorityRules } from '../../../../shared/domain/waitingPriority';
import type { CoreContext } from '../../app/context';
import { inTransaction } from '../../app/audit';
import { readSetting, writeSetting } from '../../app/settings';
import type { Db } from '../../db/schema';

// Apart from the waiting list's service: the elder list orders by the same rules, and the waiting list
// uses the elder rules, so the rules sit below both.

/**
 * The priority rules in force: the settings value when an administrator stored one, else the documented
 * default. An invalid stored value (only a file changed outside the app can hold one: waiting.setRules
 * checks what it stores) is an error, not a silent fallback: a queue quietly ordered by other rules than
 * the ones configured is worse than a visible failure.
 */
export async function loadWaitingRules(db: Db): Promise<WaitingRulesState> {
  const stored = await readSetting<unknown>(db, WAITING_RULES_SETTING, null);
  if (stored === null) return { rules: DEFAULT_WAITING_PRIORITY_RULES, isDefault: true, settingKey: WAITING_RULES_SETTING };
  const parsed = waitingPriorityRulesSchema.safeParse(stored);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(
      'VALIDATION',
      `保存的轮候优先规则无效：${first?.message ?? ''}（${first?.path.join('.') ?? ''}）。请在“设置 › 轮候优先规则”中恢复默认或重新保存`,
      { field: 'rules' },
    );
  }
  return { rules: parsed.data as WaitingPriorityRules, isDefault: false, settingKey: WAITING_RULES_SETTING };
}

/** Stores the rules (checked by the contract's schema), or with null goes back to the default. */
export function saveWaitingRules(ctx: CoreContext, input: { rules: WaitingPriorityRules | null }): Promise<WaitingRulesState> {
  return inTransaction(ctx, async (trx) => {
    await writeSetting(trx, ctx, WAITING_RULES_SETTING, input.rules, {
      action: 'waiting.setRules',
      summary: input.rules ? '修改轮候优先规则' : '轮候优先规则恢复默认',
    });
    return loadWaitingRules(trx);
  });
}

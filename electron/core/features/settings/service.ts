import type { CoreContext } from '../../app/context';
import { inTransaction } from '../../app/audit';
import { readSetting, writeSetting } from '../../app/settings';

export async function getSetting(ctx: CoreContext, input: { key: string }): Promise<{ key: string; value: unknown }> {
  return { key: input.key, value: await readSetting<unknown>(ctx.db, input.key, null) };
}

/** Keys with a channel of their own are refused by the contract (SETTINGS_WITH_OWN_CHANNEL). */
export function setSetting(ctx: CoreContext, input: { key: string; value: unknown }): Promise<{ key: string; value: unknown }> {
  return inTransaction(ctx, async (trx) => {
    await writeSetting(trx, ctx, input.key, input.value, { action: 'settings.set', summary: `修改设置 ${input.key}` });
    return { key: input.key, value: input.value ?? null };
  });
}

import { z } from 'zod';
import { channel } from './define';
import { jsonValue } from '../schemas/common';
import { ownChannelOf, SETTING_KEY_PATTERN } from './settingKeys';

const settingKey = z
  .string({ error: '请输入设置名称' })
  .max(100, { error: '设置名称不能超过 100 个字符' })
  .regex(SETTING_KEY_PATTERN, { error: '设置名称无效（应为以点分隔的英文名称，如 ui.note）' });

// ---------- the channels ----------

export const settingsContract = {
  'settings.get': channel(z.object({ key: settingKey })).returns<{ key: string; value: unknown }>(),
  'settings.set': channel(
    z.object({
      key: settingKey.refine((key) => ownChannelOf(key) === null, {
        error: (issue) => `设置“${String(issue.input)}”有专门的修改页面（${ownChannelOf(String(issue.input))}），在那里修改时会先检查取值`,
      }),
      value: jsonValue,
    }),
  ).returns<{ key: string; value: unknown }>(),
};

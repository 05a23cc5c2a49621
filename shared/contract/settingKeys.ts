// Settings that have a channel of their own, which checks them and refreshes what depends on them. The
// generic settings.set refuses these keys (see foundation.ts), so nothing can store them unchecked.

/** 指标口径 (default: DEFAULT_INDICATOR_OPTIONS), written by indicators.options.set. */
export const INDICATOR_OPTIONS_SETTING = 'indicators.options';
/** 轮候优先规则 (default: DEFAULT_WAITING_PRIORITY_RULES), written by waiting.setRules. */
export const WAITING_RULES_SETTING = 'waiting.priorityRules';

/** Each such key, with where users change it. */
export const SETTINGS_WITH_OWN_CHANNEL: Readonly<Record<string, string>> = {
  [INDICATOR_OPTIONS_SETTING]: '设置 › 指标口径',
  [WAITING_RULES_SETTING]: '设置 › 轮候优先规则',
};

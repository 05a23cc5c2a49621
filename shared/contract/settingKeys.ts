// Settings that have a channel of their own, which checks them and refreshes what depends on them. The
// generic settings.set refuses these keys (see settings.ts), so nothing can store them unchecked.

/** 指标口径 (default: DEFAULT_INDICATOR_OPTIONS), written by indicators.options.set. */
export const INDICATOR_OPTIONS_SETTING = 'indicators.options';
/** 轮候优先规则 (default: DEFAULT_WAITING_PRIORITY_RULES), written by waiting.setRules. */
export const WAITING_RULES_SETTING = 'waiting.priorityRules';
/** 护理员配比 (default: DEFAULT_STAFFING_RULE in shared/domain/staff.ts), written by staff.rule.set. */
export const STAFFING_RULE_SETTING = 'staff.staffingRule';
/** 运营补贴标准 (default: none), written by subsidy.settings.set. */
export const SUBSIDY_SETTING = 'subsidy.rates';

/** Each such key, with where users change it. */
export const SETTINGS_WITH_OWN_CHANNEL: Readonly<Record<string, string>> = {
  [INDICATOR_OPTIONS_SETTING]: '设置 › 指标口径',
  [WAITING_RULES_SETTING]: '设置 › 轮候优先规则',
  [STAFFING_RULE_SETTING]: '设置 › 护理员配比',
  [SUBSIDY_SETTING]: '设置 › 运营补贴标准',
  'auth.policy': '设置 › 账户安全',
  'lan.enabled': '设置 › 账户与角色 › 局域网服务',
};

/**
 * The keys the generic settings channels accept: dotted names of letters and digits (`ui.note`), so no
 * key can be a name every JavaScript object has (`toString`, `__proto__`, `constructor`).
 */
export const SETTING_KEY_PATTERN = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/;

/** Where users change `key` when it has a channel of its own; an own-property lookup, never an inherited one. */
export function ownChannelOf(key: string): string | null {
  return Object.prototype.hasOwnProperty.call(SETTINGS_WITH_OWN_CHANNEL, key) ? SETTINGS_WITH_OWN_CHANNEL[key]! : null;
}

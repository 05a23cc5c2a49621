// Telephone numbers as typed at a Chinese front desk: mobiles (11 digits, starting with 1), landlines with
// or without their area code (010-69041234, 69041234), extensions, and +86. Only what is surely wrong is
// refused: a nursing home calls these numbers when an elder falls ill, so a digit lost in typing matters.

/** Why `label`'s value is not a telephone number, or null when it may be one. */
export function phoneProblem(value: string, label: string): string | null {
  if (!/^[0-9+\-() ]+$/.test(value)) return `${label}只能包含数字、空格和 + - ( )`;
  const digits = value.replace(/\D/g, '');
  if (/^1\d*$/.test(value.replace(/[ -]/g, '')) && digits.length !== 11) return `${label}“${value}”是 ${digits.length} 位：手机号应为 11 位`;
  if (digits.length < 7) return `${label}“${value}”只有 ${digits.length} 位数字，请填写完整号码（座机 7–8 位，可带区号）`;
  if (digits.length > 15) return `${label}“${value}”有 ${digits.length} 位数字，超过电话号码的最大长度 15 位`;
  return null;
}

/**
 * A telephone number as shown to someone who may not see it in full: the first 3 and last 4 digits of
 * the digits typed (138****5678), everything between starred. Numbers of 7 digits or fewer show their
 * last 4 only, so no short number is shown whole.
 */
export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length <= 7) return '*'.repeat(Math.max(0, digits.length - 4)) + digits.slice(-4);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
}

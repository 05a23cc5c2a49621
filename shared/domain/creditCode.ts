// GB 32100-2015 统一社会信用代码: 18 characters from a 31-symbol alphabet (no I, O, S, V, Z), the last
// one a check character over the first 17 (weights 3^i mod 31).
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeResult =
  | { ok: true; code: string }
  | { ok: false; code: 'CREDIT_CODE_FORMAT' | 'CREDIT_CODE_CHECK'; message: string };

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function validateCreditCode(raw: string): CreditCodeResult {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, code: 'CREDIT_CODE_FORMAT', message: `统一社会信用代码应为 18 位，实际为 ${code.length} 位` };
  for (const ch of code) {
    if (!ALPHABET.includes(ch)) {
      return { ok: false, code: 'CREDIT_CODE_FORMAT', message: `统一社会信用代码含有不允许的字符“${ch}”（不使用 I、O、S、V、Z）` };
    }
  }
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    return { ok: false, code: 'CREDIT_CODE_CHECK', message: `统一社会信用代码校验位错误：最后一位应为“${expected}”，请核对是否抄错` };
  }
  return { ok: true, code };
}

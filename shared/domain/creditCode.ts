// GB 32100-2015 统一社会信用代码: 18 characters from a 31-symbol alphabet, the last one a check
// character over the first 17 (weights 3^i mod 31). I, O, S, V and Z are left out of the alphabet
// because they are easily confused with 1, 0, 5, U and 2.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The look-alike a user most likely meant when typing a letter the alphabet does not have. */
const LOOKALIKES: Readonly<Record<string, string>> = { I: '1', O: '0', S: '5', V: 'U', Z: '2' };

export type CreditCodeErrorCode = 'CREDIT_CODE_FORMAT' | 'CREDIT_CODE_CHECK';

export type CreditCodeResult =
  | { ok: true; code: string }
  | { ok: false; code: CreditCodeErrorCode; message: string };

/** The check character for the first 17 characters (already uppercase, from the alphabet). */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`creditCodeCheckChar expects 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]!);
    if (value < 0) throw new RangeError(`"${first17[i]}" is not in the GB 32100 alphabet`);
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Same cleaning as ID numbers: full-width characters from Chinese input methods and pasted spaces. */
export function normalizeCreditCode(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export function validateCreditCode(raw: string): CreditCodeResult {
  const code = normalizeCreditCode(raw);
  if (code.length !== 18) {
    return { ok: false, code: 'CREDIT_CODE_FORMAT', message: `统一社会信用代码应为 18 位，实际为 ${code.length} 位` };
  }
  for (const ch of code) {
    if (!ALPHABET.includes(ch)) {
      const hint = LOOKALIKES[ch] ? `，是否应为“${LOOKALIKES[ch]}”？` : '';
      return {
        ok: false,
        code: 'CREDIT_CODE_FORMAT',
        message: `统一社会信用代码含有不允许的字符“${ch}”（代码中不使用 I、O、S、V、Z）${hint}`,
      };
    }
  }
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    return {
      ok: false,
      code: 'CREDIT_CODE_CHECK',
      message: `统一社会信用代码校验位不符（按前 17 位计算最后一位应为“${expected}”），请逐位核对是否抄错`,
    };
  }
  return { ok: true, code };
}

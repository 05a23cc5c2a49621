import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, normalizeCreditCode, validateCreditCode } from '../../shared/domain/creditCode';

describe('creditCodeCheckChar', () => {
  it('computes the check character by hand-checked sums', () => {
    // 9+3+27+135+0+26+0+0+M(21)×20+0+0+0+8+0+0+Y(30)×30+4×28 = 1640; 1640 mod 31 = 28; 31−28 = 3
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    // Σ = 538; 538 mod 31 = 11; 31−11 = 20 → "L"
    expect(creditCodeCheckChar('91110000600037341')).toBe('L');
  });

  it('maps a remainder of 0 to "0", not to a 32nd symbol', () => {
    // Σ = 1147 = 31 × 37
    expect(creditCodeCheckChar('91110118MA0100016')).toBe('0');
  });

  it('refuses input of the wrong length or alphabet', () => {
    expect(() => creditCodeCheckChar('91350100M000100Y')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100M000100O4')).toThrow(RangeError);
  });
});

describe('validateCreditCode', () => {
  it('accepts valid codes', () => {
    expect(validateCreditCode('91350100M000100Y43')).toEqual({ ok: true, code: '91350100M000100Y43' });
    expect(validateCreditCode('91110000600037341L')).toEqual({ ok: true, code: '91110000600037341L' });
    expect(validateCreditCode('91110118MA01000160')).toEqual({ ok: true, code: '91110118MA01000160' });
  });

  it('normalises case, spaces and full-width characters', () => {
    expect(validateCreditCode(' 91350100m000100y43 ')).toEqual({ ok: true, code: '91350100M000100Y43' });
    expect(validateCreditCode('913501 00M000 100Y43')).toEqual({ ok: true, code: '91350100M000100Y43' });
    expect(validateCreditCode('９１３５０１００Ｍ０００１００Ｙ４３')).toEqual({ ok: true, code: '91350100M000100Y43' });
  });

  it('rejects a wrong check character with CREDIT_CODE_CHECK and names the expected one', () => {
    const r = validateCreditCode('91350100M000100Y44');
    expect(r).toMatchObject({ ok: false, code: 'CREDIT_CODE_CHECK' });
    expect(!r.ok && r.message).toContain('“3”');
    // two swapped characters
    expect(validateCreditCode('91530100M000100Y43')).toMatchObject({ ok: false, code: 'CREDIT_CODE_CHECK' });
  });

  it('rejects the wrong length with CREDIT_CODE_FORMAT', () => {
    expect(validateCreditCode('')).toMatchObject({ ok: false, code: 'CREDIT_CODE_FORMAT' });
    const r = validateCreditCode('91350100M000100Y4');
    expect(r).toMatchObject({ ok: false, code: 'CREDIT_CODE_FORMAT' });
    expect(!r.ok && r.message).toContain('实际为 17 位');
  });

  it('rejects letters outside the alphabet and suggests the look-alike', () => {
    for (const [bad, suggestion] of [['O', '0'], ['I', '1'], ['S', '5'], ['V', 'U'], ['Z', '2']] as const) {
      const r = validateCreditCode(`91350100M${bad}00100Y43`);
      expect(r).toMatchObject({ ok: false, code: 'CREDIT_CODE_FORMAT' });
      expect(!r.ok && r.message).toContain(`是否应为“${suggestion}”`);
    }
    expect(validateCreditCode('91350100M000100Y4-')).toMatchObject({ ok: false, code: 'CREDIT_CODE_FORMAT' });
  });
});

describe('normalizeCreditCode', () => {
  it('does not alter the characters themselves', () => {
    expect(normalizeCreditCode('9135 0100m000100o43')).toBe('91350100M000100O43');
  });
});

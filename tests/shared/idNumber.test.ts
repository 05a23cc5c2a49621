import { describe, expect, it } from 'vitest';
import { EXCEL_CUT_MESSAGE, ageOn, computeCheckDigit, looksCutByExcel, maskIdNumber, normalizeIdNumber, validateIdNumber } from '../../shared/domain/idNumber';

const TODAY = '2025-06-30';

describe('computeCheckDigit', () => {
  it('computes X for the standard sample 11010519491231002X', () => {
    // Σ digit×weight = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → "X"
    expect(computeCheckDigit('11010519491231002')).toBe('X');
  });

  it('matches the other verified samples of the research notes', () => {
    expect(computeCheckDigit('44052418800101001')).toBe('4');
    expect(computeCheckDigit('34052419800101001')).toBe('X');
    // Σ = 185; 185 mod 11 = 9 → "3"
    expect(computeCheckDigit('11010519480229001')).toBe('3');
  });

  it('refuses input that is not 17 digits', () => {
    expect(() => computeCheckDigit('1101051949123100')).toThrow(RangeError);
    expect(() => computeCheckDigit('1101051949123100A')).toThrow(RangeError);
  });
});

describe('validateIdNumber', () => {
  it('accepts the standard sample and derives birth date, sex and area', () => {
    expect(validateIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'F',
      areaCode: '110105',
    });
  });

  it('reads an odd 17th digit as male', () => {
    const r = validateIdNumber('110105194802290013', TODAY);
    expect(r).toMatchObject({ ok: true, sex: 'M', birthDate: '1948-02-29' });
  });

  it('accepts lowercase x, surrounding and inner spaces, and full-width characters', () => {
    expect(validateIdNumber('  11010519491231002x ', TODAY)).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
    expect(validateIdNumber('110105 19491231 002X', TODAY)).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
    expect(validateIdNumber('１１０１０５１９４９１２３１００２ｘ', TODAY)).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
  });

  it('rejects a wrong check digit and says which character the first 17 imply', () => {
    const r = validateIdNumber('110105194912310021', TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('ID_CHECK_DIGIT');
      expect(r.message).toContain('“X”');
    }
    // swapped digits in the area code: Σ = 170, 170 mod 11 = 5 → "7", not "X"
    expect(validateIdNumber('11001519491231002X', TODAY)).toMatchObject({ ok: false, code: 'ID_CHECK_DIGIT' });
    // swapped digits in the birth date give an impossible date, which is the more useful message
    expect(validateIdNumber('11010519491321002X', TODAY)).toMatchObject({ ok: false, code: 'ID_BIRTH_DATE' });
  });

  it('converts a 15-digit legacy number to 18 digits', () => {
    expect(validateIdNumber('110105491231002', TODAY)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'F',
      areaCode: '110105',
    });
  });

  it('knows Feb 29 exists only in leap years (1900 was not one, 2000 was)', () => {
    expect(validateIdNumber('110105194802290013', TODAY).ok).toBe(true); // 1948
    expect(validateIdNumber('110105200002290021', TODAY).ok).toBe(true); // 2000
    expect(validateIdNumber('110105194902290010', TODAY)).toMatchObject({ ok: false, code: 'ID_BIRTH_DATE' }); // 1949
    expect(validateIdNumber('110105190002290017', TODAY)).toMatchObject({ ok: false, code: 'ID_BIRTH_DATE' }); // 1900
  });

  it('refuses impossible dates even with a correct check digit', () => {
    expect(validateIdNumber('110105194913310021', TODAY)).toMatchObject({ ok: false, code: 'ID_BIRTH_DATE' }); // month 13
    expect(validateIdNumber('110105194902300020', TODAY)).toMatchObject({ ok: false, code: 'ID_BIRTH_DATE' }); // Feb 30
    expect(validateIdNumber('110105194912000021', TODAY)).toMatchObject({ ok: false, code: 'ID_BIRTH_DATE' }); // day 0
  });

  it('accepts 1880-01-01 and refuses anything earlier', () => {
    expect(validateIdNumber('440524188001010014', TODAY)).toMatchObject({ ok: true, birthDate: '1880-01-01' });
    const r = validateIdNumber('440524187912310013', TODAY);
    expect(r).toMatchObject({ ok: false, code: 'ID_BIRTH_DATE' });
  });

  it('refuses birth dates after today, and accepts today itself', () => {
    expect(validateIdNumber('110105202601010019', '2025-12-31')).toMatchObject({ ok: false, code: 'ID_BIRTH_DATE' });
    expect(validateIdNumber('110105202601010019', '2026-01-01')).toMatchObject({ ok: true, birthDate: '2026-01-01' });
    expect(validateIdNumber('110105209912310029')).toMatchObject({ ok: false, code: 'ID_BIRTH_DATE' });
  });

  it('accepts historical area codes (崇文区 110103, 密云县 110228)', () => {
    expect(validateIdNumber('110103193507150037', TODAY)).toMatchObject({ ok: true, areaCode: '110103', sex: 'M' });
    expect(validateIdNumber('110228194001010050', TODAY)).toMatchObject({ ok: true, areaCode: '110228' });
  });

  it('refuses a province code outside GB/T 2260', () => {
    // check digit is right for 99…, so only the province rule can reject it
    expect(validateIdNumber('990105194912310023', TODAY)).toMatchObject({ ok: false, code: 'ID_FORMAT' });
  });

  it('reports format problems with ID_FORMAT', () => {
    expect(validateIdNumber('', TODAY)).toMatchObject({ ok: false, code: 'ID_FORMAT' });
    expect(validateIdNumber('11010519491231002', TODAY)).toMatchObject({ ok: false, code: 'ID_FORMAT' });
    expect(validateIdNumber('1101051949123100XX', TODAY)).toMatchObject({ ok: false, code: 'ID_FORMAT' });
    expect(validateIdNumber('11010519491231002Y', TODAY)).toMatchObject({ ok: false, code: 'ID_FORMAT' });
    expect(validateIdNumber('11010549123100X', TODAY)).toMatchObject({ ok: false, code: 'ID_FORMAT' });
    const r = validateIdNumber('1101051949', TODAY);
    expect(!r.ok && r.message).toContain('实际为 10 位');
  });

  it('throws on a malformed today (a programming error, not user input)', () => {
    expect(() => validateIdNumber('11010519491231002X', '2025-13-01')).toThrow(RangeError);
  });
});

describe('normalizeIdNumber', () => {
  it('trims, uppercases and expands 15 digits', () => {
    expect(normalizeIdNumber(' 11010519491231002x\t')).toBe('11010519491231002X');
    expect(normalizeIdNumber('110105491231002')).toBe('11010519491231002X');
  });

  it('leaves other input cleaned but otherwise alone', () => {
    expect(normalizeIdNumber('abc 123')).toBe('ABC123');
    expect(normalizeIdNumber('1101054912310')).toBe('1101054912310');
  });
});

describe('maskIdNumber', () => {
  it('shows the first 6 and last 4', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002X');
    expect(maskIdNumber('110105491231002')).toBe('110105*****1002');
  });

  it('hides short input completely', () => {
    expect(maskIdNumber('1234567890')).toBe('**********');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('looksCutByExcel', () => {
  it('recognises a number Excel kept to 15 digits, and only when the check digit fails', () => {
    expect(looksCutByExcel('110228194111082000')).toBe(true);
    expect(looksCutByExcel('1.10228194111082E+17')).toBe(true);
    expect(looksCutByExcel('1.10228E+17')).toBe(true);
    // A real number may end in 000 (sequence 100, check digit 0): its check digit holds.
    expect(computeCheckDigit('11010519491202900')).toBe('0');
    expect(looksCutByExcel('110105194912029000')).toBe(false);
    expect(validateIdNumber('110105194912029000', TODAY).ok).toBe(true);
    expect(looksCutByExcel('110105194912310021')).toBe(false);
    expect(validateIdNumber('110228194111082000', TODAY)).toEqual({ ok: false, code: 'ID_FORMAT', message: EXCEL_CUT_MESSAGE });
  });
});

describe('ageOn', () => {
  it('counts full years, going up on the birthday', () => {
    expect(ageOn('1949-12-31', '2025-12-30')).toBe(75);
    expect(ageOn('1949-12-31', '2025-12-31')).toBe(76);
    expect(ageOn('1945-06-15', '2025-06-14')).toBe(79);
    expect(ageOn('1945-06-15', '2025-06-15')).toBe(80);
    expect(ageOn('2000-01-01', '2000-01-01')).toBe(0);
  });

  it('has a Feb 29 birthday pass on Mar 1 in common years', () => {
    expect(ageOn('1948-02-29', '2025-02-28')).toBe(76);
    expect(ageOn('1948-02-29', '2025-03-01')).toBe(77);
    expect(ageOn('1948-02-29', '2028-02-29')).toBe(80);
  });

  it('throws for bad dates or a date before birth', () => {
    expect(() => ageOn('1949-02-30', '2025-01-01')).toThrow(RangeError);
    expect(() => ageOn('1949-12-31', '1949-12-30')).toThrow(RangeError);
  });
});

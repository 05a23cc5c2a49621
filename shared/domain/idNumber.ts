// GB 11643-1999 公民身份号码 (standards-and-policy §8): 6-digit address code, 8-digit birth date,
// 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character.

import { isIsoDay, isRealDate, todayIn } from './calendar';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Nobody alive was born earlier; an older date is a typo, not a centenarian. */
export const EARLIEST_BIRTH_DATE = '1880-01-01';

/**
 * First two digits of the address code (GB/T 2260 province level). Only the province is checked:
 * old county codes (崇文区 110103, 密云县 110228 …) stay valid for life in ID numbers, so a full
 * area lookup would reject real people.
 */
export const PROVINCE_CODES: Readonly<Record<string, string>> = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
};

export type IdNumberErrorCode = 'ID_FORMAT' | 'ID_CHECK_DIGIT' | 'ID_BIRTH_DATE';

export type IdNumberResult =
  | { ok: true; idNumber: string; birthDate: string; sex: 'M' | 'F'; areaCode: string }
  | { ok: false; code: IdNumberErrorCode; message: string };

const CANONICAL = /^\d{17}[\dX]$/;

function assertIsoDate(value: string, name: string): [number, number, number] {
  if (!isIsoDay(value)) throw new RangeError(`${name} must be a real date as YYYY-MM-DD, got "${value}"`);
  return [Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10))];
}

/** The check character for the first 17 digits of an 18-digit number. */
export function computeCheckDigit(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`computeCheckDigit expects 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const digit = first17.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) throw new RangeError(`computeCheckDigit expects 17 digits, got "${first17}"`);
    sum += digit * WEIGHTS[i]!;
  }
  return CHECK_CHARS[sum % 11]!;
}

/**
 * The canonical stored form. NFKC folds full-width digits and letters, which Chinese input methods
 * produce readily; spaces are dropped because people paste numbers grouped as "110105 19491231 002X".
 * A 15-digit number (GB 11643-1989, everyone born 19xx) becomes 18 digits so the same person is never
 * registered twice under two spellings. Anything else is returned cleaned but unchanged, for
 * validateIdNumber to explain.
 */
export function normalizeIdNumber(raw: string): string {
  // Most numbers arrive already canonical; NFKC alone cost more than the rest of the check.
  if (CANONICAL.test(raw)) return raw;
  const s = raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (/^\d{15}$/.test(s)) {
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    return first17 + computeCheckDigit(first17);
  }
  return s;
}

/**
 * Excel keeps 15 significant digits of a number: an ID number typed into a cell not set to text is
 * stored as 1.10228194111082E+17 and read back as 110228194111082000. Such a number fails the check
 * digit (or the format), and saying "a digit was mistyped" would have the user make up the last three.
 */
export function looksCutByExcel(raw: string): boolean {
  const s = raw.trim();
  if (s.endsWith('000')) return /^\d{18}$/.test(s) && computeCheckDigit(s.slice(0, 17)) !== s[17];
  return /^\d(\.\d+)?e\+?1[4-7]$/i.test(s);
}

export const EXCEL_CUT_MESSAGE = '身份证号疑被 Excel 当作数字保存，只保留了前 15 位（末三位成了 000）：请把身份证号列设为“文本”格式，重新填入完整号码';

let lastToday = '';

/**
 * Full check of a resident ID number. `today` (YYYY-MM-DD) bounds the birth date; it defaults to the
 * day in Beijing (as every "today" of the product), so pass it explicitly wherever the result must be reproducible.
 * The birth date is checked before the check digit: a mistyped date digit breaks both, and "出生日期
 * 不存在" points the user at the right part of the number.
 */
export function validateIdNumber(raw: string, today: string = todayIn(new Date())): IdNumberResult {
  // An import checks 100,000 numbers against one day: the day is checked once.
  if (today !== lastToday) {
    assertIsoDate(today, 'today');
    lastToday = today;
  }
  const id = normalizeIdNumber(raw);
  if (id.length === 0) return { ok: false, code: 'ID_FORMAT', message: '请输入身份证号' };
  if (looksCutByExcel(raw)) return { ok: false, code: 'ID_FORMAT', message: EXCEL_CUT_MESSAGE };
  if (!CANONICAL.test(id)) {
    const message =
      id.length !== 18
        ? `身份证号应为 18 位（旧版 15 位也可），实际为 ${id.length} 位`
        : '身份证号前 17 位应为数字，最后一位为数字或 X';
    return { ok: false, code: 'ID_FORMAT', message };
  }
  const province = id.slice(0, 2);
  if (!(province in PROVINCE_CODES)) {
    return { ok: false, code: 'ID_FORMAT', message: `身份证号前两位“${province}”不是有效的省级行政区划代码` };
  }

  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isRealDate(year, month, day)) {
    return { ok: false, code: 'ID_BIRTH_DATE', message: `身份证号中的出生日期 ${birthDate} 不存在` };
  }
  if (birthDate < EARLIEST_BIRTH_DATE) {
    return { ok: false, code: 'ID_BIRTH_DATE', message: `身份证号中的出生日期 ${birthDate} 早于 1880 年，不可能正确` };
  }
  if (birthDate > today) {
    return { ok: false, code: 'ID_BIRTH_DATE', message: `身份证号中的出生日期 ${birthDate} 晚于今天（${today}）` };
  }

  const expected = computeCheckDigit(id.slice(0, 17));
  if (id[17] !== expected) {
    return {
      ok: false,
      code: 'ID_CHECK_DIGIT',
      message: `身份证号校验位不符（按前 17 位计算最后一位应为“${expected}”），号码中可能有数字抄错，请逐位核对`,
    };
  }

  return {
    ok: true,
    idNumber: id,
    birthDate,
    sex: Number(id[16]) % 2 === 1 ? 'M' : 'F',
    areaCode: id.slice(0, 6),
  };
}

/**
 * For lists, printouts and logs: address code and the last four stay readable so staff can tell
 * people apart, the birth date (the sensitive part) is hidden. Too-short input is hidden entirely,
 * since showing 10 of fewer characters would reveal most of it.
 */
export function maskIdNumber(id: string): string {
  const s = id.trim().toUpperCase();
  if (s.length <= 10) return '*'.repeat(s.length);
  return s.slice(0, 6) + '*'.repeat(s.length - 10) + s.slice(-4);
}

/**
 * Age in full years (周岁) on a date. The age goes up on the birthday itself; someone born on
 * Feb 29 turns a year older on Mar 1 in common years, since their birthday has not yet passed on Feb 28.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = assertIsoDate(birthDate, 'birthDate');
  const [oy, om, od] = assertIsoDate(onDate, 'onDate');
  if (onDate < birthDate) throw new RangeError(`onDate ${onDate} is before birthDate ${birthDate}`);
  const birthdayPassed = om > bm || (om === bm && od >= bd);
  return oy - by - (birthdayPassed ? 0 : 1);
}

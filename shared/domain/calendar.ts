/**
 * Calendar days as `YYYY-MM-DD` strings, checked by arithmetic alone. A `Date` would read the day at the
 * machine's local midnight, so the same string checked on a PC set to Beijing time and on one set to UTC
 * could differ (a local midnight in UTC+8 is the previous day in UTC): nothing here depends on the zone.
 */

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a day that exists, written `YYYY-MM-DD`. */
export function isIsoDay(s: string): boolean {
  const m = ISO_DAY.exec(s);
  return !!m && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

const TYPED_DAY = /^(\d{4})\s*(?:-|\/|\.|年)\s*(\d{1,2})\s*(?:-|\/|\.|月)\s*(\d{1,2})\s*日?(?:\s+0?0:00(?::00)?)?$/;

/**
 * The ISO day a typed cell names, or null. Besides `YYYY-MM-DD` it takes the ways a day is typed in a
 * Chinese spreadsheet or written by Excel into a CSV (2019/1/1, 2019.1.1, 2019-1-1, 2019年1月1日), always
 * year first: a day-first or month-first form is ambiguous and is refused. A time of midnight after the
 * day (2019/1/1 0:00, as Excel writes a date cell that has a time format) is the day; any other time is
 * refused rather than dropped.
 */
export function dayOf(raw: string): string | null {
  const m = TYPED_DAY.exec(raw.trim());
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/**
 * A day typed into a date field, as `YYYY-MM-DD`: what dayOf takes, and eight digits (20240301) as
 * typed on a number pad. Null when it names no day; the field then keeps the text for the core to refuse.
 */
export function typedDay(raw: string): string | null {
  const t = raw.trim();
  return dayOf(/^\d{8}$/.test(t) ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6)}` : t);
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The calendar date in China Standard Time for an instant. Beijing has one time zone and no daylight
 * saving, so "today" for a user is always UTC+8, whatever the machine's own zone is set to.
 */
export function todayIn(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as a reader in Beijing writes it: `2026-11-24 16:38:52`, for files read by people. */
export function beijingTime(instant: string | Date): string {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The date of a status recorded without one (a facility registered with no 开业日期): it sorts before
 * every real day, so the status is in force on every past date, and the data-quality audit asks for the
 * real date. Never shown as a date: see shownDay.
 */
export const UNKNOWN_DAY = '0000-00-00';

/** A stored day as users read it: the unknown day as 日期未登记. */
export function shownDay(day: string): string {
  return day === UNKNOWN_DAY ? '日期未登记' : day;
}

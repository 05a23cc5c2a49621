import { afterAll, describe, expect, it } from 'vitest';
import { beijingTime, dayOf, isIsoDay, todayIn } from '../../shared/domain/calendar';
import { isoDate } from '../../shared/schemas/common';
import { areaCodeSchema } from '../../shared/contract/areas';
import { addYearsIso, defaultValidUntil } from '../../shared/domain/starRating';
import { RowReader } from '../../electron/core/import/row';

// Node reads TZ again whenever it is set, so one process can try several zones. Beijing's is the users'
// own; the others are west and east of UTC, one with daylight saving.
const ZONES: [string, number][] = [
  ['Asia/Shanghai', -480],
  ['UTC', 0],
  ['America/Los_Angeles', 480],
  ['Pacific/Kiritimati', -840],
];
const before = process.env.TZ;
afterAll(() => {
  process.env.TZ = before;
});

describe.each(ZONES)('dates in %s', (zone, offset) => {
  it('are the same days whatever the machine’s zone', () => {
    process.env.TZ = zone;
    // Not vacuous: the zone really is in force.
    expect(new Date(2019, 0, 1).getTimezoneOffset()).toBe(offset);

    for (const day of ['2019-01-01', '2024-02-29', '2026-12-31', '1900-03-01']) {
      expect(isIsoDay(day)).toBe(true);
      expect(isoDate.safeParse(day)).toEqual({ success: true, data: day });
    }
    for (const day of ['2023-02-29', '2019-13-01', '2019-00-10', '2019-04-31', '2019-1-1', '20190101']) {
      expect(isIsoDay(day)).toBe(false);
      expect(isoDate.safeParse(day).success).toBe(false);
    }
    // Left empty, a date is asked for, not called malformed; a malformed one gets one message, not two.
    expect(isoDate.safeParse('').error?.issues.map((i) => i.message)).toEqual(['请输入日期']);
    expect(isoDate.safeParse('2019/1/1').error?.issues.map((i) => i.message)).toEqual(['日期格式应为 YYYY-MM-DD']);
    expect(areaCodeSchema.safeParse(' ').error?.issues.map((i) => i.message)).toEqual(['请输入区划代码']);
    expect(areaCodeSchema.safeParse('1101').error?.issues.map((i) => i.message)).toEqual(['区划代码应为 6 位（区）、9 位（街道/乡镇）或 12 位（社区/村）数字']);
    expect(addYearsIso('2024-02-29', 3)).toBe('2027-02-28');
    // Beijing's day and time, the core's and the renderer's alike: 16:30 UTC is past midnight there.
    expect(todayIn(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
    expect(todayIn(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
    expect(beijingTime('2026-11-23T16:30:05.123Z')).toBe('2026-11-24 00:30:05');
    expect(defaultValidUntil('institution', '2022-12-08')).toBe('2025-12-08');
  });

  it('reads the ways a day is typed in a spreadsheet, year first only', () => {
    process.env.TZ = zone;
    expect(dayOf('2019/1/1')).toBe('2019-01-01');
    expect(dayOf('2019.12.31')).toBe('2019-12-31');
    expect(dayOf(' 2019-1-9 ')).toBe('2019-01-09');
    expect(dayOf('2024年2月29日')).toBe('2024-02-29');
    expect(dayOf('2024 年 2 月 9 日')).toBe('2024-02-09');
    expect(dayOf('2023年2月29日')).toBeNull();
    expect(dayOf('1/1/2019')).toBeNull();
    expect(dayOf('01-02-2019')).toBeNull();
    expect(dayOf('2019/1/1 0:00')).toBe('2019-01-01');
    expect(dayOf('2019-01-01 00:00:00')).toBe('2019-01-01');
    expect(dayOf('2019/1/1 8:00')).toBeNull();
    expect(dayOf('2019-01')).toBeNull();

    const row = new RowReader({ 入住日期: '2023/5/10', 退住日期: '2023/2/30' });
    expect(row.date('入住日期')).toBe('2023-05-10');
    expect(row.date('退住日期')).toBeNull();
    expect(row.issues).toEqual([{ column: '退住日期', message: '“退住日期”应为有效日期（如 2023-05-10、2023/5/10 或 2023年5月10日），实际为“2023/2/30”' }]);
  });
});

describe('typedDay: what a date field makes of typed text', () => {
  it('reads the ways a day is typed, year first, as 年-月-日', async () => {
    const { typedDay } = await import('../../shared/domain/calendar');
    expect(typedDay('2024-03-01')).toBe('2024-03-01');
    expect(typedDay(' 2024/3/1 ')).toBe('2024-03-01');
    expect(typedDay('2024年3月1日')).toBe('2024-03-01');
    expect(typedDay('20240301')).toBe('2024-03-01');
    // Month first (as a US-locale field shows it) is ambiguous: refused, never guessed.
    expect(typedDay('03/01/2024')).toBeNull();
    expect(typedDay('20240231')).toBeNull();
  });
});

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The calendar date in China Standard Time for an instant. Beijing has one time zone and no daylight
 * saving, so "today" for a user is always UTC+8, whatever the machine's own zone is set to.
 */
export function todayIn(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

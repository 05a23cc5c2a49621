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

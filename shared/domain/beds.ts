// Bed vocabulary (seed-domain-brief §1.3). Keys are stable identifiers stored in the database (each
// table has a CHECK constraint listing them); labels are what users see and import files contain.

/**
 * Care category of an institutional bed, from the "三张床". 家庭照护 (home-care) beds are deliberately
 * absent: they stand in the elder's home, belong to a provider facility and arrive with the elders
 * feature in their own table. Counts therefore key categories by this record, so adding a third key
 * later widens every `Record<BedCategory, number>` without reshaping the outputs.
 */
export const BED_CATEGORIES = {
  long_term: '长期集中',
  short_term: '短期托养',
} as const;
export type BedCategory = keyof typeof BED_CATEGORIES;
export const BED_CATEGORY_KEYS = Object.keys(BED_CATEGORIES) as [BedCategory, ...BedCategory[]];

/** Target population / zone (分区管理) inside one institution. */
export const BED_ZONES = {
  general: '普通',
  dementia: '失能失智',
  intellectual: '智力残疾',
  mental: '精神',
} as const;
export type BedZone = keyof typeof BED_ZONES;
export const BED_ZONE_KEYS = Object.keys(BED_ZONES) as [BedZone, ...BedZone[]];

/**
 * What a bed is doing on a given day. Exactly one applies, in this priority: a person in the bed
 * (占用) or away on leave with the bed kept (请假保留) wins over everything; then out of service
 * (停用维修); then an idle emergency-reserve bed (预留); else 空闲.
 */
export const BED_STATES = {
  free: '空闲',
  occupied: '占用',
  on_leave: '请假保留',
  reserved: '预留',
  out_of_service: '停用维修',
} as const;
export type BedState = keyof typeof BED_STATES;
export const BED_STATE_KEYS = Object.keys(BED_STATES) as [BedState, ...BedState[]];

export function bedStateOf(flags: { occupied: boolean; onLeave: boolean; outOfService: boolean; reserve: boolean }): BedState {
  if (flags.occupied) return 'occupied';
  if (flags.onLeave) return 'on_leave';
  if (flags.outOfService) return 'out_of_service';
  if (flags.reserve) return 'reserved';
  return 'free';
}

export const SEX_RESTRICTIONS = { M: '仅限男性', F: '仅限女性' } as const;
export type SexRestriction = keyof typeof SEX_RESTRICTIONS;

/** How bulk creation names the beds of a room: 1, 2, 3 … or A, B, C … */
export const BED_NUMBERINGS = ['1,2', 'A,B'] as const;
export type BedNumbering = (typeof BED_NUMBERINGS)[number];
export const MAX_BEDS_PER_ROOM = 26;

export function bedNumbersFor(count: number, numbering: BedNumbering): string[] {
  return Array.from({ length: count }, (_, i) => (numbering === 'A,B' ? String.fromCharCode(65 + i) : String(i + 1)));
}

/** The label a bed carries on the board and in messages: room number and bed number. */
export function bedLabel(roomNumber: string, bedNumber: string): string {
  return `${roomNumber}-${bedNumber}`;
}

/**
 * Registered minus approved (核定床位数). Null when the approved count is unknown, so "no warning"
 * never hides "we do not know".
 */
export function approvedDifference(registered: number, approved: number | null): number | null {
  return approved === null ? null : registered - approved;
}

/** A share in percent with one decimal, or null for an empty denominator. */
export function percentOf(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

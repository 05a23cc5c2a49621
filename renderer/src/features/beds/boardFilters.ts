import { useCallback, useState } from 'react';
import type { BoardBed } from '../../../../shared/contract';
import { BED_CATEGORY_KEYS, BED_STATE_KEYS, BED_ZONE_KEYS, type BedState } from '../../../../shared/domain/beds';

/**
 * What the bed board shows. Zones are the facility's 分区 (BED_ZONES on each bed); building and floor are
 * the board's own structure. Null means "all".
 */
export interface BoardFilters {
  building: string | null;
  floor: number | null;
  state: BedState | null;
  zone: string | null;
  nursing: 'yes' | 'no' | null;
  category: string | null;
}

export const NO_FILTERS: BoardFilters = { building: null, floor: null, state: null, zone: null, nursing: null, category: null };

/** Bed-level criteria; building and floor are applied where the board walks its structure. */
export function bedMatches(bed: BoardBed, f: BoardFilters): boolean {
  if (f.state && bed.state !== f.state) return false;
  if (f.nursing === 'yes' && !bed.nursing) return false;
  if (f.nursing === 'no' && bed.nursing) return false;
  if (f.zone && bed.zone !== f.zone) return false;
  if (f.category && bed.category !== f.category) return false;
  return true;
}

export function isFiltered(f: BoardFilters): boolean {
  return Object.values(f).some((v) => v !== null);
}

const keyOf = (facilityId: string) => `carebeds.bedBoardFilters.${facilityId}`;

// Stored values are checked against today's vocabulary: an old or hand-edited entry falls back to "all"
// for that field rather than hiding beds behind a filter nobody can see chosen.
function load(facilityId: string | null): BoardFilters {
  if (!facilityId) return NO_FILTERS;
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(keyOf(facilityId)) ?? 'null');
    if (!raw || typeof raw !== 'object') return NO_FILTERS;
    const r = raw as Record<string, unknown>;
    const oneOf = <T extends string>(v: unknown, allowed: readonly T[]): T | null => (typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : null);
    return {
      building: typeof r.building === 'string' ? r.building : null,
      floor: typeof r.floor === 'number' && Number.isInteger(r.floor) ? r.floor : null,
      state: oneOf(r.state, BED_STATE_KEYS),
      zone: oneOf(r.zone, BED_ZONE_KEYS),
      nursing: oneOf(r.nursing, ['yes', 'no'] as const),
      category: oneOf(r.category, BED_CATEGORY_KEYS),
    };
  } catch {
    return NO_FILTERS;
  }
}

function save(facilityId: string | null, filters: BoardFilters): void {
  if (!facilityId) return;
  try {
    if (isFiltered(filters)) window.localStorage.setItem(keyOf(facilityId), JSON.stringify(filters));
    else window.localStorage.removeItem(keyOf(facilityId));
  } catch {
    // Storage refused: the filters last for this visit only.
  }
}

/** The board's filters, remembered on this PC per facility: each home opens as it was last left. */
export function useBoardFilters(facilityId: string | null): [BoardFilters, (change: Partial<BoardFilters>) => void] {
  const [state, setState] = useState(() => ({ facilityId, filters: load(facilityId) }));
  let current = state;
  if (state.facilityId !== facilityId) {
    current = { facilityId, filters: load(facilityId) };
    setState(current);
  }
  const update = useCallback((change: Partial<BoardFilters>) => {
    setState((s) => {
      const filters = { ...s.filters, ...change };
      save(s.facilityId, filters);
      return { ...s, filters };
    });
  }, []);
  return [current.filters, update];
}

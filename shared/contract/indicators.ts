import { z } from 'zod';
import { channel } from './define';
import { isoDate } from '../schemas/common';
import type { FacilityKind, FacilityStatus } from '../domain/facility';
import {
  indicatorOptionsSchema,
  type IndicatorDefinition,
  type IndicatorId,
  type IndicatorOptions,
  type IndicatorValue,
} from '../domain/indicators';
import { reportAreaCode as areaCode } from './areas';
import type { TargetAttainmentRow } from './targets';

// The indicator report is computed from one definition (shared/domain/indicators.ts): the core fills the raw
// counts in SQL, `computeIndicators` applies the formulas and options. Every screen, the CLI and every export
// read the same `IndicatorReport`, so a number can never differ between the table, the chart and the file.

// ---------- output types ----------

export type ReportLevel = 'district' | 'street';

/** One area's row of the report: every indicator in catalogue order. */
export interface IndicatorAreaRow {
  areaCode: string;
  areaName: string;
  level: 'city' | 'district' | 'street';
  /** Parent district code for streets; null for districts and the city. */
  parentCode: string | null;
  values: IndicatorValue[];
  /** Where 养老床位数 came from: itemised beds (明细) and facilities counted by their declared figures (申报). */
  bedSources: { itemisedBeds: number; declaredFacilities: number; declaredBeds: number };
}

export interface IndicatorReport {
  asOf: string;
  level: ReportLevel;
  options: IndicatorOptions;
  /** Chinese label/value pairs of the options in force, for the report header and every export. */
  optionsText: { label: string; value: string }[];
  definitions: IndicatorDefinition[];
  /** City first, then districts in code order, then (level 'street') streets under their district. */
  rows: IndicatorAreaRow[];
  targets: TargetAttainmentRow[];
  generatedAt: string;
}

/** The facilities behind one number of the report (drill-down). */
export interface DrillRow {
  facilityId: string;
  facilityName: string;
  kind: FacilityKind;
  status: FacilityStatus;
  areaCode: string;
  /** The facility's contribution to the indicator's numerator and denominator. */
  numerator: number;
  denominator: number | null;
  approvedBeds: number | null;
}

export interface TrendPoint {
  year: number;
  /** As-of date used for the year: 31 Dec, or the report date for the current year. */
  asOf: string;
  value: number | null;
  missingReason?: string;
}

// ---------- inputs ----------

export const reportInput = z.object({
  asOf: isoDate,
  level: z.enum(['district', 'street']).default('district'),
  /** Override the saved options for this report only; omitted = the options saved in 设置. */
  options: indicatorOptionsSchema.partial().optional(),
});

/** Past dates whose tallies are stored on disk, and the one being counted ahead of time. */
export interface CheckpointStatus {
  /**
   * The date being counted: `whole` when counted at once on a worker (a large file: no district count to
   * show until it is done), else district by district.
   */
  building: { asOf: string; datesDone: number; dates: number; districtsDone: number; districts: number; whole: boolean } | null;
  /**
   * Each stored date with how many areas (districts and the city) it holds, and whether that is all of
   * them (a date the background stopped building half-way is not complete).
   */
  stored: { asOf: string; districts: number; complete: boolean }[];
  /**
   * The date asked about: on or after the latest recorded event (answered from the maintained counters,
   * never stored), stored, to be counted on its first view from the stored date `from` nearby (only the
   * changes between the two), or to be counted in full.
   */
  date:
    | { asOf: string; state: 'current' | 'stored' | 'not_stored' }
    | { asOf: string; state: 'near'; from: string }
    | null;
}

export const indicatorsContract = {
  /** The whole report for a date: every indicator for the city, each district (and streets), with targets. */
  'indicators.report': channel(reportInput).returns<IndicatorReport>(),
  /** The catalogue of indicators with the saved options applied (names, formulas, units). */
  'indicators.definitions': channel(z.object({})).returns<{ options: IndicatorOptions; definitions: IndicatorDefinition[] }>(),
  /** Facilities behind one area's value of one indicator. */
  'indicators.drill': channel(
    z.object({ asOf: isoDate, areaCode, indicatorId: z.string().min(1) }),
  ).returns<{ indicatorId: IndicatorId; rows: DrillRow[] }>(),
  /** One page of the drill-down (the drawer shows 50 rows of up to thousands) and how many there are in all. */
  'indicators.drillPage': channel(
    z.object({ asOf: isoDate, areaCode, indicatorId: z.string().min(1), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) }),
  ).returns<{ indicatorId: IndicatorId; total: number; rows: DrillRow[] }>(),
  /** One indicator for one area across years (as of 31 Dec each year; the current year as of `asOf`). */
  'indicators.trend': channel(
    z.object({ asOf: isoDate, areaCode, indicatorId: z.string().min(1), fromYear: z.number().int().min(2000) }),
  ).returns<TrendPoint[]>(),
  /** Which past dates open from the store at first view, and the counting ahead of time in progress. */
  'indicators.checkpoints': channel(z.object({ asOf: isoDate.optional() })).returns<CheckpointStatus>(),
  /**
   * Stores one past date's indicators now, every district at once (the CLI's precount): the districts
   * counted, 0 when each was stored already and unchanged since. The app's own storing runs in the background.
   */
  'indicators.precount': channel(z.object({ asOf: isoDate })).returns<{ districtsCounted: number }>(),
  'indicators.options.get': channel(z.object({})).returns<IndicatorOptions>(),
  /** Saves the options used by default for every report and export (audited). */
  'indicators.options.set': channel(indicatorOptionsSchema.partial()).returns<IndicatorOptions>(),
} as const;

import { z } from 'zod';
import { channel } from './define';
import { isoDate, trimmed, uuid } from '../schemas/common';
import { PROJECT_KIND_KEYS, PROJECT_STATUS_KEYS, type ProjectKind, type ProjectStatus, type Projection } from '../domain/planning';

export interface CapacityProjectRow {
  id: string;
  name: string;
  districtCode: string;
  districtName: string | null;
  kind: ProjectKind;
  facilityId: string | null;
  facilityName: string | null;
  plannedBeds: number;
  nursingBeds: number;
  status: ProjectStatus;
  plannedCompletionOn: string;
  actualCompletionOn: string | null;
  source: string;
}

export interface PopulationProjectionRow {
  areaCode: string;
  year: number;
  resident: number | null;
  resident60: number | null;
  resident65: number | null;
  registered60: number | null;
  source: string;
}

export interface DistrictProjection {
  districtCode: string;
  districtName: string;
  /** Today's beds per the indicator options. */
  base: { beds: number; nursingBeds: number; nursingScopeBeds: number };
  /** The figure the elderly denominators use (e.g. 60岁及以上常住人口). */
  elderlyFigure: string;
  projections: Projection[];
}

export interface PlanningReport {
  asOf: string;
  years: number[];
  rules: readonly string[];
  rows: DistrictProjection[];
}

const count = (label: string) => z.number({ error: `${label}必须是数字` }).int({ error: `${label}必须是整数` }).min(0, { error: `${label}不能为负数` });
const optionalCount = (label: string) => count(label).positive({ error: `${label}须大于 0` }).nullish().transform((v) => v ?? null);

export const projectSaveInput = z
  .object({
    id: uuid.optional(),
    name: trimmed('项目名称', 100),
    districtCode: z.string().regex(/^\d{6}$/, { error: '请选择所在区' }),
    kind: z.enum(PROJECT_KIND_KEYS, { error: '请选择项目类型' }),
    facilityId: uuid.nullish().transform((v) => v ?? null),
    plannedBeds: count('计划床位数').positive({ error: '计划床位数须大于 0' }),
    nursingBeds: count('其中护理型床位数').default(0),
    status: z.enum(PROJECT_STATUS_KEYS, { error: '请选择项目状态' }),
    plannedCompletionOn: isoDate,
    actualCompletionOn: isoDate.nullish().transform((v) => v ?? null),
    source: trimmed('依据', 300),
  })
  .refine((v) => v.nursingBeds <= v.plannedBeds, { error: '护理型床位数不能大于计划床位数', path: ['nursingBeds'] })
  .refine((v) => (v.status === 'completed') === (v.actualCompletionOn !== null), { error: '已竣工的项目须填写实际竣工日期，其他状态不填', path: ['actualCompletionOn'] });

export const populationProjectionInput = z.object({
  areaCode: z.string().regex(/^\d{6}$/, { error: '请选择区' }),
  year: z.number().int().min(2000).max(2100),
  resident: optionalCount('常住人口'),
  resident60: optionalCount('60岁及以上常住人口'),
  resident65: optionalCount('65岁及以上常住人口'),
  registered60: optionalCount('60岁及以上户籍人口'),
  source: trimmed('预测依据', 300),
});

export const planningContract = {
  'planning.projects': channel(z.object({ districtCode: z.string().regex(/^\d{6}$/).optional() })).returns<CapacityProjectRow[]>(),
  'planning.saveProject': channel(projectSaveInput).returns<CapacityProjectRow>(),
  'planning.populations': channel(z.object({ areaCode: z.string().regex(/^\d{6}$/).optional() })).returns<PopulationProjectionRow[]>(),
  'planning.savePopulation': channel(populationProjectionInput).returns<PopulationProjectionRow>(),
  /** 规划测算 for every district (or one) and each target year. */
  'planning.project': channel(
    z.object({
      years: z.array(z.number().int().min(2000).max(2100)).min(1).max(10).default([2025, 2030]),
      districtCode: z.string().regex(/^\d{6}$/).optional(),
    }),
  ).returns<PlanningReport>(),
};

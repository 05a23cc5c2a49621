import { z } from 'zod';
import { channel } from './define';
import { ownChannelOf, SETTING_KEY_PATTERN } from './settingKeys';
import { fileInput, isoDate, jsonValue, nonNegativeInt, optionalText, pageInput, trimmed, uuid } from '../schemas/common';
import type { FilePayload, Page } from '../schemas/common';
import {
  FACILITY_KIND_KEYS,
  FACILITY_STATUS_KEYS,
  MEDICAL_SERVICE_KEYS,
  OWNERSHIP_KEYS,
  type AreaLevel,
  type FacilityKind,
  type FacilityStatus,
  type InstitutionSubtype,
  type MedicalService,
  type Ownership,
} from '../domain/facility';

// ---------- output types ----------

export interface SystemInfo {
  appVersion: string;
  schemaVersion: string;
  dbPath: string;
  /** The database file is not writable: the app shows 只读 and every save fails. */
  readOnly: boolean;
  today: string;
  actor: { id: string; name: string };
  /** While this PC serves the LAN over HTTPS: its port and the certificate's SHA-256 fingerprint. */
  lan: { port: number; fingerprint: string } | null;
}

export interface AreaRow {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
}

export interface PopulationRow {
  id: string;
  areaCode: string;
  areaName: string;
  year: number;
  resident: number | null;
  registered: number | null;
  resident60: number | null;
  registered60: number | null;
  resident65: number | null;
  resident80: number | null;
  source: string | null;
}

export interface FacilityRow {
  id: string;
  name: string;
  kind: FacilityKind;
  subtype: InstitutionSubtype | null;
  ownership: Ownership;
  status: FacilityStatus;
  areaCode: string;
  areaName: string;
  districtCode: string;
  districtName: string;
  approvedBeds: number | null;
  openedOn: string | null;
  updatedAt: string;
}

export interface FacilityStatusEntry {
  id: string;
  status: FacilityStatus;
  effectiveOn: string;
  reason: string | null;
  recordedAt: string;
}

export interface FacilityDetail extends FacilityRow {
  creditCode: string | null;
  filingNo: string | null;
  medicalService: MedicalService;
  address: string | null;
  parentId: string | null;
  parentName: string | null;
  children: { id: string; name: string; kind: FacilityKind }[];
  statusHistory: FacilityStatusEntry[];
  createdAt: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  summary: string | null;
  before: unknown;
  after: unknown;
}

export interface ImportColumn {
  header: string;
  required: boolean;
  description: string;
  example: string;
  /** The fixed values the column takes, offered as a dropdown in the Excel template. */
  choices?: readonly string[];
}

export interface ImportKindInfo {
  kind: string;
  title: string;
  columns: ImportColumn[];
}

export interface ImportRowError {
  /** Row number as the user sees it in the spreadsheet (the header is row 1). */
  row: number;
  column: string | null;
  message: string;
}

/** One column of the file and the template column it is imported as (null: 不导入). */
export interface ImportColumnMapping {
  /** 0-based column index in the sheet. */
  index: number;
  /** The column's name in the file (the lower cell of a two-level header). */
  fileColumn: string;
  /** The upper cell of a two-level header above this column, when there is one. */
  context: string | null;
  target: string | null;
  /** exact name, synonym, chosen by the user, remembered from a confirmed import, a 序号 column, a repeated name, or no match. */
  how: 'exact' | 'synonym' | 'user' | 'remembered' | 'skipped' | 'duplicate' | 'none';
  /** Whether any data row has a value in this column. */
  hasData: boolean;
}

export interface ImportRowChange {
  row: number;
  action: 'insert' | 'update' | 'same';
  /** For an update: each changed field, before → after. */
  fields: { column: string; before: string; after: string }[];
}

export interface ImportReport {
  kind: string;
  fileName: string;
  encoding: string | null;
  /** The sheet read (xlsx) and every sheet of the workbook, in tab order. */
  sheet: string | null;
  sheets: string[];
  /** The spreadsheet rows read as the header. */
  headerRows: number[];
  /** The file's 统计日期: given with the import, else stated in its title (年月 = the month's last day); null when neither. */
  fileDay: string | null;
  mapping: ImportColumnMapping[];
  /** File columns with data that are not imported: named before the commit, never dropped silently. */
  unmappedWithData: string[];
  /** Rows that are not records (合计, notes under the table), with why; not counted in rowsRead. */
  skipped: { row: number; reason: string }[];
  /** Per accepted row: 新增, 更新 (with each changed field) or 无变化, when the kind can update. */
  changes: ImportRowChange[];
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  errors: ImportRowError[];
  /** The first rows as they will be written, for the preview table. */
  sample: Record<string, string>[];
  dryRun: boolean;
  committed: boolean;
}

export interface JobStatus {
  id: string;
  kind: string;
  state: 'running' | 'done' | 'failed';
  phase: string;
  done: number;
  total: number;
  startedAt: string;
  finishedAt: string | null;
  result: ImportReport | null;
  error: { code: string; message: string; details?: unknown } | null;
}

// ---------- input schemas ----------

export const areaCodeSchema = z
  .string({ error: '请输入区划代码' })
  .trim()
  .min(1, { error: '请输入区划代码', abort: true })
  .regex(/^(\d{6}|\d{9}|\d{12})$/, { error: '区划代码应为 6 位（区）、9 位（街道/乡镇）或 12 位（社区/村）数字' });

const countField = (label: string) => nonNegativeInt(label).nullish().transform((v) => v ?? null);

export const populationUpsertInput = z.object({
  areaCode: areaCodeSchema,
  year: z.number({ error: '年份必须是数字' }).int().min(1949, { error: '年份不能早于 1949' }).max(2100, { error: '年份不能晚于 2100' }),
  resident: countField('常住人口'),
  registered: countField('户籍人口'),
  resident60: countField('60岁及以上常住人口'),
  registered60: countField('60岁及以上户籍人口'),
  resident65: countField('65岁及以上常住人口'),
  resident80: countField('80岁及以上常住人口'),
  source: optionalText('数据来源'),
});
export type PopulationUpsertInput = z.infer<typeof populationUpsertInput>;

const settingKey = z
  .string({ error: '请输入设置名称' })
  .max(100, { error: '设置名称不能超过 100 个字符' })
  .regex(SETTING_KEY_PATTERN, { error: '设置名称无效（应为以点分隔的英文名称，如 ui.note）' });

const facilityFields = {
  name: trimmed('机构名称', 100),
  kind: z.enum(FACILITY_KIND_KEYS, { error: '请选择机构类型' }),
  subtype: z.enum(['nursing_home', 'welfare_center']).nullish().transform((v) => v ?? null),
  ownership: z.enum(OWNERSHIP_KEYS, { error: '请选择举办性质' }),
  areaCode: areaCodeSchema,
  creditCode: optionalText('统一社会信用代码', 18),
  filingNo: optionalText('备案号', 50),
  approvedBeds: countField('核定床位数'),
  medicalService: z.enum(MEDICAL_SERVICE_KEYS, { error: '请选择医疗服务' }).default('none'),
  openedOn: isoDate.nullish().transform((v) => v ?? null),
  address: optionalText('地址', 200),
  parentId: uuid.nullish().transform((v) => v ?? null),
};

export const facilityCreateInput = z.object({
  ...facilityFields,
  status: z.enum(FACILITY_STATUS_KEYS, { error: '请选择运营状态' }).default('operating'),
  /** When the initial status took effect; defaults to the opening date, else today. */
  statusSince: isoDate.nullish().transform((v) => v ?? null),
});
export type FacilityCreateInput = z.infer<typeof facilityCreateInput>;

export const facilityUpdateInput = z.object({ id: uuid, ...facilityFields });
export type FacilityUpdateInput = z.infer<typeof facilityUpdateInput>;

export const facilityListInput = z.object({
  search: z.string().trim().max(100).optional(),
  districtCode: z.string().regex(/^\d{6}$/).optional(),
  kind: z.enum(FACILITY_KIND_KEYS).optional(),
  status: z.enum(FACILITY_STATUS_KEYS).optional(),
  ...pageInput,
});
export type FacilityListInput = z.infer<typeof facilityListInput>;

export const importKindSchema = z.string().min(1).max(40);

/**
 * How a file is read and written: the sheet, the column mapping the user chose (file column → template
 * column, '' for 不导入), whether existing records are updated, which station 驿站 means, and the date
 * status changes from the file take effect.
 */
export const importOptionsSchema = z
  .object({
    sheet: z.string().max(100).optional(),
    map: z.array(z.object({ from: z.string().max(200), to: z.string().max(40) })).max(500).optional(),
    update: z.boolean().optional(),
    stationKind: z.enum(['community_station', 'rural_station']).optional(),
    effectiveOn: isoDate.optional(),
  })
  .default({});
export type ImportOptions = z.infer<typeof importOptionsSchema>;

// ---------- the channels ----------

export const foundationContract = {
  'system.info': channel(z.object({})).returns<SystemInfo>(),

  'areas.list': channel(
    z.object({ parentCode: z.string().optional(), level: z.enum(['city', 'district', 'street', 'community']).optional() }),
  ).returns<AreaRow[]>(),
  'areas.create': channel(z.object({ code: areaCodeSchema, name: trimmed('区划名称', 50) })).returns<AreaRow>(),
  'areas.rename': channel(z.object({ code: areaCodeSchema, name: trimmed('区划名称', 50) })).returns<AreaRow>(),
  /** Registers the shipped list of Beijing's streets and towns (all, or one district's); registered ones are kept. */
  'areas.seedStreets': channel(z.object({ districtCode: z.string().regex(/^11\d{4}$/, { error: '区级区划代码应为 6 位数字' }).optional() })).returns<{ added: number; kept: number }>(),

  'population.list': channel(
    z.object({ areaCode: z.string().optional(), year: z.number().int().optional() }),
  ).returns<PopulationRow[]>(),
  'population.upsert': channel(populationUpsertInput).returns<PopulationRow>(),

  'facilities.list': channel(facilityListInput).returns<Page<FacilityRow>>(),
  'facilities.get': channel(z.object({ id: uuid })).returns<FacilityDetail>(),
  'facilities.create': channel(facilityCreateInput).returns<FacilityDetail>(),
  'facilities.update': channel(facilityUpdateInput).returns<FacilityDetail>(),
  'facilities.setStatus': channel(
    z.object({
      id: uuid,
      status: z.enum(FACILITY_STATUS_KEYS, { error: '请选择运营状态' }),
      effectiveOn: isoDate,
      reason: optionalText('原因'),
    }),
  ).returns<FacilityDetail>(),

  'audit.list': channel(
    z.object({ entity: z.string().optional(), entityId: z.string().optional(), ...pageInput }),
  ).returns<Page<AuditEntry>>(),

  'imports.kinds': channel(z.object({})).returns<ImportKindInfo[]>(),
  'imports.template': channel(
    z.object({ kind: importKindSchema, format: z.enum(['xlsx', 'csv']) }),
  ).returns<FilePayload>(),
  'imports.preview': channel(z.object({ kind: importKindSchema, file: fileInput, options: importOptionsSchema })).returns<ImportReport>(),
  'imports.start': channel(
    z.object({ kind: importKindSchema, file: fileInput, dryRun: z.boolean().default(false), options: importOptionsSchema }),
  ).returns<{ jobId: string }>(),
  'imports.errorReport': channel(z.object({ kind: importKindSchema, file: fileInput, options: importOptionsSchema })).returns<FilePayload>(),
  'jobs.get': channel(z.object({ jobId: z.string().min(1) })).returns<JobStatus>(),

  'settings.get': channel(z.object({ key: settingKey })).returns<{ key: string; value: unknown }>(),
  'settings.set': channel(
    z.object({
      key: settingKey.refine((key) => ownChannelOf(key) === null, {
        error: (issue) => `设置“${String(issue.input)}”有专门的修改页面（${ownChannelOf(String(issue.input))}），在那里修改时会先检查取值`,
      }),
      value: jsonValue,
    }),
  ).returns<{ key: string; value: unknown }>(),

  'backup.saveTo': channel(
    z.object({ path: z.string().regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, '须为完整路径').max(4096) }),
  ).returns<{ path: string; bytes: number }>(),
  'backup.download': channel(z.object({})).returns<{ fileName: string; bytes: number; url: string }>(),
};

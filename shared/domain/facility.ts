// Facility vocabulary from the Beijing plans (seed-domain-brief §1.2). Keys are stable English
// identifiers stored in the database; labels are what users see and what import files contain.

export const FACILITY_KINDS = {
  institution: '养老机构',
  care_center: '养老照料中心',
  guidance_center: '区级养老服务指导中心',
  community_station: '社区养老服务驿站',
  rural_station: '农村幸福晚年驿站',
  mutual_aid_point: '邻里互助点',
} as const;
export type FacilityKind = keyof typeof FACILITY_KINDS;
export const FACILITY_KIND_KEYS = Object.keys(FACILITY_KINDS) as [FacilityKind, ...FacilityKind[]];

/** 敬老院 and 社会福利中心 are 养老机构 by law; the subtype keeps the name users know them by. */
export const INSTITUTION_SUBTYPES = {
  nursing_home: '敬老院',
  welfare_center: '社会福利中心',
} as const;
export type InstitutionSubtype = keyof typeof INSTITUTION_SUBTYPES;

export const OWNERSHIPS = {
  public: '公办',
  public_private: '公建民营',
  private: '民办',
} as const;
export type Ownership = keyof typeof OWNERSHIPS;
export const OWNERSHIP_KEYS = Object.keys(OWNERSHIPS) as [Ownership, ...Ownership[]];

export const FACILITY_STATUSES = {
  preparing: '筹建',
  operating: '运营',
  suspended: '停业整改',
  closed: '注销',
} as const;
export type FacilityStatus = keyof typeof FACILITY_STATUSES;
export const FACILITY_STATUS_KEYS = Object.keys(FACILITY_STATUSES) as [FacilityStatus, ...FacilityStatus[]];

export const MEDICAL_SERVICES = {
  onsite: '内设医疗机构',
  contracted: '签约医疗',
  none: '无',
} as const;
export type MedicalService = keyof typeof MEDICAL_SERVICES;
export const MEDICAL_SERVICE_KEYS = Object.keys(MEDICAL_SERVICES) as [MedicalService, ...MedicalService[]];

/** Maps a label from an import file (机构类型) to kind and subtype; accepts the subtype names too. */
export function parseFacilityKindLabel(
  label: string,
): { kind: FacilityKind; subtype: InstitutionSubtype | null } | null {
  const text = label.trim();
  for (const [key, value] of Object.entries(FACILITY_KINDS)) {
    if (value === text) return { kind: key as FacilityKind, subtype: null };
  }
  for (const [key, value] of Object.entries(INSTITUTION_SUBTYPES)) {
    if (value === text) return { kind: 'institution', subtype: key as InstitutionSubtype };
  }
  return null;
}

export const AREA_LEVELS = {
  city: '市',
  district: '区',
  street: '街道/乡镇',
  community: '社区/村',
} as const;
export type AreaLevel = keyof typeof AREA_LEVELS;

/** GB/T 2260 and its extension: 6 digits for a district, 9 for a street/town, 12 for a community. */
export function areaLevelOfCode(code: string): AreaLevel | null {
  if (!/^\d+$/.test(code)) return null;
  if (code.length === 6) return code.endsWith('0000') ? 'city' : 'district';
  if (code.length === 9) return 'street';
  if (code.length === 12) return 'community';
  return null;
}

export function parentCodeOf(code: string): string | null {
  const level = areaLevelOfCode(code);
  if (level === 'district') return code.slice(0, 2) + '0000';
  if (level === 'street') return code.slice(0, 6);
  if (level === 'community') return code.slice(0, 9);
  return null;
}

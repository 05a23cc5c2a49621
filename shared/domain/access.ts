// Roles and permissions (issue 27). The table is here, in shared/, so the core enforces it and the
// renderer only hides what the core would refuse anyway.

export const ROLE_KEYS = ['sysadmin', 'auditor', 'district', 'facility_admin', 'facility_staff', 'readonly'] as const;
export type Role = (typeof ROLE_KEYS)[number];

export const ROLE_LABELS: Record<Role, string> = {
  sysadmin: '系统管理员',
  auditor: '安全审计员',
  district: '区级民政',
  facility_admin: '机构管理员',
  facility_staff: '机构工作人员',
  readonly: '只读',
};

export const PERMISSION_KEYS = [
  'accounts',
  'settings',
  'backup',
  'auditLog',
  'registry.read',
  'registry.write',
  'beds.read',
  'beds.write',
  'elders.read',
  'elders.write',
  /** The full ID number and phone on the elder's own page (each view is audited). */
  'elders.full',
  'ratings.read',
  'ratings.write',
  'indicators.read',
  'targets.write',
  /** Imports, exchange packages and exports that may carry personal data in bulk. */
  'bulk.personal',
  /** Exports of figures only (indicators). */
  'exports',
  /** A facility's staff registry (ID numbers masked in lists). */
  'staff.read',
  'staff.write',
] as const;
export type Permission = (typeof PERMISSION_KEYS)[number];

/**
 * What each role may do. Three separate administrative duties (等保 2.0): the system administrator
 * keeps accounts, settings and backups but no elder records beyond masked lists; the security auditor
 * reads the audit trail only; the business roles never manage accounts.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  sysadmin: ['accounts', 'settings', 'backup', 'registry.read', 'elders.read'],
  auditor: ['auditLog'],
  district: ['registry.read', 'registry.write', 'beds.read', 'beds.write', 'elders.read', 'ratings.read', 'ratings.write', 'indicators.read', 'targets.write', 'exports', 'staff.read'],
  facility_admin: ['registry.read', 'beds.read', 'beds.write', 'elders.read', 'elders.write', 'elders.full', 'ratings.read', 'indicators.read', 'bulk.personal', 'exports', 'staff.read', 'staff.write'],
  facility_staff: ['registry.read', 'beds.read', 'beds.write', 'elders.read', 'elders.write', 'elders.full', 'staff.read'],
  readonly: ['registry.read', 'beds.read', 'elders.read', 'ratings.read', 'indicators.read', 'staff.read'],
};

/** Which kind of scope a role's grant names: none (the whole installation), districts or facilities. */
export const ROLE_SCOPE: Record<Role, 'none' | 'district' | 'facility' | 'either'> = {
  sysadmin: 'none',
  auditor: 'none',
  district: 'district',
  facility_admin: 'facility',
  facility_staff: 'facility',
  readonly: 'either',
};

/** One role held by an account, over the districts or facilities named (`all`: every one). */
export interface Grant {
  role: Role;
  scope: { kind: 'all' } | { kind: 'district'; codes: string[] } | { kind: 'facility'; ids: string[] };
}

/** The installation's rules for passwords, lockout and idle sessions (设置 → 账户安全). */
export interface AuthPolicy {
  /** Days a password stays valid; 0 = never expires. */
  passwordMaxAgeDays: number;
  /** Failed logins in a row that lock the account. */
  maxFailures: number;
  lockMinutes: number;
  /** A session unused this long ends. */
  idleMinutes: number;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = { passwordMaxAgeDays: 90, maxFailures: 5, lockMinutes: 15, idleMinutes: 15 };

/** Why a password is refused, in Chinese, or null: at least 8 characters of at least 3 of the 4 classes. */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return '密码至少 8 个字符';
  if (password.length > 128) return '密码不能超过 128 个字符';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少 3 类';
  return null;
}

// The closed set of error codes the core may return. Codes are stable (clients and tests key on
// them); messages are Chinese and may be refined without breaking anyone.
export const ERROR_MESSAGES = {
  VALIDATION: '输入不符合要求',
  NOT_FOUND: '记录不存在或已被删除',
  UNKNOWN_CHANNEL: '未知的请求类型',
  INTERNAL: '系统内部错误，操作未保存，请重试或联系技术支持',
  CONFLICT: '数据已被他人修改，请刷新后重试',
  AREA_NOT_FOUND: '区划代码不存在',
  AREA_EXISTS: '该区划代码已存在',
  AREA_CODE_FORMAT: '区划代码格式不正确',
  AREA_PARENT_MISMATCH: '区划代码与上级区划不匹配',
  AREA_IN_USE: '该区划仍有下级区划、人口或机构数据，不能删除',
  POPULATION_INVALID: '人口数据不合理',
  FACILITY_NAME_TAKEN: '机构名称已存在（机构名称须唯一）',
  FACILITY_NOT_FOUND: '机构不存在',
  FACILITY_PARENT_INVALID: '上级机构无效',
  CREDIT_CODE_INVALID: '统一社会信用代码校验未通过',
  CREDIT_CODE_TAKEN: '统一社会信用代码已被其他机构使用',
  STATUS_DATE_INVALID: '运营状态的生效日期无效',
  FACILITY_NOT_OPERATING: '机构在该日期不在运营，不能办理入住',
  FACILITY_HAS_RESIDENTS: '机构在该期间有入住记录，不能登记为停业、筹建或注销',
  DATE_IN_FUTURE: '日期不能晚于今天',
  IMPORT_UNKNOWN_KIND: '不支持的导入类型',
  IMPORT_FILE_UNREADABLE: '无法读取导入文件',
  IMPORT_HEADER_MISSING: '导入文件缺少必需的列',
  IMPORT_HAS_ERRORS: '导入文件存在错误行，未写入任何数据',
  IMPORT_EMPTY: '导入文件中没有数据行',
  JOB_NOT_FOUND: '后台任务不存在',
  BACKUP_FAILED: '备份失败',
  BED_OCCUPIED: '床位已被占用',
  BED_NUMBER_TAKEN: '同一房间内床位号重复',
  BED_BEFORE_FACILITY: '床位启用日期早于机构开业日期',
  BED_NOT_FOUND: '床位不存在',
  BED_RETIRED: '床位已停用',
  BED_OUTAGE_OVERLAP: '停用维修时段与已有记录重叠',
  BED_ATTRIBUTE_DATE_TAKEN: '该日期已有一条床位属性变更记录',
  BED_DATE_INVALID: '床位相关日期不符合先后顺序',
  ROOM_FULL: '房间床位数已达额定床位数',
  ROOM_NUMBER_TAKEN: '同一楼栋内房间号重复',
  BUILDING_NAME_TAKEN: '同一机构内楼栋名称重复',
  DUPLICATE_ID_NUMBER: '该身份证号已登记',
  ID_NUMBER_INVALID: '身份证号无效',
  ELDER_NOT_FOUND: '老人不存在',
  ELDER_DECEASED: '老人已登记死亡，不能办理此后的事项',
  STAY_CONFLICT: '入住记录与已有记录冲突',
  STAY_NOT_FOUND: '入住记录不存在',
  ASSESSMENT_INVALID: '能力评估得分不完整或超出范围',
  ASSESSMENT_REQUIRED: '尚无能力评估记录',
  APPLICATION_NOT_FOUND: '轮候申请不存在',
  APPLICATION_DUPLICATE: '该老人已在本机构轮候',
  APPLICATION_CLOSED: '该轮候申请已入住或已撤回',
  BED_UNAVAILABLE: '床位在该日期不可使用（未启用、已停用或停用维修中）',
  ROOM_SEX_MISMATCH: '房间限定的性别与老人不符',
  STAY_DATE_INVALID: '入住相关日期不符合先后顺序',
  LEAVE_NOT_FOUND: '请假记录不存在',
  FAMILY_BED_CONFLICT: '家庭照护床位与已有记录冲突',
  FAMILY_BED_NOT_FOUND: '家庭照护床位不存在',
  FAMILY_BED_PROVIDER_INVALID: '该类机构不能提供家庭照护床位',
  RATING_RULE_VIOLATION: '不符合星级评定规则',
  RATING_NOT_FOUND: '评定记录不存在',
  RATING_NOT_RATABLE: '该类机构不参加星级评定',
  RATING_LEVEL_INVALID: '评定星级超出该评定类别的范围',
  RATING_DATE_TAKEN: '该机构在同一日期已有评定记录',
  RATING_VALIDITY_INVALID: '有效期设置不正确',
  RATING_SCORE_INVALID: '评分超出满分或与总分不符',
  RATING_REVOKE_INVALID: '撤销信息不正确',
  TARGET_INVALID: '规划目标无效',
  TARGET_NOT_FOUND: '规划目标不存在',
  INDICATOR_UNKNOWN: '未知的指标',
  EXPORT_FAILED: '导出失败',
  EXCHANGE_FILE_INVALID: '不是 CareBeds 交换包，或文件已损坏',
  EXCHANGE_CONFLICT: '交换包中有记录与本机数据冲突，未写入任何数据',
  // Hostile input (issue 26): files and payloads that are malformed on purpose or by damage.
  IMPORT_FILE_ENCODING: '导入文件的文字编码无效（既不是 UTF-8，也不是 GB18030）',
  // Hostile files (issue 26): a file that inflates past its cap, or XML that declares a DOCTYPE.
  IMPORT_FILE_TOO_LARGE: '文件解压后过大，可能已损坏或不是正常的表格文件',
  EXCHANGE_FILE_TOO_LARGE: '交换包解压后过大，可能已损坏或不是 CareBeds 交换包',
  // Faults of the database file and the disk (busy, full, read-only, damaged), named for the user.
  DATABASE_BUSY: '数据库正被其他程序使用，请稍后重试',
  DISK_FULL: '磁盘空间已满，数据未保存，请清理磁盘空间后重试',
  DATABASE_READ_ONLY: '数据库文件为只读或被锁定，无法保存修改',
  DATABASE_DAMAGED: '数据库文件已损坏，请用最近的备份恢复并联系技术支持',
  // Exchange package security: signatures, key pins, encryption, what a package may touch.
  EXCHANGE_SIGNATURE_INVALID: '交换包的签名无效：文件在签名后被改动过，或已损坏，未读取其内容',
  EXCHANGE_UNSIGNED: '这是旧版（格式版本 1）未签名、未加密的交换包，无法确认发送方；确认来源可靠后可选择仍然导入',
  EXCHANGE_KEY_CHANGED: '交换包的签名密钥与本机为这些机构记住的密钥不同',
  EXCHANGE_NOT_RECIPIENT: '该交换包是加密发给另一台电脑的，本机无法解密',
  EXCHANGE_PASSPHRASE_REQUIRED: '需要输入口令',
  EXCHANGE_PASSPHRASE_WRONG: '口令不正确，或交换包已损坏',
  EXCHANGE_NOT_OWNED: '交换包含有不属于其发送机构的记录，未写入任何数据',
  // Staff registry and 特困 centralised support (issue 30: the plans' remaining indicators).
  STAFF_NOT_FOUND: '人员记录不存在',
  STAFF_DUPLICATE: '该人员在本机构同一入职日期已有记录',
  STAFF_EMPLOYED_ELSEWHERE: '该人员在同一时段已在其他机构在岗',
  STAFF_DATE_INVALID: '人员相关日期不符合先后顺序',
  STAFF_CERTIFICATE_INVALID: '职业技能等级、证书编号和发证日期须一并填写，且只适用于养老护理员',
  TEKUN_NOT_ELIGIBLE: '该老人人员类别不是特困，不能登记集中供养需求',
  TEKUN_DECISION_TAKEN: '该老人在同一日期已有集中供养需求认定',
  // Real-world data in (issue 28): a sheet that is not in the workbook; declared bed figures (申报床位).
  IMPORT_SHEET_MISSING: '工作簿中没有指定的工作表',
  DECLARATION_INVALID: '申报床位数据不正确',
  DECLARATION_NOT_FOUND: '申报床位记录不存在',
  // Accounts, roles and scoped access (issue 27).
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '您的账户无权进行此操作或查看此记录',
  PASSWORD_EXPIRED: '密码已过期，请先修改密码',
  LOGIN_FAILED: '账户名或密码错误',
  ACCOUNT_LOCKED: '连续登录失败次数过多，账户已暂时锁定，请稍后再试',
  LOGIN_RATE_LIMITED: '登录尝试过于频繁，请稍后再试',
  ACCOUNT_NOT_FOUND: '账户不存在',
  ACCOUNT_NAME_TAKEN: '该账户名已被使用',
  SETUP_DONE: '已有账户，不能再次初始化；请用已有的系统管理员账户登录',
  GRANT_INVALID: '角色或授权范围无效',
  PASSWORD_REUSED: '新密码不能与原密码相同',
  LAN_UNAVAILABLE: '此处不能开启局域网服务',
  PERSONAL_DATA_CONFIRM: '交换包含老人的完整身份证号、电话和能力评估，请确认后再导出',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorPayload };

/** An expected, user-facing failure. Anything else thrown inside the core becomes INTERNAL. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERROR_MESSAGES[code]);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, value);
}

/** One problem in one field, as shown next to a form field or in an import's error list. */
export interface FieldIssue {
  path: string;
  message: string;
}

import { z } from 'zod';
import { channel } from './define';
import { fileInput, uuid, type FilePayload } from '../schemas/common';

/**
 * The tables an exchange package carries, in the order they are written (a record after the ones it
 * refers to), with the names the preview shows. The indicator counters, change stamps and stay labels
 * are not carried: the receiving file's triggers rebuild them from these rows.
 */
export const EXCHANGE_TABLES = {
  areas: '区划',
  facilities: '机构',
  facility_status_history: '运营状态记录',
  star_ratings: '星级评定',
  buildings: '楼栋',
  rooms: '房间',
  beds: '床位',
  bed_attributes: '床位属性记录',
  bed_outages: '停用维修记录',
  elders: '老人',
  elder_categories: '老人类别',
  elder_contacts: '紧急联系人',
  assessments: '能力评估',
  waiting_applications: '轮候申请',
  admissions: '入住',
  stays: '床位占用记录',
  stay_leaves: '请假记录',
  family_care_beds: '家庭照护床位',
  staff: '机构人员',
  staff_trainings: '人员培训记录',
} as const;
export type ExchangeTable = keyof typeof EXCHANGE_TABLES;

/** What became of one table's records. */
export interface ExchangeTableCounts {
  table: ExchangeTable;
  title: string;
  /** Records of this table in the package. */
  inPackage: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Records that differ where this file's copy is kept (see the table's rule in the README). */
  kept: number;
  /** Records of the package's facilities that this file has and the package does not (never deleted). */
  localOnly: number;
}

export interface ExchangeRecordNote {
  table: ExchangeTable;
  title: string;
  label: string;
}

export interface ExchangeProblem extends ExchangeRecordNote {
  message: string;
  /** SQLite's own words, for support; the message above is the user's. */
  detail?: string;
  /** A record the package may not write at all (another facility's, a future time): not a conflict to resolve here. */
  notOwned?: true;
}

/**
 * Who signed a package, as the preview shows it. `new`: a key this file has not pinned to these
 * facilities (pinned on import); `pinned`: the key that sent them before; `changed`: another key than
 * the pinned one (importing needs acceptNewKey); `own`: this installation's; `unsigned`: a version-1 file.
 */
export interface ExchangeSender {
  /** SHA-256 of the signing key, grouped by four hex digits; empty for an unsigned package. */
  fingerprint: string;
  keyStatus: 'new' | 'pinned' | 'changed' | 'own' | 'unsigned';
  /** The key pinned before, when it is another. */
  pinnedFingerprint?: string;
  encryption: 'receiver' | 'passphrase' | 'none';
}

export interface ExchangeReport {
  fileName: string;
  /** When the sending station made the package (ISO time). */
  createdAt: string;
  facilities: { id: string; name: string }[];
  tables: ExchangeTableCounts[];
  /** Records that cannot be written; any problem means nothing is written. */
  problems: ExchangeProblem[];
  /** The first records updated and kept, by table, for the preview. */
  updated: ExchangeRecordNote[];
  kept: ExchangeRecordNote[];
  applied: boolean;
  sender?: ExchangeSender;
}

const passphrase = z.string().min(8, { error: '口令至少 8 个字符' }).max(200);
const importInput = z.object({
  file: fileInput,
  passphrase: z.string().max(200).optional(),
  /** Import although the package is signed by another key than the one pinned to its facilities (audited). */
  acceptNewKey: z.boolean().optional(),
  /** Read a version-1 (unsigned, unencrypted) package. */
  allowUnsigned: z.boolean().optional(),
});

export const exchangeContract = {
  'exchange.export': channel(
    z.object({
      facilityIds: z.array(uuid).min(1, { error: '请选择至少一个机构' }).max(500, { error: '一个交换包最多包含 500 个机构' }),
      /** Encrypt under this passphrase instead of to the receiver's key (needed when none is known). */
      passphrase: passphrase.optional(),
      /** The person confirmed that the package carries elders' full personal data (asked of every account; the CLI is the file's owner). */
      confirmPersonalData: z.boolean().optional(),
    }),
  ).returns<FilePayload & { encryptedTo: string | null }>(),
  'exchange.preview': channel(importInput).returns<ExchangeReport>(),
  'exchange.apply': channel(importInput).returns<ExchangeReport>(),
};

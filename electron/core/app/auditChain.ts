import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema';
import type { Trx } from './context';

/** The columns an entry's hash covers: all of them but seq and the hash itself. */
export type ChainedColumns = Omit<AuditLogTable, 'seq' | 'prev_hash' | 'hash'>;

/** SHA-256 over the previous entry's hash and this entry's columns, as a JSON array (unambiguous). */
export function auditHash(prev: string | null, row: ChainedColumns): string {
  const fields = [prev, row.id, row.at, row.actor_id, row.actor_name, row.action, row.entity, row.entity_id, row.summary, row.before_json, row.after_json];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** The newest entry's hash, read inside the writer's transaction (SQLite has one writer at a time). */
export async function lastAuditHash(trx: Trx | Kysely<Database>): Promise<string | null> {
  const row = await trx.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row?.hash ?? null;
}

export interface ChainVerdict {
  entries: number;
  /** The first entry whose stored hashes do not fit the chain, or null when every link holds. */
  firstBroken: { seq: number; id: string; at: string; reason: string } | null;
}

/** Walks the log in seq order and reports the first broken link. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<ChainVerdict> {
  let prev: string | null = null;
  let after = 0;
  let entries = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(5000).execute();
    if (rows.length === 0) return { entries, firstBroken: null };
    for (const row of rows) {
      entries++;
      const broken = (reason: string) => ({ entries, firstBroken: { seq: row.seq, id: row.id, at: row.at, reason } });
      if (row.hash === null) return broken('该条记录没有校验值（不是由本软件写入的）');
      if (row.prev_hash !== prev) return broken(prev === null ? '第一条记录的前序校验值不为空' : '前序校验值与上一条记录不符（之前的记录被删除、插入或修改）');
      if (auditHash(prev, row) !== row.hash) return broken('记录内容与校验值不符（该条记录被修改）');
      prev = row.hash;
      after = row.seq;
    }
  }
}

import type { Db } from '../db/schema';

// The one number that says whether what the report memory (memo.ts) and the data-quality audit keep
// (state.ts) is still true, and the small store they keep it in. See docs/derived-data.md.

/**
 * The database's change sequence: every write to a table the indicators or the audit read moves it, in
 * the writer's transaction, whoever writes (triggers of migrations 0011 and 0012). -1 when unknown.
 */
export async function changeSeq(db: Db): Promise<number> {
  const row = await db.selectFrom('counters_meta').select('seq').where('id', '=', 1).executeTakeFirst();
  return row ? Number(row.seq) : -1;
}

/** The last few values by key, the least recently used dropped first. */
export class Recent<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}

import type BetterSqlite3 from 'better-sqlite3';
import type { ExchangeTable } from '../../../../shared/contract';
import type { ExchangePackage } from './package';
import type { Row } from './tables';

/** The columns through which a record belongs to a facility. */
const OWNER_COLUMNS = ['facility_id', 'provider_facility_id', 'building_id', 'room_id', 'bed_id', 'admission_id', 'staff_id'];

type Prepare = (text: string) => BetterSqlite3.Statement<unknown[]>;

/**
 * What a package may write: records of the facilities it declares and of the elders those facilities'
 * records name. A facility's parent (carried for the link) and an area may be added when missing, never
 * changed. Everything else is refused with a reason naming the record, so that a package made or edited
 * by one station cannot touch another home, its residents or the bureau's decisions about it.
 */
export class Ownership {
  private readonly declared: Set<string>;
  private readonly linkOnly = new Set<string>();
  private readonly elders = new Set<string>();
  private readonly nowIso: string;

  constructor(
    private readonly prepare: Prepare,
    pkg: ExchangePackage,
    /** The local id of a package's facility or elder (one matched by natural key has this file's id). */
    private readonly localId: (table: 'facilities' | 'elders', packageId: string) => string,
    now: Date,
  ) {
    this.nowIso = now.toISOString();
    this.declared = new Set(pkg.facilities.map((f) => f.id));
    const rows = new Map((pkg.tables.facilities ?? []).map((f) => [f.id, f]));
    for (const id of this.declared) {
      // Only the chain of parents above a declared facility travels for the link.
      for (let p = rows.get(id)?.parent_id, depth = 0; typeof p === 'string' && !this.declared.has(p) && depth < rows.size; p = rows.get(p)?.parent_id, depth++) this.linkOnly.add(p);
    }
    const named = (table: ExchangeTable, facilityColumn: string) => {
      for (const r of pkg.tables[table] ?? []) if (this.declared.has(r[facilityColumn] as string) && typeof r.elder_id === 'string') this.elders.add(r.elder_id);
    };
    named('admissions', 'facility_id');
    named('stays', 'facility_id');
    named('waiting_applications', 'facility_id');
    named('family_care_beds', 'provider_facility_id');
  }

  // This file's ids, taken once the facilities (and the elders) are written: tables come in that order.
  private declaredHere?: Set<unknown>;
  private eldersHere?: Set<unknown>;

  private ownsFacility(localFacilityId: unknown): boolean {
    this.declaredHere ??= new Set([...this.declared].map((id) => this.localId('facilities', id)));
    return this.declaredHere.has(localFacilityId);
  }

  private ownsElder(localElderId: unknown): boolean {
    this.eldersHere ??= new Set([...this.elders].map((id) => this.localId('elders', id)));
    return this.eldersHere.has(localElderId);
  }

  /**
   * Keys (this file's) of the package's buildings, rooms, beds, admissions and staff already found to be the
   * declared facilities': a record naming one needs no lookup. Tables come parents first, so a package's
   * 200,000 records cost a lookup only for a reference to a record the package does not carry.
   */
  private readonly accepted = new Map<string, Set<unknown>>(['buildings', 'rooms', 'beds', 'admissions', 'staff'].map((t) => [t, new Set()]));

  /** The facilities a record (with this file's keys) belongs to, through each column that names one. */
  private facilitiesOf(row: Row): unknown[] {
    const out: unknown[] = [];
    const via = (column: string, table: string, sql: string) => {
      if (row[column] == null || this.accepted.get(table)!.has(row[column])) return;
      const found = this.prepare(sql).pluck().get(row[column]);
      // A reference to nothing here is left to the foreign key, which names it.
      if (found !== undefined) out.push(found);
    };
    if (row.facility_id != null) out.push(row.facility_id);
    if (row.provider_facility_id != null) out.push(row.provider_facility_id);
    via('building_id', 'buildings', 'SELECT facility_id FROM buildings WHERE id = ?');
    via('room_id', 'rooms', 'SELECT b.facility_id FROM rooms r JOIN buildings b ON b.id = r.building_id WHERE r.id = ?');
    via('bed_id', 'beds', 'SELECT facility_id FROM beds WHERE id = ?');
    via('admission_id', 'admissions', 'SELECT facility_id FROM admissions WHERE id = ?');
    via('staff_id', 'staff', 'SELECT facility_id FROM staff WHERE id = ?');
    return out;
  }

  private facilityName(id: unknown): string {
    return (this.prepare('SELECT name FROM facilities WHERE id = ?').pluck().get(id) as string | undefined) ?? String(id);
  }

  /**
   * Why this record may not be written, or null. `row` has this file's keys, `local` is this file's copy
   * if any, and `differs` says whether the package would change it.
   */
  refusal(table: ExchangeTable, original: Row, row: Row, local: Row | undefined, differs: boolean): string | null {
    // Only what would be written: a copy equal to this file's (the areas every file is seeded with) writes nothing.
    for (const [column, value] of !local || differs ? Object.entries(original) : []) {
      if (column.endsWith('_at') && typeof value === 'string' && value > this.nowIso) {
        return `记录的时间 ${column} = ${value} 晚于本机当前时间，不予接受（可能是伪造的，或发送方电脑的时钟不准）`;
      }
    }
    switch (table) {
      case 'areas':
        // Shared reference data: a missing one is added, a differing one is kept (the table's rule).
        return null;
      case 'facilities': {
        if (this.declared.has(original.id as string)) return null;
        if (!this.linkOnly.has(original.id as string)) return '交换包未声明该机构，不能新增或更改它';
        return local && differs ? '该机构只是随交换包带来的上级机构，交换包只可在本机没有时新增它，不能更改它' : null;
      }
      case 'elders':
        return this.elders.has(original.id as string) ? null : '该老人与交换包声明的机构没有入住、轮候或家庭照护床位记录，交换包不能新增或更改他的信息';
      case 'elder_categories':
      case 'elder_contacts':
      case 'assessments':
        return this.ownsElder(row.elder_id) && (!local || this.ownsElder(local.elder_id)) ? null : '所属老人不是交换包声明机构的老人，交换包不能新增或更改这条记录';
      default: {
        // This file's copy needs its own look only when it names another owner than the package's copy.
        const moved = local && OWNER_COLUMNS.some((c) => local[c] !== undefined && local[c] !== row[c]);
        for (const r of moved ? [row, local] : [row]) {
          const foreign = this.facilitiesOf(r).find((f) => !this.ownsFacility(f));
          if (foreign !== undefined) return `这条记录属于本机的机构“${this.facilityName(foreign)}”，不是交换包声明的机构，交换包不能新增或更改它`;
        }
        this.accepted.get(table)?.add(row.id);
        return null;
      }
    }
  }
}

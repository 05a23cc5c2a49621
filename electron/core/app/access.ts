import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema';
import { anyOf } from '../db/lists';
import { ROLE_PERMISSIONS, type Grant, type Permission } from '../../../shared/domain/access';
import type { TargetKind } from '../../../shared/contract/access';

/** Where a permission reaches: everything, or the districts and facilities named. */
export interface Scope {
  all: boolean;
  districts: ReadonlySet<string>;
  facilities: ReadonlySet<string>;
}

/** A signed-in account's rights: each permission it holds and the union of the scopes that grant it. */
export interface Access {
  accountId: string;
  grants: Grant[];
  permissions: Map<Permission, Scope>;
}

export function accessOf(accountId: string, grants: Grant[]): Access {
  const building = new Map<Permission, { all: boolean; districts: Set<string>; facilities: Set<string> }>();
  for (const grant of grants) {
    for (const permission of ROLE_PERMISSIONS[grant.role]) {
      const scope = building.get(permission) ?? { all: false, districts: new Set<string>(), facilities: new Set<string>() };
      if (grant.scope.kind === 'all') scope.all = true;
      else if (grant.scope.kind === 'district') grant.scope.codes.forEach((c) => scope.districts.add(c));
      else grant.scope.ids.forEach((id) => scope.facilities.add(id));
      building.set(permission, scope);
    }
  }
  return { accountId, grants, permissions: building };
}

/** The facilities and districts a request's target lies in; `anyOf`: one of them in scope is enough. */
export interface Touched {
  facilities: { id: string; district: string }[];
  districts: string[];
  anyOf?: boolean;
}

const facilityRow = (db: Kysely<Database>, ids: string[]) =>
  db.selectFrom('facilities').select(['id', 'district_code as district']).where('id', 'in', anyOf(ids)).execute();

/**
 * What one input value names, or null when it names nothing that exists (the handler then answers
 * NOT_FOUND as it always has). An elder is in the scope of every facility that admitted them, keeps
 * them waiting or serves them with a family care bed, and of their household district.
 */
export async function resolveTarget(db: Kysely<Database>, kind: TargetKind, value: unknown): Promise<Touched | null> {
  if (kind === 'area') {
    const code = String(value);
    return { facilities: [], districts: [code.slice(0, 6)] };
  }
  if (kind === 'facilities') {
    const ids = Array.isArray(value) ? value.map(String) : [];
    if (ids.length === 0) return null;
    const rows = await facilityRow(db, ids);
    // A name that is no facility's is left to the handler, which names it.
    return rows.length ? { facilities: rows, districts: [] } : null;
  }
  const id = String(value);
  const facilityOf = async (fid: string | undefined | null): Promise<Touched | null> => {
    if (!fid) return null;
    const rows = await facilityRow(db, [fid]);
    return rows.length ? { facilities: rows, districts: [] } : null;
  };
  switch (kind) {
    case 'facility':
      return facilityOf(id);
    case 'bed':
      return facilityOf((await db.selectFrom('beds').select('facility_id').where('id', '=', id).executeTakeFirst())?.facility_id);
    case 'building':
      return facilityOf((await db.selectFrom('buildings').select('facility_id').where('id', '=', id).executeTakeFirst())?.facility_id);
    case 'room':
      return facilityOf(
        (await db.selectFrom('rooms').innerJoin('buildings', 'buildings.id', 'rooms.building_id').select('buildings.facility_id').where('rooms.id', '=', id).executeTakeFirst())?.facility_id,
      );
    case 'outage':
      return facilityOf(
        (await db.selectFrom('bed_outages').innerJoin('beds', 'beds.id', 'bed_outages.bed_id').select('beds.facility_id').where('bed_outages.id', '=', id).executeTakeFirst())?.facility_id,
      );
    case 'admission':
      return facilityOf((await db.selectFrom('admissions').select('facility_id').where('id', '=', id).executeTakeFirst())?.facility_id);
    case 'leave':
      return facilityOf(
        (await db.selectFrom('stay_leaves').innerJoin('admissions', 'admissions.id', 'stay_leaves.admission_id').select('admissions.facility_id').where('stay_leaves.id', '=', id).executeTakeFirst())
          ?.facility_id,
      );
    case 'application':
      return facilityOf((await db.selectFrom('waiting_applications').select('facility_id').where('id', '=', id).executeTakeFirst())?.facility_id);
    case 'familyBed':
      return facilityOf((await db.selectFrom('family_care_beds').select('provider_facility_id').where('id', '=', id).executeTakeFirst())?.provider_facility_id);
    case 'rating':
      return facilityOf((await db.selectFrom('star_ratings').select('facility_id').where('id', '=', id).executeTakeFirst())?.facility_id);
    case 'staff':
      return facilityOf((await db.selectFrom('staff').select('facility_id').where('id', '=', id).executeTakeFirst())?.facility_id);
    case 'declaration':
      return facilityOf((await db.selectFrom('facility_declarations').select('facility_id').where('id', '=', id).executeTakeFirst())?.facility_id);
    case 'capacityProject': {
      const row = await db.selectFrom('capacity_projects').select('district_code').where('id', '=', id).executeTakeFirst();
      return row ? { facilities: [], districts: [row.district_code] } : null;
    }
    case 'target': {
      const row = await db.selectFrom('targets').select('area_code').where('id', '=', id).executeTakeFirst();
      return row ? { facilities: [], districts: [row.area_code.slice(0, 6)] } : null;
    }
    case 'elder': {
      const elder = await db.selectFrom('elders').select('hukou_area_code').where('id', '=', id).executeTakeFirst();
      if (!elder) return null;
      const linked = await sql<{ id: string; district: string }>`
        SELECT f.id, f.district_code AS district FROM facilities f WHERE f.id IN (
          SELECT facility_id FROM admissions WHERE elder_id = ${id}
          UNION SELECT facility_id FROM waiting_applications WHERE elder_id = ${id}
          UNION SELECT provider_facility_id FROM family_care_beds WHERE elder_id = ${id})`.execute(db);
      const districts = elder.hukou_area_code ? [elder.hukou_area_code.slice(0, 6)] : [];
      return { facilities: linked.rows, districts, anyOf: true };
    }
  }
}

function facilityInScope(scope: Scope, f: { id: string; district: string }): boolean {
  return scope.all || scope.facilities.has(f.id) || scope.districts.has(f.district);
}

/**
 * Whether a scope covers what a request touches. A facility is covered by its own grant or its
 * district's; a district only by a district grant (a facility grant reaches no district-wide figure).
 * An elder linked to no facility yet (just registered, not yet placed) is reachable by whoever holds the
 * permission at all, so that a front desk can register someone and then admit them.
 */
export function covers(scope: Scope, touched: Touched): boolean {
  if (scope.all) return true;
  const checks = [...touched.facilities.map((f) => facilityInScope(scope, f)), ...touched.districts.map((d) => scope.districts.has(d))];
  if (touched.anyOf) return touched.facilities.length === 0 ? true : checks.some(Boolean);
  return checks.every(Boolean);
}

/**
 * Whether the caller holds a second permission (beyond its channel's) over what `value` names: a grant
 * of elders.full or staff.write over one home reveals nothing in another the account may merely read.
 * No access (the system itself) holds everything.
 */
export async function holdsOver(db: Kysely<Database>, access: Access | null | undefined, permission: Permission, kind: TargetKind, value: unknown): Promise<boolean> {
  if (!access) return true;
  const scope = access.permissions.get(permission);
  if (!scope) return false;
  const touched = await resolveTarget(db, kind, value);
  return touched === null || covers(scope, touched);
}

/** SQL condition: the facility whose id is in `idColumn` lies in the scope (for list queries). */
export function facilityScopeSql(scope: Scope, idColumn: string) {
  const ids = [...scope.facilities];
  const districts = [...scope.districts];
  const col = sql.ref(idColumn);
  return sql<boolean>`(${col} IN (SELECT id FROM facilities WHERE ${ids.length ? sql`id IN (${sql.join(ids)})` : sql`0`} OR ${
    districts.length ? sql`district_code IN (${sql.join(districts)})` : sql`0`
  }))`;
}

/** SQL condition: the elder whose id is in `idColumn` is linked to a facility in the scope (see resolveTarget). */
export function elderScopeSql(scope: Scope, idColumn: string) {
  const col = sql.ref(idColumn);
  const inScope = facilityScopeSql(scope, 'x.fid');
  const districts = [...scope.districts];
  return sql<boolean>`(EXISTS (SELECT 1 FROM (
      SELECT facility_id AS fid FROM admissions WHERE elder_id = ${col}
      UNION ALL SELECT facility_id FROM waiting_applications WHERE elder_id = ${col}
      UNION ALL SELECT provider_facility_id FROM family_care_beds WHERE elder_id = ${col}) x WHERE ${inScope})${
    districts.length ? sql` OR substr((SELECT hukou_area_code FROM elders WHERE id = ${col}), 1, 6) IN (${sql.join(districts)})` : sql``
  })`;
}

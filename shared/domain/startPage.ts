import type { Grant } from './access';

/**
 * Where an account's day starts, from its roles: a facility's people on that facility's bed board, a
 * district's on its indicators, an administrator on accounts. An account holding several kinds of role
 * (the installation's first administrator holds them all) starts on the facilities register, which
 * serves every one of them. `remembered` is the facility last chosen on this PC, used when it is still
 * within the account's scope (or the scope is every facility).
 */
export function startPath(grants: readonly Grant[], remembered: string | null = null): string {
  const roles = new Set(grants.map((g) => g.role));
  const only = (...allowed: string[]) => roles.size > 0 && [...roles].every((r) => allowed.includes(r));
  if (only('facility_admin', 'facility_staff')) {
    const ids = grants.flatMap((g) => (g.scope.kind === 'facility' ? g.scope.ids : []));
    const everyFacility = grants.some((g) => g.scope.kind !== 'facility');
    const facility = remembered && (everyFacility || ids.includes(remembered)) ? remembered : ids[0];
    return facility ? `/beds?facility=${encodeURIComponent(facility)}` : '/beds';
  }
  if (only('district', 'readonly')) return '/indicators';
  if (only('sysadmin', 'auditor')) return roles.has('sysadmin') ? '/accounts' : '/audit';
  return '/facilities';
}

/** A facility account working in more than one facility gets a facility switcher in the header. */
export function hasFacilitySwitcher(grants: readonly Grant[]): boolean {
  const facilityOnly = grants.length > 0 && grants.every((g) => g.role === 'facility_admin' || g.role === 'facility_staff');
  if (!facilityOnly) return false;
  if (grants.some((g) => g.scope.kind !== 'facility')) return true;
  return new Set(grants.flatMap((g) => (g.scope.kind === 'facility' ? g.scope.ids : []))).size > 1;
}

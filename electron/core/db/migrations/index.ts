import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation';

// Registered in code (not read from disk) so bundling cannot lose them. Names sort in apply order.
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
};

import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_beds';
import * as m0003 from './0003_elders';
import * as m0004 from './0004_ratings';
import * as m0005 from './0005_stays';
import * as m0006 from './0006_indicators';
import * as m0007 from './0007_counters';
import * as m0008 from './0008_paging';
import * as m0009 from './0009_quality';
import * as m0010 from './0010_asof';
import * as m0011 from './0011_versions';
import * as m0012 from './0012_quality_versions';
import * as m0013 from './0013_checkpoints';
import * as m0014 from './0014_dated_versions';
import * as m0015 from './0015_audit_versions';
import * as m0016 from './0016_stay_labels';
import * as m0017 from './0017_cheaper_id_check';
import * as m0018 from './0018_counting_invariant';
import * as m0019 from './0019_exchange_keys';
import * as m0020 from './0020_accounts';
import * as m0021 from './0021_declarations';
import * as m0022 from './0022_staff_planning';
import * as m0023 from './0023_stay_bed_stamps';

// Registered in code (not read from disk) so bundling cannot lose them. Names sort in apply order.
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_beds': m0002,
  '0003_elders': m0003,
  '0004_ratings': m0004,
  '0005_stays': m0005,
  '0006_indicators': m0006,
  '0007_counters': { up: m0007.up },
  '0008_paging': m0008,
  '0009_quality': m0009,
  '0010_asof': m0010,
  '0011_versions': m0011,
  '0012_quality_versions': m0012,
  '0013_checkpoints': m0013,
  '0014_dated_versions': m0014,
  '0015_audit_versions': m0015,
  '0016_stay_labels': m0016,
  '0017_cheaper_id_check': m0017,
  '0018_counting_invariant': { up: m0018.up },
  '0019_exchange_keys': m0019,
  '0020_accounts': m0020,
  '0021_declarations': m0021,
  '0022_staff_planning': m0022,
  '0023_stay_bed_stamps': m0023,
};

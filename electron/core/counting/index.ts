// The counting engine's public surface: the indicators, the data-quality audit, the core, the CLI, the
// benchmark and the tests import from here only (the layer rule in eslint.config.mjs). See
// docs/derived-data.md for how the derived data fits together.

export { createCountingState, type AuditRow, type CountingState, type Judged, type KeptCheck, type ListedCheck } from './state';
export {
  areasFor,
  countersSource,
  isCurrent,
  listsBy,
  loadAreaCounts,
  loadDistrictCounts,
  naiveSource,
  ratingTallies,
  staffTallies,
  declaredTallies,
  type AreaCountsSource,
} from './tallies';
export { fromStoredSource, rolledBackSource } from './rollback';
export {
  buildCheckpoints,
  checkpointDates,
  CHECKPOINT_FORMAT,
  decodeCounts,
  encodeCounts,
  readCheckpoint,
  staleDistricts,
  writeCheckpoint,
  writtenSince,
  type BuildProgress,
} from './checkpoints';
export { areaRow, districtRows, forgetReports } from './memo';
export { changeSeq } from './remember';
export { countAreas, countInBackground, countOffThread, readAway, stopCountWorker, warmCountWorker } from './offThread';
export { checkpointStatus, startCheckpointBuilder } from './background';

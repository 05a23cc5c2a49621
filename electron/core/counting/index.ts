// The counting engine's public surface: the indicators, the data-quality audit, the CLI, the benchmark
// and the tests import from here only. See docs/derived-data.md for how the derived data fits together.

export {
  CITY_CODE,
  areasFor,
  countersSource,
  isCurrent,
  listsBy,
  loadAreaCounts,
  loadDistrictCounts,
  naiveSource,
  ratingTallies,
  type AreaCountsSource,
  type AreaInfo,
} from './tallies';
export { fastSource, fromStoredSource, pastBedsStats, rolledBackSource } from './rollback';
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
export { areaRow, districtRows, forgetReports, memoStats } from './memo';
export { changeSeq, Recent } from './remember';
export { countAreas, countInBackground, countOffThread, offThreadStats, readAway, stopCountWorker, warmCountWorker } from './offThread';
export { checkpointStatus, startCheckpointBuilder } from './background';

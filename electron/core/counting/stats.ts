// What the counting engine reports of its own work (the tests and the benchmark read it): apart from
// the state so that the worker's client and the rollback read it without importing the state.

/** Where the last past date's bed tallies came from (tests and the benchmark read it). */
export interface PastBedsStats {
  last: { from: 'stored' | 'counters' | 'recount'; date: string | null } | null;
}

/** Where the last counts or reads were made, and how many were sent to a worker (the tests read them). */
export interface OffThreadStats {
  last: 'worker' | 'here' | null;
  sent: number;
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Sqlite } from '../db/connection';
import type { JobRegistry } from '../import/jobs';
import type { Logger } from './log';
import type { CountingState } from '../counting';

export interface Actor {
  id: string;
  name: string;
}

export { consoleLogger, silentLogger, type Logger } from './log';

/** Everything a service needs, passed explicitly so tests can fix the clock and the actor. */
export interface CoreContext {
  db: Kysely<Database>;
  sqlite: Sqlite;
  dbPath: string;
  actor: Actor;
  /** Current instant; injected so tests and back-dated checks are deterministic. */
  now(): Date;
  logger: Logger;
  schemaVersion: string;
  /** The file was not writable when opened: reads work, every write fails as DATABASE_READ_ONLY. */
  readOnly: boolean;
  jobs: JobRegistry;
  /** What the counting engine and the indicators keep between calls for this core (counting/state.ts). */
  counting: CountingState;
}

// Declared with the schema; re-exported here where the core's features have always found it.
export type { Trx } from '../db/schema';

export const LOCAL_ACTOR: Actor = { id: 'local', name: '本机用户' };

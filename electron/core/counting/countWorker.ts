// The worker thread that counts a past date's tallies for every area, or runs the audit's long scans
// (see offThread.ts). It opens its own connection to the database file, read only, and answers each
// request inside one read transaction, so all the statements of a request see one state of the file
// while the core's thread goes on writing. See docs/derived-data.md.
import type { Kysely } from 'kysely';
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { createKysely, openSqlite, type Sqlite } from '../db/connection';
import type { Database } from '../db/schema';
import { fastSourceFor } from './rollback';
import type { CountReply, CountRequest } from './workerClient';
import { changeSeq } from './remember';
import type { PastBedsStats } from './stats';
import { loadAreaCounts } from './tallies';

// This thread's own state, module state of the worker entry: a worker thread serves one core (its
// CountWorker) and dies with it, so nothing here is shared between cores; a core's own state is its
// CountingState (state.ts). The connection is kept open between requests (its page cache stays warm).
const connections = new Map<string, { sqlite: Sqlite; db: Kysely<Database> }>();
const pastBeds: PastBedsStats = { last: null };
const fastSource = fastSourceFor(pastBeds);

function connect(dbPath: string) {
  let c = connections.get(dbPath);
  if (!c) {
    const sqlite = openSqlite(dbPath);
    sqlite.pragma('query_only = ON');
    c = { sqlite, db: createKysely(sqlite) };
    connections.set(dbPath, c);
  }
  return c;
}

const post = (m: CountReply) => parentPort!.postMessage(m);

async function answer(request: CountRequest): Promise<void> {
  const { job } = request;
  let sqlite: Sqlite | null = null;
  try {
    const c = connect(request.dbPath);
    sqlite = c.sqlite;
    sqlite.exec('BEGIN');
    const seq = await changeSeq(c.db);
    if (request.kind === 'areas') {
      pastBeds.last = null;
      const { areas, counts } = await loadAreaCounts(c.db, request.asOf, request.level, fastSource);
      sqlite.exec('COMMIT');
      post({ job, ok: true, seq, areas, counts, pastBeds: pastBeds.last });
    } else {
      const rows = request.statements.map((s) => c.sqlite.prepare(s.sql).all(...s.parameters));
      sqlite.exec('COMMIT');
      post({ job, ok: true, seq, rows });
    }
  } catch (err) {
    if (sqlite?.inTransaction) sqlite.exec('ROLLBACK');
    if (err instanceof AppError) post({ job, ok: false, code: err.code, message: err.message, details: err.details });
    else post({ job, ok: false, code: null, message: String(err instanceof Error ? (err.stack ?? err.message) : err) });
  }
}

// One request at a time: each holds its connection's read transaction until it is done.
let queue = Promise.resolve();
parentPort!.on('message', (request: CountRequest) => {
  queue = queue.then(() => answer(request));
});

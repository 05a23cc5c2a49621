import path from 'node:path';
import Database from 'better-sqlite3';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';

// schema.ts is written by hand for Kysely; this holds it to the database the migrations build: every
// table (or view) and column of the Database interface exists with a compatible type and nullability,
// and every table and column of the database is declared.

const SCHEMA = path.resolve(__dirname, '../../electron/core/db/schema.ts');

/** Tables the core never reaches through Kysely, each with the reason. */
const UNDECLARED_TABLES: Record<string, string> = {
  schema_migrations: 'the migrator’s own bookkeeping (db/migrate.ts), read with plain SQL before Kysely exists',
  // The facility's exchange keys: read and written with prepared statements in exchange/keys.ts only,
  // kept out of the Database type so that no query builder call can reach the private keys.
  exchange_own_key: 'exchange/keys.ts, prepared statements only',
  exchange_keys: 'exchange/keys.ts, prepared statements only',
  exchange_key_pins: 'exchange/keys.ts, prepared statements only',
};

/** Columns the core reads only in raw SQL, each with the reason. */
const UNDECLARED_COLUMNS: Record<string, string> = {
  'elders.id_check_bad': 'a generated column behind an index, read in raw SQL by features/quality/service.ts',
};

type Kind = 'text' | 'number' | 'blob' | 'other';
interface DeclaredColumn {
  kinds: Set<Kind>;
  nullable: boolean;
}

/** The Database interface as TypeScript reads it: table → column → select type's kinds and null. */
function declaredSchema(): Map<string, Map<string, DeclaredColumn>> {
  const program = ts.createProgram([SCHEMA], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(SCHEMA)!;
  const moduleSymbol = checker.getSymbolAtLocation(file)!;
  const database = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'Database')!;
  const tables = new Map<string, Map<string, DeclaredColumn>>();
  for (const table of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(database))) {
    const columns = new Map<string, DeclaredColumn>();
    for (const column of checker.getPropertiesOfType(checker.getTypeOfSymbolAtLocation(table, file))) {
      let type = checker.getTypeOfSymbolAtLocation(column, file);
      // ColumnType<Select, Insert, Update> and Generated<T>: what a select returns is what the column holds.
      const select = type.getProperty('__select__');
      if (select) type = checker.getTypeOfSymbolAtLocation(select, file);
      const parts = type.isUnion() ? type.types : [type];
      const kinds = new Set<Kind>();
      let nullable = false;
      for (const part of parts) {
        if (part.flags & ts.TypeFlags.Null) nullable = true;
        else if (part.flags & ts.TypeFlags.Undefined) continue;
        else if (part.flags & ts.TypeFlags.StringLike) kinds.add('text');
        else if (part.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike)) kinds.add('number');
        else if (/^(Buffer|Uint8Array)/.test(checker.typeToString(part))) kinds.add('blob');
        else kinds.add('other');
      }
      columns.set(column.name, { kinds, nullable });
    }
    tables.set(table.name, columns);
  }
  return tables;
}

/** SQLite's type affinity of a declared column type (the rules of https://sqlite.org/datatype3.html §3.1). */
function affinity(declared: string): Kind | 'any' {
  const t = declared.toUpperCase();
  if (t === '') return 'any';
  if (t.includes('INT')) return 'number';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'text';
  if (t.includes('BLOB')) return 'blob';
  return 'number';
}

let core: TestCore | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe('schema.ts', () => {
  it('matches the migrated database, table by table and column by column', async () => {
    core = await makeCore();
    const dbPath = core.dbPath;
    await core.close();
    core = undefined;
    const sqlite = new Database(dbPath, { readonly: true });
    const objects = sqlite.prepare("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'").all() as { name: string; type: string }[];
    const actual = new Map(
      objects.map((o) => [
        o.name,
        {
          view: o.type === 'view',
          // table_xinfo: table_info leaves out generated columns (hidden 2 and 3); 1 is a virtual table's hidden column.
          columns: (sqlite.prepare(`PRAGMA table_xinfo("${o.name}")`).all() as { name: string; type: string; notnull: number; pk: number; hidden: number }[]).filter((c) => c.hidden !== 1),
      },
      ]),
    );
    sqlite.close();
    const declared = declaredSchema();
    expect(declared.size).toBeGreaterThan(20);

    const problems: string[] = [];
    for (const [table, columns] of declared) {
      const real = actual.get(table);
      if (!real) {
        problems.push(`${table}: declared in schema.ts, not in the database`);
        continue;
      }
      for (const [name, col] of columns) {
        const c = real.columns.find((x) => x.name === name);
        if (!c) {
          problems.push(`${table}.${name}: declared in schema.ts, not in the database`);
          continue;
        }
        const kind = affinity(c.type);
        if (col.kinds.has('other') || col.kinds.size !== 1) problems.push(`${table}.${name}: schema.ts type is not one of string, number, Buffer`);
        else if (kind !== 'any' && !col.kinds.has(kind)) {
          problems.push(`${table}.${name}: database ${c.type}, schema.ts ${[...col.kinds].join(' | ')}`);
        }
        // SQLite reports every view column and generated column as nullable, whatever it computes.
        const computed = real.view || c.hidden >= 2;
        const notNull = c.notnull === 1 || c.pk > 0;
        if (notNull && col.nullable) problems.push(`${table}.${name}: NOT NULL in the database, nullable in schema.ts`);
        if (!computed && !notNull && !col.nullable) problems.push(`${table}.${name}: nullable in the database, not in schema.ts`);
      }
    }
    for (const [table, real] of actual) {
      const columns = declared.get(table);
      if (!columns) {
        if (!(table in UNDECLARED_TABLES)) problems.push(`${table}: in the database, not in schema.ts`);
        continue;
      }
      for (const c of real.columns) if (!columns.has(c.name) && !(`${table}.${c.name}` in UNDECLARED_COLUMNS)) problems.push(`${table}.${c.name}: in the database, not in schema.ts`);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});

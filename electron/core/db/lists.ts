import { sql, type RawBuilder } from 'kysely';

/**
 * A list of values bound as one parameter, for `column IN anyOf(list)`. SQLite refuses a statement with
 * more than 32,766 parameters, which a list bound value by value passes on a national file (the city's
 * drill-down names 406,000 facilities); json_each reads the list inside SQLite, and `IN (subquery)` still
 * looks each value up in the column's index.
 */
export function anyOf<T extends string | number>(values: readonly T[]): RawBuilder<T> {
  return sql<T>`(SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

/** Text for a LIKE pattern with a backslash as its ESCAPE character: the text's %, _ and backslash match literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

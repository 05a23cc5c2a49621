// SQL expressions shared by a migration's index and the queries that must use it: SQLite uses a partial
// index only when the query repeats its WHERE expression exactly, so both take the text from here.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const SUM = WEIGHTS.map((w, i) => `CAST(substr(id_number, ${i + 1}, 1) AS INTEGER) * ${w}`).join(' + ');

/**
 * True when an 18-digit ID number's last character is not the GB 11643 MOD 11-2 check character
 * ((12 − Σ mod 11) mod 11, 10 written X). New numbers are checked by the services; this finds old rows.
 */
export const ID_CHECK_MISMATCH = `substr(id_number, 18, 1) <> CASE (12 - ((${SUM}) % 11)) % 11 WHEN 10 THEN 'X' ELSE CAST((12 - ((${SUM}) % 11)) % 11 AS TEXT) END`;

import { sql, type Kysely } from 'kysely';

// The room and bed numbers of every stay, kept beside it so the elders list can say where each resident
// lives without looking up the bed and then the room for every row of the page. On the national file those
// two lookups (four searches of text keys per elder) were the largest part of the list's placement query:
// on a 100-row page of placed elders it took 1.2-1.9 ms with them and 0.9-1.3 ms from this table (best of
// 40 interleaved runs).
//
// A table of its own, not columns on stays: filling a column of a new stay would be an UPDATE of that
// stay, which fires the stay triggers (overlap checks, change stamps) a second time per admission.
// Kept by triggers, so every writer (the services, the bench generator, a test's raw insert) gets it:
// a stay's insert copies its bed's numbers; a room's new number or a bed's new number or room reaches
// every stay of the beds concerned, closed ones too, so a label always equals what the join would give.
// Frozen once released: change it with a new migration.

/** A bed's room and bed numbers, as the select list and source of a query. */
const LABEL_OF_BED = (bed: string) => `r.number, b.number FROM beds b JOIN rooms r ON r.id = b.room_id WHERE b.id = ${bed}`;
const INSERT_LABEL = (stay: string, bed: string) => `INSERT INTO stay_labels (stay_id, room_number, bed_number) SELECT ${stay}, ${LABEL_OF_BED(bed)};`;

/** Every stay's label from its bed and room; also run by the bench generator, which loads with triggers off. */
export const FILL_STAY_LABELS = `INSERT INTO stay_labels (stay_id, room_number, bed_number)
    SELECT s.id, r.number, b.number FROM stays s JOIN beds b ON b.id = s.bed_id JOIN rooms r ON r.id = b.room_id`;

const STATEMENTS = [
  `CREATE TABLE stay_labels (
    stay_id TEXT PRIMARY KEY,
    room_number TEXT NOT NULL,
    bed_number TEXT NOT NULL
  ) STRICT, WITHOUT ROWID`,
  FILL_STAY_LABELS,
  `CREATE TRIGGER sl_stays_insert AFTER INSERT ON stays BEGIN
    ${INSERT_LABEL('NEW.id', 'NEW.bed_id')}
  END`,
  `CREATE TRIGGER sl_stays_rebed AFTER UPDATE OF id, bed_id ON stays BEGIN
    DELETE FROM stay_labels WHERE stay_id = OLD.id;
    ${INSERT_LABEL('NEW.id', 'NEW.bed_id')}
  END`,
  `CREATE TRIGGER sl_stays_delete AFTER DELETE ON stays BEGIN
    DELETE FROM stay_labels WHERE stay_id = OLD.id;
  END`,
  `CREATE TRIGGER sl_rooms_number AFTER UPDATE OF number ON rooms BEGIN
    UPDATE stay_labels SET room_number = NEW.number
      WHERE stay_id IN (SELECT s.id FROM beds b JOIN stays s ON s.bed_id = b.id WHERE b.room_id = NEW.id);
  END`,
  `CREATE TRIGGER sl_beds_label AFTER UPDATE OF number, room_id ON beds BEGIN
    UPDATE stay_labels SET (room_number, bed_number) = (SELECT ${LABEL_OF_BED('NEW.id')})
      WHERE stay_id IN (SELECT id FROM stays WHERE bed_id = NEW.id);
  END`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

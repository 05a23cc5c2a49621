import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Trx } from '../../app/context';
import { stayCoversOn } from '../../db/asOf';

// ═══════════════════════════════════════════════════════════════════════════════════════════════
//  STAYS PLUG IN HERE — the only places in the beds feature that know about occupancy.
//
//  Stays (入住, migration 0005): stays(bed_id, admission_id, start_on, end_on) are per-bed segments of
//  an admission, half-open [start_on, end_on); stay_leaves(admission_id, start_on, end_on) are leaves
//  during which the bed is kept (请假保留). Written by electron/core/features/stays/.
//
//  occupancySql → occupied: a stay on the bed covers D and no leave of its admission covers D
//                 onLeave:  a stay on the bed covers D and a leave of its admission covers D
//  isBedOccupiedOn → EXISTS a stay on the bed overlapping [date, until) (until null = open-ended).
//
//  otherSexInRoomFrom → the first resident of the other sex holding a bed of the room from D on.
//
//  Counting, the board and the bed detail all read occupancy through occupancySql, retire /
//  out-of-service refusals through isBedOccupiedOn, and a room's sex restriction through
//  otherSexInRoomFrom, so nothing else needs to change.
// ═══════════════════════════════════════════════════════════════════════════════════════════════

/** 0/1 SQL expressions: is the bed `bedId` occupied, or kept for a resident on leave, on `date`. */
export function occupancySql(bedId: Expression<string>, date: string): { occupied: RawBuilder<number>; onLeave: RawBuilder<number> } {
  // Stays (migration 0005) are half-open periods [start_on, end_on) per bed; a leave of the stay's
  // admission covering D turns 占用 into 请假保留 (the bed stays held). Served by stays_bed and
  // stay_leaves_admission indexes.
  const onLeave = sql`EXISTS (SELECT 1 FROM stay_leaves l WHERE l.admission_id = s.admission_id
                        AND ${stayCoversOn('l', date)})`;
  const stayOn = sql`FROM stays s WHERE s.bed_id = ${bedId} AND ${stayCoversOn('s', date)}`;
  return {
    occupied: sql<number>`EXISTS (SELECT 1 ${stayOn} AND NOT ${onLeave})`,
    onLeave: sql<number>`EXISTS (SELECT 1 ${stayOn} AND ${onLeave})`,
  };
}

/**
 * Whether anyone holds the bed on any day of [date, until) — `until` null means from `date` on, which
 * is what retiring a bed needs (no current or later stay may be left without its bed). A leave keeps
 * the bed held, so it counts as occupied here. Returns false until stays exist (see above).
 */
export async function isBedOccupiedOn(trx: Trx, bedId: string, date: string, until: string | null = null): Promise<boolean> {
  // Interval overlap of [date, until) with each stay [start_on, end_on); NULL ends are open.
  const { rows } = await sql<{ hit: number }>`
    SELECT EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = ${bedId}
      AND (s.end_on IS NULL OR s.end_on > ${date})
      ${until === null ? sql`` : sql`AND s.start_on < ${until}`}) AS hit`.execute(trx);
  return rows[0]?.hit === 1;
}

/**
 * A resident of the other sex holding a bed of the room on `date` or later (a current or booked stay),
 * so a room's sex restriction cannot be set over the people already living there.
 */
export async function otherSexInRoomFrom(trx: Trx, roomId: string, sex: 'M' | 'F', date: string): Promise<{ name: string; bedNumber: string } | null> {
  const { rows } = await sql<{ name: string; bed_number: string }>`
    SELECT e.name, b.number AS bed_number FROM beds b
      JOIN stays s ON s.bed_id = b.id AND (s.end_on IS NULL OR s.end_on > ${date})
      JOIN elders e ON e.id = s.elder_id
    WHERE b.room_id = ${roomId} AND e.sex <> ${sex}
    ORDER BY s.start_on LIMIT 1`.execute(trx);
  return rows[0] ? { name: rows[0].name, bedNumber: rows[0].bed_number } : null;
}

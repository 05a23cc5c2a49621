/**
 * The database structure's version as a user reads it: "第 17 版". The migration's file name
 * ("0017_cheaper_id_check") means something to a developer only; it stays available for support.
 */
export function schemaLabel(schemaVersion: string): string {
  const m = /^(\d+)_/.exec(schemaVersion);
  return m ? `第 ${Number(m[1])} 版` : '未初始化';
}

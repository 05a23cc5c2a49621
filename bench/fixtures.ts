// What the benchmark scripts write into a benchmark file: new elders with unused ID numbers and the beds
// free to admit them to.
import type { Core } from '../electron/core/core';
import { computeCheckDigit } from '../shared/domain/idNumber';

/** 100,000 elder rows with valid, unused ID numbers (born 1956–1965, so no clash with the dataset). */
export function elderRows(n: number, district: string, seqBase: number): string[][] {
  const rows: string[][] = [['姓名', '身份证号', '户籍区划代码', '联系电话', '人员类别']];
  for (let i = 0; i < n; i++) {
    const birth = new Date(Date.UTC(1956, 0, 1) + (i % 3650) * 86400000).toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `${district}${birth}${String(seqBase + Math.floor(i / 3650)).padStart(3, '0')}`;
    rows.push([`导入老人${i}`, first17 + computeCheckDigit(first17), district, '13800000000', i % 7 === 0 ? '低保、独居' : '']);
  }
  return rows;
}

/**
 * The district whose code starts the ID numbers the run registers: the first with no elder born 1956–1965
 * (the generator's elders are older), so a run --in-place never meets the numbers of an earlier run.
 */
export function freshDistrict(core: Core): string {
  const codes = core.ctx.sqlite.prepare(`SELECT code FROM areas WHERE level = 'district' ORDER BY code`).pluck().all() as string[];
  const used = core.ctx.sqlite.prepare(`SELECT 1 FROM elders WHERE id_number >= ? AND id_number < ? LIMIT 1`).pluck();
  const code = codes.find((c) => used.get(`${c}1956`, `${c}1966`) === undefined);
  if (!code) throw new Error('no district left for fresh ID numbers: regenerate the benchmark file');
  return code;
}

/** Beds in operating facilities with no stay from 2026-11-20 on (an earlier --in-place run leaves stays of 20–23 November behind). */
export function freeBeds(core: Core, limit: number): { id: string }[] {
  return core.ctx.sqlite.prepare(`SELECT b.id FROM beds b WHERE b.retired_on IS NULL
      AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND (s.end_on IS NULL OR s.end_on > '2026-11-20'))
      AND b.facility_id IN (SELECT id FROM facilities WHERE status = 'operating') LIMIT ?`).all(limit) as { id: string }[];
}

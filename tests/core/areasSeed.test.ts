// Beijing's streets and towns come with the product (issue 28): the shipped list is checked against
// GB/T 10114 numbering, seeding keeps what a district registered itself, and names in files find codes.
import { afterEach, describe, expect, it } from 'vitest';
import { fileOf, makeCore, type TestCore } from './helpers';
import { BEIJING_STREETS } from '../../electron/core/db/seed/beijingStreets';
import { BEIJING_DISTRICTS_2020 as BEIJING_DISTRICTS } from '../../electron/core/db/seed/beijingDistricts';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

describe('the shipped list of streets and towns', () => {
  it('numbers every unit by GB/T 10114: its district, then 0xx 街道/地区, 1xx 镇, 2xx–3xx 乡, 4xx–5xx other units', () => {
    const districts = new Set(BEIJING_DISTRICTS.map((d) => d.code));
    expect(BEIJING_STREETS).toHaveLength(349);
    expect(new Set(BEIJING_STREETS.map(([c]) => c)).size).toBe(349);
    const wrong = BEIJING_STREETS.filter(([code, name]) => {
      if (!/^\d{9}$/.test(code) || !districts.has(code.slice(0, 6))) return true;
      const type = Number(code.slice(6, 7));
      if (/(街道|地区)$/.test(name)) return type !== 0;
      if (/镇$/.test(name)) return type !== 1;
      if (/乡$/.test(name)) return type !== 2 && type !== 3;
      return type !== 4 && type !== 5;
    });
    expect(wrong).toEqual([]);
    // Every district has its streets or towns.
    expect(new Set(BEIJING_STREETS.map(([c]) => c.slice(0, 6)))).toEqual(districts);
  });

  it('seeds all or one district, keeps an area the district registered or renamed, and lets files name streets', async () => {
    core = await makeCore();
    await core.call('areas.create', { code: '110118001', name: '鼓楼街道（自定）' });
    const csv = '机构名称,机构类型,区划代码,举办性质,运营状态\n溪翁庄驿站,驿站,溪翁庄镇,公办,运营';
    const before = await core.call('imports.preview', { kind: 'facilities', file: fileOf('f.csv', csv), options: {} });
    expect(before.errors.map((e) => e.message)).toContain('区划代码 110118101 不存在');
    const miyun = BEIJING_STREETS.filter(([c]) => c.startsWith('110118')).length;
    expect(await core.call('areas.seedStreets', { districtCode: '110118' })).toEqual({ added: miyun - 1, kept: 1 });
    expect(await core.call('areas.seedStreets', {})).toEqual({ added: 349 - miyun, kept: miyun });
    const streets = await core.call('areas.list', { level: 'street' });
    expect(streets).toHaveLength(349);
    expect(streets.find((s) => s.code === '110118001')?.name).toBe('鼓楼街道（自定）');
    const after = await core.call('imports.preview', { kind: 'facilities', file: fileOf('f.csv', csv), options: {} });
    expect(after.errors).toEqual([]);
    expect(after.sample[0]).toMatchObject({ 区划代码: '110118101', 机构类型: '农村幸福晚年驿站' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { encodeGb18030, fileOf, makeCore, type TestCore } from './helpers';
import { RowReader } from '../../electron/core/import/row';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

const FACILITY = { kind: 'institution', subtype: 'nursing_home', ownership: 'public', areaCode: '110118', openedOn: '2015-06-01', approvedBeds: 10 } as const;
const FACILITY_HEADER = '机构名称,机构类型,区划代码,统一社会信用代码,举办性质,运营状态,核定床位数,医疗服务,开业日期,地址,上级机构';

function nested(depth: number, wrap: (v: unknown) => unknown): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
}

/** How many rows every table holds, to prove a refused call wrote nothing. */
function tableCounts(t: TestCore): Record<string, number> {
  const tables = t.ctx.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return Object.fromEntries(tables.map((name) => [name, t.ctx.sqlite.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number]));
}

describe('settings refuse malformed keys and values', () => {
  it('refuses a value nested thousands deep as invalid input, not an internal error, and writes nothing', async () => {
    core = await makeCore();
    const before = tableCounts(core);
    for (const value of [nested(5000, (v) => ({ a: v })), nested(5000, (v) => [v]), nested(40, (v) => [v])]) {
      const error = await core.fail('settings.set', { key: 'ui.note', value });
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toContain('嵌套过深');
    }
    expect((await core.fail('settings.set', { key: 'ui.note', value: 'x'.repeat(200_000) })).message).toContain('取值过大');
    expect(tableCounts(core)).toEqual(before);
    // A value of ordinary depth is still stored.
    await core.call('settings.set', { key: 'ui.note', value: nested(10, (v) => ({ a: v })) });
    expect((await core.call('settings.get', { key: 'ui.note' })).value).toEqual(nested(10, (v) => ({ a: v })));
  });

  it('refuses keys every JavaScript object has, without printing JavaScript internals', async () => {
    core = await makeCore();
    const before = tableCounts(core);
    for (const key of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'a.__proto__', '']) {
      const set = await core.fail('settings.set', { key, value: 1 });
      expect(set.code, key).toBe('VALIDATION');
      expect(set.message, key).not.toMatch(/native code|\[object|function/);
      expect(set.message, key).toContain('设置名称');
      expect((await core.fail('settings.get', { key })).code, key).toBe('VALIDATION');
    }
    expect(tableCounts(core)).toEqual(before);
    // Keys with a page of their own still name it.
    expect((await core.fail('settings.set', { key: 'waiting.priorityRules', value: {} })).message).toContain('设置 › 轮候优先规则');
  });
});

describe('names made only of invisible characters', () => {
  const invisible = ['\u200B', '\u200B\u200C\u200D', '\uFEFF\u200B', '\u0000', '\u0001\u001F', '\u007F\u0085\u009F', '\u2060', '\u200E\u200F', '\u3000\u200B'];

  it('are refused for facilities, elders, buildings and areas, and invisible ends are trimmed', async () => {
    core = await makeCore();
    const before = tableCounts(core);
    for (const name of invisible) {
      const f = await core.fail('facilities.create', { ...FACILITY, name });
      expect(f.code).toBe('VALIDATION');
      expect(f.message, JSON.stringify(name)).toContain('机构名称不能只包含不可见字符');
      expect((await core.fail('elders.create', { name, idNumber: '110105193001011001' })).message).toContain('姓名不能只包含不可见字符');
      expect((await core.fail('areas.create', { code: '110118001', name })).message).toContain('区划名称不能只包含不可见字符');
    }
    expect((await core.fail('facilities.create', { ...FACILITY, name: '甲\u0000乙' })).message).toContain('机构名称不能包含控制字符');
    expect(tableCounts(core)).toEqual(before);
    const f = await core.call('facilities.create', { ...FACILITY, name: '\u200B甲养老院\uFEFF\u3000' });
    expect(f.name).toBe('甲养老院');
    expect((await core.fail('facilities.create', { ...FACILITY, name: '\u200D甲养老院' })).code).not.toBe('INTERNAL');
    expect((await core.fail('beds.createBuilding', { facilityId: f.id, name: '\u200B' })).message).toContain('楼栋名称不能只包含不可见字符');
  });

  it('are refused in an import file, row by row', async () => {
    core = await makeCore();
    const csv = [FACILITY_HEADER, '\u200B\u200B,养老机构,110101,,公办,运营,1,,,,', '乙,养老机构,110101,,公办,运营,1,,,,'].join('\n');
    const report = await core.call('imports.preview', { kind: 'facilities', file: fileOf('f.csv', csv) });
    expect(report.errors).toContainEqual({ row: 2, column: '机构名称', message: '“机构名称”不能只包含不可见字符' });
    expect(report.rowsAccepted).toBe(1);
  });
});

describe('import cells naming what every object has', () => {
  it('are not taken for a choice’s alias', () => {
    for (const cell of ['toString', '__proto__', 'constructor']) {
      const r = new RowReader({ 性别: cell });
      expect(r.choice('性别', { male: '男', female: '女' }, { aliases: { 男性: 'male' } }), cell).toBeNull();
      expect(r.issues[0]?.message).toContain('可选值：男、女');
    }
  });
});

describe('CSV text encoding', () => {
  const rows = [FACILITY_HEADER, '甲养老院,养老机构,110101,,公办,运营,1,,,北京市东城区东四十条,', '乙养老院,养老机构,110101,,公办,运营,1,,,北京市东城区朝阳门内大街,'];
  /** The UTF-8 file with one byte of the second data row's name replaced by an invalid one. */
  function damaged(bom: boolean) {
    const bytes = Buffer.from((bom ? '\uFEFF' : '') + rows.join('\n'), 'utf8');
    const at = bytes.indexOf(Buffer.from('乙养老院', 'utf8')) + 1;
    bytes[at] = 0xff;
    return { bytes, at };
  }

  it('refuses a UTF-8 file with an invalid byte, naming the row and byte, with or without a BOM', async () => {
    core = await makeCore();
    for (const bom of [false, true]) {
      const { bytes, at } = damaged(bom);
      const error = await core.fail('imports.preview', { kind: 'facilities', file: fileOf('f.csv', bytes) });
      expect(error.code, `bom ${bom}`).toBe('IMPORT_FILE_ENCODING');
      expect(error.message).toContain('第 3 行');
      expect(error.details).toMatchObject({ line: 3, offset: at - 1 });
      expect(error.message).toContain(`第 ${at} 个字节`);
    }
    // Read on the worker thread, the same refusal.
    const large = Buffer.concat([damaged(false).bytes, Buffer.from(`\n${rows[1]}`.repeat(5000), 'utf8')]);
    expect(large.length).toBeGreaterThan(256 * 1024);
    expect((await core.fail('imports.preview', { kind: 'facilities', file: fileOf('f.csv', large) })).code).toBe('IMPORT_FILE_ENCODING');
  });

  it('still reads a GB18030 file, and refuses one that is neither', async () => {
    core = await makeCore();
    const gb = encodeGb18030(rows.join('\r\n'));
    const report = await core.call('imports.preview', { kind: 'facilities', file: fileOf('f.csv', gb) });
    expect(report.encoding).toBe('GB18030');
    expect(report.rowsAccepted).toBe(2);
    expect(report.sample[0]?.['机构名称']).toBe('甲养老院');
    // A byte that is not GB18030 either (0x80 alone, 0xFF) leaves no encoding to guess.
    const broken = Buffer.concat([gb, Buffer.from([0x0a, 0x80, 0xff])]);
    expect((await core.fail('imports.preview', { kind: 'facilities', file: fileOf('f.csv', broken) })).code).toBe('IMPORT_FILE_ENCODING');
  });
});

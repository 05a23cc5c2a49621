import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../shared/errors';
import { checkManual } from './manualCheck';

const root = path.resolve(__dirname, '../..');
const manual = fs.readFileSync(path.join(root, 'docs', '用户手册.md'), 'utf8');
const images = fs.readdirSync(path.join(root, 'docs', 'manual')).filter((f) => !f.startsWith('.'));

describe('the user manual (docs/用户手册.md)', () => {
  it('references only images that exist, uses every image in docs/manual, and explains every error code', () => {
    expect(checkManual(manual, images, ERROR_MESSAGES)).toEqual([]);
  });

  it('has the tasks of each role, each with at least one screenshot', () => {
    for (const heading of ['首次启动', '养老机构', '区级民政', '驿站', '系统管理员', '故障排除']) {
      expect(manual).toMatch(new RegExp(`^## .*${heading}`, 'm'));
    }
    expect(images.length).toBeGreaterThanOrEqual(15);
  });
});

// The check must catch each kind of drift, not only pass on today's manual.
describe('checkManual', () => {
  const codes = { LOGIN_FAILED: '账户名或密码错误', DISK_FULL: '磁盘已满' };
  const table = ['<!-- codes:start -->', '| 错误代码 | 提示 | 怎么办 |', '|---|---|---|', '| `LOGIN_FAILED` | 账户名或密码错误 | 核对密码 |', '| `DISK_FULL` | 磁盘已满 | 清理磁盘 |', '<!-- codes:end -->'];
  const good = ['# 手册', '![登录](manual/login.png)', ...table].join('\n');

  it('passes a manual in step', () => {
    expect(checkManual(good, ['login.png'], codes)).toEqual([]);
  });

  it('names an image referenced but missing, and an image nobody references', () => {
    expect(checkManual(good, ['other.png'], codes)).toEqual(['引用的图片不存在：manual/login.png', '图片未被手册引用：other.png']);
  });

  it('names a code added to shared/errors.ts without a row, with its placeholder, or with a stale message', () => {
    expect(checkManual(good, ['login.png'], { ...codes, NEW_CODE: '新的错误' })).toEqual(['故障排除表缺少错误代码 NEW_CODE']);
    const placeholder = good.replace('清理磁盘', '待补充');
    expect(checkManual(placeholder, ['login.png'], codes)).toEqual(['错误代码 DISK_FULL 缺少“怎么办”']);
    expect(checkManual(good, ['login.png'], { ...codes, DISK_FULL: '磁盘空间已满' })).toEqual(['错误代码 DISK_FULL 的提示与 shared/errors.ts 不一致']);
  });

  it('names a row for a code that no longer exists', () => {
    const { DISK_FULL: _gone, ...fewer } = codes;
    expect(checkManual(good, ['login.png'], fewer)).toEqual(['故障排除表中的 DISK_FULL 已不是错误代码']);
  });
});

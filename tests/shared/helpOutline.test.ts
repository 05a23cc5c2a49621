import { describe, expect, it } from 'vitest';
import { headingId, manualSections, searchSections } from '../../renderer/src/features/help/outline';

const manual = [
  '# 手册',
  '前言',
  '## 1. 首次启动与登录',
  '### 创建管理员',
  '```',
  '## 不是标题',
  '```',
  '## 故障排除：错误代码',
  '| 错误代码 | 提示 | 怎么办 |',
  '|---|---|---|',
  '| `BED_OCCUPIED` | 床位已被占用 | 换一张床 |',
  '| `DISK_FULL` | 磁盘空间已满 | 清理磁盘 |',
].join('\n');

describe('the 帮助 page outline', () => {
  it('anchors headings as GitHub does, so the manual links work in the app and on the web', () => {
    expect(headingId('1. 首次启动与登录')).toBe('1-首次启动与登录');
    expect(headingId('故障排除：错误代码')).toBe('故障排除错误代码');
    expect(headingId('Excel / PDF 导出')).toBe('excel--pdf-导出');
  });

  it('splits at level-2 headings, not at a heading inside fenced code', () => {
    const sections = manualSections(manual);
    expect(sections.map((s) => s.heading?.title ?? null)).toEqual([null, '1. 首次启动与登录', '故障排除：错误代码']);
    expect(sections[1]!.headings.map((h) => [h.level, h.title])).toEqual([[2, '1. 首次启动与登录'], [3, '创建管理员']]);
    expect(sections[1]!.markdown).toContain('## 不是标题');
  });

  it('searches every word, any case, and narrows a table to its matching rows', () => {
    const sections = manualSections(manual);
    expect(searchSections(sections, '')).toHaveLength(3);
    const found = searchSections(sections, 'bed_occupied');
    expect(found.map((s) => s.heading?.title)).toEqual(['故障排除：错误代码']);
    expect(found[0]!.markdown).toContain('BED_OCCUPIED');
    expect(found[0]!.markdown).toContain('| 错误代码 | 提示 | 怎么办 |');
    expect(found[0]!.markdown).not.toContain('DISK_FULL');
    expect(searchSections(sections, '首次 管理员').map((s) => s.heading?.title)).toEqual(['1. 首次启动与登录']);
    expect(searchSections(sections, '不存在的词')).toEqual([]);
  });
});

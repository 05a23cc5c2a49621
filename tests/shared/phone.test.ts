import { describe, expect, it } from 'vitest';
import { phoneProblem } from '../../shared/domain/phone';

describe('telephone numbers', () => {
  it('takes mobiles, landlines with or without area code, extensions and +86', () => {
    for (const ok of ['13800000000', '138 0000 0000', '138-0000-0000', '010-69041234', '(010) 69041234', '69041234', '6904123', '+86 13800000000', '010-69041234-8021']) {
      expect(phoneProblem(ok, '联系电话')).toBeNull();
    }
  });

  it('refuses what is surely wrong, saying how', () => {
    expect(phoneProblem('1380000000', '联系电话')).toBe('联系电话“1380000000”是 10 位：手机号应为 11 位');
    expect(phoneProblem('138 0000 00000', '联系电话')).toBe('联系电话“138 0000 00000”是 12 位：手机号应为 11 位');
    expect(phoneProblem('69041', '联系电话')).toContain('只有 5 位数字');
    expect(phoneProblem('0106904123456789012', '联系电话')).toContain('有 19 位数字');
    expect(phoneProblem('138OOOO0000', '联系电话')).toBe('联系电话只能包含数字、空格和 + - ( )');
  });
});

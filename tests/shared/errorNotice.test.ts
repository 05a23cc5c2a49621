import { describe, expect, it } from 'vitest';
import { errorNotice } from '../../shared/errorNotice';

describe('errorNotice', () => {
  it('keeps the raw code out of the sentence and puts it on the details line', () => {
    const n = errorNotice({ code: 'VALIDATION', message: '床位号不能为空' }, [], false);
    expect(n.message).toBe('床位号不能为空');
    expect(n.message).not.toMatch(/VALIDATION|（/);
    expect(n.detail).toBe('错误代码：VALIDATION');
    expect(n.toast).toBe(true);
  });

  it('shows a validation error once: inline when the form shows its fields, no toast as well', () => {
    expect(errorNotice({ code: 'VALIDATION', message: '输入不符合要求' }, ['name'], true).toast).toBe(false);
    // A form without inline fields, or an error with no field, still needs the toast.
    expect(errorNotice({ code: 'VALIDATION', message: '输入不符合要求' }, ['name'], false).toast).toBe(true);
    expect(errorNotice({ code: 'CONFLICT', message: '床位已占用' }, [], true).toast).toBe(true);
  });
});

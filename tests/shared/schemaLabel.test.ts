import { describe, expect, it } from 'vitest';
import { schemaLabel } from '../../shared/schemaLabel';

describe('schemaLabel', () => {
  it('reads a migration name as a numbered version, without the developer name', () => {
    expect(schemaLabel('0017_cheaper_id_check')).toBe('第 17 版');
    expect(schemaLabel('0001_init')).toBe('第 1 版');
    expect(schemaLabel('none')).toBe('未初始化');
  });
});

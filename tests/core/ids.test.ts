import { describe, expect, it } from 'vitest';
import { newId, orderedIds } from '../../electron/core/app/ids';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('record keys', () => {
  it('newId is a version-7 UUID whose first 48 bits are the millisecond it was made', () => {
    const at = Date.UTC(2026, 10, 24, 3, 0, 0, 123);
    const id = newId(at);
    expect(id).toMatch(V7);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it('newId sorts by time across milliseconds and never repeats within one', () => {
    const at = Date.UTC(2026, 10, 24);
    const later = [newId(at), newId(at + 1), newId(at + 1000), newId(at + 86_400_000)];
    expect([...later].sort()).toEqual(later);
    const same = new Set(Array.from({ length: 20_000 }, () => newId(at)));
    expect(same.size).toBe(20_000);
  });

  it('orderedIds gives strictly increasing version-7 keys, and two generators in one millisecond differ', () => {
    const at = Date.UTC(2026, 10, 24);
    const a = orderedIds(at);
    const b = orderedIds(at);
    const keys = Array.from({ length: 5000 }, () => a());
    for (const k of keys) expect(k).toMatch(V7);
    for (let i = 1; i < keys.length; i++) expect(keys[i]! > keys[i - 1]!).toBe(true);
    expect(keys).not.toContain(b());
  });
});

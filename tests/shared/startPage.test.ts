import { describe, expect, it } from 'vitest';
import { hasFacilitySwitcher, startPath } from '../../shared/domain/startPage';

describe('startPath: each role starts where its day is', () => {
  it('a facility account opens on its facility’s bed board, the remembered one when it may use it', () => {
    const staff = [{ role: 'facility_staff' as const, scope: { kind: 'facility' as const, ids: ['f1', 'f2'] } }];
    expect(startPath(staff)).toBe('/beds?facility=f1');
    expect(startPath(staff, 'f2')).toBe('/beds?facility=f2');
    // A facility remembered from another account on this PC is not one this account may open.
    expect(startPath(staff, 'f9')).toBe('/beds?facility=f1');
  });

  it('a district account opens on indicators, an administrator on accounts, a mixed account on the register', () => {
    expect(startPath([{ role: 'district', scope: { kind: 'district', codes: ['110118'] } }])).toBe('/indicators');
    expect(startPath([{ role: 'sysadmin', scope: { kind: 'all' } }])).toBe('/accounts');
    expect(startPath([{ role: 'auditor', scope: { kind: 'all' } }])).toBe('/audit');
    expect(
      startPath([
        { role: 'sysadmin', scope: { kind: 'all' } },
        { role: 'district', scope: { kind: 'all' } },
        { role: 'facility_admin', scope: { kind: 'all' } },
      ]),
    ).toBe('/facilities');
    expect(startPath([])).toBe('/facilities');
  });
});

describe('hasFacilitySwitcher', () => {
  it('only a facility account with several facilities switches between them in the header', () => {
    expect(hasFacilitySwitcher([{ role: 'facility_staff', scope: { kind: 'facility', ids: ['f1'] } }])).toBe(false);
    expect(hasFacilitySwitcher([{ role: 'facility_staff', scope: { kind: 'facility', ids: ['f1', 'f2'] } }])).toBe(true);
    expect(hasFacilitySwitcher([{ role: 'facility_admin', scope: { kind: 'all' } }])).toBe(true);
    expect(hasFacilitySwitcher([{ role: 'district', scope: { kind: 'all' } }])).toBe(false);
  });
});

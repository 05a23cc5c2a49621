import { AppError } from '../../../shared/errors';
import type { ImportSpec } from './framework';
import { facilityImport } from '../features/facilities/import';
import { populationImport } from '../features/areas/import';
import { bedImport } from '../features/beds/import';
import { ratingImport } from '../features/ratings/import';
import { elderImport, familyBedImport } from '../features/elders/import';
import { stayImport } from '../features/stays/import';
import { staffImport } from '../features/staff/import';
import { declarationImport } from '../features/declarations/import';

/** Every import the product offers; later features add their specs here. */
export const IMPORT_SPECS: ImportSpec[] = [facilityImport, populationImport, bedImport, ratingImport, elderImport, stayImport, familyBedImport, staffImport, declarationImport];

export function importSpec(kind: string): ImportSpec {
  const spec = IMPORT_SPECS.find((s) => s.kind === kind);
  if (!spec) throw new AppError('IMPORT_UNKNOWN_KIND', `不支持的导入类型：${kind}。可用：${IMPORT_SPECS.map((s) => s.kind).join('、')}`);
  return spec;
}

import { AppError } from '../../../shared/errors';
import type { ImportSpec } from './framework';
import { facilityImport } from '../features/facilities/import';
import { populationImport } from '../features/areas/import';

/** Every import the product offers; later features add their specs here. */
export const IMPORT_SPECS: ImportSpec[] = [facilityImport, populationImport];

export function importSpec(kind: string): ImportSpec {
  const spec = IMPORT_SPECS.find((s) => s.kind === kind);
  if (!spec) throw new AppError('IMPORT_UNKNOWN_KIND', `不支持的导入类型：${kind}。可用：${IMPORT_SPECS.map((s) => s.kind).join('、')}`);
  return spec;
}

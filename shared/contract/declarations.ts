import { z } from 'zod';
import { channel } from './define';
import { isoDate, uuid } from '../schemas/common';

/** A facility's declared bed figures as of a date (申报床位); null figures are unknown. */
export interface DeclarationRow {
  id: string;
  facilityId: string;
  facilityName: string;
  declaredOn: string;
  totalBeds: number;
  nursingBeds: number | null;
  reserveBeds: number | null;
  shortTermBeds: number | null;
  residents: number | null;
  source: 'form' | 'import';
}

const figure = (label: string) =>
  z.number({ error: `${label}应为整数` }).int({ error: `${label}应为整数` }).min(0, { error: `${label}不能小于 0` }).max(100000, { error: `${label}不能大于 100000` });

export const declarationInput = z.object({
  facilityId: uuid,
  declaredOn: isoDate,
  totalBeds: figure('床位数'),
  nursingBeds: figure('护理型床位数').nullish().transform((v) => v ?? null),
  reserveBeds: figure('应急预留床位数').nullish().transform((v) => v ?? null),
  shortTermBeds: figure('短期托养床位数').nullish().transform((v) => v ?? null),
  residents: figure('在住人数').nullish().transform((v) => v ?? null),
});
export type DeclarationInput = z.output<typeof declarationInput>;

export const declarationsContract = {
  'declarations.list': channel(z.object({ facilityId: uuid })).returns<DeclarationRow[]>(),
  /** Records the facility's figures as of the date; a second declaration on the same date replaces the first. */
  'declarations.save': channel(declarationInput).returns<DeclarationRow>(),
  'declarations.remove': channel(z.object({ id: uuid })).returns<{ id: string }>(),
};

// Inputs the bed forms share (the bulk layout and the room dialog).

/** The choices of a room's sex restriction, '' standing for none (a Select needs a string value). */
export function sexRestrictionOptions(t: (key: string) => string): { value: '' | 'M' | 'F'; label: string }[] {
  return [
    { value: '', label: t('beds.bulk.sexNone') },
    { value: 'M', label: t('beds.sexOnly.M') },
    { value: 'F', label: t('beds.sexOnly.F') },
  ];
}

/** A NumberInput's value as a number: '' (left empty) becomes NaN, which the core refuses with a message. */
export const num = (v: number | string): number => (typeof v === 'number' ? v : v === '' ? NaN : Number(v));

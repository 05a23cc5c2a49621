// Select options built from the shared vocabularies, so UI, imports and exports say the same words.
export function optionsOf(table: Record<string, string>): { value: string; label: string }[] {
  return Object.entries(table).map(([value, label]) => ({ value, label }));
}

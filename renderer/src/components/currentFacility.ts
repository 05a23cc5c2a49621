// The facility last chosen on this PC: 床位 and 在住与退住 open on it instead of asking again.
const KEY = 'carebeds.facility';

export function rememberedFacility(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberFacility(id: string | null): void {
  try {
    if (id) window.localStorage.setItem(KEY, id);
  } catch {
    // Storage refused (private window): the choice is simply not kept.
  }
}

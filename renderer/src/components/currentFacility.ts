import { useCallback, useEffect, useLayoutEffect, useSyncExternalStore } from 'react';
import { useSearchParams } from 'react-router-dom';

// The facility worked in on this PC: chosen in the header's switcher or on a page, followed by every open
// facility page (床位, 轮候, 在住与退住) at once, and remembered for the next start.
const KEY = 'carebeds.facility';
const listeners = new Set<() => void>();

function read(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

let current: string | null = typeof window === 'undefined' ? null : read();

function emit(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Another window of the app switching facility writes the same key: follow it here too.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key === KEY && e.newValue !== current) {
      current = e.newValue;
      emit();
    }
  });
}

export function rememberedFacility(): string | null {
  return current;
}

export function rememberFacility(id: string | null): void {
  if (!id || id === current) return;
  current = id;
  try {
    window.localStorage.setItem(KEY, id);
  } catch {
    // Storage refused (private window): the choice lasts until the app is closed.
  }
  emit();
}

/** The current facility, re-rendering the caller whenever it changes. */
export function useCurrentFacility(): string | null {
  return useSyncExternalStore(subscribe, rememberedFacility);
}

/**
 * The facility a facility page shows, and how the page changes it. An address naming one (`?facility=`,
 * from a link or the bureau's summary) makes it current; a switch made elsewhere rewrites that address,
 * so going back or reloading shows what is on screen, not the facility of an old link.
 */
export function usePageFacility(): [string | null, (id: string) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get('facility');
  const now = useCurrentFacility();
  useLayoutEffect(() => {
    if (asked) rememberFacility(asked);
  }, [asked]);
  useEffect(() => {
    const live = rememberedFacility();
    if (asked && live && live !== asked) {
      setParams((p) => {
        p.set('facility', live);
        return p;
      }, { replace: true });
    }
  }, [now, asked, setParams]);
  const choose = useCallback((id: string) => {
    rememberFacility(id);
    setParams((p) => {
      p.set('facility', id);
      return p;
    });
  }, [setParams]);
  return [asked ?? now, choose];
}

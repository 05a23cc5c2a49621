import { useCallback, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The page's address parameters, and a setter that changes some of them without undoing a change made
 * just before. react-router hands its functional update the parameters of the last render, so two
 * changes before the next render (a tab clicked, then a date typed, on a page still busy drawing) kept
 * only the second: the tab sprang back.
 */
export function useUrlParams(): [URLSearchParams, (changes: Record<string, string | null>) => void] {
  const [params, setParams] = useSearchParams();
  const seen = useRef(params);
  const latest = useRef(params);
  // A new object from the router is the address as it now is; the same object means no change landed yet.
  if (params !== seen.current) {
    seen.current = params;
    latest.current = params;
  }
  const change = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(latest.current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === '') next.delete(key);
        else next.set(key, value);
      }
      latest.current = next;
      setParams(next, { replace: true });
    },
    [setParams],
  );
  return [params, change];
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { Channel, Input, Output } from '../../../shared/contract';
import { ApiError, call } from './client';

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Loads a channel's data and reloads when the input changes (compared by value). */
export function useQuery<C extends Channel>(channel: C, input: Input<C>, enabled = true): QueryState<Output<C>> {
  const key = JSON.stringify(input);
  const [state, setState] = useState<{ data: Output<C> | undefined; error: ApiError | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: enabled,
  });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (!enabled) return;
    const id = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    call(channel, JSON.parse(key) as Input<C>)
      .then((data) => id === latest.current && setState({ data, error: null, loading: false }))
      .catch((error: unknown) => {
        if (id !== latest.current) return;
        setState((s) => ({ ...s, error: error instanceof ApiError ? error : new ApiError({ code: 'INTERNAL', message: String(error) }), loading: false }));
      });
  }, [channel, key, tick, enabled]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/**
 * How long a search box waits after the last keystroke before asking: every list answers in a few
 * milliseconds, so the wait is most of what a search costs the user (250 ms made each search miss 300 ms).
 */
export const SEARCH_DEBOUNCE_MS = 120;

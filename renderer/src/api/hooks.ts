import { useCallback } from 'react';
import { keepPreviousData, QueryClient, useQuery as useCachedQuery } from '@tanstack/react-query';
import type { Channel, Input, Output } from '../../../shared/contract';
import { ApiError, onCallDone, request, SESSION_ENDED } from './client';

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * The request cache. A page shown again paints its last answer at once and asks again behind it
 * (nothing is fresh for long: other accounts on the network, imports and the background counting
 * change the figures without this page's knowledge); answers unchanged keep their objects, so
 * memoised rows do not render again.
 */
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 0, gcTime: 5 * 60_000, retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
  },
});

/**
 * Requests made outside the cache that change nothing. Any other one is taken for a write: the cached
 * answers of its domain on screen ask again ('stays.admit': every 'stays.*' query shown). Every other
 * answer is already stale and asks again when its page is next shown, which the page's own reload after
 * its write covers for what depends on another domain (the board after an admission).
 */
const READS = new Set<Channel>([
  'auth.me',
  'jobs.get',
  'imports.template',
  'imports.kinds',
  'imports.preview',
  'imports.errorReport',
  'staff.get',
  'exports.indicators',
  'subsidy.export',
  'exchange.preview',
  'exchange.export',
  'backup.download',
  'audit.verify',
  'audit.export',
]);

const domainOf = (channel: string) => channel.slice(0, channel.indexOf('.') + 1);

/** A change of account: nothing one account was shown may be painted for the next. */
const SIGN_IN_OUT = new Set<Channel>(['auth.login', 'auth.logout', 'auth.setup', 'auth.changePassword']);

onCallDone((channel) => {
  if (SIGN_IN_OUT.has(channel)) queryClient.clear();
  else if (!READS.has(channel)) {
    const domain = domainOf(channel);
    void queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith(domain) });
  }
});
window.addEventListener(SESSION_ENDED, () => queryClient.clear());

/**
 * Loads a channel's data and reloads when the input changes (compared by value). While another input
 * loads, the previous answer stays on screen.
 */
export function useQuery<C extends Channel>(channel: C, input: Input<C>, enabled = true): QueryState<Output<C>> {
  const key = JSON.stringify(input);
  const query = useCachedQuery(
    {
      queryKey: [channel, key],
      queryFn: () => request(channel, JSON.parse(key) as Input<C>),
      enabled,
      placeholderData: keepPreviousData,
    },
    queryClient,
  );
  const { refetch } = query;
  // A reload after the page's own write joins the refresh the write already started.
  const reload = useCallback(() => {
    if (enabled) void refetch({ cancelRefetch: false });
  }, [enabled, refetch]);
  const error = query.error === null ? null : query.error instanceof ApiError ? query.error : new ApiError({ code: 'INTERNAL', message: String(query.error) });
  return { data: query.data as Output<C> | undefined, error, loading: enabled && query.isFetching, reload };
}

/**
 * How long a search box waits after the last keystroke before asking: every list answers in a few
 * milliseconds, so the wait is most of what a search costs the user (250 ms made each search miss 300 ms).
 */
export const SEARCH_DEBOUNCE_MS = 120;

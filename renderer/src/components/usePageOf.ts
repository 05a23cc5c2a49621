import { useState } from 'react';

/**
 * A pager's page that belongs to what it pages: when `of` changes (another facility, filter or day), the
 * page is 1 again, without a request for the old page number first. `of` is compared by identity, so a
 * set of filters is passed as one string.
 */
export function usePageOf(of: unknown): [number, (page: number) => void] {
  const [paging, setPaging] = useState<{ of: unknown; page: number }>({ of, page: 1 });
  return [paging.of === of ? paging.page : 1, (page: number) => setPaging({ of, page })];
}

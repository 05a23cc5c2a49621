import { useState } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Paging by keyset for lists of millions of rows: each page asks for the rows after the last one shown,
 * so a deep page costs what the first does (OFFSET would skip every earlier row again). The anchors of
 * the pages passed are kept, so 上一页 goes back exactly; there is no jump to page N, and search is
 * how a user reaches one person.
 */
export function useKeyset<A>() {
  const [trail, setTrail] = useState<A[]>([]);
  return {
    /** The anchor to ask for (undefined on the first page). */
    after: trail[trail.length - 1],
    /** 1-based. */
    page: trail.length + 1,
    next: (anchor: A) => setTrail((t) => [...t, anchor]),
    previous: () => setTrail((t) => t.slice(0, -1)),
    first: () => setTrail([]),
  };
}

export function KeysetPager(props: {
  page: number;
  pageSize: number;
  /** null while it is being counted. */
  total: number | null;
  hasNext: boolean;
  onFirst: () => void;
  onPrevious: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const { page, pageSize, total, hasNext } = props;
  const pages = total === null ? null : Math.max(1, Math.ceil(total / pageSize));
  return (
    <Group justify="space-between" data-testid="keyset-pager">
      <Text size="sm" c="dimmed">
        {total === null ? t('common.counting') : t('common.total', { count: total })}
      </Text>
      <Group gap="xs">
        <Button size="xs" variant="default" disabled={page === 1} onClick={props.onFirst}>{t('common.firstPage')}</Button>
        <Button size="xs" variant="default" disabled={page === 1} onClick={props.onPrevious}>{t('common.previousPage')}</Button>
        <Text size="sm" aria-live="polite">{pages === null ? t('common.pageN', { page }) : t('common.pageOf', { page, pages })}</Text>
        <Button size="xs" variant="default" disabled={!hasNext} onClick={props.onNext}>{t('common.nextPage')}</Button>
      </Group>
    </Group>
  );
}

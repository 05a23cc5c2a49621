import { useState } from 'react';
import { Group, Pagination, Stack, Table, Text } from '@mantine/core';
import { beijingTime } from '../../../shared/domain/calendar';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/hooks';
import { useSession } from '../features/auth/session';

/**
 * Who changed what and when, newest first, for one record or for everything, a page at a time (the whole
 * log grows by an entry per change and is never cut). Remount it (React `key`) to reload after a change.
 */
export function AuditTable(props: { entity?: string; entityId?: string; limit?: number }) {
  // The trail is the 安全审计员's to read (separated duties): other accounts do not see it at all.
  return useSession().can('auditLog') ? <AuditRows {...props} /> : null;
}

function AuditRows({ entity, entityId, limit = 50 }: { entity?: string; entityId?: string; limit?: number }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const audit = useQuery('audit.list', { entity, entityId, limit, offset: (page - 1) * limit });
  const rows = audit.data?.rows ?? [];
  const total = audit.data?.total ?? 0;
  if (audit.data && total === 0) return <Text c="dimmed">{t('common.noData')}</Text>;
  return (
    <Stack gap="xs">
      <Table striped withTableBorder data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings.when')}</Table.Th>
            <Table.Th>{t('settings.who')}</Table.Th>
            <Table.Th>{t('settings.what')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{beijingTime(r.at)}</Table.Td>
              <Table.Td>{r.actorName}</Table.Td>
              <Table.Td>{r.summary ?? r.action}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {total > limit && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed" data-testid="audit-total">
            {t('settings.auditTotal', { total, from: (page - 1) * limit + 1, to: (page - 1) * limit + rows.length })}
          </Text>
          <Pagination size="sm" total={Math.ceil(total / limit)} value={page} onChange={setPage} data-testid="audit-pages" />
        </Group>
      )}
    </Stack>
  );
}

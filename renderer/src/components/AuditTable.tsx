import { Table, Text } from '@mantine/core';
import { format, parseISO } from 'date-fns';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/hooks';

/** Who changed what and when, newest first, for one record or for everything. */
/** Remount it (React `key`) to reload after a change. */
export function AuditTable({ entity, entityId, limit = 50 }: { entity?: string; entityId?: string; limit?: number }) {
  const { t } = useTranslation();
  const audit = useQuery('audit.list', { entity, entityId, limit, offset: 0 });
  const rows = audit.data?.rows ?? [];
  if (audit.data && rows.length === 0) return <Text c="dimmed">{t('common.noData')}</Text>;
  return (
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
            <Table.Td>{format(parseISO(r.at), 'yyyy-MM-dd HH:mm:ss')}</Table.Td>
            <Table.Td>{r.actorName}</Table.Td>
            <Table.Td>
              {r.summary ?? r.action}
              {r.action === 'facility.update' && r.after ? (
                <Text size="xs" c="dimmed">
                  {t('settings.changed', { fields: Object.keys(r.after as object).map((k) => t(`settings.facilityFields.${k}`, { defaultValue: k })).join('、') })}
                </Text>
              ) : null}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

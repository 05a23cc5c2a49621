import { useEffect, useState } from 'react';
import { Alert, Anchor, Drawer, Loader, Pagination, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FACILITY_KINDS, FACILITY_STATUSES } from '../../../../shared/domain/facility';
import { useQuery } from '../../api/hooks';
import { formatValue, valueOf } from './format';
import type { DrillTarget } from './IndicatorTable';

const dash = (n: number | null) => (n === null ? '—' : n.toLocaleString('zh-CN'));
const PAGE = 50;

/** The facilities behind one number: what each contributes to the numerator and the denominator. */
export function DrillDrawer({ asOf, target, onClose }: { asOf: string; target: DrillTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const drill = useQuery(
    'indicators.drill',
    { asOf, areaCode: target?.row.areaCode ?? '110000', indicatorId: target?.def.id ?? 'eldercare_beds' },
    target !== null,
  );
  const rows = drill.data?.rows ?? [];
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [target]);
  const shown = rows.slice((page - 1) * PAGE, page * PAGE);
  const value = target ? formatValue(valueOf(target.row, target.def.id), target.def) : null;
  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={target ? t('indicators.drill.title', { area: target.row.areaName, indicator: target.def.name }) : ''}
    >
      {target && (
        <Stack data-testid="drill-drawer">
          <Text size="sm">{t('indicators.drill.value', { value: value ?? t('indicators.table.missing') })}</Text>
          <Text size="xs" c="dimmed">{t('indicators.drill.formula', { formula: target.def.formula })}</Text>
          {drill.loading && <Loader size="sm" />}
          {drill.error && <Alert color="red">{drill.error.message}</Alert>}
          {drill.data && rows.length === 0 && <Text c="dimmed">{t('indicators.drill.none')}</Text>}
          {rows.length > 0 && (
            <>
              <Text size="sm">{t('indicators.drill.total', { count: rows.length })}</Text>
              <Table striped withTableBorder data-testid="drill-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('indicators.drill.facility')}</Table.Th>
                    <Table.Th>{t('indicators.drill.kind')}</Table.Th>
                    <Table.Th>{t('indicators.drill.status')}</Table.Th>
                    <Table.Th style={{ textAlign: 'right' }}>{t('indicators.drill.numerator')}</Table.Th>
                    <Table.Th style={{ textAlign: 'right' }}>{t('indicators.drill.denominator')}</Table.Th>
                    <Table.Th style={{ textAlign: 'right' }}>{t('indicators.drill.approvedBeds')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((r) => (
                    <Table.Tr key={r.facilityId}>
                      <Table.Td>
                        <Anchor component={Link} to={`/facilities/${r.facilityId}`} onClick={onClose}>
                          {r.facilityName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{FACILITY_KINDS[r.kind]}</Table.Td>
                      <Table.Td>{FACILITY_STATUSES[r.status]}</Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>{dash(r.numerator)}</Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>{dash(r.denominator)}</Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>{dash(r.approvedBeds)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {rows.length > PAGE && <Pagination total={Math.ceil(rows.length / PAGE)} value={page} onChange={setPage} />}
            </>
          )}
        </Stack>
      )}
    </Drawer>
  );
}

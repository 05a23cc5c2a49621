import { Alert, Anchor, Drawer, Loader, Pagination, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FACILITY_KINDS, FACILITY_STATUSES } from '../../../../shared/domain/facility';
import { useQuery } from '../../api/hooks';
import { usePageOf } from '../../components/usePageOf';
import { formatValue, valueOf } from './format';
import type { DrillTarget } from './IndicatorTable';

const dash = (n: number | null) => (n === null ? '—' : n.toLocaleString('zh-CN'));
const PAGE = 50;

/** The facilities behind one number: what each contributes to the numerator and the denominator. */
export function DrillDrawer({ asOf, target, onClose }: { asOf: string; target: DrillTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  // Another figure opens at its first page.
  const [page, setPage] = usePageOf(target);
  // Only the page shown travels: a city's figure stands on 2,000 facilities.
  const drill = useQuery(
    'indicators.drillPage',
    { asOf, areaCode: target?.row.areaCode ?? '110000', indicatorId: target?.def.id ?? 'eldercare_beds', offset: (page - 1) * PAGE, limit: PAGE },
    target !== null,
  );
  const shown = drill.data?.rows ?? [];
  const total = drill.data?.total ?? 0;
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
          {drill.data && total === 0 && <Text c="dimmed">{t('indicators.drill.none')}</Text>}
          {total > 0 && (
            <>
              <Text size="sm">{t('indicators.drill.total', { count: total })}</Text>
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
              {total > PAGE && <Pagination total={Math.ceil(total / PAGE)} value={page} onChange={setPage} />}
            </>
          )}
        </Stack>
      )}
    </Drawer>
  );
}

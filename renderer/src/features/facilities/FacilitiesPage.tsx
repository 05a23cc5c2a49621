import { memo, useState } from 'react';
import { Badge, Button, Group, Pagination, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { FacilityRow } from '../../../../shared/contract';
import { FACILITY_KINDS, FACILITY_STATUSES, OWNERSHIPS, type FacilityKind, type FacilityStatus } from '../../../../shared/domain/facility';
import { SEARCH_DEBOUNCE_MS, useQuery } from '../../api/hooks';
import { optionsOf } from '../../components/labels';
import { AreaSelect, useAreaOptions } from '../../components/AreaSelect';
import { FacilityForm } from './FacilityForm';
import { ImportDialog } from '../imports/ImportDialog';
import { ExchangeImportDialog } from '../exchange/ExchangeImportDialog';
import { FirstStartGuide } from './FirstStartGuide';

const PAGE = 50;
export const STATUS_COLORS: Record<FacilityStatus, string> = { preparing: 'gray', operating: 'teal', suspended: 'orange', closed: 'red' };

const NO_ROWS: FacilityRow[] = [];

/**
 * A page of the list. Memoised on its rows: a keystroke in the search box, the wait before asking and
 * the request in flight render the page but not its 50 rows, which stay on screen until the new ones come.
 */
const FacilityRows = memo(function FacilityRows({ rows }: { rows: FacilityRow[] }) {
  const { t } = useTranslation();
  return (
    <Table.Tbody>
      {rows.map((f) => (
        <Table.Tr key={f.id}>
          <Table.Td><Link to={`/facilities/${f.id}`}>{f.name}</Link></Table.Td>
          <Table.Td>{FACILITY_KINDS[f.kind]}</Table.Td>
          <Table.Td>{f.areaCode === f.districtCode ? f.districtName : `${f.districtName} · ${f.areaName}`}</Table.Td>
          <Table.Td>{OWNERSHIPS[f.ownership]}</Table.Td>
          <Table.Td><Badge color={STATUS_COLORS[f.status]} variant="light">{FACILITY_STATUSES[f.status]}</Badge></Table.Td>
          <Table.Td>{f.approvedBeds ?? t('common.unknown')}</Table.Td>
          <Table.Td>{f.openedOn ?? ''}</Table.Td>
        </Table.Tr>
      ))}
    </Table.Tbody>
  );
});

export function FacilitiesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const [districtCode, setDistrict] = useState<string | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [declarationsOpen, setDeclarationsOpen] = useState(false);
  const [exchangeOpen, setExchangeOpen] = useState(false);
  const districts = useQuery('areas.list', { level: 'district' });
  const districtOptions = useAreaOptions(districts.data);
  const list = useQuery('facilities.list', {
    search: debounced || undefined,
    districtCode: districtCode ?? undefined,
    kind: (kind ?? undefined) as FacilityKind | undefined,
    status: (status ?? undefined) as FacilityStatus | undefined,
    offset: (page - 1) * PAGE,
    limit: PAGE,
  });
  const total = list.data?.total ?? 0;
  // Nothing registered at all (not merely nothing matching the filters): the first-start guide.
  const unfiltered = !debounced && !districtCode && !kind && !status;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('facilities.title')}</Title>
        <Group>
          <Button variant="light" onClick={() => setExchangeOpen(true)} data-testid="exchange-open">{t('exchange.import')}</Button>
          <Button variant="light" onClick={() => setImportOpen(true)}>{t('facilities.import')}</Button>
          <Button variant="light" onClick={() => setDeclarationsOpen(true)} data-testid="declarations-import-open">{t('declarations.import')}</Button>
          <Button onClick={() => setFormOpen(true)}>{t('facilities.add')}</Button>
        </Group>
      </Group>
      <Group align="flex-end">
        <TextInput
          label={t('common.search')}
          placeholder={t('facilities.searchPlaceholder')}
          value={search}
          onChange={(e) => { setSearch(e.currentTarget.value); setPage(1); }}
          w={320}
        />
        <AreaSelect label={t('facilities.district')} placeholder={t('common.all')} clearable data={districtOptions} value={districtCode} onChange={(v) => { setDistrict(v); setPage(1); }} />
        <Select label={t('facilities.kind')} placeholder={t('common.all')} clearable data={optionsOf(FACILITY_KINDS)} value={kind} onChange={(v) => { setKind(v); setPage(1); }} />
        <Select label={t('facilities.status')} placeholder={t('common.all')} clearable data={optionsOf(FACILITY_STATUSES)} value={status} onChange={(v) => { setStatus(v); setPage(1); }} />
      </Group>
      <Table striped highlightOnHover withTableBorder data-testid="facility-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('facilities.name')}</Table.Th>
            <Table.Th>{t('facilities.kind')}</Table.Th>
            <Table.Th>{t('facilities.areaName')}</Table.Th>
            <Table.Th>{t('facilities.ownership')}</Table.Th>
            <Table.Th>{t('facilities.status')}</Table.Th>
            <Table.Th>{t('facilities.approvedBeds')}</Table.Th>
            <Table.Th>{t('facilities.openedOn')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <FacilityRows rows={list.data?.rows ?? NO_ROWS} />
      </Table>
      {list.data && list.data.rows.length === 0 && (unfiltered ? <FirstStartGuide onAdd={() => setFormOpen(true)} onImport={() => setImportOpen(true)} /> : <Text c="dimmed">{t('common.noData')}</Text>)}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">{t('common.total', { count: total })}</Text>
        <Pagination total={Math.max(1, Math.ceil(total / PAGE))} value={page} onChange={setPage} />
      </Group>
      <FacilityForm opened={formOpen} onClose={() => setFormOpen(false)} onSaved={(f) => navigate(`/facilities/${f.id}`)} />
      <ImportDialog kind="facilities" title={t('facilities.title')} opened={importOpen} onClose={() => setImportOpen(false)} onDone={list.reload} />
      <ImportDialog kind="bed-declarations" title={t('declarations.title')} opened={declarationsOpen} onClose={() => setDeclarationsOpen(false)} onDone={list.reload} />
      <ExchangeImportDialog opened={exchangeOpen} onClose={() => setExchangeOpen(false)} onDone={list.reload} />
    </Stack>
  );
}

import { memo, useState } from 'react';
import { Badge, Button, Group, Pagination, SegmentedControl, Select, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { ElderRow, WaitingApplicationRow } from '../../../../shared/contract';
import { DISCHARGE_REASONS, FEE_CLASSES } from '../../../../shared/domain/stays';
import { ABILITY_LEVELS } from '../../../../shared/domain/assessment';
import { BED_CATEGORIES } from '../../../../shared/domain/beds';
import { ELDER_CATEGORIES, type ElderCategory } from '../../../../shared/domain/waitingPriority';
import { SEARCH_DEBOUNCE_MS, useQuery } from '../../api/hooks';
import { KeysetPager, useKeyset } from '../../components/KeysetPager';
import { usePageOf } from '../../components/usePageOf';
import { optionsOf } from '../../components/labels';
import { ImportDialog } from '../imports/ImportDialog';
import { ElderForm } from './ElderForm';
import { FacilitySelect } from './common';
import { usePageFacility } from '../../components/currentFacility';
import { NoFacilityYet } from '../beds/NoFacilityYet';
import { AdmitDialog, WithdrawDialog } from './StayDialogs';
import { isIsoDay } from '../../../../shared/domain/calendar';
import { TekunListCard } from '../staff/TekunNeedCard';
import { DateField } from '../../components/DateField';

const PAGE = 50;
const NO_ROWS: ElderRow[] = [];

/**
 * A page of the list. Memoised on its rows: a keystroke in the search box, the wait before asking and
 * the request in flight render the page but not its 50 rows, which stay on screen until the new ones come.
 */
const ElderRows = memo(function ElderRows({ rows }: { rows: ElderRow[] }) {
  const { t } = useTranslation();
  return (
    <Table.Tbody>
      {rows.map((e) => (
        <Table.Tr key={e.id}>
          <Table.Td>
            <Link to={`/elders/${e.id}`}>{e.name}</Link>
            {e.diedOn && <Badge ml={4} size="xs" color="gray" data-testid="elder-row-deceased">{t('elders.deceasedTag')}</Badge>}
          </Table.Td>
          <Table.Td>{e.idNumberMasked}</Table.Td>
          <Table.Td>{e.sex === 'M' ? t('elders.sexM') : t('elders.sexF')}</Table.Td>
          <Table.Td>
            {e.diedOn ? t('elders.ageAtDeath', { age: e.age }) : e.age}
            {e.advancedAge && !e.diedOn && <Badge ml={4} size="xs">{t('elders.advancedAge')}</Badge>}
          </Table.Td>
          <Table.Td>{e.categories.map((c) => ELDER_CATEGORIES[c]).join('、')}</Table.Td>
          <Table.Td>{e.latestLevel ? ABILITY_LEVELS[e.latestLevel] : t('elders.notAssessed')}</Table.Td>
          <Table.Td>
            {e.placement
              ? `${e.placement.facilityName} ${e.placement.bedLabel}`
              : e.diedOn
                ? t('elders.deceased', { date: e.diedOn })
                : e.hasFamilyBed
                  ? t('elders.familyBedTag')
                  : t('elders.notAdmitted')}
            {e.placement?.onLeave && <Badge ml={4} size="xs" color="orange">{t('elders.onLeaveTag')}</Badge>}
          </Table.Td>
        </Table.Tr>
      ))}
    </Table.Tbody>
  );
});

function ElderList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const [category, setCategory] = useState<string | null>(null);
  const pager = useKeyset<{ name: string; id: string }>();
  const [formOpen, setFormOpen] = useState(false);
  const [importKind, setImportKind] = useState<'elders' | 'stays' | 'family-beds' | null>(null);
  const filter = { search: debounced || undefined, category: (category ?? undefined) as ElderCategory | undefined };
  // The page is asked for first (the core answers in order); the count, which reads millions of index
  // entries nationally, follows, once per filter rather than once per page.
  const list = useQuery('elders.list', { ...filter, after: pager.after, limit: PAGE, withTotal: false });
  const count = useQuery('elders.count', filter);
  const rows = list.data?.rows ?? NO_ROWS;
  const last = rows[rows.length - 1];
  const reload = () => {
    count.reload();
    list.reload();
  };
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <TextInput label={t('common.search')} placeholder={t('elders.searchPlaceholder')} value={search} onChange={(e) => { setSearch(e.currentTarget.value); pager.first(); }} w={280} />
          <Select label={t('elders.categories')} placeholder={t('common.all')} clearable data={optionsOf(ELDER_CATEGORIES)} value={category} onChange={(v) => { setCategory(v); pager.first(); }} />
        </Group>
        <Group>
          <Button variant="light" onClick={() => setImportKind('elders')}>{t('elders.importElders')}</Button>
          <Button variant="light" onClick={() => setImportKind('stays')}>{t('elders.importStays')}</Button>
          <Button variant="light" onClick={() => setImportKind('family-beds')}>{t('elders.importFamilyBeds')}</Button>
          <Button onClick={() => setFormOpen(true)}>{t('elders.register')}</Button>
        </Group>
      </Group>
      <Table striped highlightOnHover withTableBorder data-testid="elder-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('elders.name')}</Table.Th>
            <Table.Th>{t('elders.idNumberMasked')}</Table.Th>
            <Table.Th>{t('elders.sex')}</Table.Th>
            <Table.Th>{t('elders.age')}</Table.Th>
            <Table.Th>{t('elders.categories')}</Table.Th>
            <Table.Th>{t('elders.level')}</Table.Th>
            <Table.Th>{t('elders.placement')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <ElderRows rows={rows} />
      </Table>
      {list.data && rows.length === 0 && <Text c="dimmed">{t('common.noData')}</Text>}
      <KeysetPager
        page={pager.page}
        pageSize={PAGE}
        total={count.data?.total ?? null}
        hasNext={rows.length === PAGE && (count.data === undefined || pager.page * PAGE < count.data.total)}
        onFirst={pager.first}
        onPrevious={pager.previous}
        onNext={() => last && pager.next({ name: last.name, id: last.id })}
      />
      <ElderForm opened={formOpen} onClose={() => setFormOpen(false)} onSaved={(e) => navigate(`/elders/${e.id}`)} />
      {importKind && (
        <ImportDialog
          kind={importKind}
          title={importKind === 'elders' ? t('elders.importEldersTitle') : importKind === 'stays' ? t('elders.importStaysTitle') : t('elders.importFamilyBedsTitle')}
          opened
          onClose={() => setImportKind(null)}
          onDone={reload}
        />
      )}
    </Stack>
  );
}

function WaitingTab({ facilityId, onCreated }: { facilityId: string | null; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const [page, setPage] = usePageOf(facilityId);
  const [admitFor, setAdmitFor] = useState<WaitingApplicationRow | null>(null);
  const [withdraw, setWithdraw] = useState<WaitingApplicationRow | null>(null);
  const list = useQuery('waiting.list', { facilityId: facilityId ?? '', offset: (page - 1) * PAGE, limit: PAGE }, !!facilityId);
  // The plan's binding row: every 特困 person with the need and no bed is named here, whatever the facility.
  if (!facilityId) {
    return (
      <Stack>
        <TekunListCard unplacedFirst />
        <NoFacilityYet chooseHint={t('elders.waiting.chooseFacility')} onCreated={onCreated} />
      </Stack>
    );
  }
  const data = list.data;
  return (
    <Stack>
      <TekunListCard unplacedFirst />
      {data && (
        <Text size="sm" c="dimmed">
          {t('elders.waiting.rules', { groups: data.groups.map((g) => `${g.group}. ${g.label}`).join('；') })}
          {!data.rulesAreDefault && t('elders.waiting.rulesCustom')}
        </Text>
      )}
      {/* One line per application at 1366 px: every column but the reason keeps to its width; the reason wraps. */}
      <Table withTableBorder striped data-testid="waiting-table" style={{ whiteSpace: 'nowrap' }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('elders.waiting.position')}</Table.Th>
            <Table.Th>{t('elders.name')}</Table.Th>
            <Table.Th>{t('elders.idNumberMasked')}</Table.Th>
            <Table.Th>{t('elders.waiting.group')}</Table.Th>
            <Table.Th style={{ whiteSpace: 'normal' }}>{t('elders.waiting.reason')}</Table.Th>
            <Table.Th>{t('elders.waiting.appliedOn')}</Table.Th>
            <Table.Th>{t('elders.waiting.requestedCategory')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(data?.page.rows ?? []).map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.position ? t('elders.waiting.positionValue', { position: a.position }) : ''}</Table.Td>
              <Table.Td><Link to={`/elders/${a.elderId}`}>{a.elderName}</Link></Table.Td>
              <Table.Td>{a.idNumberMasked}</Table.Td>
              <Table.Td>{a.groupLabel}</Table.Td>
              <Table.Td style={{ whiteSpace: 'normal', minWidth: 220 }}>{a.priorityReason}</Table.Td>
              <Table.Td>{a.appliedOn}</Table.Td>
              <Table.Td>{BED_CATEGORIES[a.requestedCategory]}{a.requestedNursing ? ' · 护理型' : ''}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" onClick={() => setAdmitFor(a)}>{t('elders.waiting.admit')}</Button>
                  <Button size="xs" variant="subtle" color="red" onClick={() => setWithdraw(a)}>{t('elders.waiting.withdraw')}</Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {data && data.page.rows.length === 0 && <Text c="dimmed">{t('elders.waiting.empty')}</Text>}
      <Pagination total={Math.max(1, Math.ceil((data?.page.total ?? 0) / PAGE))} value={page} onChange={setPage} />
      {admitFor && (
        <AdmitDialog opened onClose={() => setAdmitFor(null)} elderId={admitFor.elderId} elderName={admitFor.elderName} facilityId={facilityId} application={admitFor} onDone={list.reload} />
      )}
      {withdraw && <WithdrawDialog opened onClose={() => setWithdraw(null)} application={withdraw} onDone={list.reload} />}
    </Stack>
  );
}

function ResidentsTab({ facilityId, onCreated }: { facilityId: string | null; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const [which, setWhich] = useState<'current' | 'past'>('current');
  const [asOf, setAsOf] = useState('');
  const [page, setPage] = usePageOf(JSON.stringify([facilityId, which, asOf]));
  const enabled = !!facilityId && (asOf === '' || isIsoDay(asOf));
  const list = useQuery('stays.residents', { facilityId: facilityId ?? '', which, asOf: asOf || null, offset: (page - 1) * PAGE, limit: PAGE }, enabled);
  const occ = useQuery('stays.occupancy', { facilityId: facilityId ?? undefined, asOf: asOf || null }, enabled);
  if (!facilityId) return <NoFacilityYet chooseHint={t('elders.waiting.chooseFacility')} onCreated={onCreated} />;
  return (
    <Stack>
      <Group align="flex-end">
        <SegmentedControl value={which} onChange={(v) => setWhich(v as 'current')} data={[{ value: 'current', label: t('elders.stays.residentsCurrent') }, { value: 'past', label: t('elders.stays.residentsPast') }]} />
        <DateField label={t('elders.asOf')} description={t('elders.asOfHint')} value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} />
      </Group>
      {occ.data && (
        <Text size="sm" data-testid="occupancy-summary">
          {t('elders.stays.residents', { count: occ.data.residents })} · {t('elders.stays.inBed', { count: occ.data.inBed })} · {t('elders.stays.onLeave', { count: occ.data.onLeave })} ·{' '}
          {t('elders.stays.occupancy', { total: occ.data.beds.total, occupied: occ.data.beds.byState.occupied, onLeave: occ.data.beds.byState.on_leave, free: occ.data.beds.free })} ·{' '}
          {t('elders.stays.familyCount', { count: occ.data.familyCareBeds })}
        </Text>
      )}
      <Table withTableBorder striped data-testid="resident-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('elders.name')}</Table.Th>
            <Table.Th>{t('elders.idNumberMasked')}</Table.Th>
            <Table.Th>{t('elders.stays.bed')}</Table.Th>
            <Table.Th>{t('elders.stays.admittedOn')}</Table.Th>
            <Table.Th>{t('elders.stays.dischargeOn')}</Table.Th>
            <Table.Th>{t('elders.stays.feeClass')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data?.rows ?? []).map((r) => (
            <Table.Tr key={r.admissionId}>
              <Table.Td><Link to={`/elders/${r.elderId}`}>{r.elderName}</Link></Table.Td>
              <Table.Td>{r.idNumberMasked}</Table.Td>
              <Table.Td>{r.bedLabel}{r.onLeave && <Badge ml={4} size="xs" color="orange">{t('elders.onLeaveTag')}</Badge>}</Table.Td>
              <Table.Td>{r.admittedOn}</Table.Td>
              <Table.Td>{r.dischargedOn ? `${r.dischargedOn} ${r.dischargeReason ? DISCHARGE_REASONS[r.dischargeReason] : ''}` : ''}</Table.Td>
              <Table.Td>{FEE_CLASSES[r.feeClass]}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Pagination total={Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE))} value={page} onChange={setPage} />
    </Stack>
  );
}

function FamilyBedsTab() {
  const { t } = useTranslation();
  const [asOf, setAsOf] = useState('');
  const [page, setPage] = usePageOf(asOf);
  const valid = asOf === '' || isIsoDay(asOf);
  const list = useQuery('familyBeds.list', { asOf: asOf || null, offset: (page - 1) * PAGE, limit: PAGE }, valid);
  const count = useQuery('familyBeds.count', { asOf: asOf || null }, valid);
  return (
    <Stack>
      <Group align="flex-end">
        <DateField label={t('elders.asOf')} description={t('elders.asOfHint')} value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} />
        {count.data && <Text size="sm">{t('elders.familyBeds.count', { asOf: count.data.asOf, count: count.data.count })}</Text>}
      </Group>
      <Table withTableBorder striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('elders.name')}</Table.Th>
            <Table.Th>{t('elders.idNumberMasked')}</Table.Th>
            <Table.Th>{t('elders.familyBeds.provider')}</Table.Th>
            <Table.Th>{t('elders.familyBeds.address')}</Table.Th>
            <Table.Th>{t('elders.familyBeds.openedOn')}</Table.Th>
            <Table.Th>{t('elders.familyBeds.closedOn')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data?.rows ?? []).map((b) => (
            <Table.Tr key={b.id}>
              <Table.Td><Link to={`/elders/${b.elderId}`}>{b.elderName}</Link></Table.Td>
              <Table.Td>{b.idNumberMasked}</Table.Td>
              <Table.Td>{b.providerName}</Table.Td>
              <Table.Td>{b.areaName ?? b.areaCode} {b.address}</Table.Td>
              <Table.Td>{b.openedOn}</Table.Td>
              <Table.Td>{b.closedOn ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Pagination total={Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE))} value={page} onChange={setPage} />
    </Stack>
  );
}

export function EldersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'elders';
  const [facilityId, chooseFacility] = usePageFacility();
  return (
    <Stack>
      <Title order={2}>{t('elders.title')}</Title>
      <Tabs value={tab} onChange={(v) => setParams((p) => { p.set('tab', v ?? 'elders'); return p; })}>
        <Tabs.List>
          <Tabs.Tab value="elders">{t('elders.tabElders')}</Tabs.Tab>
          <Tabs.Tab value="waiting">{t('elders.tabWaiting')}</Tabs.Tab>
          <Tabs.Tab value="residents">{t('elders.tabResidents')}</Tabs.Tab>
          <Tabs.Tab value="family">{t('elders.tabFamilyBeds')}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {/* Keyed: a switch made in the header shows its name here too, not the search text of the last pick. */}
      {(tab === 'waiting' || tab === 'residents') && <FacilitySelect key={facilityId} value={facilityId} onChange={(id) => { if (id) chooseFacility(id); }} />}
      {tab === 'elders' && <ElderList />}
      {tab === 'waiting' && <WaitingTab facilityId={facilityId} onCreated={chooseFacility} />}
      {tab === 'residents' && <ResidentsTab facilityId={facilityId} onCreated={chooseFacility} />}
      {tab === 'family' && <FamilyBedsTab />}
    </Stack>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Anchor, Button, Card, Group, Pagination, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useIdle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { BedBoard, BedCounts } from '../../../../shared/contract';
import { BED_CATEGORIES, BED_STATES, BED_ZONES, percentOf } from '../../../../shared/domain/beds';
import { SEARCH_DEBOUNCE_MS, useQuery } from '../../api/hooks';
import { optionsOf } from '../../components/labels';
import { AreaSelect, useAreaOptions } from '../../components/AreaSelect';
import { ImportDialog } from '../imports/ImportDialog';
import { BedBoardView } from './BedBoardView';
import { NO_FILTERS, bedMatches, isFiltered, useBoardFilters, type BoardFilters } from './boardFilters';
import { BulkCreateDialog } from './BulkCreateDialog';
import { BedDrawer } from './BedDrawer';
import { RoomDialog } from './RoomDialog';
import { isIsoDay } from '../../../../shared/domain/calendar';
import { useCurrentFacility, usePageFacility } from '../../components/currentFacility';
import { NoFacilityYet } from './NoFacilityYet';
import { DateField } from '../../components/DateField';
import { usePageOf } from '../../components/usePageOf';

function Stat({ label, value, hint, testId }: { label: string; value: number; hint?: string; testId: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} size="xl" data-testid={testId}>{value}</Text>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </Card>
  );
}

function CountsBar({ counts }: { counts: BedCounts }) {
  const { t } = useTranslation();
  const share = (n: number) => {
    const p = percentOf(n, counts.total);
    return p === null ? t('beds.counts.shareUnknown') : t('beds.counts.share', { percent: p });
  };
  const diff = counts.approvedDifference;
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 4, lg: 8 }}>
        <Stat label={t('beds.counts.total')} value={counts.total} testId="count-total" />
        <Stat label={t('beds.counts.occupied')} value={counts.occupied} hint={share(counts.occupied)} testId="count-occupied" />
        <Stat label={t('beds.counts.free')} value={counts.free} testId="count-free" />
        <Stat label={t('beds.counts.onLeave')} value={counts.byState.on_leave} testId="count-on-leave" />
        <Stat label={t('beds.counts.reserved')} value={counts.byState.reserved} testId="count-reserved" />
        <Stat label={t('beds.counts.outOfService')} value={counts.byState.out_of_service} testId="count-out" />
        <Stat label={t('beds.counts.nursing')} value={counts.nursing} hint={share(counts.nursing)} testId="count-nursing" />
        <Stat label={t('beds.counts.reserve')} value={counts.reserve} hint={share(counts.reserve)} testId="count-reserve" />
      </SimpleGrid>
      {diff !== null && diff !== 0 && (
        <Alert color="orange" data-testid="approved-warning">
          {t('beds.approvedWarning', {
            total: counts.total,
            approved: counts.approved,
            diff: diff > 0 ? t('beds.approvedMore', { count: diff }) : t('beds.approvedLess', { count: -diff }),
          })}
        </Alert>
      )}
      {counts.approved === null && <Text size="sm" c="dimmed">{t('beds.approvedUnknown')}</Text>}
    </Stack>
  );
}

/** Facility picker that searches the paged list instead of loading every facility. */
function FacilityPicker({ value, label, onChange }: { value: string | null; label: string | null; onChange: (id: string | null, name: string | null) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const list = useQuery('facilities.list', { search: debounced && debounced !== label ? debounced : undefined, limit: 50 });
  const data = useMemo(() => {
    const rows = (list.data?.rows ?? []).map((f) => ({ value: f.id, label: f.name }));
    if (value && label && !rows.some((r) => r.value === value)) rows.unshift({ value, label });
    return rows;
  }, [list.data, value, label]);
  return (
    <Select
      label={t('beds.facility')}
      placeholder={t('beds.facilityPlaceholder')}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value}
      onChange={(id, option) => onChange(id, option?.label ?? null)}
      w={320}
      nothingFoundMessage={t('common.noData')}
    />
  );
}

function floorLabel(t: (k: string, o?: Record<string, unknown>) => string, floor: number) {
  return floor < 0 ? t('beds.basement', { floor: -floor }) : t('beds.floor', { floor });
}

/** 楼栋 / 楼层 / 状态 / 分区 / 护理类型 / 类别; the floors offered are those of the chosen building (or of all). */
function BoardFilterBar({ board, filters, onChange, shown }: { board: BedBoard; filters: BoardFilters; onChange: (c: Partial<BoardFilters>) => void; shown: number }) {
  const { t } = useTranslation();
  const buildings = useMemo(() => board.buildings.map((b) => ({ value: b.id, label: b.name })), [board.buildings]);
  const floors = useMemo(() => {
    const set = new Set<number>();
    for (const b of board.buildings) if (filters.building === null || b.id === filters.building) for (const f of b.floors) set.add(f.floor);
    return [...set].sort((a, b) => a - b).map((f) => ({ value: String(f), label: floorLabel(t, f) }));
  }, [board.buildings, filters.building, t]);
  return (
    <Group align="flex-end" data-testid="board-filters">
      <Select label={t('beds.filters.building')} placeholder={t('common.all')} clearable data={buildings} value={filters.building} onChange={(v) => onChange({ building: v, floor: null })} w={160} />
      <Select label={t('beds.filters.floor')} placeholder={t('common.all')} clearable data={floors} value={filters.floor === null ? null : String(filters.floor)} onChange={(v) => onChange({ floor: v === null ? null : Number(v) })} w={120} />
      <Select label={t('beds.filters.state')} placeholder={t('common.all')} clearable data={optionsOf(BED_STATES)} value={filters.state} onChange={(v) => onChange({ state: v as BoardFilters['state'] })} w={130} />
      <Select label={t('beds.filters.zone')} placeholder={t('common.all')} clearable data={optionsOf(BED_ZONES)} value={filters.zone} onChange={(v) => onChange({ zone: v })} w={130} />
      <Select
        label={t('beds.filters.nursing')}
        placeholder={t('common.all')}
        clearable
        data={[{ value: 'yes', label: t('beds.filters.nursingYes') }, { value: 'no', label: t('beds.filters.nursingNo') }]}
        value={filters.nursing}
        onChange={(v) => onChange({ nursing: v as BoardFilters['nursing'] })}
        w={130}
      />
      <Select label={t('beds.filters.category')} placeholder={t('common.all')} clearable data={optionsOf(BED_CATEGORIES)} value={filters.category} onChange={(v) => onChange({ category: v })} w={130} />
      {isFiltered(filters) && <Button variant="subtle" onClick={() => onChange(NO_FILTERS)}>{t('beds.filters.clear')}</Button>}
      <Text size="sm" c="dimmed" pb={6} data-testid="board-shown">{t('beds.filters.shown', { shown, total: board.counts.total })}</Text>
    </Group>
  );
}

function countBeds(board: BedBoard | undefined, filters: BoardFilters): number {
  if (!board) return 0;
  let n = 0;
  for (const b of board.buildings) {
    if (filters.building !== null && b.id !== filters.building) continue;
    for (const f of b.floors) {
      if (filters.floor !== null && f.floor !== filters.floor) continue;
      for (const r of f.rooms) for (const bed of r.beds) if (bedMatches(bed, filters)) n++;
    }
  }
  return n;
}

const BOARD_IDLE_MS = 5 * 60_000;
const BOARD_REFRESH_MS = 10_000;

function BoardTab() {
  const { t } = useTranslation();
  // The current facility (header switcher, last choice, or a link's ?facility=), followed while open.
  const [facilityId, chooseFacility] = usePageFacility();
  const [facilityName, setFacilityName] = useState<string | null>(null);
  const [asOf, setAsOf] = useState('');
  const [remembered, setFilters] = useBoardFilters(facilityId);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [openBed, setOpenBed] = useState<string | null>(null);
  const [openRoomId, setOpenRoomId] = useState<string | null>(null);
  // While a day is half typed, the board stays on the last whole one rather than asking with a broken date.
  const board = useQuery('beds.board', { facilityId: facilityId ?? '', asOf: asOf || null }, facilityId !== null && (asOf === '' || isIsoDay(asOf)));
  const data = board.data && board.data.facility.id === facilityId ? board.data : undefined;
  // Live: admissions and discharges are also made in other windows and by imports, so the board reads
  // again every 10 s while it is on screen (a board of 600 beds is one query of a few milliseconds).
  // It pauses after 5 minutes without a key or pointer: a board left alone must not keep the session alive
  // past the installation's idle logout (the next input resumes it, or shows the login).
  const reloadBoard = board.reload;
  const idle = useIdle(BOARD_IDLE_MS, { initialState: false });
  useEffect(() => {
    if (!facilityId || idle) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reloadBoard();
    }, BOARD_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [facilityId, reloadBoard, idle]);
  const onOpenBed = useCallback((id: string) => setOpenBed(id), []);
  const onOpenRoom = useCallback((id: string) => setOpenRoomId(id), []);
  const openRoom = useMemo(() => {
    for (const b of data?.buildings ?? []) for (const f of b.floors) for (const r of f.rooms) if (r.id === openRoomId) return r;
    return null;
  }, [data, openRoomId]);
  // A remembered building or floor the home no longer has would hide every bed behind a filter that
  // shows as empty: it counts as "all" until the user picks again.
  const filters = useMemo(() => {
    if (!data) return remembered;
    const building = remembered.building !== null && data.buildings.some((b) => b.id === remembered.building) ? remembered.building : null;
    const floorExists = data.buildings.some((b) => (building === null || b.id === building) && b.floors.some((f) => f.floor === remembered.floor));
    return { ...remembered, building, floor: floorExists ? remembered.floor : null };
  }, [data, remembered]);
  const shown = useMemo(() => countBeds(data, filters), [data, filters]);

  return (
    <Stack>
      <Group align="flex-end" justify="space-between">
        <Group align="flex-end">
          {/* Keyed: a switch made in the header shows its name here too, not the search text of the last pick. */}
          <FacilityPicker
            key={facilityId}
            value={facilityId}
            label={data?.facility.name ?? facilityName}
            onChange={(id, name) => {
              setFacilityName(name);
              if (id) chooseFacility(id);
            }}
          />
          <DateField label={t('beds.asOf')} description={t('beds.asOfHint')} value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} />
        </Group>
        <Group>
          <Button variant="light" onClick={() => setImportOpen(true)}>{t('beds.import')}</Button>
          <Button onClick={() => setBulkOpen(true)} disabled={!facilityId}>{t('beds.bulkCreate')}</Button>
        </Group>
      </Group>
      {board.error && <Alert color="red">{board.error.message}</Alert>}
      {!facilityId && <NoFacilityYet chooseHint={t('beds.chooseFacility')} onCreated={chooseFacility} />}
      {data && (
        <>
          <Title order={3} data-testid="board-title">{data.facility.name}</Title>
          <CountsBar counts={data.counts} />
          <BoardFilterBar board={data} filters={filters} onChange={setFilters} shown={shown} />
          <BedBoardView board={data} filters={filters} onOpenBed={onOpenBed} onOpenRoom={onOpenRoom} />
        </>
      )}
      {facilityId && (
        <BulkCreateDialog
          facilityId={facilityId}
          buildings={data?.buildings ?? []}
          opened={bulkOpen}
          onClose={() => setBulkOpen(false)}
          onDone={board.reload}
        />
      )}
      <RoomDialog room={openRoom} opened={openRoom !== null} onClose={() => setOpenRoomId(null)} onDone={board.reload} />
      <BedDrawer bedId={openBed} asOf={asOf || null} onClose={() => setOpenBed(null)} onChanged={board.reload} />
      <ImportDialog kind="beds" title={t('beds.importTitle')} opened={importOpen} onClose={() => setImportOpen(false)} onDone={board.reload} />
    </Stack>
  );
}

const PAGE = 50;

/** The bureau's table: every facility's counts on a date, paged, by district. */
function SummaryTab({ onOpenBoard }: { onOpenBoard: (id: string) => void }) {
  const { t } = useTranslation();
  const [districtCode, setDistrict] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const [asOf, setAsOf] = useState('');
  const [page, setPage] = usePageOf(JSON.stringify([districtCode, search, asOf]));
  const districts = useQuery('areas.list', { level: 'district' });
  const districtOptions = useAreaOptions(districts.data);
  const list = useQuery('beds.summary', { districtCode: districtCode ?? undefined, search: debounced || undefined, asOf: asOf || null, offset: (page - 1) * PAGE, limit: PAGE }, asOf === '' || isIsoDay(asOf));
  const area = useQuery('beds.counts', { areaCode: districtCode ?? undefined, asOf: asOf || null });
  const total = list.data?.total ?? 0;
  return (
    <Stack>
      <Group align="flex-end">
        <AreaSelect label={t('beds.summary.district')} placeholder={t('common.all')} clearable data={districtOptions} value={districtCode} onChange={setDistrict} />
        <TextInput label={t('beds.summary.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        <DateField label={t('beds.asOf')} description={t('beds.asOfHint')} value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} />
      </Group>
      {area.data && <CountsBar counts={area.data} />}
      <Table striped withTableBorder highlightOnHover data-testid="bed-summary-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('beds.summary.facility')}</Table.Th>
            <Table.Th>{t('beds.summary.district')}</Table.Th>
            <Table.Th>{t('beds.summary.total')}</Table.Th>
            <Table.Th>{t('beds.summary.approved')}</Table.Th>
            <Table.Th>{t('beds.summary.difference')}</Table.Th>
            <Table.Th>{t('beds.summary.longTerm')}</Table.Th>
            <Table.Th>{t('beds.summary.shortTerm')}</Table.Th>
            <Table.Th>{t('beds.summary.nursing')}</Table.Th>
            <Table.Th>{t('beds.summary.reserve')}</Table.Th>
            <Table.Th>{t('beds.summary.occupied')}</Table.Th>
            <Table.Th>{t('beds.summary.free')}</Table.Th>
            <Table.Th>{t('beds.summary.outOfService')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data?.rows ?? []).map((r) => (
            <Table.Tr key={r.facilityId}>
              <Table.Td><Anchor component="button" onClick={() => onOpenBoard(r.facilityId)}>{r.facilityName}</Anchor></Table.Td>
              <Table.Td>{r.districtName}</Table.Td>
              <Table.Td>{r.counts.total}</Table.Td>
              <Table.Td>{r.counts.approved ?? t('common.unknown')}</Table.Td>
              <Table.Td c={r.counts.approvedDifference ? 'orange' : undefined}>{r.counts.approvedDifference ?? '—'}</Table.Td>
              <Table.Td>{r.counts.byCategory.long_term}</Table.Td>
              <Table.Td>{r.counts.byCategory.short_term}</Table.Td>
              <Table.Td>{r.counts.nursing}</Table.Td>
              <Table.Td>{r.counts.reserve}</Table.Td>
              <Table.Td>{r.counts.occupied}</Table.Td>
              <Table.Td>{r.counts.free}</Table.Td>
              <Table.Td>{r.counts.byState.out_of_service}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">{t('common.total', { count: total })}</Text>
        <Pagination total={Math.max(1, Math.ceil(total / PAGE))} value={page} onChange={setPage} />
      </Group>
    </Stack>
  );
}

export function BedsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>('board');
  const [, setParams] = useSearchParams();
  // A facility switched in the header while the summary is open: show that facility's board.
  const current = useCurrentFacility();
  const seen = useRef(current);
  useEffect(() => {
    if (seen.current === current) return;
    seen.current = current;
    setTab('board');
  }, [current]);
  return (
    <Stack>
      <Title order={2}>{t('beds.title')}</Title>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="board">{t('beds.tabBoard')}</Tabs.Tab>
          <Tabs.Tab value="summary">{t('beds.tabSummary')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="board" pt="md"><BoardTab /></Tabs.Panel>
        <Tabs.Panel value="summary" pt="md">
          <SummaryTab onOpenBoard={(id) => { setParams({ facility: id }); setTab('board'); }} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Card, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BedBoard, BoardBed, BoardBuilding, BoardRoom } from '../../../../shared/contract';
import { BED_CATEGORIES, BED_STATES, BED_STATE_KEYS, BED_ZONES, bedLabel, type BedState } from '../../../../shared/domain/beds';
import { ABILITY_LEVELS } from '../../../../shared/domain/assessment';
import { bedMatches, type BoardFilters } from './boardFilters';

// Plain style objects (no CSS module typing needed); defined once so memoised tiles keep them stable.
const S = {
  tile: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    width: 76,
    minHeight: 52,
    borderRadius: 6,
    border: '2px solid var(--tile-color)',
    background: 'var(--tile-bg)',
    lineHeight: 1.15,
  },
  tileNumber: { fontWeight: 700, fontSize: 14 },
  tileState: { fontSize: 11, color: 'var(--tile-text)', fontWeight: 600 },
  tileFlags: { fontSize: 10, minHeight: 11, color: 'var(--mantine-color-dimmed)' },
  tileWho: { fontSize: 12, fontWeight: 600, maxWidth: 72, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  tileMeta: { fontSize: 10, color: 'var(--tile-text)', whiteSpace: 'nowrap' },
  tiles: { display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 4 },
  rooms: { display: 'flex', flexWrap: 'wrap', gap: 8, padding: '6px 0 6px 18px' },
  room: { minWidth: 80 },
  swatch: { display: 'inline-block', width: 14, height: 14, borderRadius: 3, border: '2px solid' },
  floorHeader: { display: 'flex', gap: 12, alignItems: 'baseline', padding: '4px 0', width: '100%' },
} satisfies Record<string, React.CSSProperties>;

/** State colours; every tile also prints the state in words, so colour is never the only signal. */
export const STATE_COLORS: Record<BedState, string> = {
  free: 'teal',
  occupied: 'blue',
  on_leave: 'grape',
  reserved: 'yellow',
  out_of_service: 'gray',
};

/**
 * One bed. Memoised on the bed's values (not object identity), so reloading the board after a change
 * re-renders only the tiles whose bed actually changed.
 */
const BedTile = memo(
  function BedTile({ bed, roomNumber, onOpen }: { bed: BoardBed; roomNumber: string; onOpen: (id: string) => void }) {
    const { t } = useTranslation();
    const label = bedLabel(roomNumber, bed.number);
    const aria = t('beds.tileLabel', {
      label,
      state: BED_STATES[bed.state],
      category: BED_CATEGORIES[bed.category],
      nursing: bed.nursing ? t('beds.nursingYes') : t('beds.nursingNo'),
      zone: BED_ZONES[bed.zone],
      reserve: bed.reserve ? t('beds.reserveSuffix') : '',
    });
    return (
      <UnstyledButton
        data-state={bed.state}
        style={{ ...S.tile, '--tile-color': `var(--mantine-color-${STATE_COLORS[bed.state]}-7)`, '--tile-bg': `var(--mantine-color-${STATE_COLORS[bed.state]}-0)`, '--tile-text': `var(--mantine-color-${STATE_COLORS[bed.state]}-9)` } as React.CSSProperties}
        aria-label={aria}
        title={aria}
        onClick={() => onOpen(bed.id)}
        data-testid={`bed-${label}`}
      >
        <span style={S.tileNumber}>{bed.number}</span>
        <span style={S.tileState}>{BED_STATES[bed.state]}</span>
        {bed.occupant && (
          <>
            <span style={S.tileWho} data-testid={`bed-${label}-who`}>{bed.occupant.name}</span>
            <span style={S.tileMeta}>
              {bed.occupant.sex === 'M' ? '男' : '女'}
              {bed.occupant.abilityLevel ? ` · ${ABILITY_LEVELS[bed.occupant.abilityLevel].replace('失能', '').replace('能力', '')}` : ''}
            </span>
            <span style={S.tileMeta}>
              {bed.occupant.leave
                ? bed.occupant.leave.returnOn
                  ? t('beds.tileReturn', { date: bed.occupant.leave.returnOn.slice(5) })
                  : t('beds.tileAway', { date: bed.occupant.leave.startOn.slice(5) })
                : t('beds.tileDays', { days: bed.occupant.days })}
            </span>
          </>
        )}
        <span style={S.tileFlags}>
          {bed.nursing ? '护' : ''}
          {bed.reserve ? '备' : ''}
        </span>
      </UnstyledButton>
    );
  },
  (a, b) =>
    a.onOpen === b.onOpen &&
    a.roomNumber === b.roomNumber &&
    a.bed.id === b.bed.id &&
    a.bed.number === b.bed.number &&
    a.bed.state === b.bed.state &&
    a.bed.category === b.bed.category &&
    a.bed.nursing === b.bed.nursing &&
    a.bed.zone === b.bed.zone &&
    a.bed.reserve === b.bed.reserve &&
    JSON.stringify(a.bed.occupant ?? null) === JSON.stringify(b.bed.occupant ?? null),
);

const RoomCard = memo(function RoomCard({ room, beds, onOpen, onOpenRoom }: { room: BoardRoom; beds: BoardBed[]; onOpen: (id: string) => void; onOpenRoom: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding={6} style={S.room} role="group" aria-label={t('beds.room', { number: room.number })}>
      <UnstyledButton onClick={() => onOpenRoom(room.id)} aria-label={t('beds.roomEdit', { number: room.number })} title={t('beds.roomEdit', { number: room.number })} data-testid={`room-${room.number}`} style={{ width: '100%' }}>
        <Group gap={4} justify="space-between" wrap="nowrap">
          <Text size="sm" fw={600} td="underline" style={{ textDecorationStyle: 'dotted' }}>{room.number}</Text>
          <Text size="xs" c="dimmed">
            {room.sexRestriction ? t(`beds.sexShort.${room.sexRestriction}`) : ''}
            {room.capacity !== null ? ` ${t('beds.roomCapacity', { capacity: room.capacity })}` : ''}
          </Text>
        </Group>
      </UnstyledButton>
      <div style={S.tiles}>
        {beds.length === 0 ? <Text size="xs" c="dimmed">{t('beds.emptyRoom')}</Text> : beds.map((b) => <BedTile key={b.id} bed={b} roomNumber={room.number} onOpen={onOpen} />)}
      </div>
    </Card>
  );
});

function floorName(t: (k: string, o?: Record<string, unknown>) => string, floor: number) {
  return floor < 0 ? t('beds.basement', { floor: -floor }) : t('beds.floor', { floor });
}

/**
 * A building's floors as disclosure sections. A closed floor renders nothing but its header, so a
 * 2,000-bed home shows a few hundred nodes until the user opens more floors.
 */
function BuildingSection({ building, filters, open, toggle, onOpen, onOpenRoom }: { building: BoardBuilding; filters: BoardFilters; open: Set<string>; toggle: (key: string) => void; onOpen: (id: string) => void; onOpenRoom: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <Card withBorder>
      <Title order={4} mb="xs">{building.name}</Title>
      <Stack gap="xs">
        {building.floors.map((floor) => {
          if (filters.floor !== null && floor.floor !== filters.floor) return null;
          const key = `${building.id}:${floor.floor}`;
          // A floor asked for by the filter is shown open: filtering to it and then finding it shut is a dead end.
          const isOpen = filters.floor !== null || open.has(key);
          const bedsInFloor = floor.rooms.reduce((n, r) => n + r.beds.filter((b) => bedMatches(b, filters)).length, 0);
          return (
            <div key={key}>
              <UnstyledButton style={S.floorHeader} aria-expanded={isOpen} onClick={() => toggle(key)} data-testid={`floor-${building.name}-${floor.floor}`}>
                <Text fw={600}>{isOpen ? '▾' : '▸'} {floorName(t, floor.floor)}</Text>
                <Text size="sm" c="dimmed">{t('beds.floorSummary', { rooms: floor.rooms.length, beds: bedsInFloor })}</Text>
              </UnstyledButton>
              {isOpen && (
                <div style={S.rooms}>
                  {floor.rooms.map((room) => {
                    const beds = room.beds.filter((b) => bedMatches(b, filters));
                    if (beds.length === 0 && room.beds.length > 0) return null;
                    return <RoomCard key={room.id} room={room} beds={beds} onOpen={onOpen} onOpenRoom={onOpenRoom} />;
                  })}
                </div>
              )}
            </div>
          );
        })}
      </Stack>
    </Card>
  );
}

/** What a tile's colour, words and marks mean; the swatches are drawn like the tiles themselves. */
const BoardLegend = memo(function BoardLegend() {
  const { t } = useTranslation();
  return (
    <Group gap="sm" role="list" aria-label={t('beds.legend')} data-testid="bed-legend">
      {BED_STATE_KEYS.map((s) => (
        <Group key={s} gap={4} role="listitem" wrap="nowrap" title={t(`beds.legendState.${s}`)}>
          <span aria-hidden style={{ ...S.swatch, borderColor: `var(--mantine-color-${STATE_COLORS[s]}-7)`, background: `var(--mantine-color-${STATE_COLORS[s]}-0)` }} />
          <Text size="xs"><b>{BED_STATES[s]}</b>：{t(`beds.legendState.${s}`)}</Text>
        </Group>
      ))}
      <Text size="xs" role="listitem">{t('beds.legendMarks')}</Text>
      <Text size="xs" role="listitem" c="dimmed">{t('beds.legendOccupant')}</Text>
    </Group>
  );
});

const OPEN_ALL_UP_TO = 400;

export function BedBoardView({ board, filters, onOpenBed, onOpenRoom }: { board: BedBoard; filters: BoardFilters; onOpenBed: (id: string) => void; onOpenRoom: (id: string) => void }) {
  const { t } = useTranslation();
  const allKeys = useMemo(() => board.buildings.flatMap((b) => b.floors.map((f) => `${b.id}:${f.floor}`)), [board]);
  const [open, setOpen] = useState<Set<string>>(new Set());
  // Small homes open every floor; large ones open each building's first floor only.
  useEffect(() => {
    setOpen((prev) => {
      if (prev.size > 0 && allKeys.some((k) => prev.has(k))) return prev;
      if (board.counts.total <= OPEN_ALL_UP_TO) return new Set(allKeys);
      return new Set(board.buildings.filter((b) => b.floors[0]).map((b) => `${b.id}:${b.floors[0]!.floor}`));
    });
  }, [board.facility.id, allKeys, board.counts.total, board.buildings]);
  const toggle = useCallback((key: string) => setOpen((prev) => {
    const next = new Set(prev);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    return next;
  }), []);

  if (board.buildings.length === 0) return <Text c="dimmed">{t('beds.noBuildings')}</Text>;
  return (
    <Stack>
      <Group justify="space-between">
        <BoardLegend />
        <Group gap="xs">
          <Button size="xs" variant="subtle" onClick={() => setOpen(new Set(allKeys))}>{t('beds.expandAll')}</Button>
          <Button size="xs" variant="subtle" onClick={() => setOpen(new Set())}>{t('beds.collapseAll')}</Button>
        </Group>
      </Group>
      {board.buildings.filter((b) => filters.building === null || b.id === filters.building).filter((b) => filters.floor === null || b.floors.some((f) => f.floor === filters.floor)).map((b) => (
        <BuildingSection key={b.id} building={b} filters={filters} open={open} toggle={toggle} onOpen={onOpenBed} onOpenRoom={onOpenRoom} />
      ))}
    </Stack>
  );
}

import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BedBoard, BoardBed, BoardBuilding, BoardRoom } from '../../../../shared/contract';
import { BED_CATEGORIES, BED_STATES, BED_STATE_KEYS, BED_ZONES, bedLabel, type BedState } from '../../../../shared/domain/beds';
import { ABILITY_LEVELS, type AbilityLevel } from '../../../../shared/domain/assessment';
import { bedMatches, type BoardFilters } from './boardFilters';
import './bedBoard.css';

/** State colours; every tile also prints the state in words, so colour is never the only signal. */
export const STATE_COLORS: Record<BedState, string> = {
  free: 'teal',
  occupied: 'blue',
  on_leave: 'grape',
  reserved: 'yellow',
  out_of_service: 'gray',
};

/** The short ability word a tile has room for (轻度, 完好, …). */
const ABILITY_SHORT = Object.fromEntries(
  Object.entries(ABILITY_LEVELS).map(([k, v]) => [k, v.replace('失能', '').replace('能力', '')]),
) as Record<AbilityLevel, string>;

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A message with {{name}} slots, looked up once and filled per tile: i18next's interpolation for each of a
 * few hundred tiles was a visible share of the board's render.
 */
function template(t: Translate, key: string): (values: Record<string, string | number>) => string {
  const parts = t(key, { skipInterpolation: true }).split(/\{\{(\w+)\}\}/);
  return (values) => parts.map((part, i) => (i % 2 === 1 ? String(values[part] ?? '') : part)).join('');
}

/**
 * The board's words, made once per board from its one translation hook: a few hundred tiles each
 * subscribing to i18n was a large part of the board's render.
 */
function boardLabels(t: Translate) {
  const nursingYes = t('beds.nursingYes');
  const nursingNo = t('beds.nursingNo');
  const reserveSuffix = t('beds.reserveSuffix');
  const tileLabel = template(t, 'beds.tileLabel');
  const days = template(t, 'beds.tileDays');
  const returnOn = template(t, 'beds.tileReturn');
  const awayFrom = template(t, 'beds.tileAway');
  const room = template(t, 'beds.room');
  const roomEdit = template(t, 'beds.roomEdit');
  const roomCapacity = template(t, 'beds.roomCapacity');
  return {
    tile: (bed: BoardBed, label: string) =>
      tileLabel({
        label,
        state: BED_STATES[bed.state],
        category: BED_CATEGORIES[bed.category],
        nursing: bed.nursing ? nursingYes : nursingNo,
        zone: BED_ZONES[bed.zone],
        reserve: bed.reserve ? reserveSuffix : '',
      }),
    days: (n: number) => days({ days: n }),
    returnOn: (date: string) => returnOn({ date }),
    awayFrom: (date: string) => awayFrom({ date }),
    room: (number: string) => room({ number }),
    roomEdit: (number: string) => roomEdit({ number }),
    roomCapacity: (capacity: number) => roomCapacity({ capacity }),
    sexShort: { M: t('beds.sexShort.M'), F: t('beds.sexShort.F') } as Record<string, string>,
    emptyRoom: t('beds.emptyRoom'),
    flagNursing: t('beds.flagNursing'),
    flagReserve: t('beds.flagReserve'),
  };
}
type BoardLabels = ReturnType<typeof boardLabels>;

/**
 * One bed: a plain button styled by bedBoard.css (a Mantine component per tile cost more than the tile).
 * Memoised on the bed's values (not object identity), so reloading the board after a change re-renders
 * only the tiles whose bed actually changed. The native button gives focus and Enter/Space.
 */
const BedTile = memo(
  function BedTile({ bed, roomNumber, labels, onOpen }: { bed: BoardBed; roomNumber: string; labels: BoardLabels; onOpen: (id: string) => void }) {
    const label = bedLabel(roomNumber, bed.number);
    const aria = labels.tile(bed, label);
    const occupant = bed.occupant;
    return (
      <button type="button" className="bb-tile" data-state={bed.state} aria-label={aria} title={aria} onClick={() => onOpen(bed.id)} data-testid={`bed-${label}`}>
        <span className="bb-number">{bed.number}</span>
        <span className="bb-state">{BED_STATES[bed.state]}</span>
        {occupant && (
          <>
            <span className="bb-who" data-testid={`bed-${label}-who`}>{occupant.name}</span>
            <span className="bb-meta">
              {labels.sexShort[occupant.sex]}
              {occupant.abilityLevel ? ` · ${ABILITY_SHORT[occupant.abilityLevel]}` : ''}
            </span>
            <span className="bb-meta">
              {occupant.leave
                ? occupant.leave.returnOn
                  ? labels.returnOn(occupant.leave.returnOn.slice(5))
                  : labels.awayFrom(occupant.leave.startOn.slice(5))
                : labels.days(occupant.days)}
            </span>
          </>
        )}
        <span className="bb-flags">
          {bed.nursing ? labels.flagNursing : ''}
          {bed.reserve ? labels.flagReserve : ''}
        </span>
      </button>
    );
  },
  (a, b) =>
    a.onOpen === b.onOpen &&
    a.labels === b.labels &&
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

/** A room: plain elements drawn like a bordered card, its number a button to edit it. */
const RoomCard = memo(function RoomCard({ room, beds, labels, onOpen, onOpenRoom }: { room: BoardRoom; beds: BoardBed[]; labels: BoardLabels; onOpen: (id: string) => void; onOpenRoom: (id: string) => void }) {
  const edit = labels.roomEdit(room.number);
  return (
    <div className="bb-room" role="group" aria-label={labels.room(room.number)}>
      <button type="button" className="bb-room-head" onClick={() => onOpenRoom(room.id)} aria-label={edit} title={edit} data-testid={`room-${room.number}`}>
        <span className="bb-room-number">{room.number}</span>
        <span className="bb-room-info">
          {room.sexRestriction ? labels.sexShort[room.sexRestriction] : ''}
          {room.capacity !== null ? ` ${labels.roomCapacity(room.capacity)}` : ''}
        </span>
      </button>
      <div className="bb-tiles">
        {beds.length === 0 ? <span className="bb-empty">{labels.emptyRoom}</span> : beds.map((b) => <BedTile key={b.id} bed={b} roomNumber={room.number} labels={labels} onOpen={onOpen} />)}
      </div>
    </div>
  );
});

function floorName(t: Translate, floor: number) {
  return floor < 0 ? t('beds.basement', { floor: -floor }) : t('beds.floor', { floor });
}

function hasBedFilter(f: BoardFilters): boolean {
  return f.state !== null || f.zone !== null || f.nursing !== null || f.category !== null;
}

/**
 * A building's floors as disclosure sections. A closed floor renders nothing but its header, so a
 * 2,000-bed home shows a few hundred nodes until the user opens more floors; an open floor off screen is
 * skipped by layout and paint (content-visibility in bedBoard.css) until it is scrolled to.
 */
function BuildingSection({ building, filters, open, toggle, labels, onOpen, onOpenRoom }: { building: BoardBuilding; filters: BoardFilters; open: Set<string>; toggle: (key: string) => void; labels: BoardLabels; onOpen: (id: string) => void; onOpenRoom: (id: string) => void }) {
  const { t } = useTranslation();
  // Without a bed criterion each room passes its own beds array, which keeps the memoised rooms' props equal.
  const filtering = hasBedFilter(filters);
  return (
    <Card withBorder>
      <Title order={4} mb="xs">{building.name}</Title>
      <div className="bb-floors">
        {building.floors.map((floor) => {
          if (filters.floor !== null && floor.floor !== filters.floor) return null;
          const key = `${building.id}:${floor.floor}`;
          // A floor asked for by the filter is shown open: filtering to it and then finding it shut is a dead end.
          const isOpen = filters.floor !== null || open.has(key);
          const bedsInFloor = filtering
            ? floor.rooms.reduce((n, r) => n + r.beds.filter((b) => bedMatches(b, filters)).length, 0)
            : floor.rooms.reduce((n, r) => n + r.beds.length, 0);
          return (
            <div key={key} className="bb-floor">
              <button type="button" className="bb-floor-head" aria-expanded={isOpen} onClick={() => toggle(key)} data-testid={`floor-${building.name}-${floor.floor}`}>
                <span className="bb-floor-name">{isOpen ? '▾' : '▸'} {floorName(t, floor.floor)}</span>
                <span className="bb-floor-summary">{t('beds.floorSummary', { rooms: floor.rooms.length, beds: bedsInFloor })}</span>
              </button>
              {isOpen && (
                <div className="bb-rooms">
                  {floor.rooms.map((room) => {
                    const beds = filtering ? room.beds.filter((b) => bedMatches(b, filters)) : room.beds;
                    if (beds.length === 0 && room.beds.length > 0) return null;
                    return <RoomCard key={room.id} room={room} beds={beds} labels={labels} onOpen={onOpen} onOpenRoom={onOpenRoom} />;
                  })}
                </div>
              )}
            </div>
          );
        })}
      </div>
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
          <span aria-hidden className="bb-swatch" data-state={s} />
          <Text size="xs"><b>{BED_STATES[s]}</b>：{t(`beds.legendState.${s}`)}</Text>
        </Group>
      ))}
      <Text size="xs" role="listitem">{t('beds.legendMarks')}</Text>
      <Text size="xs" role="listitem" c="dimmed">{t('beds.legendOccupant')}</Text>
    </Group>
  );
});

const OPEN_ALL_UP_TO = 400;

/** Small homes open every floor; large ones open each building's first floor only. */
function initialOpen(board: BedBoard, allKeys: string[]): Set<string> {
  if (board.counts.total <= OPEN_ALL_UP_TO) return new Set(allKeys);
  return new Set(board.buildings.filter((b) => b.floors[0]).map((b) => `${b.id}:${b.floors[0]!.floor}`));
}

export function BedBoardView({ board, filters, onOpenBed, onOpenRoom }: { board: BedBoard; filters: BoardFilters; onOpenBed: (id: string) => void; onOpenRoom: (id: string) => void }) {
  const { t } = useTranslation();
  const allKeys = useMemo(() => board.buildings.flatMap((b) => b.floors.map((f) => `${b.id}:${f.floor}`)), [board]);
  // Opened on the first render, so the board is not drawn twice (headers, then tiles) on arrival.
  const [open, setOpen] = useState<Set<string>>(() => initialOpen(board, allKeys));
  // Another home (or this one's first floors) keeps the user's choice where it still applies.
  useEffect(() => {
    setOpen((prev) => (prev.size > 0 && allKeys.some((k) => prev.has(k)) ? prev : initialOpen(board, allKeys)));
  }, [board, allKeys]);
  const labels = useMemo(() => boardLabels(t), [t]);
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
        <BuildingSection key={b.id} building={b} filters={filters} open={open} toggle={toggle} labels={labels} onOpen={onOpenBed} onOpenRoom={onOpenRoom} />
      ))}
    </Stack>
  );
}

import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Group, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { DistrictRatingOverviewRow, ExpiryRow } from '../../../../shared/contract';
import { starLabel } from '../../../../shared/domain/starRating';
import { useQuery } from '../../api/hooks';
import { AreaSelect, useAreaOptions } from '../../components/AreaSelect';
import { ImportDialog } from '../imports/ImportDialog';
import { RatingForm } from './RatingForm';
import { isIsoDay } from '../../../../shared/domain/calendar';
import { DateField } from '../../components/DateField';

const PAGE = 20;
// Nationally the overview has ~2,900 district rows: drawn at once they took over a second. A page of them
// (a city's 16 fit on one, so no pager shows) with the district filter reaching every row.
const DISTRICT_PAGE = 50;

function OverviewRow({ row, total }: { row: DistrictRatingOverviewRow; total?: boolean }) {
  const { t } = useTranslation();
  const Cell = total ? Table.Th : Table.Td;
  return (
    <Table.Tr data-testid={`rating-district-${row.districtCode}`}>
      <Cell>{row.districtName}</Cell>
      {row.institutionsByStar.map((n, i) => (
        <Cell key={`i${i}`}>{n}</Cell>
      ))}
      {row.stationsByStar.map((n, i) => (
        <Cell key={`s${i}`}>{n}</Cell>
      ))}
      <Cell>{row.careCentersByStar.reduce((a, b) => a + b, 0)}</Cell>
      <Cell>{row.operatingInstitutions}</Cell>
      <Cell>{row.operatingInstitutionsAtLeastTwoStars}</Cell>
      <Cell title={row.rate.missingReason}>{row.rate.value === null ? t('ratings.rateMissing') : `${row.rate.value.toFixed(1)}%`}</Cell>
    </Table.Tr>
  );
}

function ExpiryTable({ rows, testId }: { rows: ExpiryRow[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <Table striped withTableBorder data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('ratings.facility')}</Table.Th>
          <Table.Th>{t('ratings.district')}</Table.Th>
          <Table.Th>{t('ratings.level')}</Table.Th>
          <Table.Th>{t('ratings.decidedOn')}</Table.Th>
          <Table.Th>{t('ratings.validUntil')}</Table.Th>
          <Table.Th>{t('ratings.daysLeft')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.ratingId}>
            <Table.Td><Link to={`/facilities/${r.facilityId}`}>{r.facilityName}</Link></Table.Td>
            <Table.Td>{r.districtName}</Table.Td>
            <Table.Td>{starLabel(r.level)}</Table.Td>
            <Table.Td>{r.decidedOn}</Table.Td>
            <Table.Td>{r.validUntil}</Table.Td>
            <Table.Td>{r.daysLeft < 0 ? t('ratings.overdue', { count: -r.daysLeft }) : t('ratings.days', { count: r.daysLeft })}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The bureau's view: stars per district and 星评率 on a chosen date, and which ratings lapse soon or have lapsed. */
export function RatingsPage() {
  const { t } = useTranslation();
  const info = useQuery('system.info', {});
  const districts = useQuery('areas.list', { level: 'district' });
  const districtOptions = useAreaOptions(districts.data);
  const [asOf, setAsOf] = useState('');
  const [districtCode, setDistrict] = useState<string | null>(null);
  const [overviewPage, setOverviewPage] = useState(1);
  const [expiringPage, setExpiringPage] = useState(1);
  const [expiredPage, setExpiredPage] = useState(1);
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  useEffect(() => {
    if (!asOf && info.data) setAsOf(info.data.today);
  }, [info.data]);
  const ready = isIsoDay(asOf);
  const overview = useQuery('ratings.overview', { asOf }, ready);
  const filter = { asOf, districtCode: districtCode ?? undefined };
  const expiring = useQuery('ratings.expiring', { ...filter, offset: (expiringPage - 1) * PAGE, limit: PAGE }, ready);
  const expired = useQuery('ratings.expired', { ...filter, offset: (expiredPage - 1) * PAGE, limit: PAGE }, ready);
  const reload = () => {
    overview.reload();
    expiring.reload();
    expired.reload();
  };
  const shownDistricts = useMemo(
    () => (overview.data?.districts ?? []).filter((d) => !districtCode || d.districtCode === districtCode),
    [overview.data, districtCode],
  );
  const overviewPages = Math.ceil(shownDistricts.length / DISTRICT_PAGE);
  const stars = (n: number) => Array.from({ length: n }, (_, i) => starLabel(i + 1));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('ratings.title')}</Title>
        <Group>
          <Button variant="light" onClick={() => setImportOpen(true)}>{t('ratings.import')}</Button>
          <Button onClick={() => setFormOpen(true)}>{t('ratings.add')}</Button>
        </Group>
      </Group>
      <Group align="flex-end">
        <DateField label={t('ratings.asOf')} value={asOf} onChange={(e) => { setAsOf(e.currentTarget.value); setExpiringPage(1); setExpiredPage(1); }} />
        <AreaSelect
          label={t('ratings.district')}
          placeholder={t('common.all')}
          clearable
          data={districtOptions}
          value={districtCode}
          onChange={(v) => { setDistrict(v); setOverviewPage(1); setExpiringPage(1); setExpiredPage(1); }}
        />
      </Group>

      <Card withBorder>
        <Title order={4} mb="xs">{t('ratings.overview')}</Title>
        <Text size="xs" c="dimmed" mb="sm">{t('ratings.overviewNote')}</Text>
        {overview.error && <Alert color="red">{overview.error.message}</Alert>}
        <Table.ScrollContainer minWidth={900}>
          <Table withTableBorder withColumnBorders striped data-testid="rating-overview">
            <Table.Thead>
              <Table.Tr>
                <Table.Th rowSpan={2}>{t('ratings.district')}</Table.Th>
                <Table.Th colSpan={5}>{t('ratings.institutions')}</Table.Th>
                <Table.Th colSpan={3}>{t('ratings.stations')}</Table.Th>
                <Table.Th rowSpan={2}>{t('ratings.careCenters')}</Table.Th>
                <Table.Th rowSpan={2}>{t('ratings.operating')}</Table.Th>
                <Table.Th rowSpan={2}>{t('ratings.atLeastTwo')}</Table.Th>
                <Table.Th rowSpan={2}>{t('ratings.rate')}</Table.Th>
              </Table.Tr>
              <Table.Tr>
                {[...stars(5), ...stars(3)].map((s, i) => (
                  <Table.Th key={i}>{s}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shownDistricts.slice((overviewPage - 1) * DISTRICT_PAGE, overviewPage * DISTRICT_PAGE).map((d) => (
                <OverviewRow key={d.districtCode} row={d} />
              ))}
            </Table.Tbody>
            {overview.data && !districtCode && (
              <Table.Tfoot>
                <OverviewRow row={{ ...overview.data.total, districtName: t('ratings.total') }} total />
              </Table.Tfoot>
            )}
          </Table>
        </Table.ScrollContainer>
        {overviewPages > 1 && (
          <Pagination mt="sm" data-testid="rating-overview-pages" total={overviewPages} value={overviewPage} onChange={setOverviewPage} />
        )}
      </Card>

      <Card withBorder>
        <Title order={4} mb="sm">{t('ratings.expiring')}</Title>
        {expiring.data && expiring.data.total > 0 ? (
          <Alert color="yellow" mb="sm" data-testid="expiring-warning">{t('ratings.expiringWarning', { count: expiring.data.total })}</Alert>
        ) : (
          expiring.data && <Text c="dimmed">{t('ratings.noneExpiring')}</Text>
        )}
        {expiring.data && expiring.data.total > 0 && (
          <>
            <ExpiryTable rows={expiring.data.rows} testId="expiring-table" />
            <Pagination mt="sm" total={Math.max(1, Math.ceil(expiring.data.total / PAGE))} value={expiringPage} onChange={setExpiringPage} />
          </>
        )}
      </Card>

      <Card withBorder>
        <Title order={4} mb="sm">{t('ratings.expired')}</Title>
        {expired.data && expired.data.total > 0 ? (
          <Alert color="red" mb="sm" data-testid="expired-warning">{t('ratings.expiredWarning', { count: expired.data.total })}</Alert>
        ) : (
          expired.data && <Text c="dimmed">{t('ratings.noneExpired')}</Text>
        )}
        {expired.data && expired.data.total > 0 && (
          <>
            <ExpiryTable rows={expired.data.rows} testId="expired-table" />
            <Pagination mt="sm" total={Math.max(1, Math.ceil(expired.data.total / PAGE))} value={expiredPage} onChange={setExpiredPage} />
          </>
        )}
      </Card>

      <RatingForm opened={formOpen} onClose={() => setFormOpen(false)} onSaved={reload} />
      <ImportDialog kind="ratings" title={t('ratings.title')} opened={importOpen} onClose={() => setImportOpen(false)} onDone={reload} />
    </Stack>
  );
}

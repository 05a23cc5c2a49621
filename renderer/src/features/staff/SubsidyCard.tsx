import { useState } from 'react';
import { Button, Card, Group, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ABILITY_LEVELS } from '../../../../shared/domain/assessment';
import { SUBSIDY_BASES } from '../../../../shared/domain/subsidy';
import { starLabel } from '../../../../shared/domain/starRating';
import { call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { saveFile } from '../../api/files';
import { notifyError } from '../../components/notify';

function lastMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** A facility's 运营补贴测算表 for a month: bed-days per resident and the amounts, exportable to Excel. */
export function SubsidyCard({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState(lastMonth());
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const sheet = useQuery('subsidy.sheet', { facilityId, month }, valid);
  const s = sheet.data;
  return (
    <Card withBorder data-testid="subsidy-card">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('staff.subsidy.title')}</Title>
        <Group align="flex-end">
          <TextInput type="month" label={t('staff.subsidy.month')} value={month} onChange={(e) => setMonth(e.currentTarget.value)} data-testid="subsidy-month" />
          <Button
            variant="light"
            disabled={!valid}
            onClick={() => call('subsidy.export', { facilityId, month }).then(saveFile).catch(notifyError)}
            data-testid="subsidy-export"
          >
            {t('staff.subsidy.export')}
          </Button>
        </Group>
      </Group>
      {sheet.error && <Text c="red">{sheet.error.message}</Text>}
      {s && (
        <>
          <Text size="sm">
            {t('staff.subsidy.stars', { stars: s.stars ? t('ratings.starLevel', { stars: starLabel(s.stars) }) : t('staff.subsidy.noStars') })}；
            {t('staff.subsidy.basis', { basis: SUBSIDY_BASES[s.settings.basis], leave: s.settings.countLeaveDays ? t('staff.subsidy.leaveCounted') : t('staff.subsidy.leaveNotCounted') })}
          </Text>
          {s.settings.rates.length === 0 && <Text size="sm" c="dimmed">{t('staff.subsidy.noRates')}</Text>}
          {s.rows.length === 0 ? (
            <Text c="dimmed">{t('staff.subsidy.none')}</Text>
          ) : (
            <Table withTableBorder mt="sm" data-testid="subsidy-table">
              <Table.Thead>
                <Table.Tr>
                  {(['name', 'categories', 'level', 'stayDays', 'leaveDays', 'bedDays', 'rate', 'amount'] as const).map((k) => (
                    <Table.Th key={k}>{t(`staff.subsidy.${k}`)}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.rows.map((r) => (
                  <Table.Tr key={r.elderId}>
                    <Table.Td>{r.name}（{r.idNumberMasked}）</Table.Td>
                    <Table.Td>{r.categories.join('、')}</Table.Td>
                    <Table.Td>{r.abilityLevel ? ABILITY_LEVELS[r.abilityLevel] : t('staff.subsidy.notAssessed')}</Table.Td>
                    <Table.Td>{r.stayDays}</Table.Td>
                    <Table.Td>{r.leaveDays}</Table.Td>
                    <Table.Td>{r.bedDays}</Table.Td>
                    <Table.Td>{r.rate ?? '—'}</Table.Td>
                    <Table.Td>{r.amount ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td fw={600}>{t('staff.subsidy.total')}</Table.Td>
                  <Table.Td />
                  <Table.Td />
                  <Table.Td />
                  <Table.Td />
                  <Table.Td fw={600} data-testid="subsidy-total-bed-days">{s.totalBedDays}</Table.Td>
                  <Table.Td />
                  <Table.Td fw={600}>{s.totalAmount ?? '—'}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Card>
  );
}

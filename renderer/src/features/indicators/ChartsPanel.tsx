import { memo, useState } from 'react';
import { Card, Group, Select, SimpleGrid, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IndicatorReport } from '../../../../shared/contract';
import type { IndicatorId } from '../../../../shared/domain/indicators';
import { DistrictBarChart, TrendChart, indicatorChoices } from './Charts';

/**
 * The dashboard's two charts. Loaded as its own chunk (the charting library is most of the page's code)
 * and drawn from a deferred report, so the table is on screen before either; memoised so that a render
 * of the page with the same report leaves the charts alone.
 */
export const ChartsPanel = memo(function ChartsPanel({ report }: { report: IndicatorReport }) {
  const { t } = useTranslation();
  const [chartIndicator, setChartIndicator] = useState<IndicatorId>('beds_per_thousand_residents');
  return (
    <SimpleGrid cols={{ base: 1, xl: 2 }}>
      <Card withBorder>
        <Group justify="space-between" mb="xs" align="flex-end">
          <Title order={4}>{t('indicators.chart.title')}</Title>
          <Select
            label={t('indicators.chart.indicator')}
            data={indicatorChoices(report.definitions)}
            value={chartIndicator}
            onChange={(v) => v && setChartIndicator(v as IndicatorId)}
            allowDeselect={false}
            searchable
            w={320}
          />
        </Group>
        <DistrictBarChart report={report} indicatorId={chartIndicator} />
      </Card>
      <Card withBorder>
        <Title order={4} mb="xs">{t('indicators.trend.title')}</Title>
        <TrendChart report={report} indicatorId={chartIndicator} />
      </Card>
    </SimpleGrid>
  );
});

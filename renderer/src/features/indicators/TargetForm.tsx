import { useEffect, useState } from 'react';
import { Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TargetAttainmentRow } from '../../../../shared/contract';
import { INDICATORS } from '../../../../shared/domain/indicators';
import { COMPARATORS, PLAN_MEASURES, TARGET_ATTRIBUTES, metricInfo, type Comparator, type TargetAttribute, type TargetMetricId } from '../../../../shared/domain/targets';
import { call } from '../../api/client';
import { optionsOf } from '../../components/labels';
import { AreaSelect } from '../../components/AreaSelect';
import { notifyFormError, notifyOk } from '../../components/notify';

type StoredTarget = TargetAttainmentRow['target'];
type Num = number | string;

interface Values {
  areaCode: string | null;
  metricId: string | null;
  year: Num;
  comparator: Comparator;
  value: Num;
  baselineValue: Num;
  baselineYear: Num;
  attribute: TargetAttribute;
  source: string;
  note: string;
}

const EMPTY: Values = {
  areaCode: null,
  metricId: null,
  year: 2025,
  comparator: '>=',
  value: '',
  baselineValue: '',
  baselineYear: '',
  attribute: 'unspecified',
  source: '',
  note: '',
};

const num = (v: Num) => (v === '' || v === null || v === undefined ? null : Number(v));

function fromTarget(target: StoredTarget): Values {
  return {
    areaCode: target.areaCode,
    metricId: target.metricId,
    year: target.year,
    comparator: target.comparator,
    value: target.value,
    baselineValue: target.baseline?.value ?? '',
    baselineYear: target.baseline?.year ?? '',
    attribute: target.attribute,
    source: target.source,
    note: target.note ?? '',
  };
}

/** Create or edit a plan target; the metric comes from the indicator catalogue or the plan's other measures. */
export function TargetForm({
  opened,
  target,
  areas,
  onClose,
  onSaved,
}: {
  opened: boolean;
  /** null = create */
  target: StoredTarget | null;
  areas: { value: string; label: string }[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (opened) {
      setV(target ? fromTarget(target) : EMPTY);
      setErrors({});
    }
  }, [opened, target]);

  const metrics = [
    { group: t('indicators.targets.computedGroup'), items: INDICATORS.map((d) => ({ value: d.id, label: `${d.name}（${d.unit}）` })) },
    { group: t('indicators.targets.planGroup'), items: PLAN_MEASURES.map((m) => ({ value: m.id, label: `${m.name}（${m.unit}）` })) },
  ];
  const info = v.metricId ? metricInfo(v.metricId as TargetMetricId) : null;
  const planMeasure = PLAN_MEASURES.find((m) => m.id === v.metricId);

  const save = async () => {
    setBusy(true);
    setErrors({});
    const input = {
      areaCode: v.areaCode ?? '',
      metricId: v.metricId ?? '',
      year: Number(v.year),
      comparator: v.comparator,
      value: num(v.value) as number,
      baselineValue: num(v.baselineValue),
      baselineYear: num(v.baselineYear),
      attribute: v.attribute,
      source: v.source,
      note: v.note,
    };
    try {
      if (target) await call('targets.update', { id: target.id, ...input });
      else await call('targets.create', input);
      notifyOk(t(target ? 'indicators.targets.updated' : 'indicators.targets.created'));
      onSaved();
      onClose();
    } catch (e) {
      notifyFormError(e, setErrors);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} size="lg" title={t(target ? 'indicators.targets.editTitle' : 'indicators.targets.createTitle')}>
      <Stack>
        <SimpleGrid cols={2}>
          <AreaSelect
            label={t('indicators.targets.area')}
            data={areas}
            value={v.areaCode}
            onChange={(x) => setV({ ...v, areaCode: x })}
            required
            error={errors.areaCode}
          />
          <NumberInput label={t('indicators.targets.year')} value={v.year} onChange={(x) => setV({ ...v, year: x })} min={2000} max={2100} required error={errors.year} />
        </SimpleGrid>
        <Select
          label={t('indicators.targets.metric')}
          data={metrics}
          value={v.metricId}
          onChange={(x) => setV({ ...v, metricId: x })}
          searchable
          required
          error={errors.metricId}
        />
        {planMeasure && (
          <Text size="xs" c="dimmed">
            {t('indicators.targets.notComputed', { reason: planMeasure.reason })}
          </Text>
        )}
        <SimpleGrid cols={2}>
          <Select
            label={t('indicators.targets.comparator')}
            data={COMPARATORS.map((c) => ({ value: c, label: t(`indicators.targets.comparators.${c}`) }))}
            value={v.comparator}
            onChange={(x) => x && setV({ ...v, comparator: x as Comparator })}
            allowDeselect={false}
            error={errors.comparator}
          />
          <NumberInput
            label={t('indicators.targets.value')}
            value={v.value}
            onChange={(x) => setV({ ...v, value: x })}
            decimalScale={info?.decimals ?? 2}
            rightSection={info ? <Text size="xs" c="dimmed">{info.unit}</Text> : undefined}
            rightSectionWidth={info ? 64 : undefined}
            required
            error={errors.value}
          />
          <NumberInput
            label={t('indicators.targets.baselineValue')}
            value={v.baselineValue}
            onChange={(x) => setV({ ...v, baselineValue: x })}
            decimalScale={info?.decimals ?? 2}
            error={errors.baselineValue}
          />
          <NumberInput label={t('indicators.targets.baselineYear')} value={v.baselineYear} onChange={(x) => setV({ ...v, baselineYear: x })} min={1990} max={2100} error={errors.baselineYear} />
          <Select
            label={t('indicators.targets.attribute')}
            data={optionsOf(TARGET_ATTRIBUTES)}
            value={v.attribute}
            onChange={(x) => x && setV({ ...v, attribute: x as TargetAttribute })}
            allowDeselect={false}
            error={errors.attribute}
          />
        </SimpleGrid>
        <Textarea label={t('indicators.targets.source')} value={v.source} onChange={(e) => setV({ ...v, source: e.currentTarget.value })} autosize minRows={2} required error={errors.source} />
        <Textarea label={t('indicators.targets.note')} value={v.note} onChange={(e) => setV({ ...v, note: e.currentTarget.value })} autosize minRows={2} error={errors.note} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={save} loading={busy}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

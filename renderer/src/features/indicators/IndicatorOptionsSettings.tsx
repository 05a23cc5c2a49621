import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Group, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FacilityKind, FacilityStatus } from '../../../../shared/domain/facility';
import { DEFAULT_INDICATOR_OPTIONS, INDICATOR_OPTION_DOCS, type IndicatorOptionKey, type IndicatorOptions } from '../../../../shared/domain/indicators';
import { call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { optionsOf } from '../../components/labels';
import { notifyFormError, notifyOk } from '../../components/notify';

function Doc({ k }: { k: IndicatorOptionKey }) {
  return (
    <Text size="xs" c="dimmed" mt={2}>
      {INDICATOR_OPTION_DOCS[k].description}
    </Text>
  );
}

/** 设置 › 指标口径: every option that changes an indicator, with its documentation from the shared catalogue. */
export function IndicatorOptionsSettings() {
  const { t } = useTranslation();
  const saved = useQuery('indicators.options.get', {});
  const [v, setV] = useState<IndicatorOptions | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (saved.data) setV(saved.data);
  }, [saved.data]);
  const docs = INDICATOR_OPTION_DOCS;

  const save = async (next: IndicatorOptions) => {
    setBusy(true);
    setErrors({});
    try {
      setV(await call('indicators.options.set', next));
      notifyOk(t('indicators.settings.saved'));
    } catch (e) {
      notifyFormError(e, setErrors);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder data-testid="indicator-options">
      <Title order={4} mb={4}>{t('indicators.settings.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('indicators.settings.intro')}</Text>
      {saved.error && <Alert color="red">{t('indicators.settings.pendingCore', { message: saved.error.message })}</Alert>}
      {v && (
        <Stack>
          <div>
            <Switch
              label={docs.includeFamilyCareBeds.label}
              checked={v.includeFamilyCareBeds}
              onChange={(e) => setV({ ...v, includeFamilyCareBeds: e.currentTarget.checked })}
            />
            <Doc k="includeFamilyCareBeds" />
          </div>
          <div>
            <Checkbox.Group
              label={docs.bedFacilityKinds.label}
              value={v.bedFacilityKinds}
              onChange={(x) => setV({ ...v, bedFacilityKinds: x as FacilityKind[] })}
              error={errors.bedFacilityKinds}
            >
              <Group mt={4} gap="md">
                {optionsOf(docs.bedFacilityKinds.choices).map((o) => (
                  <Checkbox key={o.value} value={o.value} label={o.label} />
                ))}
              </Group>
            </Checkbox.Group>
            <Doc k="bedFacilityKinds" />
          </div>
          <div>
            <Select
              label={docs.elderlyPopulationBasis.label}
              data={optionsOf(docs.elderlyPopulationBasis.choices)}
              value={v.elderlyPopulationBasis}
              onChange={(x) => x && setV({ ...v, elderlyPopulationBasis: x as IndicatorOptions['elderlyPopulationBasis'] })}
              allowDeselect={false}
              maw={320}
            />
            <Doc k="elderlyPopulationBasis" />
          </div>
          <div>
            <Select
              label={docs.elderlyAgeThreshold.label}
              data={optionsOf(docs.elderlyAgeThreshold.choices)}
              value={String(v.elderlyAgeThreshold)}
              onChange={(x) => x && setV({ ...v, elderlyAgeThreshold: Number(x) === 65 ? 65 : 60 })}
              allowDeselect={false}
              maw={320}
            />
            <Doc k="elderlyAgeThreshold" />
          </div>
          <div>
            <Select
              label={docs.bedSource.label}
              data={optionsOf(docs.bedSource.choices)}
              value={v.bedSource}
              onChange={(x) => x && setV({ ...v, bedSource: x as IndicatorOptions['bedSource'] })}
              allowDeselect={false}
              maw={320}
              data-testid="option-bed-source"
            />
            <Doc k="bedSource" />
          </div>
          <div>
            <Select
              label={docs.nursingShareScope.label}
              data={optionsOf(docs.nursingShareScope.choices)}
              value={v.nursingShareScope}
              onChange={(x) => x && setV({ ...v, nursingShareScope: x as IndicatorOptions['nursingShareScope'] })}
              allowDeselect={false}
              maw={320}
            />
            <Doc k="nursingShareScope" />
          </div>
          <div>
            <Checkbox.Group
              label={docs.facilityStatusesCounted.label}
              value={v.facilityStatusesCounted}
              onChange={(x) => setV({ ...v, facilityStatusesCounted: x as FacilityStatus[] })}
              error={errors.facilityStatusesCounted}
            >
              <Group mt={4} gap="md">
                {optionsOf(docs.facilityStatusesCounted.choices).map((o) => (
                  <Checkbox key={o.value} value={o.value} label={o.label} />
                ))}
              </Group>
            </Checkbox.Group>
            <Doc k="facilityStatusesCounted" />
          </div>
          <Group>
            <Button onClick={() => save(v)} loading={busy}>{t('indicators.settings.save')}</Button>
            <Button variant="default" onClick={() => save(DEFAULT_INDICATOR_OPTIONS)} disabled={busy}>
              {t('indicators.settings.reset')}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}

import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Fieldset, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssessmentRow } from '../../../../shared/contract';
import { ASSESSMENT_REASONS } from '../../../../shared/contract/assessments';
import {
  ABILITY_LEVELS,
  ASSESSMENT_DOMAINS,
  ASSESSMENT_DOMAIN_KEYS,
  RISK_EVENT_KINDS,
  scoreAssessment,
  type AssessmentDomain,
  type RiskEventKind,
} from '../../../../shared/domain/assessment';
import { call } from '../../api/client';
import { optionsOf } from '../../components/labels';
import { notifyOk } from '../../components/notify';
import { beijingToday } from './common';
import { submitWith } from '../../components/useAction';
import { DateField } from '../../components/DateField';

type Scores = Record<AssessmentDomain, Record<string, number | ''>>;

function emptyScores(): Scores {
  return Object.fromEntries(
    ASSESSMENT_DOMAIN_KEYS.map((d) => [d, Object.fromEntries(Object.keys(ASSESSMENT_DOMAINS[d].items).map((k) => [k, '']))]),
  ) as Scores;
}

const RISK_KEYS = Object.keys(RISK_EVENT_KINDS) as RiskEventKind[];

/**
 * GB/T 42195-2022 assessment: the 26 item scores of the four domains, the standard's adjustments, and a
 * live preview computed by the same pure function the core stores the result with.
 */
export function AssessmentForm({ opened, onClose, elderId, onSaved }: { opened: boolean; onClose: () => void; elderId: string; onSaved: (a: AssessmentRow) => void }) {
  const { t } = useTranslation();
  const [scores, setScores] = useState<Scores>(emptyScores);
  const [assessedOn, setAssessedOn] = useState(beijingToday());
  const [reason, setReason] = useState<string | null>('initial');
  const [assessor, setAssessor] = useState('');
  const [coma, setComa] = useState(false);
  const [dementia, setDementia] = useState(false);
  const [mentalDisorder, setMental] = useState(false);
  const [risk, setRisk] = useState<Record<RiskEventKind, number>>({ falls: 0, wandering: 0, choking: 0, suicideSelfHarm: 0, other: 0 });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (opened) {
      setScores(emptyScores());
      setErrors({});
    }
  }, [opened]);

  // Out-of-range scores stay in the box with an error rather than being cut or cleared as typed: a 4 in a
  // 0–3 item silently becoming 3 (or nothing) would store a level the assessor never gave.
  const items = ASSESSMENT_DOMAIN_KEYS.flatMap((d) => Object.entries(ASSESSMENT_DOMAINS[d].items).map(([key, item]) => ({ d, key, item, value: scores[d][key]! })));
  const rangeError = (value: number | '', max: number) => (value !== '' && (value < 0 || value > max) ? t('elders.assessments.outOfRange', { max }) : undefined);
  const missing = items.filter((i) => i.value === '');
  const outOfRange = items.filter((i) => rangeError(i.value, i.item.max));
  const complete = missing.length === 0 && outOfRange.length === 0;
  const input = { scores: scores as never, coma, dementia, mentalDisorder, riskEvents30d: risk };
  const preview = complete ? scoreAssessment(input) : null;

  const submit = async () => {
    const saved = await submitWith(setErrors, setBusy, () =>
      call('assessments.create', { elderId, assessedOn, reason: (reason ?? 'initial') as 'initial', assessor, assessment: input }),
    );
    if (!saved) return;
    notifyOk(t('elders.assessments.saved', { level: ABILITY_LEVELS[saved.finalLevel] }));
    onSaved(saved);
    onClose();
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('elders.assessments.formTitle')} size="xl">
      <form noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack>
          <Group grow>
            <DateField label={t('elders.assessments.assessedOn')} value={assessedOn} onChange={(e) => setAssessedOn(e.currentTarget.value)} error={errors.assessedOn} required />
            <Select label={t('elders.assessments.reason')} data={optionsOf(ASSESSMENT_REASONS)} value={reason} onChange={setReason} required />
            <TextInput label={t('elders.assessments.assessor')} value={assessor} onChange={(e) => setAssessor(e.currentTarget.value)} error={errors.assessor} required />
          </Group>
          {ASSESSMENT_DOMAIN_KEYS.map((d) => {
            const domain = ASSESSMENT_DOMAINS[d];
            const sum = Object.values(scores[d]).reduce<number>((s, v) => s + (v === '' ? 0 : v), 0);
            return (
              <Fieldset key={d} legend={t('elders.assessments.domain', { label: `${domain.code} ${domain.label}`, score: sum, max: domain.max })}>
                <SimpleGrid cols={{ base: 2, md: 4 }}>
                  {Object.entries(domain.items).map(([key, item]) => (
                    <NumberInput
                      key={key}
                      label={`${item.code} ${item.label}（0–${item.max}）`}
                      aria-label={item.label}
                      min={0}
                      max={item.max}
                      allowDecimal={false}
                      clampBehavior="none"
                      value={scores[d][key]}
                      onChange={(v) => setScores((s) => ({ ...s, [d]: { ...s[d], [key]: v === '' ? '' : Number(v) } }))}
                      error={rangeError(scores[d][key]!, item.max) ?? errors[`assessment.scores.${d}.${key}`]}
                    />
                  ))}
                </SimpleGrid>
              </Fieldset>
            );
          })}
          <Fieldset legend={t('elders.assessments.adjustments')}>
            <Group>
              <Checkbox label={t('elders.assessments.coma')} checked={coma} onChange={(e) => setComa(e.currentTarget.checked)} />
              <Checkbox label={t('elders.assessments.dementia')} checked={dementia} onChange={(e) => setDementia(e.currentTarget.checked)} />
              <Checkbox label={t('elders.assessments.mentalDisorder')} checked={mentalDisorder} onChange={(e) => setMental(e.currentTarget.checked)} />
            </Group>
            <Text size="sm" mt="sm">{t('elders.assessments.riskEvents')}</Text>
            <SimpleGrid cols={5}>
              {RISK_KEYS.map((k) => (
                <NumberInput key={k} label={RISK_EVENT_KINDS[k]} min={0} max={99} allowDecimal={false} allowNegative={false} value={risk[k]} onChange={(v) => setRisk((r) => ({ ...r, [k]: Number(v) || 0 }))} />
              ))}
            </SimpleGrid>
          </Fieldset>
          {missing.length > 0 && (
            <Text size="sm" c="dimmed" data-testid="assessment-missing">
              {t('elders.assessments.incomplete', { count: missing.length, items: missing.slice(0, 6).map((i) => `${i.item.code} ${i.item.label}`).join('、') + (missing.length > 6 ? ' 等' : '') })}
            </Text>
          )}
          {outOfRange.length > 0 && (
            <Text size="sm" c="red" data-testid="assessment-out-of-range">
              {t('elders.assessments.outOfRangeSummary', { items: outOfRange.map((i) => `${i.item.code} ${i.item.label}`).join('、') })}
            </Text>
          )}
          {preview && preview.ok && (
            <Alert color="blue" data-testid="assessment-preview">
              {t('elders.assessments.live', {
                total: preview.data.total,
                preliminary: ABILITY_LEVELS[preview.data.preliminaryLevel],
                final: ABILITY_LEVELS[preview.data.finalLevel],
              })}
              {preview.data.adjustments.map((a) => (
                <Text key={a.kind} size="sm">{a.reason}</Text>
              ))}
            </Alert>
          )}
          {preview && !preview.ok && <Alert color="red">{preview.issues.map((i) => i.message).join('；')}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} disabled={!complete}>{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

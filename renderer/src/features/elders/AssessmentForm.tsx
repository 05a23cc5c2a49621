import { memo, useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Button, Checkbox, Fieldset, Group, Modal, NumberInput, Paper, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssessmentRow } from '../../../../shared/contract';
import { ASSESSMENT_REASONS, type AssessmentReason } from '../../../../shared/contract/assessments';
import {
  ABILITY_LEVELS,
  ASSESSMENT_DOMAINS,
  ASSESSMENT_DOMAIN_KEYS,
  ASSESSMENT_ITEM_OPTIONS,
  RISK_EVENT_KINDS,
  itemOptions,
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
import { AssessmentPrint, type PartialScores } from './AssessmentPrint';

function emptyScores(): PartialScores {
  return Object.fromEntries(
    ASSESSMENT_DOMAIN_KEYS.map((d) => [d, Object.fromEntries(Object.keys(ASSESSMENT_DOMAINS[d].items).map((k) => [k, null]))]),
  ) as PartialScores;
}

const RISK_KEYS = Object.keys(RISK_EVENT_KINDS) as RiskEventKind[];
const NO_RISK: Record<RiskEventKind, number> = { falls: 0, wandering: 0, choking: 0, suicideSelfHarm: 0, other: 0 };

/**
 * One item as the standard prints it: every score with its wording, as native radios sharing a name, so
 * the arrow keys move within the item and Tab goes on to the next one. Memoised: a pick re-renders only
 * its own item, not the other 25 with their ~110 options.
 */
const ItemChoice = memo(function ItemChoice({ domain, itemKey, value, error, onPick }: { domain: AssessmentDomain; itemKey: string; value: number | null; error?: string; onPick: (d: AssessmentDomain, key: string, score: number) => void }) {
  const { t } = useTranslation();
  const item: { code: string; label: string; max: number } = (ASSESSMENT_DOMAINS[domain].items as Record<string, { code: string; label: string; max: number }>)[itemKey]!;
  const hint = (ASSESSMENT_ITEM_OPTIONS[domain] as Record<string, { hint: string }>)[itemKey]!.hint;
  return (
    <Radio.Group
      label={t('elders.assessments.itemLabel', { code: item.code, label: item.label, max: item.max })}
      description={hint}
      value={value === null ? null : String(value)}
      onChange={(v) => onPick(domain, itemKey, Number(v))}
      error={error}
      data-testid={`item-${itemKey}`}
    >
      <Stack gap={4} mt={4}>
        {itemOptions(domain, itemKey).map((o) => (
          <Radio key={o.score} value={String(o.score)} label={t('elders.assessments.option', { score: o.score, description: o.description })} />
        ))}
      </Stack>
    </Radio.Group>
  );
});

/**
 * GB/T 42195-2022 assessment with the standard at hand: the 26 items with their described options, the
 * domain subtotals, total and levels recomputed on every pick by the same pure function the core stores
 * the result with, and the printable sheet of the form as filled so far.
 */
export function AssessmentForm({ opened, onClose, elder, onSaved }: { opened: boolean; onClose: () => void; elder: { id: string; name: string; idNumber: string }; onSaved: (a: AssessmentRow) => void }) {
  const { t } = useTranslation();
  const [scores, setScores] = useState<PartialScores>(emptyScores);
  const [assessedOn, setAssessedOn] = useState(beijingToday());
  const [reason, setReason] = useState<string | null>('initial');
  const [assessor, setAssessor] = useState('');
  const [coma, setComa] = useState(false);
  const [dementia, setDementia] = useState(false);
  const [mentalDisorder, setMental] = useState(false);
  const [risk, setRisk] = useState<Record<RiskEventKind, number>>(NO_RISK);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    // Each opening is a new assessment: nothing ticked or counted last time carries over into it.
    if (opened) {
      setScores(emptyScores());
      setComa(false);
      setDementia(false);
      setMental(false);
      setRisk(NO_RISK);
      setErrors({});
      setPrinting(false);
    }
  }, [opened]);
  const onPick = useCallback((d: AssessmentDomain, key: string, score: number) => setScores((s) => ({ ...s, [d]: { ...s[d], [key]: score } })), []);

  const items = ASSESSMENT_DOMAIN_KEYS.flatMap((d) => Object.entries(ASSESSMENT_DOMAINS[d].items).map(([key, item]) => ({ d, key, item, value: scores[d][key] ?? null })));
  const missing = items.filter((i) => i.value === null);
  const complete = missing.length === 0;
  const input = { scores: scores as never, coma, dementia, mentalDisorder, riskEvents30d: risk };
  const preview = complete ? scoreAssessment(input) : null;
  const outcome = preview?.ok ? preview.data : null;
  const subtotal = (d: AssessmentDomain) => Object.values(scores[d]).reduce<number>((s, v) => s + (v ?? 0), 0);
  const runningTotal = ASSESSMENT_DOMAIN_KEYS.reduce((s, d) => s + subtotal(d), 0);

  const submit = async () => {
    const saved = await submitWith(setErrors, setBusy, () =>
      call('assessments.create', { elderId: elder.id, assessedOn, reason: (reason ?? 'initial') as 'initial', assessor, assessment: input }),
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
            return (
              <Fieldset key={d} legend={t('elders.assessments.domain', { label: `${domain.code} ${domain.label}`, score: subtotal(d), max: domain.max })}>
                <Stack gap="md">
                  {Object.keys(domain.items).map((key) => (
                    <ItemChoice key={key} domain={d} itemKey={key} value={scores[d][key] ?? null} error={errors[`assessment.scores.${d}.${key}`]} onPick={onPick} />
                  ))}
                </Stack>
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
          {/* Stays in view while the assessor scrolls through the items: the result follows every pick. */}
          <Paper withBorder p="sm" style={{ position: 'sticky', bottom: 0, zIndex: 2 }} data-testid="assessment-summary">
            <Group gap="xs">
              {ASSESSMENT_DOMAIN_KEYS.map((d) => (
                <Badge key={d} variant="light" data-testid={`subtotal-${d}`}>
                  {t('elders.assessments.subtotal', { label: ASSESSMENT_DOMAINS[d].label, score: subtotal(d), max: ASSESSMENT_DOMAINS[d].max })}
                </Badge>
              ))}
            </Group>
            <Text size="sm" mt={4} data-testid="assessment-total">{t('elders.assessments.runningTotal', { total: runningTotal, done: items.length - missing.length })}</Text>
            {outcome ? (
              <Alert color="blue" mt={4} p="xs" data-testid="assessment-preview">
                {t('elders.assessments.live', { total: outcome.total, preliminary: ABILITY_LEVELS[outcome.preliminaryLevel], final: ABILITY_LEVELS[outcome.finalLevel] })}
                {outcome.adjustments.map((a) => (
                  <Text key={a.kind} size="sm">{a.reason}</Text>
                ))}
              </Alert>
            ) : (
              <Text size="sm" c="dimmed" data-testid="assessment-missing">
                {t('elders.assessments.incomplete', { count: missing.length, items: missing.slice(0, 6).map((i) => `${i.item.code} ${i.item.label}`).join('、') + (missing.length > 6 ? ' 等' : '') })}
              </Text>
            )}
            {preview && !preview.ok && <Alert color="red" mt={4}>{preview.issues.map((i) => i.message).join('；')}</Alert>}
          </Paper>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button variant="light" onClick={() => setPrinting(true)}>{t('elders.assessments.print')}</Button>
            <Button type="submit" loading={busy} disabled={!complete}>{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
      <AssessmentPrint
        opened={printing}
        onClose={() => setPrinting(false)}
        elder={elder}
        assessment={{ assessedOn, reason: reason as AssessmentReason | null, assessor, scores, coma, dementia, mentalDisorder, riskEvents30d: risk, outcome }}
      />
    </Modal>
  );
}

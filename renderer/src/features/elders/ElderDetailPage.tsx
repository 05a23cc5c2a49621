import { useState } from 'react';
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { AdmissionSummary, FamilyCareBedRow, WaitingApplicationRow } from '../../../../shared/contract';
import { ASSESSMENT_REASONS } from '../../../../shared/contract/assessments';
import { APPLICATION_STATUSES } from '../../../../shared/contract/waiting';
import { DISCHARGE_REASONS, FEE_CLASSES } from '../../../../shared/domain/stays';
import { ABILITY_LEVELS } from '../../../../shared/domain/assessment';
import { ELDER_CATEGORIES } from '../../../../shared/domain/waitingPriority';
import { useQuery } from '../../api/hooks';
import { useSession } from '../auth/session';
import { AuditTable } from '../../components/AuditTable';
import { TekunNeedCard } from '../staff/TekunNeedCard';
import { ElderForm } from './ElderForm';
import { AssessmentForm } from './AssessmentForm';
import { AssessmentPrint, printable } from './AssessmentPrint';
import { AdmitDialog, ApplyDialog, CorrectionDialog, DischargeDialog, FamilyBedCloseDialog, FamilyBedOpenDialog, LeaveDialog, TransferDialog, WithdrawDialog } from './StayDialogs';

type Dialog =
  | { kind: 'edit' }
  | { kind: 'assess' }
  | { kind: 'admit' }
  | { kind: 'apply' }
  | { kind: 'familyOpen' }
  | { kind: 'transfer' | 'leave' | 'discharge' | 'reopen' | 'cancel'; admission: AdmissionSummary }
  | { kind: 'withdraw'; application: WaitingApplicationRow }
  | { kind: 'familyClose'; bed: FamilyCareBedRow }
  | null;

function Field({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text>{value}</Text>
    </div>
  );
}

/**
 * The elder's own page: the only place the full ID number and phones are shown, after 显示完整 (an
 * audited access, for an account that may see them); masked until then.
 */
export function ElderDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession();
  const [reveal, setReveal] = useState(false);
  const elder = useQuery('elders.get', { id, reveal });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [printId, setPrintId] = useState<string | null>(null);
  // Every change reloads the elder and remounts the history below, which has its own query.
  const [version, setVersion] = useState(0);
  const reload = () => {
    elder.reload();
    setVersion((v) => v + 1);
  };
  const close = () => setDialog(null);
  const e = elder.data;
  if (elder.error) return <Text c="red">{elder.error.message}</Text>;
  if (!e) return <Text c="dimmed">{t('common.loading')}</Text>;
  const current = e.admissions.find((a) => a.dischargedOn === null) ?? null;
  // Nothing is recorded about an elder after a recorded death (the core refuses it too).
  const diedOn = e.diedOn;
  // Only the latest admission's discharge can be undone (a later one would overlap it).
  const latestId = [...e.admissions].sort((x, y) => y.admittedOn.localeCompare(x.admittedOn))[0]?.id ?? null;
  const openFamily = e.familyBeds.find((b) => b.closedOn === null) ?? null;

  return (
    <Stack>
      <Anchor component={Link} to="/elders">{t('elders.backToList')}</Anchor>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2}>{e.name}</Title>
          {diedOn && <Badge color="gray" size="lg" data-testid="elder-deceased">{t('elders.deceased', { date: diedOn })}</Badge>}
        </Group>
        <Group>
          {e.masked && session.can('elders.full') && (
            <Button variant="light" data-testid="elder-show-full" onClick={() => setReveal(true)}>{t('accounts.showFull')}</Button>
          )}
          {session.can('elders.write') && (
            // The form edits the phones: it opens on the full record (itself an audited view).
            <Button variant="light" onClick={() => { setReveal(true); setDialog({ kind: 'edit' }); }} disabled={e.masked && !session.can('elders.full')}>{t('common.edit')}</Button>
          )}
          {!diedOn && (
            <>
              <Button variant="light" onClick={() => setDialog({ kind: 'assess' })}>{t('elders.assessments.add')}</Button>
              <Button variant="light" onClick={() => setDialog({ kind: 'apply' })}>{t('elders.waiting.apply')}</Button>
              {!current && <Button onClick={() => setDialog({ kind: 'admit' })}>{t('elders.stays.admit')}</Button>}
              {!openFamily && !current && <Button variant="light" onClick={() => setDialog({ kind: 'familyOpen' })}>{t('elders.familyBeds.open')}</Button>}
            </>
          )}
        </Group>
      </Group>

      <Card withBorder>
        <Title order={4} mb="sm">{t('elders.details')}</Title>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Field label={t('elders.idNumber')} value={<span data-testid="elder-id-number">{e.idNumber}</span>} />
          <Field label={t('elders.sex')} value={e.sex === 'M' ? t('elders.sexM') : t('elders.sexF')} />
          <Field label={t('elders.birthDate')} value={e.birthDate} />
          <Field
            label={t('elders.age')}
            value={diedOn ? t('elders.ageAtDeathValue', { age: e.age }) : <>{t('elders.ageValue', { age: e.age })} {e.advancedAge && <Badge size="sm">{t('elders.advancedAge')}</Badge>}</>}
          />
          <Field label={t('elders.hukouAreaName')} value={e.hukouAreaName ?? e.hukouAreaCode ?? '—'} />
          <Field label={t('elders.phone')} value={e.phone ?? '—'} />
          <Field label={t('elders.address')} value={e.address ?? '—'} />
          <Field label={t('elders.categories')} value={e.categories.length ? e.categories.map((c) => ELDER_CATEGORIES[c]).join('、') : t('elders.categoriesNone')} />
          <Field label={t('elders.level')} value={e.latestLevel ? ABILITY_LEVELS[e.latestLevel] : t('elders.notAssessed')} />
          <Field
            label={t('elders.placement')}
            value={
              e.placement ? (
                <span data-testid="elder-placement">
                  {e.placement.facilityName} {e.placement.bedLabel} {e.placement.onLeave && <Badge color="orange" size="sm">{t('elders.onLeaveTag')}</Badge>}
                </span>
              ) : (
                <span data-testid="elder-placement">{t('elders.notAdmitted')}</span>
              )
            }
          />
          <Field label={t('elders.contacts')} value={e.contacts.length ? e.contacts.map((c) => `${c.name}${c.relation ? `（${c.relation}）` : ''} ${c.phone}`).join('；') : '—'} />
          <Field label={t('elders.notes')} value={e.notes ?? '—'} />
        </SimpleGrid>
      </Card>

      {e.categories.includes('extreme_hardship') && <TekunNeedCard elderId={e.id} onChanged={() => setVersion((v) => v + 1)} />}

      <Card withBorder>
        <Title order={4} mb="sm">{t('elders.stays.title')}</Title>
        {e.admissions.length === 0 && <Text c="dimmed">{t('elders.stays.none')}</Text>}
        {e.admissions.map((a) => (
          <Stack key={a.id} gap={4} mb="md" data-testid="admission">
            <Group justify="space-between">
              <Group>
                <Badge color={a.dischargedOn ? 'gray' : 'teal'}>{a.dischargedOn ? t('elders.stays.ended') : t('elders.stays.current')}</Badge>
                <Text fw={600}>{a.facilityName}</Text>
                <Text size="sm">{a.dischargedOn ? t('elders.stays.period', { from: a.admittedOn, to: a.dischargedOn }) : t('elders.stays.periodOpen', { from: a.admittedOn })}</Text>
                <Text size="sm" c="dimmed">{FEE_CLASSES[a.feeClass]}</Text>
                {a.dischargeReason && <Text size="sm">{DISCHARGE_REASONS[a.dischargeReason]}{a.dischargeNote ? `：${a.dischargeNote}` : ''}</Text>}
                {a.onLeave && <Badge color="orange">{t('elders.onLeaveTag')}</Badge>}
              </Group>
              {a.dischargedOn && a.id === latestId && (
                <Button size="xs" variant="subtle" onClick={() => setDialog({ kind: 'reopen', admission: a })}>{t('elders.stays.reopen')}</Button>
              )}
              {!a.dischargedOn && (
                <Group>
                  <Button size="xs" variant="light" onClick={() => setDialog({ kind: 'transfer', admission: a })} disabled={a.onLeave}>{t('elders.stays.transfer')}</Button>
                  <Button size="xs" variant="light" onClick={() => setDialog({ kind: 'leave', admission: a })}>{a.onLeave ? t('elders.stays.endLeave') : t('elders.stays.leave')}</Button>
                  <Button size="xs" color="red" variant="light" onClick={() => setDialog({ kind: 'discharge', admission: a })}>{t('elders.stays.discharge')}</Button>
                  <Button size="xs" color="red" variant="subtle" onClick={() => setDialog({ kind: 'cancel', admission: a })}>{t('elders.stays.cancel')}</Button>
                </Group>
              )}
            </Group>
            <Table withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('elders.stays.segments')}</Table.Th>
                  <Table.Th>{t('elders.stays.bed')}</Table.Th>
                  <Table.Th>{t('elders.stays.note')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {a.segments.map((s, i) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>{s.endOn ? t('elders.stays.period', { from: s.startOn, to: s.endOn }) : t('elders.stays.periodOpen', { from: s.startOn })}</Table.Td>
                    <Table.Td><Anchor component={Link} to={`/beds?facility=${a.facilityId}`}>{s.buildingName} {s.bedLabel}</Anchor></Table.Td>
                    {/* A transfer's reason is recorded on the bed moved to, the next segment. */}
                    <Table.Td>{s.endReason === 'transfer' ? `${t('elders.stays.endTransfer')}${a.segments[i + 1]?.transferReason ? `：${a.segments[i + 1]!.transferReason}` : ''}` : s.endReason === 'discharge' ? t('elders.stays.endDischarge') : ''}</Table.Td>
                  </Table.Tr>
                ))}
                {a.leaves.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>{l.endOn ? t('elders.stays.period', { from: l.startOn, to: l.endOn }) : t('elders.stays.periodOpen', { from: l.startOn })}</Table.Td>
                    <Table.Td>{t('elders.stays.leave')}</Table.Td>
                    <Table.Td>{l.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        ))}
      </Card>

      <Card withBorder>
        <Title order={4} mb="sm">{t('elders.assessments.title')}</Title>
        {e.assessments.length === 0 ? (
          <Text c="dimmed">{t('elders.assessments.none')}</Text>
        ) : (
          <Table withTableBorder data-testid="assessment-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('elders.assessments.assessedOn')}</Table.Th>
                <Table.Th>{t('elders.assessments.reason')}</Table.Th>
                <Table.Th>{t('elders.assessments.total')}</Table.Th>
                <Table.Th>{t('elders.assessments.preliminary')}</Table.Th>
                <Table.Th>{t('elders.assessments.final')}</Table.Th>
                <Table.Th>{t('elders.assessments.adjustments')}</Table.Th>
                <Table.Th>{t('elders.assessments.assessor')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {e.assessments.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.assessedOn}</Table.Td>
                  <Table.Td>{ASSESSMENT_REASONS[a.reason]}</Table.Td>
                  <Table.Td>{a.total}</Table.Td>
                  <Table.Td>{ABILITY_LEVELS[a.preliminaryLevel]}</Table.Td>
                  <Table.Td><Badge variant="light">{ABILITY_LEVELS[a.finalLevel]}</Badge></Table.Td>
                  <Table.Td>{a.adjustments.map((x) => x.reason).join('；') || '—'}</Table.Td>
                  <Table.Td>{a.assessor}</Table.Td>
                  <Table.Td><Button size="xs" variant="subtle" onClick={() => setPrintId(a.id)}>{t('elders.assessments.print')}</Button></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>

      <Card withBorder>
        <Title order={4} mb="sm">{t('elders.waiting.applications')}</Title>
        {e.applications.length === 0 ? (
          <Text c="dimmed">{t('elders.waiting.empty')}</Text>
        ) : (
          <Table withTableBorder>
            <Table.Tbody>
              {e.applications.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.facilityName}</Table.Td>
                  <Table.Td>{a.appliedOn}</Table.Td>
                  <Table.Td><Badge variant="light">{APPLICATION_STATUSES[a.status]}</Badge></Table.Td>
                  <Table.Td data-testid="waiting-position">{a.position ? t('elders.waiting.positionValue', { position: a.position }) : ''}</Table.Td>
                  <Table.Td>{a.groupLabel ?? ''}</Table.Td>
                  <Table.Td>{a.withdrawReason ?? ''}</Table.Td>
                  <Table.Td>
                    {a.status === 'waiting' && (
                      <Button size="xs" variant="subtle" color="red" onClick={() => setDialog({ kind: 'withdraw', application: a })}>{t('elders.waiting.withdraw')}</Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>

      <Card withBorder>
        <Title order={4} mb="sm">{t('elders.familyBeds.title')}</Title>
        {e.familyBeds.length === 0 ? (
          <Text c="dimmed">{t('elders.familyBeds.none')}</Text>
        ) : (
          <Table withTableBorder>
            <Table.Tbody>
              {e.familyBeds.map((b) => (
                <Table.Tr key={b.id}>
                  <Table.Td>{b.providerName}</Table.Td>
                  <Table.Td>{b.areaName ?? b.areaCode} {b.address}</Table.Td>
                  <Table.Td>{b.closedOn ? t('elders.stays.period', { from: b.openedOn, to: b.closedOn }) : t('elders.stays.periodOpen', { from: b.openedOn })}</Table.Td>
                  <Table.Td>{b.assessmentLevel ? ABILITY_LEVELS[b.assessmentLevel] : ''}</Table.Td>
                  <Table.Td>{!b.closedOn && <Button size="xs" variant="subtle" color="red" onClick={() => setDialog({ kind: 'familyClose', bed: b })}>{t('elders.familyBeds.close')}</Button>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>

      <AuditTable key={version} entity="elder" entityId={e.id} />

      <ElderForm opened={dialog?.kind === 'edit'} onClose={close} elder={e} onSaved={reload} />
      <AssessmentForm opened={dialog?.kind === 'assess'} onClose={close} elder={e} onSaved={reload} />
      <AssessmentPrint opened={printId !== null} onClose={() => setPrintId(null)} elder={e} assessment={printable(e.assessments.find((a) => a.id === printId))} />
      <AdmitDialog opened={dialog?.kind === 'admit'} onClose={close} elderId={e.id} elderName={e.name} sex={e.sex} onDone={reload} />
      <ApplyDialog opened={dialog?.kind === 'apply'} onClose={close} elderId={e.id} onDone={reload} />
      <FamilyBedOpenDialog opened={dialog?.kind === 'familyOpen'} onClose={close} elderId={e.id} onDone={reload} />
      {dialog && (dialog.kind === 'transfer' || dialog.kind === 'leave' || dialog.kind === 'discharge') && (
        <>
          <TransferDialog opened={dialog.kind === 'transfer'} onClose={close} admission={dialog.admission} sex={e.sex} onDone={reload} />
          <LeaveDialog opened={dialog.kind === 'leave'} onClose={close} admission={dialog.admission} onDone={reload} />
          <DischargeDialog opened={dialog.kind === 'discharge'} onClose={close} admission={dialog.admission} onDone={reload} />
        </>
      )}
      {dialog && (dialog.kind === 'reopen' || dialog.kind === 'cancel') && (
        <CorrectionDialog opened onClose={close} admission={dialog.admission} kind={dialog.kind} onDone={reload} />
      )}
      {dialog?.kind === 'withdraw' && <WithdrawDialog opened onClose={close} application={dialog.application} onDone={reload} />}
      {dialog?.kind === 'familyClose' && <FamilyBedCloseDialog opened onClose={close} bed={dialog.bed} onDone={reload} />}
    </Stack>
  );
}

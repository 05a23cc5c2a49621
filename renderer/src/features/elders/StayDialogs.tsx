import { useEffect, useState, type ReactNode } from 'react';
import { Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AdmissionSummary, FamilyCareBedRow, WaitingApplicationRow } from '../../../../shared/contract';
import { FAMILY_BED_PROVIDER_KINDS } from '../../../../shared/contract/familyBeds';
import { DISCHARGE_REASONS, FEE_CLASSES } from '../../../../shared/domain/stays';
import { BED_CATEGORIES } from '../../../../shared/domain/beds';
import { call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { optionsOf } from '../../components/labels';
import { notifyOk } from '../../components/notify';
import { FacilitySelect, beijingToday } from './common';
import { submitWith } from '../../components/useAction';
import { isIsoDay } from '../../../../shared/domain/calendar';
import { DateField } from '../../components/DateField';

/** A small modal form: fields, cancel and a submit that runs one core call (one transaction). */
function DialogShell({ opened, onClose, title, busy, onSubmit, children, submitLabel }: { opened: boolean; onClose: () => void; title: string; busy: boolean; onSubmit: () => void; children: ReactNode; submitLabel?: string }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="md">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <Stack>
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy}>{submitLabel ?? t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function useDialogState() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  return { errors, setErrors, busy, setBusy };
}

/** Admit an elder to a bed free from the chosen date on; optionally serving a waiting-list application. */
export function AdmitDialog({ opened, onClose, elderId, elderName, sex, facilityId: fixedFacility, application, onDone }: {
  opened: boolean;
  onClose: () => void;
  elderId: string;
  elderName: string;
  sex?: 'M' | 'F';
  facilityId?: string;
  application?: WaitingApplicationRow;
  onDone: (a: AdmissionSummary) => void;
}) {
  const { t } = useTranslation();
  const s = useDialogState();
  const [facilityId, setFacility] = useState<string | null>(fixedFacility ?? null);
  const [on, setOn] = useState(beijingToday());
  const [bedId, setBed] = useState<string | null>(null);
  const [feeClass, setFee] = useState<string | null>('standard');
  useEffect(() => {
    if (opened) {
      setFacility(fixedFacility ?? null);
      setBed(null);
      s.setErrors({});
    }
  }, [opened, fixedFacility]);
  // Opened from the waiting list the elder's sex is not at hand: read it, so that beds of rooms for the
  // other sex are not offered (the core would refuse them only on saving).
  const elder = useQuery('elders.get', { id: elderId }, opened && !sex);
  const elderSex = sex ?? elder.data?.sex;
  const free = useQuery('stays.freeBeds', { facilityId: facilityId ?? '', on, sex: elderSex, admitting: true }, opened && !!facilityId && !!elderSex && isIsoDay(on));
  // A facility not open to admissions on that day: the reason stands under the date, and no bed is offered.
  const closedReason = free.error?.code === 'FACILITY_NOT_OPERATING' ? free.error.message : undefined;
  const beds = (free.data ?? []).map((b) => ({
    value: b.id,
    label: `${b.buildingName} ${b.label} · ${BED_CATEGORIES[b.category]}${b.nursing ? ' · 护理型' : ''}${b.reserve ? ' · 应急预留' : ''}`,
  }));
  return (
    <DialogShell
      opened={opened}
      onClose={onClose}
      title={application ? t('elders.stays.admitFromWaiting', { name: elderName }) : t('elders.stays.admitTitle')}
      busy={s.busy}
      submitLabel={t('elders.stays.admit')}
      onSubmit={async () => {
        const r = await submitWith(s.setErrors, s.setBusy, () =>
          call('stays.admit', { elderId, bedId: bedId ?? '', admittedOn: on, feeClass: (feeClass ?? 'standard') as 'standard', applicationId: application?.id ?? null }),
        );
        if (!r) return;
        const label = beds.find((b) => b.value === bedId)?.label ?? '';
        notifyOk(t('elders.stays.admitted', { bed: label }));
        onDone(r);
        onClose();
      }}
    >
      {!fixedFacility && <FacilitySelect value={facilityId} onChange={(id) => { setFacility(id); setBed(null); }} required />}
      <DateField label={t('elders.stays.admittedOn')} value={on} onChange={(e) => { setOn(e.currentTarget.value); setBed(null); }} error={s.errors.admittedOn ?? closedReason} required />
      <Select
        label={t('elders.stays.bed')}
        placeholder={beds.length && !closedReason ? t('elders.stays.bedPlaceholder') : t('elders.stays.noFreeBeds')}
        data={closedReason ? [] : beds}
        value={bedId}
        onChange={setBed}
        searchable
        required
        error={s.errors.bedId}
        nothingFoundMessage={t('elders.stays.noFreeBeds')}
      />
      <Select label={t('elders.stays.feeClass')} data={optionsOf(FEE_CLASSES)} value={feeClass} onChange={setFee} required error={s.errors.feeClass} />
    </DialogShell>
  );
}

export function TransferDialog({ opened, onClose, admission, sex, onDone }: { opened: boolean; onClose: () => void; admission: AdmissionSummary; sex: 'M' | 'F'; onDone: () => void }) {
  const { t } = useTranslation();
  const s = useDialogState();
  const [on, setOn] = useState(beijingToday());
  const [bedId, setBed] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const free = useQuery('stays.freeBeds', { facilityId: admission.facilityId, on, sex }, opened && isIsoDay(on));
  const beds = (free.data ?? []).map((b) => ({ value: b.id, label: `${b.buildingName} ${b.label} · ${BED_CATEGORIES[b.category]}${b.nursing ? ' · 护理型' : ''}` }));
  return (
    <DialogShell
      opened={opened}
      onClose={onClose}
      title={t('elders.stays.transferTitle')}
      busy={s.busy}
      onSubmit={async () => {
        const r = await submitWith(s.setErrors, s.setBusy, () => call('stays.transfer', { admissionId: admission.id, toBedId: bedId ?? '', on, reason: reason || null }));
        if (!r) return;
        notifyOk(t('elders.stays.transferred', { bed: beds.find((b) => b.value === bedId)?.label ?? '' }));
        onDone();
        onClose();
      }}
    >
      <DateField label={t('elders.stays.transferOn')} value={on} onChange={(e) => setOn(e.currentTarget.value)} error={s.errors.on} required />
      <Select label={t('elders.stays.toBed')} data={beds} value={bedId} onChange={setBed} searchable required error={s.errors.toBedId} nothingFoundMessage={t('elders.stays.noFreeBeds')} />
      <TextInput label={t('elders.stays.transferReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={s.errors.reason} />
    </DialogShell>
  );
}

export function LeaveDialog({ opened, onClose, admission, onDone }: { opened: boolean; onClose: () => void; admission: AdmissionSummary; onDone: () => void }) {
  const { t } = useTranslation();
  const s = useDialogState();
  const openLeave = admission.leaves.find((l) => l.endOn === null);
  const [on, setOn] = useState(beijingToday());
  const [reason, setReason] = useState('');
  // Each opening starts from today; a leave begun today may be ended today (the core withdraws it).
  useEffect(() => {
    if (opened) {
      setOn(beijingToday());
      setReason('');
      s.setErrors({});
    }
  }, [opened]);
  return (
    <DialogShell
      opened={opened}
      onClose={onClose}
      title={openLeave ? t('elders.stays.endLeaveTitle') : t('elders.stays.leaveTitle')}
      busy={s.busy}
      onSubmit={async () => {
        const r = await submitWith(s.setErrors, s.setBusy, () =>
          openLeave ? call('stays.endLeave', { leaveId: openLeave.id, returnedOn: on }) : call('stays.startLeave', { admissionId: admission.id, startOn: on, reason }),
        );
        if (!r) return;
        notifyOk(!openLeave ? t('elders.stays.leaveDone', { date: on }) : on === openLeave.startOn ? t('elders.stays.endLeaveSameDay') : t('elders.stays.endLeaveDone', { date: on }));
        onDone();
        onClose();
      }}
    >
      <DateField label={openLeave ? t('elders.stays.returnedOn') : t('elders.stays.leaveStart')} value={on} onChange={(e) => setOn(e.currentTarget.value)} error={s.errors.startOn ?? s.errors.returnedOn} required />
      {!openLeave && <TextInput label={t('elders.stays.leaveReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={s.errors.reason} required />}
    </DialogShell>
  );
}

export function DischargeDialog({ opened, onClose, admission, onDone }: { opened: boolean; onClose: () => void; admission: AdmissionSummary; onDone: () => void }) {
  const { t } = useTranslation();
  const s = useDialogState();
  const [on, setOn] = useState(beijingToday());
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  return (
    <DialogShell
      opened={opened}
      onClose={onClose}
      title={t('elders.stays.dischargeTitle')}
      busy={s.busy}
      submitLabel={t('elders.stays.discharge')}
      onSubmit={async () => {
        const r = await submitWith(s.setErrors, s.setBusy, () => call('stays.discharge', { admissionId: admission.id, on, reason: (reason ?? '') as 'other', note: note || null }));
        if (!r) return;
        notifyOk(t('elders.stays.discharged'));
        onDone();
        onClose();
      }}
    >
      <DateField label={t('elders.stays.dischargeOn')} value={on} onChange={(e) => setOn(e.currentTarget.value)} error={s.errors.on} required />
      <Select label={t('elders.stays.dischargeReason')} data={optionsOf(DISCHARGE_REASONS)} value={reason} onChange={setReason} required error={s.errors.reason} />
      <TextInput label={t('elders.stays.dischargeNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={s.errors.note} />
    </DialogShell>
  );
}

/**
 * A correction with its reason (kept in the audit log): the discharge undone, or the admission withdrawn
 * as recorded by mistake. The core refuses it, saying why, when something recorded since stands in the way.
 */
export function CorrectionDialog({ opened, onClose, admission, kind, onDone }: { opened: boolean; onClose: () => void; admission: AdmissionSummary; kind: 'reopen' | 'cancel'; onDone: () => void }) {
  const { t } = useTranslation();
  const s = useDialogState();
  const [reason, setReason] = useState('');
  return (
    <DialogShell
      opened={opened}
      onClose={onClose}
      title={t(`elders.stays.${kind}Title`)}
      busy={s.busy}
      submitLabel={t(`elders.stays.${kind}`)}
      onSubmit={async () => {
        const r = await submitWith(s.setErrors, s.setBusy, () => call(kind === 'reopen' ? 'stays.reopen' : 'stays.cancel', { admissionId: admission.id, reason }));
        if (!r) return;
        notifyOk(t(`elders.stays.${kind}Done`));
        onDone();
        onClose();
      }}
    >
      <Text size="sm">{t(`elders.stays.${kind}Explain`, { facility: admission.facilityName, from: admission.admittedOn, to: admission.dischargedOn ?? '' })}</Text>
      <TextInput label={t('elders.stays.correctionReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={s.errors.reason ?? s.errors.admissionId} required />
    </DialogShell>
  );
}

export function ApplyDialog({ opened, onClose, elderId, onDone }: { opened: boolean; onClose: () => void; elderId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const s = useDialogState();
  const [facilityId, setFacility] = useState<string | null>(null);
  const [on, setOn] = useState(beijingToday());
  const [category, setCategory] = useState<string | null>('long_term');
  const [nursing, setNursing] = useState(false);
  return (
    <DialogShell
      opened={opened}
      onClose={onClose}
      title={t('elders.waiting.applyTitle')}
      busy={s.busy}
      onSubmit={async () => {
        const r = await submitWith(s.setErrors, s.setBusy, () =>
          call('waiting.apply', { facilityId: facilityId ?? '', elderId, appliedOn: on, requestedCategory: (category ?? 'long_term') as 'long_term', requestedNursing: nursing || null }),
        );
        if (!r) return;
        notifyOk(t('elders.waiting.applied', { position: r.position ?? '—' }));
        onDone();
        onClose();
      }}
    >
      <FacilitySelect value={facilityId} onChange={(id) => setFacility(id)} required />
      <DateField label={t('elders.waiting.appliedOn')} value={on} onChange={(e) => setOn(e.currentTarget.value)} error={s.errors.appliedOn} required />
      <Select label={t('elders.waiting.requestedCategory')} data={optionsOf(BED_CATEGORIES)} value={category} onChange={setCategory} />
      <Checkbox label={t('elders.waiting.requestedNursing')} checked={nursing} onChange={(e) => setNursing(e.currentTarget.checked)} />
    </DialogShell>
  );
}

/** Ends something on a date with a reason (withdrawal, closing a family care bed): one form, one call. */
function DateReasonDialog({ opened, onClose, title, dateLabel, dateField, reasonLabel, note, submit, done, onDone }: {
  opened: boolean;
  onClose: () => void;
  title: string;
  dateLabel: string;
  dateField: string;
  reasonLabel: string;
  note?: string;
  submit: (on: string, reason: string) => Promise<unknown>;
  done?: string;
  onDone: () => void;
}) {
  const s = useDialogState();
  const [on, setOn] = useState(beijingToday());
  const [reason, setReason] = useState('');
  return (
    <DialogShell
      opened={opened}
      onClose={onClose}
      title={title}
      busy={s.busy}
      onSubmit={async () => {
        const r = await submitWith(s.setErrors, s.setBusy, () => submit(on, reason));
        if (!r) return;
        if (done) notifyOk(done);
        onDone();
        onClose();
      }}
    >
      {note && <Text size="sm">{note}</Text>}
      <DateField label={dateLabel} value={on} onChange={(e) => setOn(e.currentTarget.value)} error={s.errors[dateField]} required />
      <TextInput label={reasonLabel} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={s.errors.reason} required />
    </DialogShell>
  );
}

export function WithdrawDialog({ opened, onClose, application, onDone }: { opened: boolean; onClose: () => void; application: WaitingApplicationRow; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <DateReasonDialog
      opened={opened}
      onClose={onClose}
      title={t('elders.waiting.withdrawTitle')}
      note={`${application.elderName} · ${application.facilityName}`}
      dateLabel={t('elders.waiting.withdrawnOn')}
      dateField="withdrawnOn"
      reasonLabel={t('elders.waiting.withdrawReason')}
      submit={(on, reason) => call('waiting.withdraw', { id: application.id, withdrawnOn: on, reason })}
      onDone={onDone}
    />
  );
}

export function FamilyBedOpenDialog({ opened, onClose, elderId, onDone }: { opened: boolean; onClose: () => void; elderId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const s = useDialogState();
  const today = beijingToday();
  const [provider, setProvider] = useState<string | null>(null);
  const [areaCode, setArea] = useState('');
  const [address, setAddress] = useState('');
  const [openedOn, setOpenedOn] = useState(today);
  const [agreementEnd, setAgreementEnd] = useState('');
  return (
    <DialogShell
      opened={opened}
      onClose={onClose}
      title={t('elders.familyBeds.openTitle')}
      busy={s.busy}
      onSubmit={async () => {
        const r = await submitWith(s.setErrors, s.setBusy, () =>
          call('familyBeds.open', { providerFacilityId: provider ?? '', elderId, areaCode, address, agreementStartOn: openedOn, agreementEndOn: agreementEnd || null, openedOn }),
        );
        if (!r) return;
        notifyOk(t('elders.familyBeds.opened'));
        onDone();
        onClose();
      }}
    >
      <FacilitySelect label={t('elders.familyBeds.provider')} kinds={FAMILY_BED_PROVIDER_KINDS} value={provider} onChange={(id) => setProvider(id)} required />
      <TextInput label={t('elders.familyBeds.area')} value={areaCode} onChange={(e) => setArea(e.currentTarget.value)} error={s.errors.areaCode} required maxLength={12} />
      <TextInput label={t('elders.familyBeds.address')} value={address} onChange={(e) => setAddress(e.currentTarget.value)} error={s.errors.address} required />
      <DateField label={t('elders.familyBeds.openedOn')} description={t('elders.familyBeds.assessmentDefault')} value={openedOn} onChange={(e) => setOpenedOn(e.currentTarget.value)} error={s.errors.openedOn} required />
      <DateField label={t('elders.familyBeds.agreementEnd')} value={agreementEnd} onChange={(e) => setAgreementEnd(e.currentTarget.value)} error={s.errors.agreementEndOn} />
    </DialogShell>
  );
}

export function FamilyBedCloseDialog({ opened, onClose, bed, onDone }: { opened: boolean; onClose: () => void; bed: FamilyCareBedRow; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <DateReasonDialog
      opened={opened}
      onClose={onClose}
      title={t('elders.familyBeds.closeTitle')}
      dateLabel={t('elders.familyBeds.closedOn')}
      dateField="closedOn"
      reasonLabel={t('elders.familyBeds.closeReason')}
      submit={(on, reason) => call('familyBeds.close', { id: bed.id, closedOn: on, reason })}
      done={t('elders.familyBeds.closed')}
      onDone={onDone}
    />
  );
}

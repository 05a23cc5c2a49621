import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RatingRow } from '../../../../shared/contract';
import type { FacilityKind } from '../../../../shared/domain/facility';
import { RATING_STATE_LABELS, starLabel } from '../../../../shared/domain/starRating';
import { call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { notifyFormError, notifyOk } from '../../components/notify';
import { RatingForm } from './RatingForm';
import { STATE_COLORS, Stars } from './Stars';
import { DateField } from '../../components/DateField';

/** The facility page's star-rating card: the star in force, its expiry, what promotion takes, and the history. */
export function FacilityRatingCard({ facility, onChanged }: { facility: { id: string; name: string; kind: FacilityKind }; onChanged?: () => void }) {
  const { t } = useTranslation();
  const data = useQuery('ratings.forFacility', { facilityId: facility.id });
  const [formOpen, setFormOpen] = useState(false);
  const [revoking, setRevoking] = useState<RatingRow | null>(null);
  const r = data.data;
  if (data.error) return <Alert color="red">{data.error.message}</Alert>;
  if (!r || !r.scheme) return null;
  const refresh = () => {
    data.reload();
    onChanged?.();
  };
  const current = r.current;

  return (
    <Card withBorder data-testid="facility-rating-card">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('ratings.card')}</Title>
        <Button size="xs" variant="light" onClick={() => setFormOpen(true)}>{t('ratings.addForFacility')}</Button>
      </Group>
      <Stack gap="xs">
        <Group data-testid="facility-current-star">
          <Text fw={500}>{t('ratings.current')}：</Text>
          {current ? (
            <>
              <Stars level={current.level} />
              <Text>{t('ratings.starLevel', { stars: starLabel(current.level) })}</Text>
              <Text c="dimmed">{t('ratings.expiresOn', { date: current.validUntil })}</Text>
              <Badge color={STATE_COLORS[current.state]} variant="light">{RATING_STATE_LABELS[current.state]}</Badge>
            </>
          ) : (
            <Text c="dimmed">{t('ratings.none')}</Text>
          )}
        </Group>
        {current?.state === 'expiring_soon' && (
          <Alert color="yellow" data-testid="facility-expiry-warning">{t('ratings.expiringSoon', { date: current.validUntil })}</Alert>
        )}
        {r.promotion && (
          <div data-testid="facility-promotion">
            <Text fw={500}>{t('ratings.promotion')}</Text>
            {r.promotion.nextLevel === null ? (
              <Text size="sm">{t('ratings.topLevel')}</Text>
            ) : (
              <Text size="sm">
                {t('ratings.nextLevel', { level: t('ratings.starLevel', { stars: starLabel(r.promotion.nextLevel) }) })}
                {r.promotion.earliestOn ? `；${t('ratings.earliestOn', { date: r.promotion.earliestOn })}` : ''}
              </Text>
            )}
            {r.promotion.notes.map((n) => (
              <Text key={n} size="xs" c="dimmed">{n}</Text>
            ))}
          </div>
        )}
        {r.history.length > 0 && (
          <Table withTableBorder data-testid="facility-rating-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('ratings.decidedOn')}</Table.Th>
                <Table.Th>{t('ratings.level')}</Table.Th>
                <Table.Th>{t('ratings.validUntil')}</Table.Th>
                <Table.Th>{t('ratings.state')}</Table.Th>
                <Table.Th>{t('ratings.exception')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.history.map((h) => (
                <Table.Tr key={h.id}>
                  <Table.Td>{h.decidedOn}</Table.Td>
                  <Table.Td>{starLabel(h.level)}</Table.Td>
                  <Table.Td>
                    {h.validUntil}
                    {h.validUntilReason ? <Text size="xs" c="dimmed">{h.validUntilReason}</Text> : null}
                  </Table.Td>
                  <Table.Td>
                    {h.supersededOn ? (
                      <Badge color="gray" variant="light">{t('ratings.superseded', { date: h.supersededOn })}</Badge>
                    ) : (
                      <Badge color={STATE_COLORS[h.state]} variant="light">{RATING_STATE_LABELS[h.state]}</Badge>
                    )}
                    {h.revokedOn ? <Text size="xs" c="dimmed">{h.revokedOn} {h.revokeReason}</Text> : null}
                  </Table.Td>
                  <Table.Td>
                    {h.ruleExceptionReason ? (
                      <Text size="xs">
                        {h.ruleViolations.map((v) => v.ruleId).join('、')}：{h.ruleExceptionReason}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {!h.revokedOn && !h.supersededOn && h.state !== 'expired' ? (
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRevoking(h)}>{t('ratings.revoke')}</Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <RatingForm opened={formOpen} onClose={() => setFormOpen(false)} onSaved={refresh} facility={facility} />
      <RevokeDialog rating={revoking} onClose={() => setRevoking(null)} onDone={refresh} />
    </Card>
  );
}

function RevokeDialog({ rating, onClose, onDone }: { rating: RatingRow | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [revokedOn, setRevokedOn] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async () => {
    if (!rating) return;
    try {
      await call('ratings.revoke', { id: rating.id, revokedOn, reason });
      notifyOk(t('ratings.revokedDone'));
      setRevokedOn('');
      setReason('');
      setErrors({});
      onDone();
      onClose();
    } catch (e) {
      notifyFormError(e, setErrors);
    }
  };
  return (
    <Modal opened={!!rating} onClose={onClose} title={t('ratings.revokeTitle')}>
      <Stack>
        {rating && <Text size="sm">{rating.decidedOn} · {starLabel(rating.level)}</Text>}
        <DateField label={t('ratings.revokedOn')} value={revokedOn} onChange={(e) => setRevokedOn(e.currentTarget.value)} error={errors.revokedOn} required />
        <TextInput label={t('ratings.revokeReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} required />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button color="red" onClick={submit} disabled={!revokedOn || !reason.trim()}>{t('ratings.revoke')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

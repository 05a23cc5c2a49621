import { useState } from 'react';
import { Button, Card, Group, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../../api/hooks';
import { useSession } from '../auth/session';
import { FacilityForm } from '../facilities/FacilityForm';
import { ImportDialog } from '../imports/ImportDialog';

/**
 * What a facility page (床位, 轮候, 在住与退住) shows with no facility chosen. With none registered at all
 * (or none this account may see), "choose one" would send the user to an empty list: the page says so and
 * offers the way forward instead, to those allowed to take it.
 */
export function NoFacilityYet({ chooseHint, onCreated }: { chooseHint: string; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const any = useQuery('facilities.list', { limit: 1 });
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  if (!any.data) return null;
  if (any.data.rows.length > 0) return <Text c="dimmed">{chooseHint}</Text>;
  const may = session.can('registry.write');
  return (
    <Card withBorder data-testid="no-facility">
      <Title order={4} mb="xs">{t('guide.title')}</Title>
      <Text size="sm" mb="sm">{may ? t('guide.noFacilityHere') : t('guide.nothingToDo')}</Text>
      {may && (
        <Group gap="xs">
          <Button onClick={() => setFormOpen(true)}>{t('guide.addFacility')}</Button>
          <Button variant="light" onClick={() => setImportOpen(true)}>{t('guide.importFacilities')}</Button>
        </Group>
      )}
      <FacilityForm opened={formOpen} onClose={() => setFormOpen(false)} onSaved={(f) => onCreated(f.id)} />
      <ImportDialog kind="facilities" title={t('facilities.title')} opened={importOpen} onClose={() => setImportOpen(false)} onDone={any.reload} />
    </Card>
  );
}

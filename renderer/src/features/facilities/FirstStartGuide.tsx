import { Button, Card, Group, List, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../auth/session';

/**
 * A first start (no facility registered yet): the steps that make the app useful, each a button, only
 * those the signed-in account may take. An account that may take none is told whom to ask.
 */
export function FirstStartGuide({ onAdd, onImport }: { onAdd: () => void; onImport: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const steps = [
    session.can('registry.write') && { key: 'register', text: t('guide.register'), actions: [{ label: t('guide.addOne'), run: onAdd }, { label: t('guide.importFile'), run: onImport }] },
    session.can('registry.write') && { key: 'population', text: t('guide.population'), actions: [{ label: t('guide.toAreas'), run: () => navigate('/areas') }] },
    session.can('beds.write') && { key: 'beds', text: t('guide.beds'), actions: [{ label: t('guide.toBeds'), run: () => navigate('/beds') }] },
    session.can('elders.write') && { key: 'elders', text: t('guide.elders'), actions: [{ label: t('guide.toElders'), run: () => navigate('/elders') }] },
    session.can('accounts') && { key: 'accounts', text: t('guide.accounts'), actions: [{ label: t('guide.toAccounts'), run: () => navigate('/accounts') }] },
  ].filter((s): s is { key: string; text: string; actions: { label: string; run: () => void }[] } => !!s);
  return (
    <Card withBorder data-testid="first-start">
      <Title order={4} mb="xs">{t('guide.title')}</Title>
      {steps.length === 0 ? (
        <Text size="sm">{t('guide.nothingToDo')}</Text>
      ) : (
        <List type="ordered" spacing="sm">
          {steps.map((s) => (
            <List.Item key={s.key}>
              <Group gap="xs">
                <Text size="sm">{s.text}</Text>
                {s.actions.map((a) => (
                  <Button key={a.label} size="xs" variant="light" onClick={a.run}>{a.label}</Button>
                ))}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}

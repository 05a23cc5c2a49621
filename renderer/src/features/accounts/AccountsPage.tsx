import { useState } from 'react';
import { Badge, Button, Card, Group, Modal, MultiSelect, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AccountRow } from '../../../../shared/contract';
import { ROLE_KEYS, ROLE_LABELS, ROLE_SCOPE, type AuthPolicy, type Grant, type Role } from '../../../../shared/domain/access';
import { beijingTime } from '../../../../shared/domain/calendar';
import { call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { notifyError, notifyOk } from '../../components/notify';
import { useSession } from '../auth/session';

function scopeText(g: Grant, t: (k: string) => string, facilityName: (id: string) => string): string {
  if (g.scope.kind === 'all') return t('accounts.scopeAll');
  if (g.scope.kind === 'district') return g.scope.codes.join('、');
  return g.scope.ids.map(facilityName).join('、');
}

/** One role over its scope, as the form edits it. */
function GrantFields({ value, onChange }: { value: Grant; onChange: (g: Grant) => void }) {
  const { t } = useTranslation();
  const districts = useQuery('areas.list', { level: 'district' });
  const facilities = useQuery('facilities.list', { limit: 500 });
  const kind = ROLE_SCOPE[value.role];
  const scopeKind = value.scope.kind;
  return (
    <Stack gap="xs">
      <Select
        label={t('accounts.role')}
        data={ROLE_KEYS.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        value={value.role}
        allowDeselect={false}
        onChange={(r) => {
          const role = r as Role;
          const k = ROLE_SCOPE[role];
          onChange({ role, scope: k === 'none' ? { kind: 'all' } : k === 'district' ? { kind: 'district', codes: [] } : { kind: 'facility', ids: [] } });
        }}
      />
      {kind !== 'none' && (
        <Select
          label={t('accounts.scope')}
          allowDeselect={false}
          data={[
            { value: 'all', label: t('accounts.scopeAll') },
            ...(kind !== 'facility' ? [{ value: 'district', label: t('accounts.scopeDistricts') }] : []),
            ...(kind !== 'district' ? [{ value: 'facility', label: t('accounts.scopeFacilities') }] : []),
          ]}
          value={scopeKind}
          onChange={(k) => onChange({ role: value.role, scope: k === 'all' ? { kind: 'all' } : k === 'district' ? { kind: 'district', codes: [] } : { kind: 'facility', ids: [] } })}
        />
      )}
      {value.scope.kind === 'district' && (
        <MultiSelect
          label={t('accounts.districts')}
          searchable
          data={(districts.data ?? []).map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` }))}
          value={value.scope.codes}
          onChange={(codes) => onChange({ role: value.role, scope: { kind: 'district', codes } })}
        />
      )}
      {value.scope.kind === 'facility' && (
        <MultiSelect
          label={t('accounts.facilities')}
          searchable
          data={(facilities.data?.rows ?? []).map((f) => ({ value: f.id, label: f.name }))}
          value={value.scope.ids}
          onChange={(ids) => onChange({ role: value.role, scope: { kind: 'facility', ids } })}
        />
      )}
    </Stack>
  );
}

function AccountDialog({ account, onClose }: { account: AccountRow | 'new'; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [grant, setGrant] = useState<Grant>(account === 'new' || !account.grants[0] ? { role: 'facility_staff', scope: { kind: 'facility', ids: [] } } : account.grants[0]);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      if (account === 'new') await call('accounts.create', { name, password, grants: [grant] });
      else await call('accounts.setGrants', { id: account.id, grants: [grant] });
      notifyOk(t('common.saved'));
      onClose(true);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={() => onClose(false)} title={account === 'new' ? t('accounts.add') : `${t('accounts.grants')}：${account.name}`}>
      <Stack>
        {account === 'new' && (
          <>
            <TextInput label={t('accounts.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
            <PasswordInput label={t('accounts.password')} description={t('accounts.passwordRule')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required autoComplete="new-password" />
          </>
        )}
        <GrantFields value={grant} onChange={setGrant} />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose(false)}>{t('common.cancel')}</Button>
          <Button onClick={save} loading={busy}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ResetDialog({ account, onClose }: { account: AccountRow; onClose: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const save = async () => {
    try {
      await call('accounts.resetPassword', { id: account.id, password });
      notifyOk(t('accounts.resetDone'));
      onClose();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Modal opened onClose={onClose} title={`${t('accounts.reset')}：${account.name}`}>
      <Stack>
        <PasswordInput label={t('accounts.newPassword')} description={t('accounts.passwordRule')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="new-password" />
        <Group justify="flex-end">
          <Button onClick={save}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function PolicyCard() {
  const { t } = useTranslation();
  const policy = useQuery('accounts.policy', {});
  const [draft, setDraft] = useState<AuthPolicy | null>(null);
  const value = draft ?? policy.data;
  if (!value) return null;
  const field = (key: keyof AuthPolicy, label: string, min: number) => (
    <NumberInput label={label} min={min} value={value[key]} onChange={(v) => setDraft({ ...value, [key]: Number(v) || 0 })} />
  );
  return (
    <Card withBorder>
      <Title order={4} mb="sm">{t('accounts.policy')}</Title>
      <SimpleGrid cols={4}>
        {field('passwordMaxAgeDays', t('accounts.policyMaxAge'), 0)}
        {field('maxFailures', t('accounts.policyFailures'), 1)}
        {field('lockMinutes', t('accounts.policyLock'), 1)}
        {field('idleMinutes', t('accounts.policyIdle'), 1)}
      </SimpleGrid>
      <Button
        mt="md"
        variant="light"
        disabled={!draft}
        onClick={async () => {
          try {
            await call('accounts.setPolicy', value);
            setDraft(null);
            policy.reload();
            notifyOk(t('common.saved'));
          } catch (e) {
            notifyError(e);
          }
        }}
      >
        {t('common.save')}
      </Button>
    </Card>
  );
}

/** 系统管理员's screen: accounts are created, given roles, reset and disabled here, never deleted. */
export function AccountsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const list = useQuery('accounts.list', { limit: 500 });
  const facilities = useQuery('facilities.list', { limit: 500 });
  const info = useQuery('system.info', {});
  const [dialog, setDialog] = useState<AccountRow | 'new' | null>(null);
  const [reset, setReset] = useState<AccountRow | null>(null);
  const facilityName = (id: string) => facilities.data?.rows.find((f) => f.id === id)?.name ?? id;
  const toggle = async (a: AccountRow) => {
    const reason = window.prompt(t('accounts.reasonPrompt'));
    if (!reason) return;
    try {
      await call('accounts.setDisabled', { id: a.id, disabled: !a.disabled, reason });
      list.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('accounts.accounts')}</Title>
        <Button onClick={() => setDialog('new')}>{t('accounts.add')}</Button>
      </Group>
      <Table striped withTableBorder data-testid="accounts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('accounts.name')}</Table.Th>
            <Table.Th>{t('accounts.roles')}</Table.Th>
            <Table.Th>{t('accounts.state')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data?.rows ?? []).map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.name}</Table.Td>
              <Table.Td>{a.grants.map((g) => `${ROLE_LABELS[g.role]}（${scopeText(g, t, facilityName)}）`).join('；') || '—'}</Table.Td>
              <Table.Td>
                {a.disabled ? <Badge color="gray">{t('accounts.disabled')}</Badge> : a.lockedUntil && Date.parse(a.lockedUntil) > Date.now() ? <Badge color="orange">{t('accounts.lockedUntil', { at: beijingTime(a.lockedUntil) })}</Badge> : <Badge color="teal" variant="light">{t('accounts.active')}</Badge>}
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end">
                  <Button size="xs" variant="light" onClick={() => setDialog(a)}>{t('accounts.grants')}</Button>
                  <Button size="xs" variant="light" onClick={() => setReset(a)}>{t('accounts.reset')}</Button>
                  {a.id !== me.account.id && <Button size="xs" variant="subtle" color={a.disabled ? 'teal' : 'red'} onClick={() => toggle(a)}>{a.disabled ? t('accounts.enable') : t('accounts.disable')}</Button>}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <PolicyCard />
      <Card withBorder>
        <Title order={4} mb="sm">{t('accounts.lan')}</Title>
        {window.api && (
          // The desktop app serves the LAN itself (kept for later starts); browser mode is started with --lan.
          <Switch
            mb="sm"
            label={t('accounts.lanSwitch')}
            checked={!!info.data?.lan}
            onChange={async (e) => {
              try {
                await call('lan.set', { enabled: e.currentTarget.checked });
                info.reload();
              } catch (err) {
                notifyError(err);
              }
            }}
          />
        )}
        {info.data?.lan ? (
          <Text>
            {t('accounts.lanOn', { port: info.data.lan.port })}
            <Text span ff="monospace" data-testid="lan-fingerprint" style={{ wordBreak: 'break-all' }}> {info.data.lan.fingerprint}</Text>
          </Text>
        ) : (
          <Text c="dimmed">{t('accounts.lanOff')}</Text>
        )}
      </Card>
      {dialog && <AccountDialog account={dialog} onClose={(changed) => { setDialog(null); if (changed) list.reload(); }} />}
      {reset && <ResetDialog account={reset} onClose={() => { setReset(null); list.reload(); }} />}
    </Stack>
  );
}

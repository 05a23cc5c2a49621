import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Center, Loader, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Me, SignedIn } from '../../../../shared/contract';
import type { Permission } from '../../../../shared/domain/access';
import { passwordProblem } from '../../../../shared/domain/access';
import { ApiError, call, SESSION_ENDED } from '../../api/client';

interface Session {
  me: SignedIn;
  /** Whether the account may do this somewhere in its scope (the core decides each request). */
  can(permission: Permission): boolean;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside AuthGate');
  return session;
}

/**
 * Nothing of the app renders before the core says who is signed in: the first start shows the setup of
 * the first 系统管理员, later starts the login, an expired password its change. The session itself is
 * an HttpOnly cookie (browser mode) or kept by the core's process (desktop): no token reaches the page.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    call('auth.me', {})
      .then(setMe)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(() => {
    refresh();
    const ended = () => refresh();
    window.addEventListener(SESSION_ENDED, ended);
    return () => window.removeEventListener(SESSION_ENDED, ended);
  }, [refresh]);
  if (error) return <Center h="100vh"><Text c="red">{error}</Text></Center>;
  if (!me) return <Center h="100vh"><Loader /></Center>;
  if (!me.signedIn) return me.setupNeeded ? <SetupScreen onDone={setMe} /> : <LoginScreen onDone={setMe} />;
  if (me.passwordExpired) return <ChangePasswordScreen expired onDone={refresh} />;
  const session: Session = {
    me,
    can: (p) => me.permissions.includes(p),
    logout: async () => {
      await call('auth.logout', {});
      setMe({ signedIn: false, setupNeeded: false });
      // The next account starts where its own roles do.
      window.location.hash = '#/';
    },
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

function Frame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center h="100vh" bg="gray.0">
      <Card withBorder shadow="sm" w={420} p="xl">
        <Stack>
          <Title order={3}>{t('app.name')}</Title>
          <Title order={4}>{title}</Title>
          {children}
        </Stack>
      </Card>
    </Center>
  );
}

function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function LoginScreen({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();
  return (
    <Frame title={t('accounts.loginTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => onDone(await call('auth.login', { name, password })));
        }}
      >
        <Stack>
          <TextInput label={t('accounts.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} autoComplete="username" required />
          <PasswordInput label={t('accounts.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" required />
          {error && <Alert color="red" data-testid="login-error">{error}</Alert>}
          <Button type="submit" loading={busy}>{t('accounts.login')}</Button>
        </Stack>
      </form>
    </Frame>
  );
}

function SetupScreen({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const { busy, error, run } = useSubmit();
  const problem = password ? passwordProblem(password) : null;
  const mismatch = again && again !== password ? t('accounts.passwordMismatch') : null;
  return (
    <Frame title={t('accounts.setupTitle')}>
      <Text size="sm">{t('accounts.setupIntro')}</Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (problem || mismatch) return;
          void run(async () => onDone(await call('auth.setup', { name, password })));
        }}
      >
        <Stack>
          <TextInput label={t('accounts.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} autoComplete="username" required />
          <PasswordInput label={t('accounts.password')} description={t('accounts.passwordRule')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={problem} autoComplete="new-password" required />
          <PasswordInput label={t('accounts.passwordAgain')} value={again} onChange={(e) => setAgain(e.currentTarget.value)} error={mismatch} autoComplete="new-password" required />
          {error && <Alert color="red">{error}</Alert>}
          <Button type="submit" loading={busy}>{t('accounts.create')}</Button>
        </Stack>
      </form>
    </Frame>
  );
}

export function ChangePasswordScreen({ expired, onDone }: { expired?: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const { busy, error, run } = useSubmit();
  const problem = newPassword ? passwordProblem(newPassword) : null;
  const form = (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (problem) return;
        void run(async () => {
          await call('auth.changePassword', { oldPassword, newPassword });
          onDone();
        });
      }}
    >
      <Stack>
        {expired && <Alert color="orange">{t('accounts.expired')}</Alert>}
        <PasswordInput label={t('accounts.oldPassword')} value={oldPassword} onChange={(e) => setOld(e.currentTarget.value)} autoComplete="current-password" required />
        <PasswordInput label={t('accounts.newPassword')} description={t('accounts.passwordRule')} value={newPassword} onChange={(e) => setNew(e.currentTarget.value)} error={problem} autoComplete="new-password" required />
        {error && <Alert color="red">{error}</Alert>}
        <Button type="submit" loading={busy}>{t('accounts.changePassword')}</Button>
      </Stack>
    </form>
  );
  return expired ? <Frame title={t('accounts.changeTitle')}>{form}</Frame> : form;
}

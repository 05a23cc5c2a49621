import { Suspense, useState } from 'react';
import { AppShell, Badge, Button, Group, Loader, Modal, NavLink, Select, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { FacilitiesPage } from './features/facilities/FacilitiesPage';
import { FacilityDetailPage } from './features/facilities/FacilityDetailPage';
import { AreasPage } from './features/areas/AreasPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { useQuery } from './api/hooks';
import { ChangePasswordScreen, useSession } from './features/auth/session';
import type { Permission } from '../../shared/domain/access';
import { LoadBoundary, retryableLazy } from './components/LoadBoundary';
import { rememberFacility, rememberedFacility, useCurrentFacility } from './components/currentFacility';
import { hasFacilitySwitcher, startPath } from '../../shared/domain/startPage';

// The first screen (facilities) loads only what it needs; the other sections, and the charting library
// behind the indicators, load when first opened.
const RatingsPage = retryableLazy(() => import('./features/ratings/RatingsPage').then((m) => ({ default: m.RatingsPage })));
const BedsPage = retryableLazy(() => import('./features/beds/BedsPage').then((m) => ({ default: m.BedsPage })));
const IndicatorsPage = retryableLazy(() => import('./features/indicators/IndicatorsPage').then((m) => ({ default: m.IndicatorsPage })));
const ReportView = retryableLazy(() => import('./features/indicators/ReportView').then((m) => ({ default: m.ReportView })));
const EldersPage = retryableLazy(() => import('./features/elders/EldersPage').then((m) => ({ default: m.EldersPage })));
const AccountsPage = retryableLazy(() => import('./features/accounts/AccountsPage').then((m) => ({ default: m.AccountsPage })));
const AuditPage = retryableLazy(() => import('./features/accounts/AuditPage').then((m) => ({ default: m.AuditPage })));
const ElderDetailPage = retryableLazy(() => import('./features/elders/ElderDetailPage').then((m) => ({ default: m.ElderDetailPage })));
const HelpPage = retryableLazy(() => import('./features/help/HelpPage').then((m) => ({ default: m.HelpPage })));

// Each section shows for the accounts that may use it; the core refuses everything else anyway.
const NAV: readonly { to: string; key: string; needs: readonly Permission[] }[] = [
  { to: '/facilities', key: 'nav.facilities', needs: ['registry.read'] },
  { to: '/beds', key: 'nav.beds', needs: ['beds.read'] },
  { to: '/elders', key: 'nav.elders', needs: ['elders.read'] },
  { to: '/ratings', key: 'nav.ratings', needs: ['ratings.read'] },
  { to: '/indicators', key: 'nav.indicators', needs: ['indicators.read'] },
  { to: '/areas', key: 'nav.areas', needs: ['registry.read'] },
  { to: '/accounts', key: 'nav.accounts', needs: ['accounts'] },
  { to: '/audit', key: 'nav.audit', needs: ['auditLog'] },
  { to: '/settings', key: 'nav.settings', needs: ['settings', 'backup'] },
];

/**
 * The facility a facility account works in. 床位, 轮候 and 在住与退住 follow a switch where they are;
 * from any other page the switch opens 床位 on the facility.
 */
function FacilitySwitcher() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const list = useQuery('facilities.list', { limit: 50 });
  const current = useCurrentFacility();
  const tab = new URLSearchParams(location.search).get('tab');
  const followsSwitch = location.pathname === '/beds' || (location.pathname === '/elders' && (tab === 'waiting' || tab === 'residents'));
  return (
    <Select
      size="xs"
      w={240}
      aria-label={t('app.facilitySwitcher')}
      placeholder={t('app.facilitySwitcher')}
      data={(list.data?.rows ?? []).map((f) => ({ value: f.id, label: f.name }))}
      value={current}
      allowDeselect={false}
      data-testid="facility-switcher"
      onChange={(id) => {
        if (!id) return;
        rememberFacility(id);
        if (!followsSwitch) navigate(`/beds?facility=${encodeURIComponent(id)}`);
      }}
    />
  );
}

export function App() {
  const { t } = useTranslation();
  const location = useLocation();
  const info = useQuery('system.info', {});
  const session = useSession();
  const [changing, setChanging] = useState(false);
  const nav = NAV.filter((item) => item.needs.some((p) => session.can(p)));
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 200, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" gap="sm">
          <Title order={3}>{t('app.name')}</Title>
          <Text c="dimmed" size="sm">
            {t('app.subtitle')}
          </Text>
          {info.data?.readOnly && (
            <Badge color="orange" variant="light" size="lg" title={t('app.readOnlyHint')}>
              {t('app.readOnly')}
            </Badge>
          )}
          <Group ml="auto" gap="xs">
            {hasFacilitySwitcher(session.me.grants) && <FacilitySwitcher />}
            <Button size="xs" variant="subtle" component={Link} to="/help" data-testid="help-open">{t('help.open')}</Button>
            <Text size="sm" data-testid="signed-in-as">{session.me.account.name}</Text>
            <Button size="xs" variant="subtle" onClick={() => setChanging(true)}>{t('accounts.changePassword')}</Button>
            <Button size="xs" variant="light" onClick={() => void session.logout()}>{t('accounts.logout')}</Button>
          </Group>
        </Group>
        {changing && (
          <Modal opened onClose={() => setChanging(false)} title={t('accounts.changeTitle')}>
            <ChangePasswordScreen onDone={() => setChanging(false)} />
          </Modal>
        )}
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="主导航">
        {nav.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={t(item.key)}
            active={location.pathname.startsWith(item.to)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <LoadBoundary resetKey={location.pathname}>
        <Suspense fallback={<Loader aria-label={t('common.loading')} />}>
        <Routes>
          <Route path="/" element={<Navigate to={startPath(session.me.grants, rememberedFacility())} replace />} />
          <Route path="/facilities" element={<FacilitiesPage />} />
          <Route path="/facilities/:id" element={<FacilityDetailPage />} />
          <Route path="/beds" element={<BedsPage />} />
          <Route path="/elders" element={<EldersPage />} />
          <Route path="/elders/:id" element={<ElderDetailPage />} />
          <Route path="/ratings" element={<RatingsPage />} />
          <Route path="/indicators" element={<IndicatorsPage />} />
          <Route path="/indicators/report" element={<ReportView />} />
          <Route path="/areas" element={<AreasPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/accounts" element={<AccountsPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/help" element={<HelpPage />} />
          <Route path="*" element={<Navigate to="/facilities" replace />} />
        </Routes>
        </Suspense>
        </LoadBoundary>
      </AppShell.Main>
    </AppShell>
  );
}

import { lazy, Suspense } from 'react';
import { AppShell, Badge, Group, Loader, NavLink, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { FacilitiesPage } from './features/facilities/FacilitiesPage';
import { FacilityDetailPage } from './features/facilities/FacilityDetailPage';
import { AreasPage } from './features/areas/AreasPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { useQuery } from './api/hooks';

// The first screen (facilities) loads only what it needs; the other sections, and the charting library
// behind the indicators, load when first opened.
const RatingsPage = lazy(() => import('./features/ratings/RatingsPage').then((m) => ({ default: m.RatingsPage })));
const BedsPage = lazy(() => import('./features/beds/BedsPage').then((m) => ({ default: m.BedsPage })));
const IndicatorsPage = lazy(() => import('./features/indicators/IndicatorsPage').then((m) => ({ default: m.IndicatorsPage })));
const ReportView = lazy(() => import('./features/indicators/ReportView').then((m) => ({ default: m.ReportView })));
const EldersPage = lazy(() => import('./features/elders/EldersPage').then((m) => ({ default: m.EldersPage })));
const ElderDetailPage = lazy(() => import('./features/elders/ElderDetailPage').then((m) => ({ default: m.ElderDetailPage })));

const NAV = [
  { to: '/facilities', key: 'nav.facilities' },
  { to: '/beds', key: 'nav.beds' },
  { to: '/elders', key: 'nav.elders' },
  { to: '/ratings', key: 'nav.ratings' },
  { to: '/indicators', key: 'nav.indicators' },
  { to: '/areas', key: 'nav.areas' },
  { to: '/settings', key: 'nav.settings' },
] as const;

export function App() {
  const { t } = useTranslation();
  const location = useLocation();
  const info = useQuery('system.info', {});
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
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="主导航">
        {NAV.map((item) => (
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
        <Suspense fallback={<Loader aria-label={t('common.loading')} />}>
        <Routes>
          <Route path="/" element={<Navigate to="/facilities" replace />} />
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
          <Route path="*" element={<Navigate to="/facilities" replace />} />
        </Routes>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/dates/styles.css';
import 'dayjs/locale/zh-cn';
import './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { HashRouter } from 'react-router-dom';
import { App } from './App';
import { AuthGate } from './features/auth/session';

const theme = createTheme({
  primaryColor: 'teal',
  fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", system-ui, sans-serif',
});

// The start page follows the signed-in account's roles (shared/domain/startPage.ts), known only after
// auth.me: the "/" route redirects once it is.

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <Notifications position="top-right" />
      <HashRouter>
        <AuthGate>
          <App />
        </AuthGate>
      </HashRouter>
    </MantineProvider>
  </StrictMode>,
);

import type { HandlerMap } from './app/handler';
import { systemHandlers } from './features/system/handlers';
import { authHandlers } from './features/auth/handlers';
import { accountHandlers } from './features/accounts/handlers';
import { lanHandlers } from './features/lan/handlers';
import { auditHandlers } from './features/audit/handlers';
import { areaHandlers } from './features/areas/handlers';
import { populationHandlers } from './features/population/handlers';
import { facilityHandlers } from './features/facilities/handlers';
import { importHandlers } from './features/imports/handlers';
import { jobHandlers } from './features/jobs/handlers';
import { settingsHandlers } from './features/settings/handlers';
import { backupHandlers } from './features/backup/handlers';
import { ratingHandlers } from './features/ratings/handlers';
import { bedHandlers } from './features/beds/handlers';
import { elderHandlers } from './features/elders/handlers';
import { assessmentHandlers } from './features/assessments/handlers';
import { waitingHandlers } from './features/waiting/handlers';
import { familyBedHandlers } from './features/familyBeds/handlers';
import { stayHandlers } from './features/stays/handlers';
import { indicatorHandlers } from './features/indicators/handlers';
import { targetHandlers } from './features/targets/handlers';
import { qualityHandlers } from './features/quality/handlers';
import { exportHandlers } from './features/exports/handlers';
import { exchangeHandlers } from './features/exchange/handlers';
import { staffHandlers } from './features/staff/handlers';
import { tekunHandlers } from './features/tekun/handlers';
import { planningHandlers } from './features/planning/handlers';
import { subsidyHandlers } from './features/subsidy/handlers';
import { declarationHandlers } from './features/declarations/handlers';

/**
 * Every channel's handler, one module per channel prefix (features/<prefix>/handlers.ts, proven by
 * tests/core/folders.test.ts); `satisfies` makes a missing or mistyped handler a compile error.
 */
export const handlers = {
  ...systemHandlers,
  ...authHandlers,
  ...accountHandlers,
  ...lanHandlers,
  ...auditHandlers,
  ...areaHandlers,
  ...populationHandlers,
  ...facilityHandlers,
  ...importHandlers,
  ...jobHandlers,
  ...settingsHandlers,
  ...backupHandlers,
  ...ratingHandlers,
  ...bedHandlers,
  ...elderHandlers,
  ...assessmentHandlers,
  ...waitingHandlers,
  ...familyBedHandlers,
  ...stayHandlers,
  ...indicatorHandlers,
  ...targetHandlers,
  ...qualityHandlers,
  ...exportHandlers,
  ...exchangeHandlers,
  ...staffHandlers,
  ...tekunHandlers,
  ...planningHandlers,
  ...subsidyHandlers,
  ...declarationHandlers,
} satisfies HandlerMap;

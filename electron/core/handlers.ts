import type { HandlerMap } from './app/handler';
import { systemHandlers } from './features/system/handlers';
import { registryHandlers } from './features/facilities/handlers';
import { importHandlers } from './import/handlers';
import { ratingHandlers } from './features/ratings/handlers';
import { bedHandlers } from './features/beds/handlers';
import { elderHandlers } from './features/elders/handlers';
import { stayHandlers } from './features/stays/handlers';
import { indicatorHandlers } from './features/indicators/handlers';
import { exchangeHandlers } from './features/exchange/handlers';
import { staffHandlers } from './features/staff/handlers';
import { planningHandlers } from './features/planning/handlers';
import { declarationHandlers } from './features/declarations/handlers';
import { accountHandlers } from './features/accounts/handlers';

/** Every channel's handler; `satisfies` makes a missing or mistyped handler a compile error. */
export const handlers = {
  ...systemHandlers,
  ...registryHandlers,
  ...importHandlers,
  ...ratingHandlers,
  ...bedHandlers,
  ...elderHandlers,
  ...stayHandlers,
  ...indicatorHandlers,
  ...exchangeHandlers,
  ...staffHandlers,
  ...planningHandlers,
  ...declarationHandlers,
  ...accountHandlers,
} satisfies HandlerMap;

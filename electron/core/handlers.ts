import type { HandlerMap } from './app/handler';
import { systemHandlers } from './features/system/handlers';
import { registryHandlers } from './features/facilities/handlers';
import { importHandlers } from './import/handlers';

/** Every channel's handler; `satisfies` makes a missing or mistyped handler a compile error. */
export const handlers = {
  ...systemHandlers,
  ...registryHandlers,
  ...importHandlers,
} satisfies HandlerMap;

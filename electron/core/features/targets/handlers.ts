import type { HandlerMap } from '../../app/handler';
import { createTarget, deleteTarget, listTargets, updateTarget } from './service';

export const targetHandlers = {
  'targets.list': listTargets,
  'targets.create': createTarget,
  'targets.update': updateTarget,
  'targets.delete': deleteTarget,
} satisfies Partial<HandlerMap>;

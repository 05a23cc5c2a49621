import type { HandlerMap } from '../../app/handler';
import { applyForWaitingList, listWaiting, withdrawApplication } from './service';
import { loadWaitingRules, saveWaitingRules } from './rules';

export const waitingHandlers = {
  'waiting.apply': applyForWaitingList,
  'waiting.withdraw': withdrawApplication,
  'waiting.list': listWaiting,
  'waiting.rules': (ctx) => loadWaitingRules(ctx.db),
  'waiting.setRules': saveWaitingRules,
} satisfies Partial<HandlerMap>;

import type { HandlerMap } from '../../app/handler';
import { countElders, listElders } from './service';
import { createElder, getElder, shownTo, updateElder } from './detail';

export const elderHandlers = {
  'elders.list': listElders,
  'elders.count': countElders,
  'elders.get': getElder,
  // The answer carries the ID number and phones: shown as the caller may see them, like elders.get.
  'elders.create': async (ctx, input) => shownTo(ctx, await createElder(ctx, input), true),
  'elders.update': async (ctx, input) => shownTo(ctx, await updateElder(ctx, input), true),
} satisfies Partial<HandlerMap>;

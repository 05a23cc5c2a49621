import type { HandlerMap } from '../../app/handler';
import { setTekunNeed, tekunList, tekunNeeds } from './service';

export const tekunHandlers = {
  'tekun.setNeed': setTekunNeed,
  'tekun.needs': tekunNeeds,
  'tekun.list': tekunList,
} satisfies Partial<HandlerMap>;

import type { HandlerMap } from '../../app/handler';
import { getSetting, setSetting } from './service';

export const settingsHandlers = {
  'settings.get': getSetting,
  'settings.set': setSetting,
} satisfies Partial<HandlerMap>;

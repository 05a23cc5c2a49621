import type { HandlerMap } from '../../app/handler';
import { audit } from './service';

export const qualityHandlers = {
  'quality.audit': audit,
} satisfies Partial<HandlerMap>;

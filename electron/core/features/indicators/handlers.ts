import type { HandlerMap } from '../../app/handler';
import { AppError } from '../../../../shared/errors';

// TEMPORARY placeholders so the contract compiles while the indicators core is written; every one is
// replaced by a real service function before this feature lands.
const pending = (): never => {
  throw new AppError('INTERNAL', '指标功能尚在开发中');
};

export const indicatorHandlers = {
  'indicators.report': pending,
  'indicators.definitions': pending,
  'indicators.drill': pending,
  'indicators.trend': pending,
  'indicators.options.get': pending,
  'indicators.options.set': pending,
  'targets.list': pending,
  'targets.create': pending,
  'targets.update': pending,
  'targets.delete': pending,
  'quality.audit': pending,
  'exports.indicators': pending,
} satisfies Partial<HandlerMap>;

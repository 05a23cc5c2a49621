import type { HandlerMap } from '../../app/handler';
import { loadSubsidySettings, saveSubsidySettings, subsidyExport, subsidySheet } from './service';

export const subsidyHandlers = {
  'subsidy.settings.get': (ctx) => loadSubsidySettings(ctx.db),
  'subsidy.settings.set': saveSubsidySettings,
  'subsidy.sheet': subsidySheet,
  'subsidy.export': subsidyExport,
} satisfies Partial<HandlerMap>;

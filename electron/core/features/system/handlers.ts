import pkg from '../../../../package.json';
import type { HandlerMap } from '../../app/handler';
import { todayIn } from '../../app/time';

export const systemHandlers = {
  'system.info': async (ctx) => ({
    appVersion: pkg.version,
    schemaVersion: ctx.schemaVersion,
    // Answered before login too (the login screen needs the app's name and version): no path for strangers.
    dbPath: ctx.requireSession && !ctx.access ? '' : ctx.dbPath,
    readOnly: ctx.readOnly,
    today: todayIn(ctx.now()),
    actor: ctx.actor,
    lan: ctx.lan,
  }),
} satisfies Partial<HandlerMap>;

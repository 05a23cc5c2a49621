// The plain list of channel names. The sandboxed preload imports only this file (no zod, no other
// runtime dependency), and shared/contract/index.ts proves at compile time that it matches the contract.
export const CHANNELS = [
  'system.info',
  'areas.list',
  'areas.create',
  'areas.rename',
  'population.list',
  'population.upsert',
  'facilities.list',
  'facilities.get',
  'facilities.create',
  'facilities.update',
  'facilities.setStatus',
  'audit.list',
  'imports.kinds',
  'imports.template',
  'imports.preview',
  'imports.start',
  'imports.errorReport',
  'jobs.get',
  'settings.get',
  'settings.set',
  'backup.create',
] as const;

export type ChannelName = (typeof CHANNELS)[number];

import type { z } from 'zod';
import type { ChannelDef } from './define';
import { CHANNELS, type ChannelName } from './channels';
import { systemContract } from './system';
import { authContract } from './auth';
import { accountsContract } from './accounts';
import { lanContract } from './lan';
import { auditContract } from './audit';
import { areasContract } from './areas';
import { populationContract } from './population';
import { facilitiesContract } from './facilities';
import { importsContract } from './imports';
import { jobsContract } from './jobs';
import { settingsContract } from './settings';
import { backupContract } from './backup';
import { ratingsContract } from './ratings';
import { bedsContract } from './beds';
import { eldersContract } from './elders';
import { assessmentsContract } from './assessments';
import { waitingContract } from './waiting';
import { familyBedsContract } from './familyBeds';
import { staysContract } from './stays';
import { indicatorsContract } from './indicators';
import { targetsContract } from './targets';
import { qualityContract } from './quality';
import { exportsContract } from './exports';
import { exchangeContract } from './exchange';
import { staffContract } from './staff';
import { tekunContract } from './tekun';
import { planningContract } from './planning';
import { subsidyContract } from './subsidy';
import { declarationsContract } from './declarations';

/** Every request the core answers: one contract file per channel prefix, merged here; the channel list must match. */
export const contract = {
  ...systemContract,
  ...authContract,
  ...accountsContract,
  ...lanContract,
  ...auditContract,
  ...areasContract,
  ...populationContract,
  ...facilitiesContract,
  ...importsContract,
  ...jobsContract,
  ...settingsContract,
  ...backupContract,
  ...ratingsContract,
  ...bedsContract,
  ...eldersContract,
  ...assessmentsContract,
  ...waitingContract,
  ...familyBedsContract,
  ...staysContract,
  ...indicatorsContract,
  ...targetsContract,
  ...qualityContract,
  ...exportsContract,
  ...exchangeContract,
  ...staffContract,
  ...tekunContract,
  ...planningContract,
  ...subsidyContract,
  ...declarationsContract,
} satisfies Record<ChannelName, ChannelDef>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
/** What the caller sends (before zod defaults and transforms). */
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
/** What the handler receives (after zod parsing). */
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = Contract[C]['output'];

// Compile-time proof that the preload's plain allow-list and the contract name the same channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelsMatch: Same<Channel, ChannelName> = true;
void channelsMatch;
void CHANNELS;

export * from './system';
export * from './auth';
export * from './accounts';
export * from './lan';
export * from './audit';
export * from './areas';
export * from './population';
export * from './facilities';
export * from './imports';
export * from './jobs';
export * from './settings';
export * from './backup';
export * from './ratings';
export * from './beds';
export * from './elders';
export * from './assessments';
export * from './waiting';
export * from './familyBeds';
export * from './stays';
export * from './indicators';
export * from './targets';
export * from './quality';
export * from './exports';
export * from './exchange';
export * from './staff';
export * from './tekun';
export * from './planning';
export * from './subsidy';
export * from './declarations';
// The stay vocabulary is the domain's (both the stays' and the elders' contracts use it).
export * from '../domain/stays';
export { CHANNEL_ACCESS, type ChannelAccess } from './access';
export { INDICATOR_OPTIONS_SETTING } from './settingKeys';
export type { ChannelDef } from './define';

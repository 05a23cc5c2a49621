import type { z } from 'zod';
import type { ChannelDef } from './define';
import { CHANNELS, type ChannelName } from './channels';
import { foundationContract } from './foundation';
import { ratingsContract } from './ratings';
import { bedsContract } from './beds';
import { eldersContract } from './elders';
import { staysContract } from './stays';
import { indicatorsContract } from './indicators';
import { exchangeContract } from './exchange';
import { staffContract, subsidyContract } from './staff';
import { planningContract } from './planning';
import { declarationsContract } from './declarations';
import { accountsContract } from './accounts';

/** Every request the core answers. Feature contracts are merged here; the channel list must match. */
export const contract = {
  ...foundationContract,
  ...ratingsContract,
  ...bedsContract,
  ...eldersContract,
  ...staysContract,
  ...indicatorsContract,
  ...exchangeContract,
  ...staffContract,
  ...planningContract,
  ...subsidyContract,
  ...declarationsContract,
  ...accountsContract,
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

export * from './foundation';
export * from './ratings';
export * from './beds';
export * from './elders';
export * from './stays';
export * from './indicators';
export * from './exchange';
export * from './declarations';
export * from './staff';
export * from './planning';
export * from './accounts';
export { CHANNEL_ACCESS, type ChannelAccess } from './access';
export { INDICATOR_OPTIONS_SETTING } from './settingKeys';
export type { ChannelDef } from './define';

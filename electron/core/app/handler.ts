import type { Channel, Output, ParsedInput } from '../../../shared/contract';
import type { CoreContext } from './context';

export type Handler<C extends Channel> = (ctx: CoreContext, input: ParsedInput<C>) => Promise<Output<C>>;
export type HandlerMap = { [C in Channel]: Handler<C> };

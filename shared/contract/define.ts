import type { z } from 'zod';

/**
 * A channel pairs the zod schema that the core validates its input with, and the TypeScript type of
 * its output. The output is a phantom: it exists only for the type checker, so the renderer is typed
 * without importing anything from electron/.
 */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  output: O;
}

export function channel<I extends z.ZodType>(input: I) {
  return {
    returns<O>(): ChannelDef<I, O> {
      return { input, output: undefined as unknown as O };
    },
  };
}

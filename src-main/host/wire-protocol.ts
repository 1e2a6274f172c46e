import { z } from 'zod';

/** Messages on the browser host's one WebSocket. Names and payloads are the IPC contract's. */
export const hostSubprotocol = 'leadpulse.v1';
export const tokenProtocolPrefix = 'token.';

export const clientMessage = z.object({
  id: z.number().int().nonnegative(),
  call: z.string().max(100),
  args: z.unknown(),
});
export type ClientMessage = z.infer<typeof clientMessage>;

export type ServerMessage =
  | { readonly id: number; readonly result: unknown }
  | { readonly event: string; readonly payload: unknown };

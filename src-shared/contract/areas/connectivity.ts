import { z } from 'zod';
import { call, event } from '../define';

export const connectivityStatus = z.object({
  online: z.boolean(),
  /** ISO time of the last check, or null before the first one finished. */
  checkedAt: z.string().nullable(),
});
export type ConnectivityStatus = z.infer<typeof connectivityStatus>;

export const connectivityCalls = {
  'connectivity.getStatus': call({
    summary: 'Whether main can currently reach the LeadPulse cloud.',
    args: z.object({}).strict(),
    result: connectivityStatus,
  }),
} as const;

export const connectivityEvents = {
  'connectivity.changed': event({
    summary: 'Main noticed the cloud became reachable or unreachable.',
    payload: connectivityStatus,
  }),
} as const;

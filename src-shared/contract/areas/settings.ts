import { z } from 'zod';
import { call } from '../define';

export const localDataStatus = z.object({
  /** opening: still unlocking; ready: leads can be read; unavailable: see message; removed: wiped this session. */
  state: z.enum(['opening', 'ready', 'unavailable', 'removed']),
  /** For unavailable/removed: what happened and what to do, written for the user. */
  message: z.string().nullable(),
  /** Set once after the store was found damaged and rebuilt: what was kept or lost. */
  recoveryMessage: z.string().nullable(),
});
export type LocalDataStatus = z.infer<typeof localDataStatus>;

export const settingsCalls = {
  'settings.getLocalDataStatus': call({
    summary: 'Whether the encrypted lead store on this computer is open, and why not.',
    args: z.object({}).strict(),
    result: localDataStatus,
  }),
} as const;

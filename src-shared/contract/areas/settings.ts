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

/** What "Remove all local data" deleted. */
export const removeAllLocalDataResult = z.object({
  /** Files deleted from the profile's data folder (names only, no paths). */
  deletedFiles: z.array(z.string()),
  keychainEntryDeleted: z.boolean(),
});

export const settingsCalls = {
  'settings.getLocalDataStatus': call({
    summary: 'Whether the encrypted lead store on this computer is open, and why not.',
    args: z.object({}).strict(),
    result: localDataStatus,
  }),
  'settings.removeAllLocalData': call({
    summary: 'Delete the local lead database (and any set-aside copies) and its keychain entry.',
    args: z.object({ confirm: z.literal(true) }).strict(),
    result: removeAllLocalDataResult,
  }),
  'settings.removeMailbox': call({
    summary: 'Unlink one mailbox on this computer: its leads, messages, drafts, outbox and sealed sign-in.',
    args: z.object({ accountId: z.string().min(1).max(64), confirm: z.literal(true) }).strict(),
    result: z.object({ removedLeads: z.number().int(), removedMessages: z.number().int() }),
  }),
} as const;

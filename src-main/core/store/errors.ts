import { UserFacingError } from '../user-facing-error';
/** Errors a user can meet when the local store opens or recovers; words written for the rep. */
export type StoreErrorCode = 'store-locked-key' | 'store-too-new' | 'store-corrupt' | 'store-unavailable';

export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The file is not readable with this key: wrong key, no key, or not a LeadPulse database. */
export class StoreKeyError extends StoreError {
  override readonly name = 'StoreKeyError';
  constructor(cause?: unknown) {
    super(
      'store-locked-key',
      'The leads saved on this computer cannot be unlocked with the key in this computer\'s ' +
        'keychain (it may belong to another user or an earlier install). Choose "Remove all local ' +
        'data" in Settings and sign in to your mailbox again: LeadPulse will download your leads again.',
      { cause },
    );
  }
}

/** A newer LeadPulse wrote this database; an older one must not touch it. */
export class StoreTooNewError extends StoreError {
  override readonly name = 'StoreTooNewError';
  constructor(
    readonly foundVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      'store-too-new',
      `The leads on this computer were saved by a newer version of LeadPulse (data format ${foundVersion}; ` +
        `this version understands up to ${supportedVersion}). Install the latest LeadPulse to open them. ` +
        'Nothing was changed.',
    );
  }
}

export class StoreCorruptError extends StoreError {
  override readonly name = 'StoreCorruptError';
  constructor(readonly problems: readonly string[], cause?: unknown) {
    super(
      'store-corrupt',
      'The leads file on this computer is damaged. LeadPulse can set it aside, keep any approved ' +
        'replies it can still read, and download your leads again from your mailbox.',
      { cause },
    );
  }
}

/** A store rule the user ran into (a lead gone, a draft changed): its message is for them. */
export class StoreRuleError extends UserFacingError {
  override readonly name = 'StoreRuleError';
}

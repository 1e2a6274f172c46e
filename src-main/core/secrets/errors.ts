/**
 * Errors a user can meet when LeadPulse reaches for its key. Each carries words written for
 * the rep at the desk (what happened, what to do next) and a stable `code` for the UI.
 */
export type SecretsErrorCode = 'keychain-unavailable' | 'data-key-missing' | 'data-key-invalid' | 'sealed-secret-invalid';

export class SecretsError extends Error {
  override readonly name: string = 'SecretsError';
  constructor(
    readonly code: SecretsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No OS keychain answered: we store no tokens and open no store (there is no plaintext fallback). */
export class KeychainUnavailableError extends SecretsError {
  override readonly name = 'KeychainUnavailableError';
  constructor(cause?: unknown) {
    super(
      'keychain-unavailable',
      'LeadPulse cannot reach this computer\'s secure keychain, so it cannot unlock or protect your ' +
        'leads and mailbox sign-ins. Sign in to your computer account (on Linux, make sure a keyring ' +
        'such as GNOME Keyring is running and unlocked), then reopen LeadPulse.',
      { cause },
    );
  }
}

/** The store exists but its key is gone from the keychain (another user, a reinstall, a cleanup). */
export class DataKeyMissingError extends SecretsError {
  override readonly name = 'DataKeyMissingError';
  constructor() {
    super(
      'data-key-missing',
      'The key that unlocks the leads saved on this computer is missing from the keychain, so they ' +
        'cannot be opened. Choose "Remove all local data" in Settings and sign in to your mailbox ' +
        'again: LeadPulse will download your leads again.',
    );
  }
}

export class DataKeyInvalidError extends SecretsError {
  override readonly name = 'DataKeyInvalidError';
  constructor() {
    super(
      'data-key-invalid',
      'The keychain entry for LeadPulse is damaged, so the leads saved on this computer cannot be ' +
        'opened. Choose "Remove all local data" in Settings and sign in to your mailbox again.',
    );
  }
}

/** A sealed secret failed authentication: tampered with, or sealed under another key or purpose. */
export class SealedSecretInvalidError extends SecretsError {
  override readonly name = 'SealedSecretInvalidError';
  constructor() {
    super(
      'sealed-secret-invalid',
      'A saved sign-in could not be unlocked on this computer. Sign in to that mailbox again.',
    );
  }
}

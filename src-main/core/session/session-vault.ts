import type { LocalDataService } from '../local-data/local-data-service';
import { SecretsError } from '../secrets/index';

/**
 * Where the cloud session survives a restart: sealed (AES-256-GCM under a subkey of the data
 * key in the OS keychain) inside the encrypted local store. Never plaintext: with no keychain
 * there is no vault, and sign-in says so.
 */
export interface SessionVault {
  /** Null when the session can be kept safely; otherwise why not, for the user. */
  unavailableReason(): Promise<string | null>;
  load(): Promise<string | null>;
  save(sealedLater: string): Promise<void>;
  clear(): Promise<void>;
}

export const SESSION_SECRET_NAME = 'cloud-session';

export function localStoreVault(data: LocalDataService): SessionVault {
  const unavailable = () =>
    'LeadPulse cannot keep a sign-in safe on this computer, so signing in is turned off. ' +
    (data.status().message ?? 'Its secure keychain is not available.');
  return {
    async unavailableReason() {
      const ok = await data.withLocalStore(() => true);
      return ok ? null : unavailable();
    },
    async load() {
      try {
        return await data.withLocalStore((local) => local.loadSecret(SESSION_SECRET_NAME));
      } catch (error) {
        // A sealed session that no longer opens (other key, tampering) is dropped: sign in again.
        if (error instanceof SecretsError) {
          await data.withLocalStore((local) => local.deleteSecret(SESSION_SECRET_NAME));
          return null;
        }
        throw error;
      }
    },
    async save(text) {
      const saved = await data.withLocalStore((local) => local.saveSecret(SESSION_SECRET_NAME, text));
      if (saved === null) throw new Error(unavailable());
    },
    async clear() {
      await data.withLocalStore((local) => local.deleteSecret(SESSION_SECRET_NAME));
    },
  };
}

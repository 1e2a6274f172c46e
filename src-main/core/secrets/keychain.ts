// The only module that talks to the OS keychain. Everything else sees the `Keychain` interface,
// so keytar can be swapped (e.g. for Electron's safeStorage) without touching callers.
import keytar from 'keytar';
import { KeychainUnavailableError } from './errors';

export interface Keychain {
  get(service: string, account: string): Promise<string | null>;
  set(service: string, account: string, value: string): Promise<void>;
  /** True when an entry was removed. */
  delete(service: string, account: string): Promise<boolean>;
  /** Account names stored under a service (to check that nothing but the data key is there). */
  accounts(service: string): Promise<string[]>;
}

/** Windows Credential Manager caps an entry at 2,560 bytes; we only ever store one small key. */
const MAX_ENTRY_BYTES = 2_560;

/** The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux). */
export function createOsKeychain(): Keychain {
  const guard = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (error) {
      throw new KeychainUnavailableError(error);
    }
  };
  return {
    get: (service, account) => guard(() => keytar.getPassword(service, account)),
    set: (service, account, value) => {
      if (Buffer.byteLength(value, 'utf8') > MAX_ENTRY_BYTES) {
        throw new RangeError('A keychain entry must stay under 2,560 bytes.');
      }
      return guard(() => keytar.setPassword(service, account, value));
    },
    delete: (service, account) => guard(() => keytar.deletePassword(service, account)),
    accounts: (service) => guard(async () => (await keytar.findCredentials(service)).map((c) => c.account)),
  };
}

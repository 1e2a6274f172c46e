import { randomBytes } from 'node:crypto';
import type { Keychain } from './keychain';
import { DataKeyInvalidError, DataKeyMissingError } from './errors';

/** Where the data key of one install/profile lives in the keychain. */
export interface DataKeyLocation {
  /** e.g. "LeadPulse" (tests use a unique name per run). */
  readonly service: string;
  /** e.g. "data-key:<profile id>" */
  readonly account: string;
}

export const DATA_KEY_BYTES = 32;
const ENTRY_PREFIX = 'lp-dk1:';

/**
 * The one random 256-bit key of this install/profile. Everything at rest is protected by keys
 * derived from it (see subkeys.ts); it never leaves memory except into the keychain.
 */
export class DataKey {
  readonly #bytes: Buffer;
  constructor(bytes: Buffer) {
    if (bytes.length !== DATA_KEY_BYTES) throw new DataKeyInvalidError();
    this.#bytes = Buffer.from(bytes);
  }
  /** Raw key material, for key derivation only. */
  material(): Buffer {
    return this.#bytes;
  }
  /** Overwrites the key in memory; the object is useless afterwards. */
  destroy(): void {
    this.#bytes.fill(0);
  }
  // Keep the key out of accidental logs and JSON.
  toJSON(): string {
    return '[DataKey]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[DataKey]';
  }
}

export interface LoadDataKeyOptions {
  /**
   * Create a fresh key when none exists. Pass false when encrypted data already exists:
   * a new key could never open it, so a missing key must be reported, not papered over.
   */
  readonly createIfMissing: boolean;
}

export async function loadDataKey(
  keychain: Keychain,
  where: DataKeyLocation,
  options: LoadDataKeyOptions,
): Promise<DataKey> {
  const stored = await keychain.get(where.service, where.account);
  if (stored !== null) return parseEntry(stored);
  if (!options.createIfMissing) throw new DataKeyMissingError();
  const fresh = randomBytes(DATA_KEY_BYTES);
  await keychain.set(where.service, where.account, ENTRY_PREFIX + fresh.toString('base64'));
  // Read back: a keychain that accepts writes but loses them must fail now, not after we encrypt.
  const check = await keychain.get(where.service, where.account);
  if (check === null) throw new DataKeyMissingError();
  const key = parseEntry(check);
  if (!key.material().equals(fresh)) throw new DataKeyInvalidError();
  fresh.fill(0);
  return key;
}

/** Removes the keychain entry. True when one was there. */
export async function deleteDataKey(keychain: Keychain, where: DataKeyLocation): Promise<boolean> {
  return keychain.delete(where.service, where.account);
}

function parseEntry(entry: string): DataKey {
  if (!entry.startsWith(ENTRY_PREFIX)) throw new DataKeyInvalidError();
  const bytes = Buffer.from(entry.slice(ENTRY_PREFIX.length), 'base64');
  if (bytes.length !== DATA_KEY_BYTES) throw new DataKeyInvalidError();
  return new DataKey(bytes);
}

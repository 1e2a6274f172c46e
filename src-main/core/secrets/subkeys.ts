import { hkdfSync } from 'node:crypto';
import type { DataKey } from './data-key';

/**
 * What a derived key is for. Distinct purposes give independent keys, so the store key can
 * never decrypt a sealed token and vice versa.
 */
export type KeyPurpose = 'store-cipher' | 'sealed-secret';

const SALT = Buffer.from('LeadPulse data key v1', 'utf8');

/**
 * HKDF-SHA256 subkey of the data key. `context` narrows it further (e.g. a mailbox account's
 * random salt, so deleting that account's row makes its sealed tokens undecryptable forever).
 */
export function deriveSubkey(dataKey: DataKey, purpose: KeyPurpose, context: Buffer = Buffer.alloc(0)): Buffer {
  const info = Buffer.concat([Buffer.from(`leadpulse/${purpose}/`, 'utf8'), context]);
  return Buffer.from(hkdfSync('sha256', dataKey.material(), SALT, info, 32));
}

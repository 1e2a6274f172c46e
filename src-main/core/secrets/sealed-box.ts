import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataKey } from './data-key';
import { SealedSecretInvalidError } from './errors';
import { deriveSubkey } from './subkeys';

const VERSION = 'lp-s1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Sealed secrets are small (tokens, token caches); anything bigger belongs in the store. */
export const MAX_SEALED_PLAINTEXT_BYTES = 256 * 1024;

export interface SealScope {
  /**
   * Binds the box to its use, e.g. "mailbox-tokens:<account id>": a box copied to another
   * field or account fails to open.
   */
  readonly label: string;
  /** Optional per-owner random salt mixed into the subkey (crypto-shredding when deleted). */
  readonly keySalt?: Buffer;
}

/** AES-256-GCM under an HKDF subkey; output is one printable string safe to keep anywhere. */
export function sealSecret(dataKey: DataKey, scope: SealScope, plaintext: string | Buffer): string {
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  if (data.length > MAX_SEALED_PLAINTEXT_BYTES) throw new RangeError('Secret too large to seal.');
  const key = deriveSubkey(dataKey, 'sealed-secret', scope.keySalt);
  try {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(scope.label));
    const body = Buffer.concat([cipher.update(data), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64url'), body.toString('base64url'), tag.toString('base64url')].join('.');
  } finally {
    key.fill(0);
  }
}

export function openSealedSecret(dataKey: DataKey, scope: SealScope, sealed: string): Buffer {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SealedSecretInvalidError();
  const [, ivText = '', bodyText = '', tagText = ''] = parts;
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SealedSecretInvalidError();
  const key = deriveSubkey(dataKey, 'sealed-secret', scope.keySalt);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(scope.label));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]);
  } catch {
    throw new SealedSecretInvalidError();
  } finally {
    key.fill(0);
  }
}

export function openSealedSecretText(dataKey: DataKey, scope: SealScope, sealed: string): string {
  return openSealedSecret(dataKey, scope, sealed).toString('utf8');
}

function aad(label: string): Buffer {
  return Buffer.from(`${VERSION}|${label}`, 'utf8');
}

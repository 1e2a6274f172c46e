import { randomUUID } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
  type KeyObject,
} from 'jose';
import type { ConfiguredJwk } from '../config.js';

export type SigningKeyMaterial = CryptoKey | KeyObject | Uint8Array;

export interface AccessTokenKeys {
  signing: { kid: string; alg: string; key: SigningKeyMaterial };
  /** Public JWKs accepted when verifying (the signing key's own public half included). */
  verify: JWK[];
}

const DEFAULT_ALG = 'EdDSA';

/** A fresh Ed25519 key pair with a random kid: development, tests, and key rotation tooling. */
export async function generateAccessTokenKeyPair(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(DEFAULT_ALG, { crv: 'Ed25519', extractable: true });
  const kid = randomUUID();
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: DEFAULT_ALG };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: DEFAULT_ALG };
  return { privateJwk, publicJwk };
}

/**
 * One signing key, several verification keys (rotation: publish the new public key to every
 * instance first, then switch the signing key, drop the old public key after one access
 * token lifetime). Without configuration a key pair is generated for this process (dev).
 */
export async function loadAccessTokenKeys(
  signingJwk: ConfiguredJwk | undefined,
  verifyJwks: readonly ConfiguredJwk[],
): Promise<AccessTokenKeys> {
  const privateJwk: JWK = signingJwk ?? (await generateAccessTokenKeyPair()).privateJwk;
  const kid = privateJwk.kid ?? '';
  const alg = privateJwk.alg ?? DEFAULT_ALG;
  const key = await importJWK(privateJwk, alg);
  const { d: _d, ...publicHalf } = privateJwk;
  const verify: JWK[] = [{ ...publicHalf, alg }, ...verifyJwks.filter((k) => k.kid !== kid)];
  return { signing: { kid, alg, key }, verify };
}

import { createHash } from 'node:crypto';

/** RFC 7636 S256: BASE64URL(SHA256(verifier)) must equal the challenge. */
export function verifiesChallenge(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  return createHash('sha256').update(verifier).digest('base64url') === challenge;
}

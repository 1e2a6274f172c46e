import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a received secret (a launch token, an OAuth state) with the expected one in time
 * that depends on neither's content nor length: both are hashed to 32 bytes first, so a
 * mismatch in length is not answered early. A missing value never matches, nor does anything
 * match an empty expected secret (that would be a bug upstream, not a password).
 */
export function sameSecret(received: string | null | undefined, expected: string): boolean {
  if (typeof received !== 'string' || expected === '') return false;
  const a = createHash('sha256').update(received, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

import { describe, expect, it } from 'vitest';
import { sameSecret } from './same-secret';

describe('sameSecret', () => {
  const token = 'q3VbT5m0c1Yh9xk2Lr8sWn4Pz7Ue6Ja0';
  it('matches only the same string', () => {
    expect(sameSecret(token, token)).toBe(true);
    expect(sameSecret(`${token}`, token.slice(0))).toBe(true);
    expect(sameSecret(token.replace(/.$/, 'x'), token)).toBe(false);
    expect(sameSecret(token.toUpperCase(), token)).toBe(false);
  });
  it('answers false for a different length, without throwing (timingSafeEqual alone would)', () => {
    expect(sameSecret(token.slice(0, -1), token)).toBe(false);
    expect(sameSecret(`${token}x`, token)).toBe(false);
    expect(sameSecret('', token)).toBe(false);
    expect(sameSecret('x'.repeat(10_000), token)).toBe(false);
  });
  it('never matches a missing value or an empty expected secret', () => {
    expect(sameSecret(null, token)).toBe(false);
    expect(sameSecret(undefined, token)).toBe(false);
    expect(sameSecret('', '')).toBe(false);
  });
  it('compares the UTF-8 bytes: look-alike characters do not match', () => {
    expect(sameSecret('é', 'é')).toBe(true);
    expect(sameSecret('e\u0301', 'é')).toBe(false);
  });
});

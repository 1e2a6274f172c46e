import { describe, expect, it } from 'vitest';
import { toSafeExternalUrl } from './external-url';
import { isTrustedSenderUrl } from './trusted-sender';

describe('toSafeExternalUrl', () => {
  it('accepts https and returns the re-formatted URL', () => {
    expect(toSafeExternalUrl('HTTPS://LeadPulse.app/trust')).toBe('https://leadpulse.app/trust');
    expect(toSafeExternalUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
  });

  it.each([
    'http://example.com',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://evil/share',
    'ms-msdt:/id PCWDiagnostic',
    'leadpulse://app/index.html',
    'https://user:pass@example.com/',
    'not a url',
    '',
  ])('refuses %s', (input) => {
    expect(toSafeExternalUrl(input)).toBeNull();
  });
});

describe('isTrustedSenderUrl', () => {
  it('trusts only our own origin', () => {
    expect(isTrustedSenderUrl('leadpulse://app/index.html')).toBe(true);
    expect(isTrustedSenderUrl('leadpulse://evil/index.html')).toBe(false);
    expect(isTrustedSenderUrl('https://app/index.html')).toBe(false);
    expect(isTrustedSenderUrl('file:///app/index.html')).toBe(false);
    expect(isTrustedSenderUrl('garbage')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { toSignInPageUrl } from './sign-in-url';

describe('toSignInPageUrl', () => {
  const google = 'https://accounts.google.com/o/oauth2/v2/auth';
  it('accepts the provider’s own https origin', () => {
    expect(toSignInPageUrl('https://accounts.google.com/o/oauth2/v2/auth?client_id=x&state=y', google)).toBe(
      'https://accounts.google.com/o/oauth2/v2/auth?client_id=x&state=y',
    );
  });
  it('refuses other origins, look-alikes, credentials and plain http off loopback', () => {
    expect(toSignInPageUrl('https://evil.example/o/oauth2/v2/auth', google)).toBeNull();
    expect(toSignInPageUrl('https://accounts.google.com.evil.example/', google)).toBeNull();
    expect(toSignInPageUrl('https://user:pw@accounts.google.com/o/oauth2/v2/auth', google)).toBeNull();
    expect(toSignInPageUrl('http://accounts.google.com/o/oauth2/v2/auth', 'http://accounts.google.com/auth')).toBeNull();
    expect(toSignInPageUrl('javascript:alert(1)', google)).toBeNull();
    expect(toSignInPageUrl('file:///etc/passwd', google)).toBeNull();
  });
  it('allows http only for a provider on this computer’s loopback (the simulator)', () => {
    const sim = 'http://127.0.0.1:4100/google/authorize';
    expect(toSignInPageUrl('http://127.0.0.1:4100/google/authorize?x=1', sim)).toBe('http://127.0.0.1:4100/google/authorize?x=1');
    expect(toSignInPageUrl('http://127.0.0.1:4101/google/authorize', sim)).toBeNull();
  });
});

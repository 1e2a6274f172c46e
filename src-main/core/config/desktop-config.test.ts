import { describe, expect, it } from 'vitest';
import { DesktopConfigError, loadDesktopConfig } from './desktop-config';

describe('loadDesktopConfig', () => {
  it('defaults to the local cloud and offers no provider without a client id', () => {
    expect(loadDesktopConfig({})).toEqual({
      cloudUrl: 'http://127.0.0.1:8787',
      oidc: { google: null, microsoft: null },
      dataDir: undefined,
      keychainService: 'LeadPulse',
      seedDemo: false,
      connectivityIntervalMs: 5_000,
      hostPort: 0,
    });
  });
  it('reads the profile folder, keychain entry, demo leads, connectivity interval and host port', () => {
    expect(
      loadDesktopConfig({
        LEADPULSE_DATA_DIR: '/srv/lp/profile',
        LEADPULSE_KEYCHAIN_SERVICE: 'LeadPulse-test',
        LEADPULSE_DEMO_LEADS: '1',
        LEADPULSE_CONNECTIVITY_INTERVAL_MS: '250',
        LEADPULSE_HOST_PORT: '5173',
      }),
    ).toMatchObject({ dataDir: '/srv/lp/profile', keychainService: 'LeadPulse-test', seedDemo: true, connectivityIntervalMs: 250, hostPort: 5173 });
  });
  it('refuses a port or interval that is not a whole number in range, naming the variable only', () => {
    for (const [name, raw] of [
      ['LEADPULSE_HOST_PORT', '70000'],
      ['LEADPULSE_HOST_PORT', 'eighty'],
      ['LEADPULSE_CONNECTIVITY_INTERVAL_MS', '-5'],
      ['LEADPULSE_CONNECTIVITY_INTERVAL_MS', '1.5'],
    ] as const) {
      expect(() => loadDesktopConfig({ [name]: raw })).toThrow(DesktopConfigError);
      expect(() => loadDesktopConfig({ [name]: raw })).toThrow(new RegExp(`^${name} must be a whole number`));
      try {
        loadDesktopConfig({ [name]: raw });
      } catch (error) {
        expect(String(error)).not.toContain(raw);
      }
    }
  });
  it('reads issuers and client ids; Microsoft needs its tenant issuer', () => {
    const config = loadDesktopConfig({
      LEADPULSE_OIDC_CLIENT_ID: 'desktop-client',
      LEADPULSE_OIDC_GOOGLE_CLIENT_SECRET: 'not-really-secret',
      LEADPULSE_CLOUD_URL: 'https://api.leadpulse.example/',
    });
    expect(config.cloudUrl).toBe('https://api.leadpulse.example');
    expect(config.oidc.google).toEqual({ issuer: 'https://accounts.google.com', clientId: 'desktop-client', clientSecret: 'not-really-secret' });
    expect(config.oidc.microsoft).toBeNull();
    const tenant = loadDesktopConfig({ LEADPULSE_OIDC_MICROSOFT_CLIENT_ID: 'ms', LEADPULSE_OIDC_MICROSOFT_ISSUER: 'https://login.microsoftonline.com/0000/v2.0' });
    expect(tenant.oidc.microsoft?.issuer).toBe('https://login.microsoftonline.com/0000/v2.0');
  });
  it('allows plain http on any loopback address (IPv4, IPv6, localhost)', () => {
    for (const url of ['http://127.0.0.1:8787', 'http://[::1]:8787', 'http://localhost:8787']) {
      expect(loadDesktopConfig({ LEADPULSE_CLOUD_URL: url }).cloudUrl).toBe(url);
    }
  });
  it('refuses plain http off loopback, naming the variable', () => {
    expect(() => loadDesktopConfig({ LEADPULSE_CLOUD_URL: 'http://api.example.com' })).toThrow(DesktopConfigError);
    expect(() => loadDesktopConfig({ LEADPULSE_CLOUD_URL: 'http://localhost.evil.example' })).toThrow(/LEADPULSE_CLOUD_URL/);
    expect(() => loadDesktopConfig({ LEADPULSE_OIDC_CLIENT_ID: 'x', LEADPULSE_OIDC_GOOGLE_ISSUER: 'http://evil.example' })).toThrow(/LEADPULSE_OIDC_GOOGLE_ISSUER/);
  });
});

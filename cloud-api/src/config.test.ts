import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 8787,
      host: '127.0.0.1',
      databaseUrl: undefined,
      nodeEnv: 'development',
      logLevel: 'info',
      trustProxy: false,
      pgDataDir: undefined,
      apiDatabaseUrl: undefined,
      apiPoolMax: 20,
      oidcProviders: [],
      tokenIssuer: 'leadpulse-cloud-api',
      tokenAudience: 'leadpulse-api',
      accessTokenTtlSeconds: 600,
      refreshTokenTtlDays: 30,
      refreshTokenReuseGraceSeconds: 60,
      accessTokenSigningKey: undefined,
      accessTokenVerifyKeys: [],
      rateLimitUserPerMinute: 600,
      rateLimitTenantPerMinute: 6000,
      tls: undefined,
    });
  });

  it('parses valid values', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://app:secret@db.internal:5432/leadpulse',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'true',
      PG_DATA_DIR: '/var/tmp/pg',
      API_DATABASE_URL: 'postgresql://leadpulse_api:pw@db.internal:5432/leadpulse',
      ACCESS_TOKEN_SIGNING_KEY: JSON.stringify({ kty: 'OKP', crv: 'Ed25519', kid: 'k1', d: 'x', x: 'y' }),
      GOOGLE_CLIENT_IDS: 'a.apps.googleusercontent.com, b.apps.googleusercontent.com',
    });
    expect(config.oidcProviders).toEqual([
      expect.objectContaining({
        name: 'google',
        issuer: 'https://accounts.google.com',
        clientIds: ['a.apps.googleusercontent.com', 'b.apps.googleusercontent.com'],
      }),
    ]);
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: 'postgresql://app:secret@db.internal:5432/leadpulse',
      nodeEnv: 'production',
      logLevel: 'warn',
      trustProxy: true,
      pgDataDir: '/var/tmp/pg',
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', TRUST_PROXY: '' })).toMatchObject({
      port: 8787,
      databaseUrl: undefined,
      trustProxy: false,
    });
  });

  it('names every invalid variable in one error', () => {
    const error = problemsOf({
      PORT: 'eighty',
      HOST: '   ',
      DATABASE_URL: 'mysql://root@localhost/db',
      NODE_ENV: 'staging',
      LOG_LEVEL: 'loud',
      TRUST_PROXY: 'sometimes',
      PG_DATA_DIR: 'relative/dir',
    });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(
      ['DATABASE_URL', 'HOST', 'LOG_LEVEL', 'NODE_ENV', 'PG_DATA_DIR', 'PORT', 'TRUST_PROXY'].sort(),
    );
    for (const variable of ['PORT', 'HOST', 'DATABASE_URL', 'NODE_ENV', 'LOG_LEVEL', 'TRUST_PROXY', 'PG_DATA_DIR']) {
      expect(error.message).toMatch(new RegExp(`^  - ${variable}: expected`, 'm'));
    }
  });

  it('rejects ports out of range', () => {
    expect(problemsOf({ PORT: '65536' }).problems).toEqual([
      { variable: 'PORT', message: expect.stringContaining('0-65535') },
    ]);
  });

  it('requires DATABASE_URL in production, also alongside other errors', () => {
    const error = problemsOf({ NODE_ENV: 'production', LOG_LEVEL: 'loud', TRUST_PROXY: 'true', ACCESS_TOKEN_SIGNING_KEY: '{"kty":"OKP","kid":"k","d":"x"}' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL']);
    expect(error.message).toContain('required when NODE_ENV=production');
  });

  it('production refuses plain HTTP unless behind a TLS proxy or given a certificate', () => {
    const base = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://o:p@db/x',
      API_DATABASE_URL: 'postgresql://leadpulse_api:p@db/x',
      ACCESS_TOKEN_SIGNING_KEY: JSON.stringify({ kty: 'OKP', kid: 'k', d: 'x' }),
    };
    expect(problemsOf(base).problems.map((p) => p.variable)).toEqual(['TRUST_PROXY']);
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ ...base, TLS_CERT_FILE: '/c.pem', TLS_KEY_FILE: '/k.pem' }).tls).toEqual({ certFile: '/c.pem', keyFile: '/k.pem' });
  });

  it('production requires the API role URL and a shared signing key', () => {
    const error = problemsOf({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://o:p@db/x', TRUST_PROXY: '1' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['ACCESS_TOKEN_SIGNING_KEY', 'API_DATABASE_URL']);
  });

  it('validates OIDC_PROVIDERS and token lifetimes (access tokens at most 15 minutes)', () => {
    expect(problemsOf({ OIDC_PROVIDERS: '[{"name":"clerk"}]', ACCESS_TOKEN_TTL_SECONDS: '3600' }).problems.map((p) => p.variable).sort()).toEqual([
      'ACCESS_TOKEN_TTL_SECONDS',
      'OIDC_PROVIDERS',
    ]);
    const config = loadConfig({
      OIDC_PROVIDERS: JSON.stringify([{ name: 'clerk', issuer: 'https://clerk.example.com', jwksUri: 'https://clerk.example.com/.well-known/jwks.json', clientIds: ['c1'] }]),
    });
    expect(config.oidcProviders).toEqual([expect.objectContaining({ name: 'clerk', emailVerifiedClaim: 'email_verified' })]);
  });

  it('validates the refresh-token reuse grace: whole seconds 0-300, 0 turns it off', () => {
    expect(loadConfig({ REFRESH_TOKEN_REUSE_GRACE_SECONDS: '0' }).refreshTokenReuseGraceSeconds).toBe(0);
    expect(loadConfig({ REFRESH_TOKEN_REUSE_GRACE_SECONDS: '300' }).refreshTokenReuseGraceSeconds).toBe(300);
    for (const bad of ['301', '-1', '1.5', 'a minute']) {
      expect(problemsOf({ REFRESH_TOKEN_REUSE_GRACE_SECONDS: bad }).problems).toEqual([
        { variable: 'REFRESH_TOKEN_REUSE_GRACE_SECONDS', message: 'expected an integer 0-300' },
      ]);
    }
  });

  it('never echoes a value (DATABASE_URL carries a password)', () => {
    const error = problemsOf({ DATABASE_URL: 'mysql://u:hunter2@h/db', PORT: 'p4ssw0rd' });
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('p4ssw0rd');
  });
});

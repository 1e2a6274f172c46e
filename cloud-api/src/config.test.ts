import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BILLING_POLICY } from './billing/config.js';
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
      billing: { stripe: undefined, policy: DEFAULT_BILLING_POLICY },
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

const DAY_MS = 24 * 60 * 60 * 1000;
const STRIPE = { STRIPE_SECRET_KEY: 'sk_test_k', STRIPE_WEBHOOK_SECRET: 'whsec_w', STRIPE_SEAT_PRICE_ID: 'price_seat' };

describe('loadConfig: billing (STRIPE_*, BILLING_*) comes through the one loader', () => {
  it('reads the Stripe settings and the billing policy', () => {
    const { billing } = loadConfig({
      ...STRIPE,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: '12111',
      STRIPE_API_PROTOCOL: 'http',
      STRIPE_MAX_NETWORK_RETRIES: '0',
      BILLING_TRIAL_DAYS: '0',
      BILLING_GRACE_DAYS: '3',
      BILLING_UNSUBSCRIBED_SEATS: '5',
    });
    const policy = { graceMs: 3 * DAY_MS, unsubscribedTrialMs: 14 * DAY_MS, unsubscribedSeats: 5 };
    expect(billing).toEqual({
      stripe: {
        secretKey: 'sk_test_k',
        webhookSecret: 'whsec_w',
        seatPriceId: 'price_seat',
        apiHost: '127.0.0.1',
        apiPort: 12111,
        apiProtocol: 'http',
        maxNetworkRetries: 0,
        timeoutMs: 10_000,
        successUrl: 'https://app.leadpulse.invalid/billing/success',
        cancelUrl: 'https://app.leadpulse.invalid/billing/cancel',
        portalReturnUrl: 'https://app.leadpulse.invalid/billing',
        trialDays: 0,
        policy,
      },
      policy,
    });
  });

  it('without STRIPE_SECRET_KEY billing is off but its policy still applies', () => {
    expect(loadConfig({ BILLING_UNSUBSCRIBED_TRIAL_DAYS: '30' }).billing).toEqual({
      stripe: undefined,
      policy: { ...DEFAULT_BILLING_POLICY, unsubscribedTrialMs: 30 * DAY_MS },
    });
  });

  it('names bad billing variables with every other problem, before anything starts, never echoing a value', () => {
    const error = problemsOf({ STRIPE_SECRET_KEY: 'sk_live_s3cret', STRIPE_API_PORT: 'port-s3cret', BILLING_GRACE_DAYS: '-1', PORT: 'eighty' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(
      ['BILLING_GRACE_DAYS', 'PORT', 'STRIPE_API_PORT', 'STRIPE_SEAT_PRICE_ID', 'STRIPE_WEBHOOK_SECRET'].sort(),
    );
    expect(error.message).toMatch(/^ {2}- STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set$/m);
    expect(error.message).not.toContain('s3cret');
  });

  it('no shipping cloud-api code reads process.env but the default handed to loadConfig', () => {
    const src = fileURLToPath(new URL('.', import.meta.url));
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === 'testing' ? [] : walk(full);
        return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
      });
    })(src);
    const readers = files
      .filter((f) => readFileSync(f, 'utf8').includes('process.env'))
      .map((f) => path.relative(src, f).split(path.sep).join('/'))
      .sort();
    // server.ts: `loadConfig(options.env ?? process.env)`. pg-process.ts: hands PATH, LANG, TZ
    // and LC_* on to the Postgres it starts (an environment for a child, not configuration).
    expect(readers).toEqual(['db/pg-process.ts', 'server.ts']);
    const serverCode = readFileSync(path.join(src, 'server.ts'), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\/\*\*|\*)/.test(line))
      .join('\n');
    expect(serverCode.match(/.*process\.env.*/g)?.map((l) => l.trim())).toEqual(['...loadConfig(options.env ?? process.env),']);
  });
});

import type { SignInProviderId } from '../../../src-shared/contract/areas/session';
import { isHttpsOrLoopbackHttp } from '../net/loopback';

/**
 * The one configuration loader of the desktop core (Electron shell and browser host alike).
 * Everything comes from environment variables with development defaults; policy files for
 * managed installs can feed the same names later.
 */
export interface OidcIssuerConfig {
  /** Issuer URL; its /.well-known/openid-configuration is read at sign-in. */
  readonly issuer: string;
  /** Our OAuth client id at this provider (a public "installed app" client). */
  readonly clientId: string;
  /** Google's desktop clients come with a "secret" that is not secret; sent when configured. */
  readonly clientSecret: string | undefined;
}

export interface DesktopConfig {
  /** Base URL of the LeadPulse cloud API. */
  readonly cloudUrl: string;
  /** Sign-in providers; a provider without a client id is not offered. */
  readonly oidc: Readonly<Record<SignInProviderId, OidcIssuerConfig | null>>;
  /** LEADPULSE_DATA_DIR: a profile folder of its own (tests, IT); unset = the platform's default. */
  readonly dataDir: string | undefined;
  /** LEADPULSE_KEYCHAIN_SERVICE: the keychain entry's service name; "LeadPulse" by default. */
  readonly keychainService: string;
  /** LEADPULSE_DEMO_LEADS=1: fill an empty store with demo leads. */
  readonly seedDemo: boolean;
  /** LEADPULSE_CONNECTIVITY_INTERVAL_MS: how often to ask the cloud whether it answers (default 5 s). */
  readonly connectivityIntervalMs: number;
  /** LEADPULSE_HOST_PORT: the browser host's fixed port; 0 (default) picks a free one. */
  readonly hostPort: number;
}

export type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_CLOUD_URL = 'http://127.0.0.1:8787';
/**
 * Google has one issuer. Microsoft has none by default: its multi-tenant endpoints publish a
 * templated issuer ("{tenantid}") that a standard relying party cannot match, so a dealership
 * names its own tenant: https://login.microsoftonline.com/<tenant-id>/v2.0
 */
export const DEFAULT_ISSUERS: Readonly<Record<SignInProviderId, string | null>> = {
  google: 'https://accounts.google.com',
  microsoft: null,
};

const value = (env: Env, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
};

export class DesktopConfigError extends Error {
  override readonly name = 'DesktopConfigError';
}

function checkedUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DesktopConfigError(`${name} must be a URL (got something else).`);
  }
  if (!isHttpsOrLoopbackHttp(url)) {
    throw new DesktopConfigError(`${name} must use https (plain http only on 127.0.0.1 for development).`);
  }
  return url.href.replace(/\/$/, '');
}

function issuerConfig(env: Env, id: SignInProviderId): OidcIssuerConfig | null {
  const upper = id.toUpperCase();
  const clientId = value(env, `LEADPULSE_OIDC_${upper}_CLIENT_ID`) ?? value(env, 'LEADPULSE_OIDC_CLIENT_ID');
  if (clientId === undefined) return null;
  const issuerName = `LEADPULSE_OIDC_${upper}_ISSUER`;
  const issuer = value(env, issuerName) ?? DEFAULT_ISSUERS[id];
  if (issuer === null) return null;
  return {
    issuer: checkedUrl(issuerName, issuer),
    clientId,
    clientSecret: value(env, `LEADPULSE_OIDC_${upper}_CLIENT_SECRET`),
  };
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new DesktopConfigError(`${name} must be a whole number from ${min} to ${max}.`);
  return n;
}

/** Pure: reads only `env`. Throws DesktopConfigError naming the variable (never its value). */
export function loadDesktopConfig(env: Env): DesktopConfig {
  return {
    cloudUrl: checkedUrl('LEADPULSE_CLOUD_URL', value(env, 'LEADPULSE_CLOUD_URL') ?? DEFAULT_CLOUD_URL),
    oidc: { google: issuerConfig(env, 'google'), microsoft: issuerConfig(env, 'microsoft') },
    dataDir: value(env, 'LEADPULSE_DATA_DIR'),
    keychainService: value(env, 'LEADPULSE_KEYCHAIN_SERVICE') ?? 'LeadPulse',
    seedDemo: value(env, 'LEADPULSE_DEMO_LEADS') === '1',
    connectivityIntervalMs: integer(env, 'LEADPULSE_CONNECTIVITY_INTERVAL_MS', 5_000, 100, 3_600_000),
    hostPort: integer(env, 'LEADPULSE_HOST_PORT', 0, 0, 65_535),
  };
}

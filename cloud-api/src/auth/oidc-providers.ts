import { z } from 'zod';

/**
 * Trusted OpenID Connect providers. Configuration, not code, so another provider (Clerk,
 * Okta, ...) is one more entry in OIDC_PROVIDERS.
 */
export const oidcProviderSchema = z.object({
  /** Short name recorded with the identity, e.g. "google". */
  name: z.string().regex(/^[a-z0-9_-]{1,32}$/),
  /**
   * Exact `iss` value, or a pattern with `{tenantid}` that must equal the token's `tid`
   * claim (Microsoft's multi-tenant issuer).
   */
  issuer: z.url(),
  jwksUri: z.url(),
  /** Our OAuth client ids at this provider: the accepted `aud` values. */
  clientIds: z.array(z.string().min(1)).min(1),
  /**
   * Claim that must be literally true before the email is trusted. Google: email_verified.
   * Microsoft: xms_edov (email domain owner verified; add it as an optional claim).
   */
  emailVerifiedClaim: z.string().min(1).default('email_verified'),
});

export type OidcProviderConfig = z.infer<typeof oidcProviderSchema>;

export const GOOGLE_PRESET = {
  name: 'google',
  issuer: 'https://accounts.google.com',
  jwksUri: 'https://www.googleapis.com/oauth2/v3/certs',
  emailVerifiedClaim: 'email_verified',
} as const;

export const MICROSOFT_PRESET = {
  name: 'microsoft',
  issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
  jwksUri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
  emailVerifiedClaim: 'xms_edov',
} as const;

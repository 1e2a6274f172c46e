// The cloud API's own schemas: requests are typed with them and every answer is parsed with
// them, so an answer this version does not understand is refused (CloudProtocolError), never
// passed on as if it were right.
import {
  dealershipResponseSchema,
  invitationListResponseSchema,
  invitationSchema,
  memberListResponseSchema,
  memberSchema,
  meResponseSchema,
  purgeInstructionListResponseSchema,
  sessionResponseSchema,
  type ChangeRoleRequest,
  type CreateDealershipRequest,
  type DealershipResponse,
  type ErrorResponse,
  type Invitation,
  type InvitationListResponse,
  type InviteRequest,
  type Member,
  type MeResponse,
  type MemberListResponse,
  type OidcSignInRequest,
  type PurgeInstructionListResponse,
  type RefreshRequest,
  type SessionResponse,
} from '@leadpulse/cloud-contract';
import type { z } from 'zod';
import { CloudHttpError, CloudProtocolError, CloudUnreachableError, NotSignedInError } from './errors';

/**
 * Where authenticated calls get their bearer token. The session service implements it: it
 * refreshes before expiry, and once more when the API answers 401; `null` means the session
 * is over (the service has already moved to its revoked state).
 */
export interface BearerSource {
  accessToken(): Promise<string>;
  afterUnauthorized(rejectedToken: string): Promise<string | null>;
}

export interface CloudClientOptions {
  readonly baseUrl: string;
  /** e.g. "LeadPulse-desktop/0.1.0 (linux; browser-host)", for the cloud's audit log. */
  readonly clientLabel: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

type Method = 'GET' | 'POST' | 'DELETE' | 'PATCH';

/** The one HTTP client of the LeadPulse cloud API (v1). */
export class CloudClient {
  private readonly fetch: typeof fetch;
  constructor(private readonly options: CloudClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  // ---- sessions (no bearer) ---------------------------------------------------------------

  signInWithIdToken(idToken: string): Promise<SessionResponse> {
    return this.json(sessionResponseSchema, 'POST', '/v1/auth/oidc', { idToken } satisfies OidcSignInRequest);
  }

  refresh(refreshToken: string): Promise<SessionResponse> {
    return this.json(sessionResponseSchema, 'POST', '/v1/auth/refresh', { refreshToken } satisfies RefreshRequest);
  }

  async logout(refreshToken: string): Promise<void> {
    await this.json(null, 'POST', '/v1/auth/logout', { refreshToken } satisfies RefreshRequest);
  }

  // ---- with the bearer token --------------------------------------------------------------

  me(auth: BearerSource): Promise<MeResponse> {
    return this.authed(meResponseSchema, auth, 'GET', '/v1/me');
  }

  createDealership(auth: BearerSource, name: string): Promise<DealershipResponse> {
    return this.authed(dealershipResponseSchema, auth, 'POST', '/v1/dealerships', { name } satisfies CreateDealershipRequest);
  }

  listMembers(auth: BearerSource, dealershipId: string): Promise<MemberListResponse> {
    return this.authed(memberListResponseSchema, auth, 'GET', `/v1/dealerships/${encodeURIComponent(dealershipId)}/members`);
  }

  invite(auth: BearerSource, dealershipId: string, request: InviteRequest): Promise<Invitation> {
    return this.authed(invitationSchema, auth, 'POST', `/v1/dealerships/${encodeURIComponent(dealershipId)}/invitations`, request);
  }

  listInvitations(auth: BearerSource, dealershipId: string): Promise<InvitationListResponse> {
    return this.authed(invitationListResponseSchema, auth, 'GET', `/v1/dealerships/${encodeURIComponent(dealershipId)}/invitations`);
  }

  async revokeInvitation(auth: BearerSource, dealershipId: string, invitationId: string): Promise<void> {
    await this.authed(
      null,
      auth,
      'DELETE',
      `/v1/dealerships/${encodeURIComponent(dealershipId)}/invitations/${encodeURIComponent(invitationId)}`,
    );
  }

  changeRole(auth: BearerSource, dealershipId: string, userId: string, request: ChangeRoleRequest): Promise<Member> {
    return this.authed(
      memberSchema,
      auth,
      'PATCH',
      `/v1/dealerships/${encodeURIComponent(dealershipId)}/members/${encodeURIComponent(userId)}`,
      request,
    );
  }

  async removeMember(auth: BearerSource, dealershipId: string, userId: string): Promise<void> {
    await this.authed(null, auth, 'DELETE', `/v1/dealerships/${encodeURIComponent(dealershipId)}/members/${encodeURIComponent(userId)}`);
  }

  getDealership(auth: BearerSource, dealershipId: string): Promise<DealershipResponse> {
    return this.authed(dealershipResponseSchema, auth, 'GET', `/v1/dealerships/${encodeURIComponent(dealershipId)}`);
  }

  /** Customer deletions this desktop must apply, oldest first, after the last one applied. */
  purgeInstructions(auth: BearerSource, dealershipId: string, after: string | null): Promise<PurgeInstructionListResponse> {
    const query = after ? `?after=${encodeURIComponent(after)}` : '';
    return this.authed(purgeInstructionListResponseSchema, auth, 'GET', `/v1/dealerships/${encodeURIComponent(dealershipId)}/purge-instructions${query}`);
  }

  /** Adds the bearer token; on 401 asks the source once for a fresh one and retries once. */
  private async authed<S extends Answer>(schema: S, auth: BearerSource, method: Method, path: string, body?: unknown): Promise<Parsed<S>> {
    const token = await auth.accessToken();
    try {
      return await this.json(schema, method, path, body, token);
    } catch (error) {
      if (!(error instanceof CloudHttpError) || error.status !== 401) throw error;
      const next = await auth.afterUnauthorized(token);
      if (next === null) throw new NotSignedInError('Your sign-in has ended. Sign in again to use team features.');
      return this.json(schema, method, path, body, next);
    }
  }

  /** One request; the answer parsed with `schema` (null: the call answers no body). */
  private async json<S extends Answer>(schema: S, method: Method, path: string, body?: unknown, bearer?: string): Promise<Parsed<S>> {
    const headers: Record<string, string> = { Accept: 'application/json', 'X-LeadPulse-Client': this.options.clientLabel };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (bearer !== undefined) headers.Authorization = `Bearer ${bearer}`;
    let response: Response;
    try {
      response = await this.fetch(new URL(path, this.options.baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
        redirect: 'error',
      });
    } catch (error) {
      throw new CloudUnreachableError({ cause: error });
    }
    if (response.status === 204) {
      if (schema !== null) throw new CloudProtocolError(path, 'no body');
      return null as Parsed<S>;
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      const error = errorBody(text);
      // Every error the cloud sends is its JSON {error, message}. Anything else came from
      // something in between (a hotel Wi-Fi login page, a proxy, a load balancer with the
      // cloud down): as good as no answer, and never a reason to end the session.
      if (error === null) throw new CloudUnreachableError({ cause: new Error(`answered ${response.status} without the cloud's error body`) });
      throw new CloudHttpError(response.status, error.code, error.fields);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new CloudUnreachableError({ cause: error });
    }
    if (schema === null) return null as Parsed<S>;
    const checked = schema.safeParse(parsed);
    // Only the paths of the fields that did not fit, never their values (they may be customer data).
    if (!checked.success) throw new CloudProtocolError(path, checked.error.issues.slice(0, 5).map((i) => i.path.join('.') || '(root)').join(', '));
    return checked.data as Parsed<S>;
  }
}

type Answer = z.ZodType | null;
type Parsed<S extends Answer> = S extends z.ZodType ? z.output<S> : null;

/**
 * The API's stable error code and the other short string fields of its error body (not the
 * message), or null when the body is not the cloud's error JSON.
 */
function errorBody(text: string): { code: string; fields: Record<string, string> } | null {
  let parsed: (Partial<ErrorResponse> & Record<string, unknown>) | null;
  try {
    parsed = JSON.parse(text) as (Partial<ErrorResponse> & Record<string, unknown>) | null;
  } catch {
    return null;
  }
  if (typeof parsed?.error !== 'string') return null;
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed).slice(0, 10)) {
    if (key !== 'error' && key !== 'message' && typeof value === 'string' && value.length <= 64) fields[key] = value;
  }
  return { code: parsed.error.slice(0, 64), fields };
}

import type { MemberRole, SessionMembership } from '../../../src-shared/contract/areas/session';
import type { BearerSource } from '../cloud/cloud-client';

/**
 * What an authenticated cloud call may tell the session, and ask of it. The session service
 * implements it; team administration, purge sync and (next) drafts and team sync call the
 * cloud through cloudCall with this port instead of reaching into the session.
 */
export interface CloudSessionPort {
  /** Where calls get their bearer token (refreshed by the session). */
  readonly auth: BearerSource;
  /** The cloud answered: not offline, no setup problem. */
  answered(): void;
  /** No answer (offline, timeout, something in between). */
  wentOffline(): void;
  /** The cloud refuses this computer's setup (e.g. https_required): the message says whom to contact. */
  setupProblem(message: string): void;
  /** The cloud ended the session (401): end it here too; answers the error to show. */
  sessionEnded(): Promise<Error>;
  /** A 403 on `dealership`: ask the cloud whether access ended (throws if so); answers the role held now. */
  recheckMembership(dealership: SessionMembership): Promise<MemberRole>;
}

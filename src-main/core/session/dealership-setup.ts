import type { SessionState } from '../../../src-shared/contract/areas/session';
import { UserFacingError } from '../ipc/dispatcher';
import { applyMemberships } from './access-ended';
import type { BearerSource } from '../cloud/cloud-client';
import { cloudCall } from '../cloud/cloud-call';
import { sessionCloudPort } from './session-cloud-port';
import { membershipsOf } from './saved-session';
import type { SessionContext } from './session-context';

/** Which dealership this desktop works for: create one, choose one, or ask the cloud again. */
export class DealershipSetup {
  constructor(
    private readonly ctx: SessionContext,
    private readonly auth: BearerSource,
  ) {}

  async create(name: string): Promise<SessionState> {
    const ctx = this.ctx;
    const saved = ctx.requireSignedIn();
    const created = await cloudCall(sessionCloudPort(ctx, this.auth), () => ctx.options.cloud.createDealership(this.auth, name));
    if (ctx.saved !== saved) return ctx.state();
    saved.memberships = [
      ...saved.memberships.filter((m) => m.dealershipId !== created.id),
      { dealershipId: created.id, dealershipName: created.name, role: created.role },
    ];
    saved.dealershipId = created.id;
    await ctx.persist();
    ctx.emit();
    return ctx.state();
  }

  async select(dealershipId: string): Promise<SessionState> {
    const ctx = this.ctx;
    const saved = ctx.requireSignedIn();
    if (!saved.memberships.some((m) => m.dealershipId === dealershipId)) {
      throw new UserFacingError('You are not a member of that dealership. Ask its admin to invite you.');
    }
    saved.dealershipId = dealershipId;
    await ctx.persist();
    ctx.emit();
    return ctx.state();
  }

  /** Asks the cloud again who the person is and where they are a member. */
  async refresh(): Promise<SessionState> {
    const ctx = this.ctx;
    const saved = ctx.requireSignedIn();
    const me = await cloudCall(sessionCloudPort(ctx, this.auth), () => ctx.options.cloud.me(this.auth));
    if (ctx.saved !== saved) return ctx.state();
    await applyMemberships(ctx, saved, membershipsOf(me));
    return ctx.state();
  }
}

import type { SessionState } from '../../../src-shared/contract/areas/session';
import type { SessionContext } from './session-context';

/** Ends any pending sign-in and the session here; tells the cloud if it can, briefly. */
export async function signOut(ctx: SessionContext): Promise<SessionState> {
  const flow = ctx.flow;
  ctx.flow = null;
  flow?.started.cancel();
  const saved = ctx.saved;
  ctx.saved = null;
  ctx.access = null;
  ctx.revoked = null;
  ctx.message = null;
  ctx.cloudProblem = null;
  ctx.clearTimer();
  if (saved) {
    // Best effort, briefly: signing out must work offline too.
    await Promise.race([
      ctx.options.cloud.logout(saved.refreshToken).catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 3_000).unref?.()),
    ]);
  }
  await ctx.options.vault.clear().catch(() => undefined);
  if (saved) ctx.options.log.info('session.signed-out', {});
  ctx.emit();
  return ctx.state();
}

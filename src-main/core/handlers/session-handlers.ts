import type { HandlersFor } from '../ipc/dispatcher';
import type { sessionCalls } from '../../../src-shared/contract/areas/session';
import type { SessionService } from '../session/session-service';

type SessionHandlers = HandlersFor<typeof sessionCalls>;

export function sessionHandlers(session: SessionService): SessionHandlers {
  return {
    'session.getState': () => session.state(),
    'session.signIn': ({ provider, email }) => session.signIn(provider, email),
    'session.cancelSignIn': () => session.cancelSignIn(),
    'session.createDealership': ({ name }) => session.createDealership(name),
    'session.selectDealership': ({ dealershipId }) => session.selectDealership(dealershipId),
    'session.refresh': () => session.refresh(),
    'session.signOut': () => session.signOut(),
  };
}

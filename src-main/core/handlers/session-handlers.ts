import type { CallHandler } from '../ipc/dispatcher';
import type { SessionService } from '../session/session-service';

type SessionHandlers = {
  'session.getState': CallHandler<'session.getState'>;
  'session.signIn': CallHandler<'session.signIn'>;
  'session.cancelSignIn': CallHandler<'session.cancelSignIn'>;
  'session.createDealership': CallHandler<'session.createDealership'>;
  'session.selectDealership': CallHandler<'session.selectDealership'>;
  'session.refresh': CallHandler<'session.refresh'>;
  'session.signOut': CallHandler<'session.signOut'>;
};

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

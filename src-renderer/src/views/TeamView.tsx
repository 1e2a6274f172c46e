import { EmptyState } from '../components/EmptyState';
import { ViewHeader } from '../components/ViewHeader';
import { useSession, type SessionView } from '../session/SessionContext';
import { CloudProblemNotice } from './team/CloudProblemNotice';
import { DealershipChooser } from './team/DealershipChooser';
import { DealershipSetup } from './team/DealershipSetup';
import { SessionUnknownNotice } from './team/SessionUnknownNotice';
import { SignInFailedNotice } from './team/SignInFailedNotice';
import { SignInPanel } from './team/SignInPanel';
import { SigningInPanel } from './team/SigningInPanel';
import { TeamMembers } from './team/TeamMembers';

/** Team: signing in to the cloud, setting up the dealership, and its members. */
export function TeamView() {
  const { session } = useSession();
  return (
    <section className="view" aria-labelledby="view-title-team">
      <ViewHeader id="view-title-team" title="Team" description="Who works leads at this dealership, and your sign-in." />
      <div className="view__body view__body--panels">
        {body(session)}
      </div>
    </section>
  );
}

function body(session: SessionView) {
  switch (session.status) {
      case 'restoring':
        return <EmptyState icon="team" title="Checking your sign-in…" />;
      case 'unknown':
        return <SessionUnknownNotice message={session.message} />;
      case 'revoked':
        return null;
      case 'signed-out':
        return <SignInPanel providers={session.providers} message={session.message} blockedReason={session.blockedReason} />;
      case 'signing-in':
        return <SigningInPanel provider={session.provider} />;
      case 'signed-in':
        return (
          <>
            {/* Signing in again: the session in use stays on screen, with the way to finish or stop. */}
            {session.signingIn ? <SigningInPanel provider={session.signingIn.provider} signedInAs={session.user.email} /> : null}
            {session.message ? <SignInFailedNotice message={session.message} email={session.user.email} /> : null}
            {session.cloudProblem ? <CloudProblemNotice problem={session.cloudProblem} email={session.user.email} /> : null}
            {session.memberships.length === 0 ? (
              <DealershipSetup email={session.user.email} provider={session.provider} />
            ) : (
              <>
                {session.dealership ? <TeamMembers dealership={session.dealership} userId={session.user.id} /> : null}
                {session.memberships.length > 1 || !session.dealership ? (
                  <DealershipChooser memberships={session.memberships} current={session.dealership?.dealershipId ?? null} />
                ) : null}
              </>
            )}
          </>
        );
    }
}

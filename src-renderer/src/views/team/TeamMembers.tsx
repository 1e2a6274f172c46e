import { useEffect, useState } from 'react';
import type { SessionMembership, TeamMember } from '../../../../src-shared/contract/areas/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { getClient } from '../../ipc/client';
import { userMessage } from '../../ipc/user-message';
import { roleLabel } from '../../session/SessionContext';

type Loaded = { readonly state: 'loading' } | { readonly state: 'ready'; readonly members: readonly TeamMember[] } | { readonly state: 'failed'; readonly message: string };

/** The chosen dealership's members, from the cloud (admins and managers may see them). */
export function TeamMembers({ dealership }: { readonly dealership: SessionMembership }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [asked, setAsked] = useState(0);
  const mayRead = dealership.role !== 'rep';

  useEffect(() => {
    if (!mayRead) return;
    let active = true;
    getClient()
      .team.listMembers()
      .then(
        ({ members }) => active && setLoaded({ state: 'ready', members }),
        (e: unknown) => active && setLoaded({ state: 'failed', message: userMessage(e, 'The team could not be loaded. Try again.') }),
      );
    return () => {
      active = false;
    };
  }, [dealership.dealershipId, mayRead, asked]);

  return (
    <section className="panel" aria-labelledby="members-title">
      <div className="panel__header">
        <h2 className="panel__title" id="members-title">
          {dealership.dealershipName} team
        </h2>
        <button type="button" className="button button--small" onClick={() => setAsked((n) => n + 1)} disabled={!mayRead}>
          Refresh
        </button>
      </div>
      <p className="panel__text">
        You are {dealership.role === 'admin' ? 'an' : 'a'} <strong>{roleLabel(dealership.role)}</strong> here.
      </p>
      {!mayRead ? (
        <p className="panel__hint">Only admins and managers can see the team list.</p>
      ) : loaded.state === 'loading' ? (
        <p className="panel__hint">Loading the team…</p>
      ) : loaded.state === 'failed' ? (
        <ErrorNotice message={loaded.message} />
      ) : (
        <table className="members-table">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {loaded.members.map((m) => (
              <tr key={m.userId}>
                <td>{m.email}</td>
                <td>{roleLabel(m.role)}</td>
                <td>{new Date(m.since).toLocaleDateString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import { useState } from 'react';
import type { MemberRole, SessionMembership } from '../../../../src-shared/contract/areas/session';
import type { TeamMember } from '../../../../src-shared/contract/areas/team';
import { ErrorNotice } from '../../components/ErrorNotice';
import { calendarDate } from '../../format/time';
import { useAsyncResource } from '../../hooks/useAsyncResource';
import { getClient } from '../../ipc/client';
import { userMessage } from '../../ipc/user-message';
import { roleLabel } from '../../session/SessionContext';
import { RemoveMemberDialog } from './RemoveMemberDialog';
import { TeamInvitations } from './TeamInvitations';

const roles: readonly MemberRole[] = ['admin', 'manager', 'rep'];

/**
 * The chosen dealership's members, from the cloud (admins and managers may see them).
 * Admins also change roles, remove members and invite; the cloud checks every change again.
 */
export function TeamMembers({ dealership, userId }: { readonly dealership: SessionMembership; readonly userId: string }) {
  const [asked, setAsked] = useState(0);
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const [changing, setChanging] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const mayRead = dealership.role !== 'rep';
  const mayManage = dealership.role === 'admin';
  const [loaded, update] = useAsyncResource(
    mayRead ? dealership.dealershipId : null,
    () => getClient().team.listMembers(),
    'The team could not be loaded. Try again.',
    asked,
  );

  const changeRole = async (member: TeamMember, role: MemberRole) => {
    setChanging(member.userId);
    setActionError(null);
    try {
      const changed = await getClient().team.changeRole({ userId: member.userId, role });
      update(({ members }) => ({ members: members.map((m) => (m.userId === changed.userId ? changed : m)) }));
    } catch (caught) {
      setActionError(userMessage(caught, `The role of ${member.email} could not be changed. Try again.`));
    } finally {
      setChanging(null);
    }
  };

  return (
    <>
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
        ) : loaded.state === 'loading' || loaded.state === 'idle' ? (
          <p className="panel__hint">Loading the team…</p>
        ) : loaded.state === 'failed' ? (
          <ErrorNotice message={loaded.message} />
        ) : (
          <>
            {actionError ? <ErrorNotice message={actionError} /> : null}
            <table className="members-table">
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Role</th>
                  <th scope="col">Since</th>
                  {mayManage ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {loaded.value.members.map((m) => (
                  <tr key={m.userId}>
                    <td>
                      {m.email}
                    </td>
                    <td>
                      {mayManage ? (
                        <select
                          className="members-table__role"
                          aria-label={`Role of ${m.email}`}
                          value={m.role}
                          disabled={changing !== null}
                          onChange={(e) => void changeRole(m, e.target.value as MemberRole)}
                        >
                          {roles.map((r) => (
                            <option key={r} value={r}>
                              {roleLabel(r)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        roleLabel(m.role)
                      )}
                    </td>
                    <td>{calendarDate(m.since)}</td>
                    {mayManage ? (
                      <td className="members-table__actions">
                        {m.userId === userId ? null : (
                          <button
                            type="button"
                            className="button button--small button--danger-quiet"
                            aria-label={`Remove ${m.email}`}
                            onClick={() => {
                              setActionError(null);
                              setRemoving(m);
                            }}
                          >
                            Remove
                          </button>
                        )}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        {removing ? (
          <RemoveMemberDialog
            member={removing}
            dealershipName={dealership.dealershipName}
            onCancel={() => setRemoving(null)}
            onRemoved={() => {
              setRemoving(null);
              setAsked((n) => n + 1);
            }}
          />
        ) : null}
      </section>
      {mayManage ? (
        <TeamInvitations dealershipId={dealership.dealershipId} dealershipName={dealership.dealershipName} asked={asked} />
      ) : null}
    </>
  );
}

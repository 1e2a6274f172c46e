import { useId, useState, type FormEvent } from 'react';
import type { MemberRole } from '../../../../src-shared/contract/areas/session';
import type { TeamInvitation } from '../../../../src-shared/contract/areas/team';
import { ErrorNotice } from '../../components/ErrorNotice';
import { calendarDate } from '../../format/time';
import { useAsyncResource } from '../../hooks/useAsyncResource';
import { getClient } from '../../ipc/client';
import { useUserAction } from '../../hooks/useUserAction';
import { roleLabel } from '../../session/SessionContext';
import { ReplaceRoleDialog, RevokeInvitationDialog } from './InvitationDialogs';

const roles: readonly MemberRole[] = ['rep', 'manager', 'admin'];
/** What the form starts with, and goes back to after each invitation sent. */
const DEFAULT_ROLE: MemberRole = 'rep';

interface RoleDiffers {
  readonly email: string;
  readonly currentRole: MemberRole;
  readonly role: MemberRole;
}

/** Admins: invite by email with a role, and the invitations not accepted yet. */
export function TeamInvitations({ dealershipId, dealershipName, asked }: { readonly dealershipId: string; readonly dealershipName: string; readonly asked: number }) {
  const emailId = useId();
  const roleId = useId();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MemberRole>(DEFAULT_ROLE);
  const { busy, error, setError, run } = useUserAction();
  const [done, setDone] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  // An invitation already pending with another role: asked before changing it.
  const [differs, setDiffers] = useState<RoleDiffers | null>(null);
  const [revoking, setRevoking] = useState<TeamInvitation | null>(null);
  // Asked again after Refresh in the members panel (asked) and after each invitation sent here (reloads).
  const [loaded] = useAsyncResource(
    dealershipId,
    () => getClient().team.listInvitations(),
    'The invitations could not be loaded. Try again.',
    asked + reloads,
  );

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim();
    if (address === '' || !address.includes('@')) {
      setError('Enter the email address the person signs in with.');
      return;
    }
    setDone(null);
    await run(async () => {
      const outcome = await getClient().team.invite({ email: address, role });
      if (outcome.status === 'role-differs') {
        setDiffers({ email: outcome.email, currentRole: outcome.currentRole, role: outcome.role });
        return;
      }
      sent(outcome.invitation);
    }, 'The invitation could not be sent. Try again.');
  };

  // The form starts over (email empty, role back to Rep) so the next invitation never
  // inherits the last one's role.
  const sent = (invitation: TeamInvitation) => {
    setDone(`Invited ${invitation.email} as ${roleLabel(invitation.role)}. They join ${dealershipName} when they next sign in with that email.`);
    setEmail('');
    setRole(DEFAULT_ROLE);
    setReloads((n) => n + 1);
  };

  return (
    <section className="panel" aria-labelledby="invitations-title">
      <h2 className="panel__title" id="invitations-title">
        Invite to {dealershipName}
      </h2>
      <form className="inline-form invite-form" onSubmit={(e) => void invite(e)} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={emailId}>
            Email
          </label>
          <input
            id={emailId}
            className="text-input"
            type="email"
            maxLength={320}
            placeholder="name@dealership.com"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field field--narrow">
          <label className="field__label" htmlFor={roleId}>
            Role
          </label>
          <select id={roleId} className="text-input" value={role} onChange={(e) => setRole(e.target.value as MemberRole)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Inviting…' : 'Send invitation'}
        </button>
      </form>
      {error ? <ErrorNotice message={error} /> : null}
      {done ? (
        <p className="panel__hint" role="status">
          {done}
        </p>
      ) : null}
      <h3 className="panel__subtitle">Pending invitations</h3>
      {loaded.state === 'loading' || loaded.state === 'idle' ? (
        <p className="panel__hint">Loading invitations…</p>
      ) : loaded.state === 'failed' ? (
        <ErrorNotice message={loaded.message} />
      ) : loaded.value.invitations.length === 0 ? (
        <p className="panel__hint">No invitations waiting.</p>
      ) : (
        <table className="members-table" aria-label="Pending invitations">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Invited</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {loaded.value.invitations.map((i) => (
              <tr key={i.id}>
                <td>{i.email}</td>
                <td>{roleLabel(i.role)}</td>
                <td>{calendarDate(i.createdAt)}</td>
                <td className="members-table__actions">
                  <button
                    type="button"
                    className="button button--small button--danger-quiet"
                    aria-label={`Revoke the invitation for ${i.email}`}
                    onClick={() => {
                      setDone(null);
                      setRevoking(i);
                    }}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {differs ? (
        <ReplaceRoleDialog
          email={differs.email}
          currentRole={differs.currentRole}
          role={differs.role}
          dealershipName={dealershipName}
          onCancel={() => setDiffers(null)}
          onInvited={(invitation) => {
            setDiffers(null);
            sent(invitation);
          }}
        />
      ) : null}
      {revoking ? (
        <RevokeInvitationDialog
          invitation={revoking}
          dealershipName={dealershipName}
          onCancel={() => setRevoking(null)}
          onRevoked={() => {
            setDone(`Revoked the invitation for ${revoking.email}. They do not join ${dealershipName} when they sign in.`);
            setRevoking(null);
            setReloads((n) => n + 1);
          }}
        />
      ) : null}
    </section>
  );
}

import type { CallHandler } from '../ipc/dispatcher';
import type { TeamAdmin } from '../team/team-admin';

type TeamHandlers = {
  'team.listMembers': CallHandler<'team.listMembers'>;
  'team.invite': CallHandler<'team.invite'>;
  'team.listInvitations': CallHandler<'team.listInvitations'>;
  'team.revokeInvitation': CallHandler<'team.revokeInvitation'>;
  'team.changeRole': CallHandler<'team.changeRole'>;
  'team.removeMember': CallHandler<'team.removeMember'>;
};

/** Team administration of the chosen dealership (admins; the cloud decides who may). */
export function teamHandlers(team: TeamAdmin): TeamHandlers {
  return {
    'team.listMembers': () => team.listMembers(),
    'team.invite': ({ email, role, replaceRole }) => team.invite(email, role, replaceRole ?? false),
    'team.listInvitations': () => team.listInvitations(),
    'team.revokeInvitation': ({ invitationId }) => team.revokeInvitation(invitationId),
    'team.changeRole': ({ userId, role }) => team.changeRole(userId, role),
    'team.removeMember': ({ userId }) => team.removeMember(userId),
  };
}

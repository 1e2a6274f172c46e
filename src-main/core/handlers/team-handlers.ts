import type { HandlersFor } from '../ipc/dispatcher';
import type { teamCalls } from '../../../src-shared/contract/areas/team';
import type { TeamAdmin } from '../team/team-admin';

type TeamHandlers = HandlersFor<typeof teamCalls>;

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

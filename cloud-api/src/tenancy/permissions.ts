import type { Role } from '@leadpulse/cloud-contract';

/**
 * What each role may do. admin: team, billing, mailbox policy, deletion, audit export (and
 * everything a manager may). manager: all leads and metrics of the dealership, reassign.
 * rep: own and unassigned leads.
 */
export const PERMISSIONS = {
  /** Any member: read the dealership, report leads, work own/unassigned leads. */
  member: ['admin', 'manager', 'rep'],
  'team.read': ['admin', 'manager'],
  'team.manage': ['admin'],
  'leads.read_all': ['admin', 'manager'],
  'leads.reassign': ['admin', 'manager'],
  'metrics.read': ['admin', 'manager'],
  'billing.manage': ['admin'],
  'mailbox.policy': ['admin'],
  'audit.export': ['admin'],
  'data.delete': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

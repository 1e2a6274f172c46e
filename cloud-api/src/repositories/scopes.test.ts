import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBillingDb, type BillingDb } from '../billing/testing/billing-db.js';
import { withTenantTx } from '../db/tenant-tx.js';
import { withGlobalTx, withInviteeTx, withUserTx } from '../db/tx.js';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres.js';
import {
  deletePendingInvitation,
  listPendingForInvitee,
  listPendingInvitations,
  lockPendingInvitation,
} from './invitations.js';
import {
  countSeatHolders,
  isMember,
  isMemberEmail,
  listMembers,
  membershipCheckSql,
  readMemberships,
  readMembershipsWithNames,
  updateMemberRole,
} from './members.js';
import { findUserEmail } from './users.js';

// The repositories set no scope: what they see is the transaction's, as leadpulse_api (RLS).
let postgres: TempPostgres;
let db: BillingDb;
let a: string;
let b: string;
const alex = { id: randomUUID(), email: 'alex@scopes.test' };
const bo = { id: randomUUID(), email: 'bo@scopes.test' };
const cy = { id: randomUUID(), email: 'cy@scopes.test' };
const invitee = 'new@scopes.test';
let invitationInA: string;
let invitationInB: string;

beforeAll(async () => {
  postgres = await startTempPostgres();
  db = await createBillingDb(postgres);
  a = await db.createDealership();
  b = await db.createDealership();
  for (const u of [alex, bo, cy]) await db.owner.query('insert into users (id, email) values ($1, $2)', [u.id, u.email]);
  const member = "insert into members (tenant_id, user_id, role) values ($1, $2, $3)";
  await db.owner.query(member, [a, alex.id, 'admin']);
  await db.owner.query(member, [b, bo.id, 'admin']);
  await db.owner.query(member, [a, cy.id, 'rep']);
  await db.owner.query(member, [b, cy.id, 'manager']);
  invitationInA = randomUUID();
  invitationInB = randomUUID();
  const invite = 'insert into invitations (tenant_id, id, email, role, invited_by) values ($1, $2, $3, $4, $5)';
  await db.owner.query(invite, [a, invitationInA, invitee, 'rep', alex.id]);
  await db.owner.query(invite, [b, invitationInB, invitee, 'manager', bo.id]);
});

afterAll(async () => {
  await db?.end();
  await postgres?.dispose();
});

describe('team repositories under row-level security', () => {
  it("in a dealership's transaction they see and change that dealership's rows only", async () => {
    await withTenantTx(db.api, a, async (c) => {
      expect((await listMembers(c)).map((m) => [m.email, m.role])).toEqual([
        ['alex@scopes.test', 'admin'],
        ['cy@scopes.test', 'rep'],
      ]);
      expect(await isMember(c, bo.id)).toBe(false);
      expect(await isMemberEmail(c, bo.email)).toBe(false);
      expect(await isMemberEmail(c, cy.email)).toBe(true);
      expect(await countSeatHolders(c)).toBe(3);
      expect((await listPendingInvitations(c)).map((i) => i.id)).toEqual([invitationInA]);
      expect(await updateMemberRole(c, bo.id, 'rep')).toBeUndefined();
      expect(await deletePendingInvitation(c, invitationInB)).toBeUndefined();
      expect(await lockPendingInvitation(c, invitee)).toEqual({ id: invitationInA, role: 'rep' });
    });
    const left = await db.owner.query('select role from invitations where id = $1', [invitationInB]);
    expect(left.rows).toEqual([{ role: 'manager' }]);
    const boRole = await db.owner.query('select role from members where user_id = $1', [bo.id]);
    expect(boRole.rows).toEqual([{ role: 'admin' }]);
  });

  it('without a scope they see no dealership rows; a person scope shows that person their own', async () => {
    await withGlobalTx(db.api, async (c) => {
      expect(await listMembers(c)).toEqual([]);
      expect(await readMemberships(c, cy.id)).toEqual([]);
      expect(await listPendingForInvitee(c, invitee)).toEqual([]);
      expect(await findUserEmail(c, cy.id)).toBe(cy.email);
    });
    const mine = await withUserTx(db.api, cy.id, (c) => readMembershipsWithNames(c, cy.id));
    expect(mine.map((m) => [m.tenantId, m.role])).toEqual([
      [a, 'rep'],
      [b, 'manager'],
    ]);
    expect(mine.every((m) => m.dealershipName.startsWith('Dealer '))).toBe(true);
    expect(await withUserTx(db.api, cy.id, (c) => readMemberships(c, alex.id))).toEqual([]);
    const invited = await withInviteeTx(db.api, invitee, (c) => listPendingForInvitee(c, invitee));
    expect(invited.map((i) => i.id).sort()).toEqual([invitationInA, invitationInB].sort());
  });

  it('the membership check refuses ids that are not uuids before any SQL', () => {
    expect(() => membershipCheckSql("x' or true --", randomUUID(), false)).toThrow(TypeError);
    expect(membershipCheckSql(alex.id, randomUUID(), true)).toContain('for share');
  });
});

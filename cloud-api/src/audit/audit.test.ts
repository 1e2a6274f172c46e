import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, SessionResponse } from '@leadpulse/cloud-contract';
import { startTestStack, type TestStack } from '../testing/test-stack.js';
import { auditToCsv } from './audit-csv.js';

let stack: TestStack;
let admin: SessionResponse;
let dealershipId: string;

beforeAll(async () => {
  stack = await startTestStack();
  admin = await stack.signIn('admin@audit.test');
  dealershipId = (await stack.request(admin.accessToken, { method: 'POST', url: '/v1/dealerships', payload: { name: 'Audit Autos' } })).json<{ id: string }>().id;
  await stack.request(admin.accessToken, { method: 'POST', url: `/v1/dealerships/${dealershipId}/invitations`, payload: { email: 'rep@audit.test', role: 'rep' } });
  const rep = await stack.signIn('rep@audit.test');
  await stack.request(admin.accessToken, { method: 'PATCH', url: `/v1/dealerships/${dealershipId}/members/${rep.user.id}`, payload: { role: 'manager' } });
  await stack.request(admin.accessToken, { method: 'DELETE', url: `/v1/dealerships/${dealershipId}/members/${rep.user.id}` });
  await stack.signIn('admin@audit.test');
});

afterAll(async () => {
  await stack?.close();
});

describe('audit log', () => {
  it('records sign-ins, member and role changes with who, when, client and outcome; exports JSON', async () => {
    const res = await stack.request(admin.accessToken, { method: 'GET', url: `/v1/dealerships/${dealershipId}/audit` });
    expect(res.statusCode).toBe(200);
    const entries = res.json<{ entries: AuditEntry[] }>().entries;
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['dealership.created', 'member.invited', 'member.invitation_accepted', 'auth.sign_in', 'member.role_changed', 'member.removed']),
    );
    const change = entries.find((e) => e.action === 'member.role_changed');
    expect(change).toMatchObject({ actorUserId: admin.user.id, client: 'vitest', outcome: 'success', details: { from: 'rep', to: 'manager' } });
    expect(Date.parse(change?.at ?? '')).toBeGreaterThan(Date.now() - 60_000);
    // No email addresses in the trail: people are referenced by id.
    expect(JSON.stringify(entries)).not.toContain('@');
  });

  it('exports CSV, and the export itself is audited', async () => {
    const res = await stack.request(admin.accessToken, { method: 'GET', url: `/v1/dealerships/${dealershipId}/audit.csv` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor_user_id,action,target,client,outcome,details');
    expect(lines.length).toBeGreaterThan(5);
    const exported = await stack.owner.query("select details from audit_log where action = 'audit.exported' order by id");
    expect(exported.rows.map((r: { details: { format: string } }) => r.details.format)).toEqual(['json', 'csv']);
  });

  it('CSV cells are quoted and formula-looking values neutralised', () => {
    const csv = auditToCsv([
      { id: '1', at: '2026-01-01T00:00:00.000Z', actorUserId: null, action: 'x', target: '=HYPERLINK("evil")', client: 'a"b', outcome: 'success', details: {} },
    ]);
    expect(csv.split('\r\n')[1]).toBe('"1","2026-01-01T00:00:00.000Z","","x","\'=HYPERLINK(""evil"")","a""b","success","{}"');
  });

  it('is append-only for the API role: no UPDATE, no DELETE, even inside its own tenant', async () => {
    const client = await stack.services.pool.connect();
    try {
      await client.query('begin');
      await client.query("select set_config('app.tenant_id', $1, true)", [dealershipId]);
      await expect(client.query("update audit_log set outcome = 'success'")).rejects.toThrow(/permission denied/);
      await client.query('rollback');
      await client.query('begin');
      await client.query("select set_config('app.tenant_id', $1, true)", [dealershipId]);
      await expect(client.query('delete from audit_log')).rejects.toThrow(/permission denied/);
      await client.query('rollback');
    } finally {
      client.release();
    }
  });

  it('only admins export', async () => {
    await stack.request(admin.accessToken, { method: 'POST', url: `/v1/dealerships/${dealershipId}/invitations`, payload: { email: 'm2@audit.test', role: 'manager' } });
    const manager = await stack.signIn('m2@audit.test');
    expect((await stack.request(manager.accessToken, { method: 'GET', url: `/v1/dealerships/${dealershipId}/audit.csv` })).statusCode).toBe(403);
  });
});

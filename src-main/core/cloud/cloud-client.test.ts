import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudClient, type BearerSource } from '../cloud/cloud-client';
import { CloudHttpError, CloudProtocolError, CloudUnreachableError } from './errors';

// A stand-in cloud that answers whatever the test sets: the client must take only answers in
// the cloud API's own shape (its schemas, from @leadpulse/cloud-contract).
let answer: { status: number; body: string | null } = { status: 200, body: '{}' };
let server: Server;
let client: CloudClient;
const auth: BearerSource = { accessToken: async () => 'token', afterUnauthorized: async () => null };

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(answer.status, answer.body === null ? {} : { 'Content-Type': 'application/json' });
    res.end(answer.body ?? undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new CloudClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, clientLabel: 'test' });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const dealership = {
  id: '0b8a3f5e-4a57-4c2b-9a39-6d3b5c1f2e10',
  name: 'Sunset Honda',
  createdAt: '2026-03-02T15:00:00.000Z',
};

describe('CloudClient parses every answer with the API schemas', () => {
  it('passes on a well-formed answer as parsed', async () => {
    answer = { status: 200, body: JSON.stringify({ members: [] }) };
    await expect(client.listMembers(auth, dealership.id)).resolves.toEqual({ members: [] });
  });

  it.each([
    ['a field of the wrong type', { members: [{ userId: 42, email: null, role: 'owner' }] }],
    ['a missing field', {}],
    ['a list where an object belongs', []],
    ['null', null],
  ])('refuses %s with a typed error naming the fields, not their values', async (_case, body) => {
    answer = { status: 200, body: JSON.stringify(body) };
    const error = await client.listMembers(auth, dealership.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudProtocolError);
    const protocol = error as CloudProtocolError;
    expect(protocol.path).toBe(`/v1/dealerships/${dealership.id}/members`);
    expect(protocol.message).toMatch(/does not understand/);
    expect(protocol.detail).not.toMatch(/owner|42/);
  });

  it('refuses a session answer without its refresh token (nothing half-adopted)', async () => {
    answer = { status: 200, body: JSON.stringify({ accessToken: 'a', accessTokenExpiresAt: '2026-03-02T15:10:00Z' }) };
    await expect(client.refresh('r')).rejects.toBeInstanceOf(CloudProtocolError);
  });

  it('refuses an empty 204 where the call expects a body', async () => {
    answer = { status: 204, body: null };
    await expect(client.me(auth)).rejects.toBeInstanceOf(CloudProtocolError);
  });

  it('keeps the other answers as they were: the cloud error body, and pages that are not the cloud', async () => {
    answer = { status: 409, body: JSON.stringify({ error: 'invitation_role_differs', message: 'x', currentRole: 'rep' }) };
    await expect(client.listMembers(auth, dealership.id)).rejects.toMatchObject({ status: 409, code: 'invitation_role_differs', fields: { currentRole: 'rep' } });
    await expect(client.listMembers(auth, dealership.id)).rejects.toBeInstanceOf(CloudHttpError);
    answer = { status: 200, body: '<html>Hotel Wi-Fi login</html>' };
    await expect(client.listMembers(auth, dealership.id)).rejects.toBeInstanceOf(CloudUnreachableError);
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphSimulator, type GraphSimulator } from './server';
import { leadEml } from './testing/eml';

const run = promisify(execFile);
let sim: GraphSimulator;
let dir: string;
const leads = 'leads@sunsethonda.example';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadpulse-graph-sim-'));
  sim = await startGraphSimulator({ autoApprove: true, caCertificateFile: join(dir, 'ca.pem') });
  await sim.control.deliver(leads, leadEml(1));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function child(extraEnv: Record<string, string>): Promise<Record<string, unknown>> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  if (!extraEnv.NODE_EXTRA_CA_CERTS) delete env.NODE_EXTRA_CA_CERTS;
  env.GRAPH_SIMULATOR = JSON.stringify({ authority: sim.authority, knownAuthorities: sim.knownAuthorities, clientId: sim.clientId, graphBaseUrl: sim.graphBaseUrl, mailbox: leads });
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'testing', 'msal-child.ts')], { env, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

describe('how a Node client trusts the simulator', () => {
  it('writes the CA certificate it was asked to, the one that signed the server certificate', async () => {
    expect(await readFile(join(dir, 'ca.pem'), 'utf8')).toBe(sim.caCertificatePem);
    expect(sim.caCertificatePem).toContain('BEGIN CERTIFICATE');
  });

  it('a plain msal-node + fetch process signs in and reads the inbox with NODE_EXTRA_CA_CERTS set, and is refused without it', async () => {
    const trusted = await child({ NODE_EXTRA_CA_CERTS: sim.caCertificateFile! });
    expect(trusted).toEqual({ ok: true, username: leads, subjects: ['New lead #1: 2025 Honda CR-V EX'] });
    sim.control.clearRequestLog();
    const untrusted = await child({});
    // msal-node reports the failed TLS handshake on its discovery call as endpoints_resolution_error.
    expect(untrusted).toMatchObject({ ok: false, error: expect.stringContaining('endpoints_resolution_error') });
    expect(sim.control.requestLog()).toEqual([]); // no request got past the handshake
  });
});

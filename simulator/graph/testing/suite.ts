import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startGraphSimulator, type GraphSimulator } from '../server';
import { accessTokenFor } from './msal';
import { trustCertificateAuthority } from './trust';

/**
 * One Graph simulator for a test file: started and trusted before its tests, closed after, its
 * state reset before each test. With `mailbox`, each test also gets a fresh access token for it.
 */
export function graphSimulatorSuite(mailbox?: string): { readonly sim: GraphSimulator; readonly token: string } {
  const suite = { sim: undefined as unknown as GraphSimulator, token: '' };
  let untrust = () => undefined as void;
  beforeAll(async () => {
    suite.sim = await startGraphSimulator();
    untrust = trustCertificateAuthority(suite.sim.caCertificatePem);
  });
  afterAll(async () => {
    untrust();
    await suite.sim.close();
  });
  beforeEach(async () => {
    suite.sim.control.reset();
    if (mailbox) suite.token = await accessTokenFor(suite.sim, mailbox);
  });
  return suite;
}

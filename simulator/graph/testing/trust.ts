import { Agent, getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from 'undici';

/**
 * In-process trust for tests: every fetch in this process (msal-node 7's HttpClient uses the
 * global fetch) trusts the simulator's CA, as NODE_EXTRA_CA_CERTS would at process start.
 * trust.test.ts proves the NODE_EXTRA_CA_CERTS route itself in a child process.
 */
export function trustCertificateAuthority(caPem: string): () => void {
  const previous: Dispatcher = getGlobalDispatcher();
  setGlobalDispatcher(new Agent({ connect: { ca: caPem } }));
  return () => setGlobalDispatcher(previous);
}

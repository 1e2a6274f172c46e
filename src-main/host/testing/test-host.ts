import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppCore, type AppCore } from '../../core/app-core';
import { createMemoryLogger } from '../../core/log/logger';
import { createOsKeychain } from '../../core/secrets/index';
import { startBrowserHost, type BrowserHost } from '../browser-host';

export interface TestHost {
  readonly core: AppCore;
  readonly host: BrowserHost;
  readonly port: number;
  readonly log: ReturnType<typeof createMemoryLogger>;
  /** What the connectivity probe answers next. */
  online: boolean;
  /** The host's log clock: move it past a minute to open a new log rate-limit window. */
  advanceClock(ms: number): void;
  stop(): Promise<void>;
}

/** A browser host over a real core (the real OS keychain, under a throwaway entry name). */
export async function startTestHost(): Promise<TestHost> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lp-host-'));
  writeFileSync(path.join(dir, 'index.html'), '<html><head><script type="module" src="./app.js"></script></head><body></body></html>');
  writeFileSync(path.join(dir, 'shim.js'), '/* shim */');
  const log = createMemoryLogger();
  const state = { online: true };
  const core = createAppCore({
    identity: { name: 'LeadPulse', version: '9.8.7' },
    platform: { host: 'browser-host', electronVersion: null, openExternal: async () => false, openSignInPage: async () => false },
    log,
    config: { cloudUrl: 'http://127.0.0.1:9', oidc: { google: null, microsoft: null } },
    probe: async () => state.online,
    connectivityIntervalMs: 60_000,
    localData: { dataDir: path.join(dir, 'profile'), keychain: createOsKeychain(), keychainService: `LeadPulse-test-${process.pid}-${Date.now()}` },
  });
  let clock = 0;
  const host = await startBrowserHost({ core, log, rendererDir: dir, shimFile: path.join(dir, 'shim.js'), now: () => clock });
  return Object.assign(state, {
    advanceClock: (ms: number) => {
      clock += ms;
    },
    core,
    host,
    log,
    port: Number(new URL(host.origin).port),
    stop: async () => {
      await core.dispatcher.dispatch('settings.removeAllLocalData', { confirm: true });
      await core.stop();
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

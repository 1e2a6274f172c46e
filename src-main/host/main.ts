/**
 * Entry of the browser host: the main-process core under plain Node, for machines where
 * Electron cannot run (CI, headless servers). Prints the URL to open.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppCore } from '../core/app-core';
import { DesktopConfigError, loadDesktopConfig, type DesktopConfig } from '../core/config/desktop-config';
import { createLogger } from '../core/log/logger';
import { createOsKeychain } from '../core/secrets/index';
import { startBrowserHost } from './browser-host';
import packageJson from '../../package.json';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = createLogger();

// A wrong setting is the operator's to fix: say which, plainly, and stop (no stack trace).
function configOrExit(): DesktopConfig {
  try {
    return loadDesktopConfig(process.env);
  } catch (error) {
    if (!(error instanceof DesktopConfigError)) throw error;
    process.stderr.write(`LeadPulse cannot start: ${error.message}\n`);
    process.exit(1);
  }
}

const config = configOrExit();
const core = createAppCore({
  identity: { name: 'LeadPulse', version: packageJson.version },
  // The browser host cannot open a system browser: the page opens links and the sign-in page itself.
  platform: { host: 'browser-host', electronVersion: null, openExternal: async () => false, openSignInPage: async () => false },
  log,
  config,
  connectivityIntervalMs: config.connectivityIntervalMs,
  localData: {
    dataDir: config.dataDir ?? path.join(os.homedir(), '.leadpulse', 'browser-host', 'profiles', 'default'),
    keychain: createOsKeychain(),
    keychainService: config.keychainService,
    seedDemo: config.seedDemo,
    demoEmailsDir: path.resolve(here, '../../resources/demo/emails'),
    integrityWorker: path.resolve(here, 'integrity-worker.js'),
  },
});

const host = await startBrowserHost({
  core,
  log,
  rendererDir: path.resolve(here, '../renderer'),
  shimFile: path.resolve(here, 'page-shim.js'),
  port: config.hostPort,
});
core.start();
process.stdout.write(`LeadPulse is running. Open this address in a browser:\n  ${host.url}\n`);

const shutdown = () => {
  void core.stop().then(() => host.close()).finally(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

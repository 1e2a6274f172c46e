import { defineConfig } from '@playwright/test';
import type { AppHostKind } from './tests/e2e/fixtures';
import { electronBinary } from './tests/e2e/electron-binary';

/**
 * The same specs run in two hosts: Debian's Chromium against the browser host (always), and
 * Electron through Playwright's Electron launcher, listed only where an Electron binary exists
 * (it cannot be downloaded on the CI machines), so no run reports skipped tests for it.
 */
const hasElectron = electronBinary() !== null;
if (!hasElectron) process.stderr.write('e2e: no Electron binary here; the specs run in Chromium through the browser host only.\n');
export default defineConfig<{ appHost: AppHostKind }>({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'off', screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'chromium-host',
      use: {
        appHost: 'browser-host',
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--password-store=basic'],
        },
      },
    },
    ...(hasElectron ? [{ name: 'electron', use: { appHost: 'electron' as const } }] : []),
  ],
});

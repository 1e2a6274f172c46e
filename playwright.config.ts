import { defineConfig } from '@playwright/test';
import type { AppHostKind } from './tests/e2e/fixtures';

/**
 * The same specs run in two hosts: Debian's Chromium against the browser host (always), and
 * Electron through Playwright's Electron launcher (only where an Electron binary exists;
 * otherwise those tests are skipped with the reason).
 */
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
    { name: 'electron', use: { appHost: 'electron' } },
  ],
});

#!/usr/bin/env node
import closeWithGrace from 'close-with-grace';
import { ConfigError } from './config.js';
import { UnsafeApiRoleError } from './db/api-role.js';
import { EmbeddedPostgresError } from './db/embedded.js';
import { MigrationError } from './db/migrate.js';
import { startCloudApi, type CloudApi } from './server.js';

/**
 * CLI entry: `node cloud-api/dist/main.js`. Prints exactly one line
 * `cloud-api listening on http://...` to stdout when ready (the desktop's one-command
 * start waits for it); everything else on stdout is JSON logs.
 */

// Startup failures whose message explains itself: print it alone, no stack, no logs.
const EXPLAINED = [ConfigError, MigrationError, EmbeddedPostgresError, UnsafeApiRoleError];

async function main(): Promise<void> {
  let api: CloudApi;
  try {
    api = await startCloudApi();
  } catch (err) {
    const explained = EXPLAINED.some((kind) => err instanceof kind);
    const message =
      err instanceof Error ? (explained ? err.message : (err.stack ?? err.message)) : String(err);
    process.stderr.write(explained ? `${message}\n` : `cloud-api failed to start: ${message}\n`);
    // startCloudApi already shut down whatever it had started. Exit explicitly rather
    // than waiting for the loop to drain: nothing is left to finish, and a stray handle
    // must not keep a failed server process alive.
    process.exit(1);
  }

  process.stdout.write(`cloud-api listening on ${api.url}\n`);

  const running = api;
  closeWithGrace(
    {
      delay: 10_000,
      logger: { error: (message: string) => running.log.error(message) },
    },
    async ({ signal, err }) => {
      if (err) running.log.error({ err }, 'cloud-api closing after an unexpected error');
      else running.log.info({ signal }, 'cloud-api closing');
      await running.close();
    },
  );
}

await main();

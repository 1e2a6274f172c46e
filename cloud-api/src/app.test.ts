import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, BODY_LIMIT_BYTES } from './app.js';
import { createLogger } from './logger.js';
import { startTempPostgres, tolerateShutdown, type TempPostgres } from './testing/temp-postgres.js';

let postgres: TempPostgres;

beforeAll(async () => {
  postgres = await startTempPostgres();
});

afterAll(async () => {
  await postgres?.dispose();
});

function captureLogs(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, stream };
}

describe('GET /health', () => {
  it('answers ok when the database answers', async () => {
    const pool = tolerateShutdown(new pg.Pool({ connectionString: await postgres.createDatabase() }));
    const app = buildApp({ db: pool, version: '1.2.3' });
    try {
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', version: '1.2.3', db: 'ok' });
    } finally {
      await app.close();
      await pool.end();
    }
  });

  it('answers 503 with db "down" once the pool is closed', async () => {
    const pool = tolerateShutdown(new pg.Pool({ connectionString: await postgres.createDatabase() }));
    const app = buildApp({ db: pool, version: '1.2.3' });
    try {
      expect((await app.inject('/health')).statusCode).toBe(200);
      await pool.end();
      const res = await app.inject('/health');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'degraded', version: '1.2.3', db: 'down' });
    } finally {
      await app.close();
    }
  });

  it('answers 503 when the query hangs past the probe timeout', async () => {
    const never = { query: () => new Promise<never>(() => undefined) };
    const app = buildApp({ db: never, version: '1.2.3' });
    try {
      const res = await app.inject('/health');
      expect(res.statusCode).toBe(503);
    } finally {
      await app.close();
    }
  });

  // Runs last in this file: it stops the shared server.
  it('answers 503 when the Postgres server is stopped', async () => {
    const pool = new pg.Pool({
      connectionString: await postgres.createDatabase(),
      connectionTimeoutMillis: 2_000,
    });
    pool.on('error', () => undefined); // idle clients are cut off by the shutdown
    const app = buildApp({ db: pool, version: '1.2.3' });
    try {
      expect((await app.inject('/health')).statusCode).toBe(200);
      await postgres.server.stop();
      const res = await app.inject('/health');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ db: 'down' });
    } finally {
      await app.close();
      await pool.end();
    }
  });
});

describe('HTTP hardening', () => {
  const okDb = { query: () => Promise.resolve({ rows: [] }) };

  it('grants no CORS to other origins', async () => {
    const app = buildApp({ db: okDb, version: 'x' });
    try {
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/health',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const get = await app.inject({
        url: '/health',
        headers: { origin: 'https://evil.example' },
      });
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('rejects bodies over the limit with 413', async () => {
    const app = buildApp({ db: okDb, version: 'x' });
    app.post('/echo', async () => ({ ok: true }));
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/echo',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT_BYTES) }),
      });
      expect(res.statusCode).toBe(413);
    } finally {
      await app.close();
    }
  });

  it('logs neither tokens, cookies, query strings nor client addresses', async () => {
    const { lines, stream } = captureLogs();
    const logger = createLogger({ level: 'trace', destination: stream });
    const app = buildApp({ db: okDb, version: 'x', logger });
    try {
      await app.inject({
        url: '/health?access_token=tok-in-query',
        headers: { authorization: 'Bearer tok-in-header', cookie: 'sid=tok-in-cookie' },
      });
      // A careless future log call with raw headers must still be redacted.
      logger.info({ headers: { authorization: 'Bearer tok-logged', cookie: 'c=tok-c' } }, 'oops');
    } finally {
      await app.close();
    }
    const output = lines.join('');
    expect(output).toContain('"path":"/health"');
    expect(output).not.toMatch(/tok-/);
    expect(output).not.toContain('remoteAddress');
    expect(output).toContain('[redacted]');
  });
});

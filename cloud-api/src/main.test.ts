import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptsConnections, makeTempDir } from './testing/temp-postgres.js';

/**
 * The CLI as the desktop's one-command start runs it: a child process. Runs the TS
 * source through tsx so the test does not depend on a prior `tsc -b`.
 */
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

function runMain(env: Record<string, string>, onReady?: (child: ReturnType<typeof spawn>, url: string) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      // Only what the CLI needs: no inherited DATABASE_URL, PORT, etc.
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const ready = /cloud-api listening on (\S+)/.exec(stdout);
      if (ready?.[1] && onReady) {
        const ready1 = ready[1];
        onReady(child, ready1);
        onReady = undefined;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ stdout, stderr, code }));
  });
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('main (CLI)', () => {
  it('on invalid config prints one error naming each variable and exits 1', async () => {
    const run = await runMain({ PORT: 'http', LOG_LEVEL: 'chatty', NODE_ENV: 'production' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        'Invalid cloud-api configuration:',
        '  - PORT: expected an integer port 0-65535 (0 picks a free port)',
        '  - LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent',
        '  - DATABASE_URL: required when NODE_ENV=production (the embedded Postgres is for development only)',
        '  - ACCESS_TOKEN_SIGNING_KEY: required when NODE_ENV=production (instances must share the signing key)',
        '  - TRUST_PROXY: production refuses plain HTTP: set TRUST_PROXY=true behind a TLS-terminating proxy, or TLS_CERT_FILE and TLS_KEY_FILE',
        '',
      ].join('\n'),
    );
  });

  it('prints the ready line, serves, and on SIGTERM closes gracefully with exit 0', async () => {
    const dataDir = await makeTempDir('leadpulse-pg-test-');
    dirs.push(dataDir);
    let url = '';
    let health: unknown;
    const run = await runMain({ PORT: '0', PG_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, (child, readyUrl) => {
      url = readyUrl;
      void fetch(`${readyUrl}/health`)
        .then((res) => res.json())
        .then((body: unknown) => {
          health = body;
        })
        .finally(() => child.kill('SIGTERM'));
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cloud-api listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(health).toMatchObject({ status: 'ok', db: 'ok' });
    expect(await acceptsConnections(Number(new URL(url).port))).toBe(false);
    // The Postgres child went down with it (no server left on the data dir).
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${dataDir}/postmaster.pid`)).toBe(false);
  });
});

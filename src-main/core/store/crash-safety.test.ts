import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStore } from './local-store';
import { connectionOf } from './lead-store';
import { checkIntegrity } from './integrity';
import { seededRandom } from './seed';
import { testProfile } from './testing/helpers';

const KILLS = Number(process.env.LP_CRASH_KILLS ?? 220);
const profile = testProfile('crash');
const bundle = join(process.cwd(), 'node_modules', '.cache', 'leadpulse-tests', 'crash-writer.mjs');

beforeAll(async () => {
  mkdirSync(join(bundle, '..'), { recursive: true });
  // Bundled once so each restart costs ~100 ms, not a TypeScript compile.
  await build({
    entryPoints: [join(import.meta.dirname, 'testing', 'crash-writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    external: ['keytar', 'better-sqlite3-multiple-ciphers'],
    logLevel: 'silent',
  });
});
afterAll(() => profile.cleanup());

interface RunResult {
  acks: string[];
  killedAfterReady: boolean;
}

function runAndKill(run: number, random: () => number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle], {
      env: { ...process.env, LP_DATA_DIR: profile.dataDir, LP_KEYCHAIN_SERVICE: profile.keychainService, LP_RUN: String(run) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: string[] = [];
    let buffered = '';
    let stderr = '';
    let ready = false;
    const kill = () => child.kill('SIGKILL');
    // One run in ten dies while opening (key, integrity check, migrations); the rest mid-write.
    const duringOpen = random() < 0.1;
    if (duringOpen) setTimeout(kill, Math.floor(random() * 120));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') {
          ready = true;
          if (!duringOpen) setTimeout(kill, 1 + Math.floor(random() * 60));
        } else acks.push(line);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited by itself (${code}): ${stderr.slice(0, 2000)}`));
      else resolve({ acks, killedAfterReady: ready });
    });
  });
}

describe('crash safety', () => {
  it(`keeps every acknowledged commit and a sound file across ${KILLS} SIGKILLs of a writer`, async () => {
    const random = seededRandom(Number(process.env.LP_CRASH_SEED ?? Date.now() % 1e9));
    const batches = new Set<string>();
    const replies = new Set<string>();
    let midWrite = 0;
    for (let run = 0; run < KILLS; run++) {
      const result = await runAndKill(run, random);
      if (result.killedAfterReady) midWrite++;
      for (const line of result.acks) {
        const [kind, id = ''] = line.split(' ');
        (kind === 'batch' ? batches : replies).add(id);
      }
    }
    expect(midWrite).toBeGreaterThanOrEqual(Math.floor(KILLS * 0.8));
    expect(batches.size).toBeGreaterThan(KILLS);

    const local = await openLocalStore(profile);
    try {
      expect(local.recovery).toBeNull();
      const db = connectionOf(local.store);
      expect(checkIntegrity(db, 'full')).toEqual({ ok: true, problems: [] });
      const perBatch = new Map<string, number>();
      for (const id of db.prepare<[], string>('SELECT provider_message_id FROM messages').pluck().all()) {
        const batch = id.slice(0, id.lastIndexOf('-'));
        perBatch.set(batch, (perBatch.get(batch) ?? 0) + 1);
      }
      // Atomic: no transaction is half there.
      expect([...perBatch.values()].filter((n) => n !== 3)).toEqual([]);
      expect([...batches].filter((b) => perBatch.get(b) !== 3)).toEqual([]);
      const outbox = new Set(db.prepare<[], string>('SELECT id FROM outbox').pluck().all());
      expect([...replies].filter((r) => !outbox.has(r))).toEqual([]);
      // The search index stayed in step with its table through every crash.
      const leads = db.prepare('SELECT count(*) FROM leads').pluck().get() as number;
      expect(db.prepare(`SELECT count(*) FROM lead_fts WHERE lead_fts MATCH '"example"*'`).pluck().get()).toBe(leads);
    } finally {
      local.close();
    }
  }, 240_000);
});

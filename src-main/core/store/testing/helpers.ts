import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOsKeychain } from '../../secrets/index';
import { createLogger, type Logger } from '../../log/logger';
import { appendFileSync, mkdirSync } from 'node:fs';
import { keyLocation, type LocalStoreOptions } from '../local-store';
import { isWithheld, type WithheldMessage } from '../writes/tombstones';

/** A fresh data folder and a keychain service name no other run uses; `cleanup` removes both. */
export function testProfile(prefix: string): LocalStoreOptions & { cleanup(): Promise<void>; logFile: string } {
  const dataDir = mkdtempSync(join(tmpdir(), `lp-${prefix}-`));
  const logFile = join(dataDir, 'logs', 'leadpulse.log');
  mkdirSync(join(dataDir, 'logs'));
  const log: Logger = createLogger((line) => appendFileSync(logFile, line + '\n'));
  const keychain = createOsKeychain();
  const keychainService = `LeadPulse-test-${prefix}-${randomUUID()}`;
  return {
    dataDir,
    keychain,
    keychainService,
    log,
    logFile,
    now: () => new Date('2026-03-02T15:00:00Z'),
    async cleanup() {
      const where = keyLocation({ keychainService });
      await keychain.delete(where.service, where.account);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Which of `needles` occur (UTF-8, UTF-16LE, case-insensitive for ASCII) in any file under dir. */
export function findInFiles(dir: string, needles: readonly string[]): { file: string; needle: string }[] {
  const hits: { file: string; needle: string }[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    const lower = Buffer.from(bytes.toString('latin1').toLowerCase(), 'latin1');
    for (const needle of needles) {
      const n = needle.toLowerCase();
      if (lower.includes(Buffer.from(n, 'utf8')) || lower.includes(Buffer.from(n, 'utf16le'))) hits.push({ file, needle });
    }
  }
  return hits;
}

/** The stored row of an intake write; throws when the store withheld it (or stored nothing). */
export function stored<T extends object>(result: T | WithheldMessage | null): T {
  if (result === null || isWithheld(result)) throw new Error(`Expected a stored row, got ${JSON.stringify(result)}.`);
  return result;
}

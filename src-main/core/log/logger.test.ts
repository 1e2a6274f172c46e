import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, defaultLogWriter } from './logger';

describe('logger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('copies each line to LEADPULSE_LOG_FILE when it is set, and still writes stderr', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lp-log-'));
    const file = path.join(dir, 'main.jsonl');
    try {
      const log = createLogger(defaultLogWriter({ LEADPULSE_LOG_FILE: file }));
      log.warn('renderer.screen-failed', { error: 'TypeError' });
      log.info('x');
      const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toEqual([expect.objectContaining({ level: 'warn', event: 'renderer.screen-failed', error: 'TypeError' }), expect.objectContaining({ event: 'x' })]);
      expect(stderr).toHaveBeenCalledTimes(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps logging to stderr when the file cannot be opened, with one warning', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const write = defaultLogWriter({ LEADPULSE_LOG_FILE: path.join(os.tmpdir(), 'no-such-dir-lp', 'x', 'main.jsonl') });
    expect(() => write('{"event":"x"}')).not.toThrow();
    write('{"event":"y"}');
    expect(stderr.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringContaining('"event":"log.file-unavailable"'),
      '{"event":"x"}\n',
      '{"event":"y"}\n',
    ]);
  });

  it.skipIf(process.platform === 'win32')('makes an existing, wider file owner-only', () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lp-log-'));
    const file = path.join(dir, 'main.jsonl');
    try {
      writeFileSync(file, 'earlier\n');
      chmodSync(file, 0o644);
      const write = defaultLogWriter({ LEADPULSE_LOG_FILE: file });
      write('{"event":"x"}');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toBe('earlier\n{"event":"x"}\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(process.platform === 'win32')('refuses a symlink and leaves its target untouched', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lp-log-'));
    const target = path.join(dir, 'elsewhere.txt');
    const link = path.join(dir, 'main.jsonl');
    try {
      writeFileSync(target, 'keep\n');
      chmodSync(target, 0o644);
      symlinkSync(target, link);
      const write = defaultLogWriter({ LEADPULSE_LOG_FILE: link });
      write('{"event":"x"}');
      expect(readFileSync(target, 'utf8')).toBe('keep\n');
      expect(statSync(target).mode & 0o777).toBe(0o644);
      const out = stderr.mock.calls.map((c) => String(c[0]));
      expect(out.filter((l) => l.includes('log.file-unavailable'))).toHaveLength(1);
      expect(out.join('')).not.toContain(dir);
      expect(out).toContain('{"event":"x"}\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

  it('keeps logging to stderr when the file cannot be written', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const write = defaultLogWriter({ LEADPULSE_LOG_FILE: path.join(os.tmpdir(), 'no-such-dir-lp', 'x', 'main.jsonl') });
    expect(() => write('{"event":"x"}')).not.toThrow();
    expect(stderr).toHaveBeenCalledOnce();
  });
});

import { appendFileSync } from 'node:fs';

/**
 * The one logger of the desktop core. Fields are structured and must never carry secrets,
 * tokens or customer content: pass kinds, counts and ids, not messages or bodies.
 */
export type LogFields = Record<string, string | number | boolean | null | string[] | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

type Level = 'info' | 'warn' | 'error';

/**
 * Lines go to stderr and, when LEADPULSE_LOG_FILE names a file, are appended there too (so an
 * operator or an end-to-end test can read main's log without holding its stderr).
 */
export function defaultLogWriter(env: NodeJS.ProcessEnv = process.env): (line: string) => void {
  const file = env.LEADPULSE_LOG_FILE;
  return (line) => {
    process.stderr.write(line + '\n');
    if (!file) return;
    try {
      appendFileSync(file, line + '\n', { mode: 0o600 });
    } catch {
      // The file is a copy: stderr already has the line.
    }
  };
}

export function createLogger(write: (line: string) => void = defaultLogWriter()): Logger {
  const at = (level: Level) => (event: string, fields: LogFields = {}) =>
    write(JSON.stringify({ t: new Date().toISOString(), level, event, ...fields }));
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

/** Collects lines in memory: for tests that check what was (not) logged. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger((l) => lines.push(l)), { lines });
}

import { closeSync, constants, fchmodSync, fstatSync, openSync, writeSync } from 'node:fs';

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
 *
 * The file is opened once, for appending, without following a symlink (O_NOFOLLOW where the
 * platform has it), must be a regular file, and is made owner-only (0600) through the open
 * descriptor: an existing file keeps no wider permissions, and a symlink planted at the path
 * cannot redirect the log. If it cannot be opened, one warning goes to stderr and the log
 * carries on without the file.
 */
export function defaultLogWriter(env: NodeJS.ProcessEnv = process.env): (line: string) => void {
  const fd = env.LEADPULSE_LOG_FILE ? openLogFile(env.LEADPULSE_LOG_FILE) : null;
  return (line) => {
    process.stderr.write(line + '\n');
    if (fd === null) return;
    try {
      writeSync(fd, line + '\n');
    } catch {
      // The file is a copy: stderr already has the line.
    }
  };
}

function openLogFile(file: string): number | null {
  let fd: number | null = null;
  try {
    const noFollow = constants.O_NOFOLLOW ?? 0;
    fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | noFollow, 0o600);
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    fchmodSync(fd, 0o600);
    return fd;
  } catch (error) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // Nothing more to do.
      }
    }
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown';
    // The path is the operator's own setting; the line names only the reason.
    process.stderr.write(
      JSON.stringify({ t: new Date().toISOString(), level: 'warn', event: 'log.file-unavailable', code }) + '\n',
    );
    return null;
  }
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

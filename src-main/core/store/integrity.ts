import type { Db } from './open-database';

export interface IntegrityResult {
  readonly ok: boolean;
  /** SQLite's own wording of the first problems (no row content), for support logs. */
  readonly problems: string[];
}

/**
 * quick_check at open: it verifies every page decrypts (SQLCipher checks each page's HMAC),
 * b-tree structure and record formats; integrity_check adds index-vs-table cross checks and
 * is used by the crash tests. Any error while checking counts as damage.
 */
export function checkIntegrity(db: Db, mode: 'quick' | 'full' = 'quick'): IntegrityResult {
  try {
    const rows = db.pragma(mode === 'quick' ? 'quick_check(20)' : 'integrity_check(20)', { simple: false }) as Record<string, string>[];
    const problems = rows.map((r) => Object.values(r)[0] ?? '').filter((p) => p !== 'ok');
    return { ok: problems.length === 0, problems };
  } catch (error) {
    return { ok: false, problems: [error instanceof Error ? error.message : String(error)] };
  }
}

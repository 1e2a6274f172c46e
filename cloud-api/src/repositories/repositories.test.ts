import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const REPOSITORIES = path.join(SRC, 'repositories');

/** SQL that reads or writes the team tables: they are reached only through src/repositories/. */
const TEAM_SQL = /\b(?:from|join|into|update|delete\s+from)\s+(?:members|users|user_identities|invitations)\b/gi;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('team repositories', () => {
  it('no shipping file outside src/repositories/ has SQL for members, users, user_identities or invitations', () => {
    const files = sourceFiles(SRC).filter((f) => !f.startsWith(REPOSITORIES + path.sep));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(TEAM_SQL)].map((m) => `${path.relative(SRC, file)}: ${m[0]}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the repositories themselves hold that SQL (the pattern finds what it is meant to)', () => {
    const found = sourceFiles(REPOSITORIES).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(TEAM_SQL)].map((m) => m[0].toLowerCase().split(/\s+/).at(-1)),
    );
    expect(new Set(found)).toEqual(new Set(['members', 'users', 'user_identities', 'invitations']));
  });
});

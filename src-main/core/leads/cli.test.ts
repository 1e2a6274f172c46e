/** Runs the real command (node --import tsx src-main/core/leads/cli.ts) and checks lines and exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, REPO_ROOT, corpusFiles } from './test-helpers';

function run(args: string[]): { code: number | null; lines: Record<string, unknown>[]; stderr: string; stdout: string } {
  const p = spawnSync(process.execPath, ['--import', 'tsx', 'src-main/core/leads/cli.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = p.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: p.status, lines, stderr: p.stderr, stdout: p.stdout };
}

const KEYS = ['file', 'messageId', 'inReplyTo', 'isLead', 'reason', 'source', 'leads', 'error'];

describe('lead:parse CLI', () => {
  it('a folder: every .eml sorted by name, one JSON line each, paths as given, exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leads-cli-'));
    for (const f of ['sample-website-form.eml', 'sample-adf-inline.eml', 'dx-02-garbage.eml']) copyFileSync(join(CORPUS_DIR, f), join(dir, f));
    writeFileSync(join(dir, 'notes.txt'), 'not an eml');
    const r = run([dir]);
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.file)).toEqual([`${dir}/dx-02-garbage.eml`, `${dir}/sample-adf-inline.eml`, `${dir}/sample-website-form.eml`]);
    for (const l of r.lines) expect(Object.keys(l).slice(0, KEYS.length)).toEqual(KEYS);
    expect(r.lines[0]).toMatchObject({ isLead: false, error: expect.any(String) });
    expect(r.lines[1]).toMatchObject({ isLead: true, source: { format: 'adf' } });
  });

  it('the whole corpus, files and folders mixed, in input order', () => {
    const rel = 'src-main/core/leads/corpus';
    const r = run([`${rel}/mk-01-autotrader-text.eml`, rel]);
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(1 + corpusFiles().length);
    expect(r.lines[0]?.file).toBe(`${rel}/mk-01-autotrader-text.eml`);
    expect(r.lines[1]?.file).toBe(`${rel}/${corpusFiles()[0]}`);
  });

  it('bad usage exits 2', () => {
    expect(run([]).code).toBe(2);
    expect(run(['--bogus', 'x.eml']).code).toBe(2);
    expect(run(['--region', 'USA', 'x.eml']).code).toBe(2);
    const r = run(['--time-zone', 'Nowhere/Land', 'x.eml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('an unreadable path exits 1, after printing the readable ones', () => {
    const r = run(['src-main/core/leads/corpus/sample-auto-reply.eml', 'does/not/exist.eml']);
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({ reason: 'auto-reply' });
    expect(r.stderr).toContain('does/not/exist.eml');
  });

  it('options: --region and --time-zone are passed to the parser', () => {
    const r = run(['--region', 'GB', '--time-zone', 'Europe/London', 'src-main/core/leads/corpus/adf-23-sell-only-gb-phone.eml']);
    expect(r.code).toBe(0);
    const leads = r.lines[0]?.leads as { customer: { phone: string } }[];
    expect(leads[0]?.customer.phone).toBe('+442079460958');
  });
});

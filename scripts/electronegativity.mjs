// Runs Doyensec's electronegativity over the Electron-facing sources and fails on any
// HIGH or CRITICAL finding that is not accepted below with a reason.
// Usage: node scripts/electronegativity.mjs [dir ...]   (default: our sources; writes test-results/electronegativity.csv)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Accepted HIGH findings: "CHECK_ID file" → why it is not a problem here. None today. */
const accepted = {};

const root = path.resolve(import.meta.dirname, '..');
const scanDir = mkdtempSync(path.join(os.tmpdir(), 'lp-eneg-'));
const dirs = process.argv.length > 2 ? process.argv.slice(2).map((d) => path.resolve(d)) : ['src-main', 'src-renderer', 'src-shared'].map((d) => path.join(root, d));
for (const dir of dirs) {
  cpSync(dir, path.join(scanDir, path.basename(dir)), {
    recursive: true,
    filter: (src) => !src.includes('node_modules') && !/\.test\.tsx?$/.test(src) && !src.includes(`${path.sep}corpus${path.sep}`),
  });
}
mkdirSync(path.join(root, 'test-results'), { recursive: true });
const output = path.join(os.tmpdir(), `lp-eneg-${process.pid}-${Date.now()}.csv`);
const run = spawnSync(process.execPath, [path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'),
  '-i', scanDir, '-o', output, '-r', '-e', '45.0.0'], { encoding: 'utf8', timeout: 300_000 });
rmSync(scanDir, { recursive: true, force: true });
if (existsSync(output)) cpSync(output, path.join(root, 'test-results', 'electronegativity.csv'));
if (run.status !== 0) {
  process.stderr.write(run.stderr || run.stdout);
  process.exit(1);
}

const rows = readFileSync(output, 'utf8').trim().split('\n').slice(1).filter((l) => l.trim()).map(parseCsvLine);
rmSync(output, { force: true });
const findings = rows.map(([check, severity, confidence, file, location]) => ({ check, severity, confidence, file, location }));
const high = findings.filter((f) => ['HIGH', 'CRITICAL'].includes(f.severity));
const unaccepted = high.filter((f) => !accepted[`${f.check} ${f.file}`]);

const bySeverity = {};
for (const f of findings) (bySeverity[f.severity] ??= []).push(f);
console.log(`electronegativity: ${findings.length} findings (${Object.entries(bySeverity).map(([s, l]) => `${s} ${l.length}`).join(', ') || 'none'}); ${high.length} high, ${high.length - unaccepted.length} accepted`);
for (const f of findings) console.log(`  ${f.severity.padEnd(8)} ${f.check.padEnd(28)} ${f.file}:${f.location}`);
if (unaccepted.length > 0) {
  console.error(`electronegativity: ${unaccepted.length} unaccepted high-severity finding(s); fix them or accept them with a reason in scripts/electronegativity.mjs`);
  process.exit(1);
}

function parseCsvLine(line) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) { cells.push(cell.trim()); cell = ''; }
    else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

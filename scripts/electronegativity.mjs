// Runs Doyensec's electronegativity over the Electron-facing sources and fails on any
// HIGH or CRITICAL finding that is not accepted below with a reason.
// Usage: node scripts/electronegativity.mjs [dir ...]   (default: our sources; writes test-results/electronegativity.json)
import { createRequire } from 'node:module';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
// The programmatic runner, not the CLI: the CLI's CSV writer races its own header write
// (fs.writeFile then an async append) and sometimes truncates the report.
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
let result;
try {
  result = await run({
    input: scanDir, output: undefined, isSarif: false, customScan: [], excludeFromScan: [], severitySet: undefined,
    confidenceSet: undefined, isRelative: true, isVerbose: false, electronUpgrade: undefined, electronVersionOverride: '45.0.0', parserPlugins: [],
  }, false);
} finally {
  rmSync(scanDir, { recursive: true, force: true });
}
const findings = result.issues.map((issue) => ({
  check: issue.id,
  severity: issue.severity.name,
  confidence: issue.confidence.name,
  file: issue.file,
  location: `${issue.location.line}:${issue.location.column}`,
}));
writeFileSync(path.join(root, 'test-results', 'electronegativity.json'), `${JSON.stringify(findings, null, 2)}\n`);
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

import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const script = path.join(root, 'scripts/electronegativity.mjs');

function scan(...dirs: string[]) {
  return spawnSync(process.execPath, [script, ...dirs], { cwd: root, encoding: 'utf8', timeout: 240_000 });
}

describe('electronegativity gate', () => {
  it('finds no unaccepted high-severity issue in our sources', () => {
    const run = scan();
    expect(run.stdout + run.stderr).toMatch(/electronegativity: \d+ findings/);
    expect(run.stdout).toMatch(/; 0 high/);
    expect(run.status).toBe(0);
  }, 240_000);

  it('fails on a window with node integration and no context isolation', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lp-eneg-bad-'));
    mkdirSync(path.join(dir, 'bad'));
    writeFileSync(path.join(dir, 'bad', 'main.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false } });\n");
    try {
      const run = scan(path.join(dir, 'bad'));
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('unaccepted high-severity');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

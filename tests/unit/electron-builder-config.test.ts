import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Every fuse must be set explicitly and to its safe value; a missing one fails here.
const root = path.resolve(import.meta.dirname, '../..');
const yml = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
const fuseTypes = readFileSync(path.join(root, 'node_modules/app-builder-lib/out/configuration.d.ts'), 'utf8');

const safe: Record<string, boolean> = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
};

describe('electron-builder fuses', () => {
  it('sets every fuse the installed electron-builder knows, to the safe value', () => {
    const block = /interface FuseOptionsV1 \{([\s\S]*?)\n\}/.exec(fuseTypes)?.[1] ?? '';
    const known = [...block.matchAll(/^\s{4}(\w+)\?: boolean;/gm)].map((m) => m[1]!).filter((f) => f !== 'resetAdHocDarwinSignature');
    expect(known.length).toBeGreaterThanOrEqual(8);
    for (const fuse of known) {
      expect(Object.keys(safe), `decide fuse ${fuse}`).toContain(fuse);
      expect(yml, fuse).toMatch(new RegExp(`^\\s+${fuse}: ${String(safe[fuse])}$`, 'm'));
    }
  });
});

describe('package entry', () => {
  it('points Electron at the bundle the build writes', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    const bundles = readFileSync(path.join(root, 'scripts/build-bundles.mjs'), 'utf8');
    expect(bundles).toContain(`outfile: '${pkg.main}'`);
    expect(yml).toMatch(/- dist\/shell\/\*\*/);
  });
});

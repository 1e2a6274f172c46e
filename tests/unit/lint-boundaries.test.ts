import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

// The process boundaries are lint errors: prove it by linting probe files placed where a
// careless import would live, then removing them.
const root = path.resolve(import.meta.dirname, '../..');
const probes: string[] = [];

function probe(relativePath: string, source: string): string {
  const file = path.join(root, relativePath);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, source);
  probes.push(file);
  return file;
}

afterAll(() => {
  for (const file of probes) rmSync(file, { force: true });
});

async function ruleIdsFor(file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintFiles([file]);
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('process boundaries', () => {
  it('a renderer file importing main-process code fails lint', async () => {
    const file = probe('src-renderer/src/__probe_renderer.ts',
      "import { createAppCore } from '../../src-main/core/app-core';\nexport const x = createAppCore;\n");
    expect(await ruleIdsFor(file)).toContain('import-x/no-restricted-paths');
  }, 60_000);

  it('core importing electron, or a native module outside its owner, fails lint', async () => {
    const electron = probe('src-main/core/__probe_electron.ts', "import { app } from 'electron';\nexport const x = app;\n");
    expect(await ruleIdsFor(electron)).toContain('no-restricted-imports');
    const keytar = probe('src-main/core/handlers/__probe_keytar.ts', "import keytar from 'keytar';\nexport const x = keytar;\n");
    expect(await ruleIdsFor(keytar)).toContain('no-restricted-imports');
  }, 60_000);

  it('cloud-api importing desktop code fails lint', async () => {
    const file = probe('cloud-api/src/__probe_cloud.ts', "import { ipcCalls } from '../../src-shared/contract/ipc-contract.js';\nexport const x = ipcCalls;\n");
    expect(await ruleIdsFor(file)).toContain('import-x/no-restricted-paths');
  }, 60_000);

  it('desktop code importing cloud-api source fails lint; shipping desktop code may not import cloud-api at all', async () => {
    const source = probe('src-main/core/session/__probe_cloud_src.test.ts',
      "import { buildApp } from '../../../cloud-api/src/app';\nexport const x = buildApp;\n");
    expect(await ruleIdsFor(source)).toContain('import-x/no-restricted-paths');
    const shipped = probe('src-main/core/session/__probe_cloud_pkg.ts',
      "import { startCloudApi } from '@leadpulse/cloud-api';\nexport const x = startCloudApi;\n");
    expect(await ruleIdsFor(shipped)).toContain('import-x/no-restricted-paths');
    // Its tests start a real cloud through the package, and every desktop file may use the contract.
    const test = probe('src-main/core/session/__probe_cloud_pkg.test.ts',
      "import { startCloudApi } from '@leadpulse/cloud-api';\nimport { sessionResponseSchema } from '@leadpulse/cloud-contract';\nexport const x = [startCloudApi, sessionResponseSchema];\n");
    expect(await ruleIdsFor(test)).toEqual([]);
  }, 60_000);

  it('code outside the store importing past store/index.ts fails lint; the store itself and its test helpers may', async () => {
    const outside = probe('src-main/core/handlers/__probe_store.ts',
      "import { listUnsentOutbox } from '../store/queries/outbox';\nexport const x = listUnsentOutbox;\n");
    expect(await ruleIdsFor(outside)).toContain('import-x/no-restricted-paths');
    const viaIndex = probe('src-main/core/handlers/__probe_store_ok.ts',
      "import { openLeadStoreFile } from '../store/index';\nimport { connectionOf } from '../store/testing/internals';\nexport const x = [openLeadStoreFile, connectionOf];\n");
    expect(await ruleIdsFor(viaIndex)).toEqual([]);
    const inside = probe('src-main/core/store/aggregates/__probe_inside.ts',
      "import { listUnsentOutbox } from '../queries/outbox';\nexport const x = listUnsentOutbox;\n");
    expect(await ruleIdsFor(inside)).toEqual([]);
  }, 60_000);

  it('the cloud contract importing anything of ours fails lint', async () => {
    const file = probe('cloud-contract/src/__probe_contract.ts', "import { API_ROLE } from '../../cloud-api/src/db/api-role.js';\nexport const x = API_ROLE;\n");
    expect(await ruleIdsFor(file)).toContain('import-x/no-restricted-paths');
  }, 60_000);

  it('the allowed direction passes: renderer importing the shared contract', async () => {
    const file = probe('src-renderer/src/__probe_ok.ts',
      "import type { CallName } from '../../src-shared/contract/ipc-contract';\nexport const x: CallName = 'app.getInfo';\n");
    expect(await ruleIdsFor(file)).toEqual([]);
  }, 60_000);
});

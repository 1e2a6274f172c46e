/** The integrity worker's source file, for tests and tools running from source (loaded through tsx). */
export const integrityWorkerSource = new URL('../integrity-worker.ts', import.meta.url);

// Runs PRAGMA quick_check on its own read-only connection, off the main thread: at 100,000
// leads it takes seconds, and the rep should not wait for it to see the inbox.
import { parentPort, workerData } from 'node:worker_threads';
import { checkIntegrity } from './integrity';
import { openDatabase } from './open-database';

const { file, key } = workerData as { file: string; key: Uint8Array };
const cipherKey = Buffer.from(key);
key.fill(0);
let result;
try {
  const db = openDatabase(file, cipherKey, { readonly: true, minimalSetup: true });
  try {
    result = checkIntegrity(db, 'quick');
  } finally {
    db.close();
  }
} catch (error) {
  result = { ok: false, problems: [error instanceof Error ? (error as Error & { code?: string }).code ?? error.name : 'unreadable'] };
} finally {
  cipherKey.fill(0);
}
parentPort?.postMessage(result);

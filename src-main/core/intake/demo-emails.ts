import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LeadStore } from '../store/index';
import { ingestEmail } from './ingest-email';

/**
 * Reads the demo lead emails through the real intake, so a fresh demo shows leads exactly as
 * a linked mailbox would (until mail sync exists). Newest first: one every few minutes.
 */
export async function ingestDemoEmails(store: LeadStore, accountId: string, dir: string, now: Date): Promise<number> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
  let created = 0;
  for (const [index, file] of files.entries()) {
    const raw = await readFile(path.join(dir, file));
    const outcome = await ingestEmail(store, accountId, raw, {
      providerMessageId: `demo:${file}`,
      receivedAt: now.getTime() - (index + 1) * 3 * 60_000,
    });
    if (outcome.kind === 'leads') created += outcome.created;
  }
  return created;
}

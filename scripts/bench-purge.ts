// Benchmark of applying customer purge instructions to an encrypted store of synthetic leads.
// The baseline, run in the same process on an identical copy of the store, is applying ONE
// instruction; the result is reported as a ratio to it (before batching, 50 instructions cost
// about 50 baselines: every instruction scanned every lead).
//   node --import tsx scripts/bench-purge.ts      (LP_BENCH_LEADS=20000 LP_BENCH_INSTRUCTIONS=50)
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createHmac, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../src-main/core/log/logger';
import { openLeadStoreFile, seededRandom, syntheticLead, type LeadStore, type SyntheticLead } from '../src-main/core/store/index';

const LEADS = Number(process.env.LP_BENCH_LEADS ?? 20_000);
const INSTRUCTIONS = Number(process.env.LP_BENCH_INSTRUCTIONS ?? 50);
const RUNS = Number(process.env.LP_BENCH_RUNS ?? 3);
const log = createLogger(() => undefined);
const key = randomBytes(32);
const salt = randomBytes(32);
const DELETED_AT = Date.parse('2026-01-01T00:00:00Z');

// The cloud's derivation (src-main/core/deletion/customer-keys.ts), inlined so this runs on any revision.
function keysOf(customer: { email?: string; phone?: string }): string[] {
  const hmac = (v: string) => createHmac('sha256', salt).update(v, 'utf8').digest('hex');
  const keys: string[] = [];
  const email = customer.email?.trim().toLowerCase();
  if (email?.includes('@')) keys.push(hmac(`email:${email}`));
  let digits = customer.phone?.replace(/\D/g, '') ?? '';
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (digits.length >= 7 && digits.length <= 15) keys.push(hmac(`phone:${digits}`));
  return keys;
}

function build(file: string): SyntheticLead[] {
  const random = seededRandom(11);
  const start = Date.parse('2025-01-01T00:00:00Z');
  const items = Array.from({ length: LEADS }, (_, i) => syntheticLead(random, i, start + i * 60_000));
  const store = openLeadStoreFile({ file, key, log });
  const account = store.mailboxes.add({ provider: 'simulator', address: 'bench@dealer.example.com' }, 'bench');
  for (let i = 0; i < items.length; i += 5_000) store.leads.ingestMany(account.id, items.slice(i, i + 5_000));
  // A customer reply on every fifth lead: their own address among the message senders.
  items.forEach((item, i) => {
    if (i % 5 !== 0) return;
    store.leads.attachReply(account.id, {
      providerMessageId: `reply-${i}`, internetMessageId: `<reply-${i}@example.com>`, inReplyTo: item.message.internetMessageId ?? null,
      fromAddress: item.lead.customer.email, receivedAt: item.message.receivedAt + 3_600_000, bodyText: 'Is it still available?',
    });
  });
  store.close();
  return items;
}

/** Spread over the store: instruction n deletes the customer of lead n * (LEADS / count). */
function instructions(items: SyntheticLead[], count: number, firstId: number): { instructionId: string; customerKeys: string[] }[] {
  return Array.from({ length: count }, (_, n) => {
    const c = items[Math.floor((n * items.length) / count)]!.lead.customer;
    return { instructionId: String(firstId + n), customerKeys: keysOf({ email: c.email ?? '', phone: c.phone ?? '' }) };
  });
}

function apply(store: LeadStore, batch: { instructionId: string; customerKeys: string[] }[]): number {
  // The store derives keys from the salt (and keeps tombstones at deletedAt); revisions before
  // that took keysOf instead. Passing both (not as a fresh literal) runs on either.
  const purge = { dealershipId: 'bench', customerKeySalt: salt, keysOf, instructions: batch.map((i) => ({ ...i, deletedAt: DELETED_AT })) };
  const results = store.purges.apply(purge);
  return results.reduce((n, r) => n + r.leadsRemoved, 0);
}

/** Median ms of `work` on a fresh copy of the store each run. */
function timed(source: string, dir: string, work: (store: LeadStore) => number): { ms: number; leadsRemoved: number } {
  const samples: number[] = [];
  let leadsRemoved = 0;
  for (let run = 0; run < RUNS; run++) {
    const file = join(dir, `run-${run}.db`);
    copyFileSync(source, file);
    const store = openLeadStoreFile({ file, key, log });
    store.purges.lastInstruction('bench'); // warm the connection
    const t = performance.now();
    leadsRemoved = work(store);
    samples.push(performance.now() - t);
    store.close();
    rmSync(file, { force: true });
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)]!, leadsRemoved };
}

const dir = mkdtempSync(join(tmpdir(), 'lp-bench-purge-'));
try {
  const source = join(dir, 'source.db');
  const items = build(source);
  const baseline = timed(source, dir, (store) => apply(store, instructions(items, 1, 1)));
  const batched = timed(source, dir, (store) => apply(store, instructions(items, INSTRUCTIONS, 1)));
  const oneByOne = timed(source, dir, (store) => instructions(items, INSTRUCTIONS, 1).reduce((n, i) => n + apply(store, [i]), 0));
  const row = (label: string, r: { ms: number; leadsRemoved: number }) =>
    `${label.padEnd(38)} ${r.ms.toFixed(1).padStart(9)} ms  ${(r.ms / baseline.ms).toFixed(2).padStart(6)}x baseline  (${r.leadsRemoved} leads removed)`;
  console.log(`purge benchmark: ${LEADS} leads (+${Math.ceil(LEADS / 5)} customer replies), encrypted, median of ${RUNS}`);
  console.log(row('baseline: 1 instruction', baseline));
  console.log(row(`${INSTRUCTIONS} instructions, one batch`, batched));
  console.log(row(`${INSTRUCTIONS} instructions, one call each`, oneByOne));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Benchmark of the local lead store on 100,000 synthetic leads, encrypted (SQLCipher) and
// unencrypted side by side in one run. Prints a table; writes bench-results/store.json.
//   npm run bench:store            (LP_BENCH_LEADS=20000 for a quicker run)
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../src-main/core/log/logger';
import { openLeadStoreFile, seededRandom, syntheticLead, type StoreCipherKey, type SyntheticLead } from '../src-main/core/store/index';

const LEADS = Number(process.env.LP_BENCH_LEADS ?? 100_000);
const BATCH = 5_000;
const QUERY_RUNS = 400;
const SEARCHES = ['camry', 'garcia', 'maria lopez', 'silverado', '0150', 'lease monthly', 'cargurus', 'telluride ex', 'trade accord', 'pat'];
const TARGETS = { firstPageP95Ms: 5, searchP95Ms: 25, maxOverhead: 1.5, openToFirstPageMs: 300 };
const log = createLogger(() => undefined);

interface Variant {
  name: 'encrypted' | 'unencrypted';
  insertMs: number;
  firstPage: Stats;
  /** Opening the file to the first inbox page, with quick_check before it (before) and with the check off the main thread (now). */
  openToFirstPageCheckedMs: number;
  openToFirstPageMs: number;
  firstPageFiltered: Stats;
  search: Stats;
  fileBytes: number;
}
interface Stats {
  p50: number;
  p95: number;
}

function leadsFor(): SyntheticLead[] {
  const random = seededRandom(7);
  const start = Date.parse('2025-01-01T00:00:00Z');
  return Array.from({ length: LEADS }, (_, i) => syntheticLead(random, i, start + i * 60_000));
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95) };
}

function time(runs: number, work: (i: number) => void): Stats {
  for (let i = 0; i < 20; i++) work(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    work(i);
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

function runVariant(name: Variant['name'], key: StoreCipherKey, items: SyntheticLead[], dir: string): Variant {
  const file = join(dir, `${name}.db`);
  let store = openLeadStoreFile({ file, key, log });
  const account = store.mailboxes.add({ provider: 'simulator', address: 'bench@dealer.example.com' }, 'bench');
  const t0 = performance.now();
  for (let i = 0; i < items.length; i += BATCH) store.leads.ingestMany(account.id, items.slice(i, i + BATCH));
  const insertMs = performance.now() - t0;
  store.close();
  const openToFirstPage = (checkAtOpen: boolean) => {
    const samples = Array.from({ length: 5 }, () => {
      const t = performance.now();
      const s = openLeadStoreFile({ file, key, log, checkAtOpen });
      if (s.leads.listInbox({ limit: 50 }).leads.length !== 50) throw new Error('short page');
      const ms = performance.now() - t;
      s.close();
      return ms;
    });
    return stats(samples).p50;
  };
  const openToFirstPageCheckedMs = openToFirstPage(true);
  const openToFirstPageMs = openToFirstPage(false);
  // Reopen: queries are measured on a fresh connection, as after an app start.
  store = openLeadStoreFile({ file, key, log });
  const firstPage = time(QUERY_RUNS, () => {
    if (store.leads.listInbox({ limit: 50 }).leads.length !== 50) throw new Error('short page');
  });
  const firstPageFiltered = time(QUERY_RUNS, (i) => {
    store.leads.listInbox({ limit: 50, filters: i % 2 ? { status: ['new'], assignee: null } : { source: 'Cars.com' } });
  });
  const search = time(QUERY_RUNS, (i) => {
    store.leads.search(SEARCHES[i % SEARCHES.length] ?? 'camry', 50);
  });
  store.close();
  return { name, insertMs, firstPage, openToFirstPageCheckedMs, openToFirstPageMs, firstPageFiltered, search, fileBytes: statSync(file).size };
}

const dir = mkdtempSync(join(tmpdir(), 'lp-bench-'));
try {
  const items = leadsFor();
  const unencrypted = runVariant('unencrypted', 'unencrypted-benchmark-only', items, dir);
  const encrypted = runVariant('encrypted', randomBytes(32), items, dir);
  const ratio = (a: number, b: number) => a / b;
  const rows = [
    ['bulk insert (ms total)', encrypted.insertMs, unencrypted.insertMs],
    ['bulk insert (leads/s)', LEADS / (encrypted.insertMs / 1000), LEADS / (unencrypted.insertMs / 1000)],
    ['open → first page, check at open (before) p50 (ms)', encrypted.openToFirstPageCheckedMs, unencrypted.openToFirstPageCheckedMs],
    ['open → first page, check in background p50 (ms)', encrypted.openToFirstPageMs, unencrypted.openToFirstPageMs],
    ['inbox first page p50 (ms)', encrypted.firstPage.p50, unencrypted.firstPage.p50],
    ['inbox first page p95 (ms)', encrypted.firstPage.p95, unencrypted.firstPage.p95],
    ['filtered first page p50 (ms)', encrypted.firstPageFiltered.p50, unencrypted.firstPageFiltered.p50],
    ['filtered first page p95 (ms)', encrypted.firstPageFiltered.p95, unencrypted.firstPageFiltered.p95],
    ['FTS search p50 (ms)', encrypted.search.p50, unencrypted.search.p50],
    ['FTS search p95 (ms)', encrypted.search.p95, unencrypted.search.p95],
    ['file size (MB)', encrypted.fileBytes / 1e6, unencrypted.fileBytes / 1e6],
  ] as const;
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(3));
  console.log(`\nLocal lead store benchmark: ${LEADS.toLocaleString('en-US')} synthetic leads, Node ${process.versions.node}\n`);
  console.log('| metric | encrypted | unencrypted | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const [label, e, u] of rows) {
    const r = label.includes('leads/s') ? ratio(u, e) : ratio(e, u);
    console.log(`| ${label} | ${fmt(e)} | ${fmt(u)} | ${r.toFixed(2)}× |`);
  }
  const overhead = {
    insert: ratio(encrypted.insertMs, unencrypted.insertMs),
    firstPageP95: ratio(encrypted.firstPage.p95, unencrypted.firstPage.p95),
    searchP95: ratio(encrypted.search.p95, unencrypted.search.p95),
  };
  const verdict = {
    firstPageP95: encrypted.firstPage.p95 < TARGETS.firstPageP95Ms,
    searchP95: encrypted.search.p95 < TARGETS.searchP95Ms,
    overhead: Math.max(overhead.insert, overhead.firstPageP95, overhead.searchP95) < TARGETS.maxOverhead,
    openToFirstPage: encrypted.openToFirstPageMs < TARGETS.openToFirstPageMs,
  };
  console.log(`\nTargets: first page p95 < ${TARGETS.firstPageP95Ms} ms: ${verdict.firstPageP95 ? 'met' : 'MISSED'}; ` +
    `search p95 < ${TARGETS.searchP95Ms} ms: ${verdict.searchP95 ? 'met' : 'MISSED'}; ` +
    `encryption overhead < ${TARGETS.maxOverhead}×: ${verdict.overhead ? 'met' : 'MISSED'} ` +
    `(insert ${overhead.insert.toFixed(2)}×, first page ${overhead.firstPageP95.toFixed(2)}×, search ${overhead.searchP95.toFixed(2)}×); ` +
    `open → first page < ${TARGETS.openToFirstPageMs} ms: ${verdict.openToFirstPage ? 'met' : 'MISSED'} ` +
    `(${encrypted.openToFirstPageMs.toFixed(0)} ms, ${(encrypted.openToFirstPageCheckedMs / encrypted.openToFirstPageMs).toFixed(1)}× faster than checking at open)`);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(
    join('bench-results', 'store.json'),
    JSON.stringify({ at: new Date().toISOString(), node: process.versions.node, leads: LEADS, batch: BATCH, queryRuns: QUERY_RUNS, searches: SEARCHES, targets: TARGETS, encrypted, unencrypted, overhead, verdict }, null, 2) + '\n',
  );
  console.log('Wrote bench-results/store.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

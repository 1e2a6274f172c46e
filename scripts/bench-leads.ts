/**
 * Lead intake benchmark: messages/second for the whole intake (MIME + extraction) versus MIME
 * parsing alone (postal-mime with the same options), in one run, on one core.
 *   npm run -s bench:leads            (writes bench-results/leads.json)
 * Two sets: the corpus as written (small, 0.2–3 KB) and the same messages made "typical"
 * (5–20 KB: a realistic Received/DKIM/ARC header block, plus a dealer footer on plain
 * single-part bodies), since real lead emails are mostly headers and templates.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLeadEmail } from '../src-main/core/leads/parse-lead-email';
import { parseMimeOnly } from '../src-main/core/leads/mime';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = join(ROOT, 'src-main/core/leads/corpus');
const OPTS = { defaultRegion: 'US', timeZone: 'America/Chicago' };
const MIN_SECONDS = Number(process.env.BENCH_SECONDS ?? 0.6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function headerBlock(r: () => number, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  let i = 0;
  while (size < bytes) {
    const host = `mx${Math.floor(r() * 90 + 10)}.mail${i}.example`;
    const l =
      i % 4 === 0
        ? `Received: from ${host} (${host} [203.0.113.${i % 250}])\n        by mx.google.com with ESMTPS id a${i}x${Math.floor(r() * 1e9)}\n        for <internetsales@sunsethonda.example>\n        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\n        Mon, 02 Mar 2026 08:05:1${i % 10} -0800 (PST)\n`
        : i % 4 === 1
          ? `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=mail${i}.example; s=s${i};\n        h=from:to:subject:date:message-id:mime-version;\n        bh=${Buffer.from(String(r())).toString('base64')}abcdefghijklmnopqrstuv=;\n        b=${'QmVuY2htYXJr'.repeat(28)}\n`
          : i % 4 === 2
            ? `ARC-Seal: i=${i}; a=rsa-sha256; t=1740925511; cv=none; d=google.com; s=arc-20160816;\n        b=${'YXJjc2VhbA'.repeat(30)}\n`
            : `X-Google-Smtp-Source: ${'AGHT+IF'.repeat(12)}\nX-Received: by 2002:a17:${i}:b0:4c1 with SMTP id ${Math.floor(r() * 1e9)};\n        Mon, 02 Mar 2026 08:05:11 -0800 (PST)\n`;
    lines.push(l);
    size += l.length;
    i++;
  }
  return lines.join('');
}

function footer(r: () => number, html: boolean, bytes: number): string {
  const para =
    'This message and any attachments are confidential and intended solely for the addressee. Prices exclude tax, title, license and dealer fees; see dealer for details. Vehicle availability is not guaranteed. ';
  let out = '';
  while (out.length < bytes) out += html ? `<tr><td style="font-family:Arial,sans-serif;font-size:11px;color:#777;padding:4px 8px">${para}</td></tr>\n` : `${para}\n`;
  void r;
  return html ? `\n<table role="presentation" width="100%">${out}</table>\n` : `\n--\n${out}`;
}

/** The corpus message made typical-sized (5–20 KB) without changing what it means. */
function typical(raw: Buffer, r: () => number): Buffer {
  const text = raw.toString('latin1');
  const target = 5 * 1024 + Math.floor(r() * 15 * 1024);
  const hdrBytes = Math.min(target - text.length, 3000 + Math.floor(r() * 4000));
  const ct = /^content-type:\s*([^;\n]+)/im.exec(text)?.[1]?.toLowerCase().trim() ?? 'text/plain';
  const cte = /^content-transfer-encoding:\s*(\S+)/im.exec(text)?.[1]?.toLowerCase() ?? '7bit';
  let body = text;
  const rest = target - text.length - Math.max(hdrBytes, 0);
  if (rest > 0 && (ct === 'text/plain' || ct === 'text/html') && (cte === '7bit' || cte === '8bit')) {
    body = text.replace(/\n*$/, '\n') + footer(r, ct === 'text/html', rest);
  }
  return Buffer.concat([Buffer.from(headerBlock(r, Math.max(hdrBytes, 0)), 'latin1'), Buffer.from(body, 'latin1')]);
}

async function time(label: string, msgs: Uint8Array[], fn: (m: Uint8Array) => Promise<unknown>): Promise<{ label: string; perSecond: number; seconds: number; messages: number }> {
  let n = 0;
  const start = process.hrtime.bigint();
  let seconds = 0;
  while (seconds < MIN_SECONDS) {
    for (const m of msgs) await fn(m);
    n += msgs.length;
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { label, perSecond: n / seconds, seconds, messages: n };
}

async function benchSet(name: string, msgs: Uint8Array[]) {
  const mime = (m: Uint8Array) => parseMimeOnly(m);
  const intake = (m: Uint8Array) => parseLeadEmail(m, OPTS);
  // warm up both paths (JIT), then alternate to even out drift
  for (let i = 0; i < 3; i++) for (const m of msgs) { await mime(m); await intake(m); }
  // alternate short measurements and take medians: the machine is shared, so drift and
  // other processes' bursts hit both paths alike instead of one of them
  const mimeRates: number[] = [];
  const intakeRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    mimeRates.push((await time('MIME only', msgs, mime)).perSecond);
    intakeRates.push((await time('whole intake', msgs, intake)).perSecond);
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
  const mimeRate = median(mimeRates);
  const intakeRate = median(intakeRates);
  const sizes = msgs.map((m) => m.byteLength).sort((x, y) => x - y);
  const bytes = sizes.reduce((s, x) => s + x, 0);
  return {
    set: name,
    messages: msgs.length,
    bytesMin: sizes[0] ?? 0,
    bytesMedian: sizes[Math.floor(sizes.length / 2)] ?? 0,
    bytesMax: sizes[sizes.length - 1] ?? 0,
    mimeOnlyPerSecond: Math.round(mimeRate),
    intakePerSecond: Math.round(intakeRate),
    intakeMBPerSecond: Math.round(((intakeRate * bytes) / msgs.length / 1e6) * 100) / 100,
    /** time(intake) / time(MIME) - 1: what extraction adds over MIME parsing */
    extractionOverhead: Math.round((mimeRate / intakeRate - 1) * 1000) / 1000,
  };
}

async function main(): Promise<void> {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.eml')).sort();
  const raw = files.map((f) => readFileSync(join(CORPUS, f)));
  const r = rng(42);
  const sets = [
    await benchSet('corpus as written', raw.map((b) => new Uint8Array(b))),
    await benchSet('typical 5-20 KB', raw.map((b) => new Uint8Array(typical(b, r)))),
  ];
  const rows = sets.map((s) => ({
    set: s.set,
    msgs: s.messages,
    'size min/med/max': `${s.bytesMin}/${s.bytesMedian}/${s.bytesMax} B`,
    'MIME only msg/s': s.mimeOnlyPerSecond,
    'whole intake msg/s': s.intakePerSecond,
    'extraction adds': `${(s.extractionOverhead * 100).toFixed(1)}%`,
  }));
  console.table(rows);
  const result = {
    benchmark: 'lead intake',
    when: new Date().toISOString(),
    node: process.version,
    cpu: (await import('node:os')).cpus()[0]?.model ?? null,
    secondsPerMeasurement: MIN_SECONDS,
    rounds: ROUNDS,
    statistic: 'median of alternating rounds',
    targets: { extractionOverheadBelow: 0.5, typicalMessagesPerSecondAtLeast: 2000 },
    sets,
    meetsTargets: {
      // Both targets are stated for typical (5-20 KB) lead emails; tiny messages are reported
      // too, where MIME parsing costs so little that the ratio says more about it than us.
      extractionOverhead: (sets[1]?.extractionOverhead ?? Infinity) < 0.5,
      extractionOverheadTinyMessages: (sets[0]?.extractionOverhead ?? Infinity) < 0.5,
      typicalRate: (sets[1]?.intakePerSecond ?? 0) >= 2000,
    },
  };
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench-results', 'leads.json'), `${JSON.stringify(result, null, 2)}\n`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(`wrote bench-results/leads.json  (typical 5-20 KB: extraction adds < 50%: ${verdict(result.meetsTargets.extractionOverhead)}; >= 2,000 msg/s: ${verdict(result.meetsTargets.typicalRate)}; tiny messages as written: extraction adds < 50%: ${verdict(result.meetsTargets.extractionOverheadTinyMessages)})`);
}

void main();

/**
 * Hostile input: random and mutated messages never throw/reject, always give a contract-shaped
 * result, and the extraction work stays bounded by the input size and by a fixed cap
 * (asserted on counted work, not on wall time). Plus the large and deep cases of the issue.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLeadEmail } from './parse-lead-email';
import { corpusFiles, expectContractShape, readCorpus } from './test-helpers';
import type { IntakeResult } from './types';

/** Work is linear in the input with a small constant, and never above a fixed ceiling. */
const WORK_PER_BYTE = 12;
const WORK_FLOOR = 4096;
const WORK_CEILING = 16 * 1024 * 1024;

function expectBounded(r: IntakeResult, inputBytes: number): void {
  expectContractShape(r);
  expect(r.diagnostics.work).toBeLessThanOrEqual(Math.min(WORK_PER_BYTE * inputBytes + WORK_FLOOR, WORK_CEILING));
  expect(r.display.safeText.length).toBeLessThanOrEqual(200 * 1024);
  expect(r.leads.length).toBeLessThanOrEqual(50);
}

const enc = new TextEncoder();
const CORPUS = corpusFiles().map((f) => readCorpus(f));

const TOKENS = [
  'From: a@b.example\n', 'Subject: =?UTF-8?B?SGk=?=\n', 'Content-Type: multipart/mixed; boundary="b"\n', '--b\n', '--b--\n',
  'Content-Transfer-Encoding: base64\n', 'Content-Transfer-Encoding: quoted-printable\n', 'Content-Type: text/html; charset=windows-1252\n',
  '\n', '<?adf version="1.0"?>', '<adf>', '</adf>', '<prospect>', '<customer><contact><name part="full">X Y</name>', '&', '<', '&lt;adf&gt;',
  '<![CDATA[', ']]>', '<!DOCTYPE x [', 'Name: ', 'Email: x@y.example\n', 'Phone: 512-555-0100\n', 'Vehicle: 2020 Honda Civic\n', '=\n', '=E9',
  'In-Reply-To: <a@b>\n', 'Auto-Submitted: auto-replied\n', 'List-Unsubscribe: <x>\n', 'STOP\n', '\u202e', '\u0000', 'é', '€', '\r\n',
];

describe('property: never throws, always bounded', () => {
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        const r = await parseLeadEmail(bytes);
        expectBounded(r, bytes.length);
      }),
      { numRuns: 300 },
    );
  });

  it('random messages built from mail and ADF fragments', async () => {
    const msg = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 40 })), { maxLength: 200 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(msg, async (s) => {
        const r = await parseLeadEmail(s);
        expectBounded(r, enc.encode(s).length);
      }),
      { numRuns: 300 },
    );
  });

  it('mutated corpus messages (flips, cuts, splices, duplicated regions)', async () => {
    const mutation = fc.record({
      file: fc.nat({ max: CORPUS.length - 1 }),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
      cut: fc.option(fc.nat()),
      dup: fc.option(fc.tuple(fc.nat(), fc.nat({ max: 400 }), fc.integer({ min: 1, max: 20 }))),
      insert: fc.option(fc.tuple(fc.nat(), fc.constantFrom(...TOKENS))),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        let b = Uint8Array.from(CORPUS[m.file] ?? new Uint8Array());
        for (const [pos, val] of m.flips) if (b.length) b[pos % b.length] = val;
        if (m.insert && b.length) {
          const at = m.insert[0] % b.length;
          b = Uint8Array.from([...b.subarray(0, at), ...enc.encode(m.insert[1]), ...b.subarray(at)]);
        }
        if (m.dup && b.length) {
          const start = m.dup[0] % b.length;
          const region = b.subarray(start, start + m.dup[1]);
          const parts = [b.subarray(0, start)];
          for (let i = 0; i < m.dup[2]; i++) parts.push(region);
          parts.push(b.subarray(start));
          b = Uint8Array.from(parts.flatMap((p) => [...p]));
        }
        if (m.cut !== null && b.length) b = b.subarray(0, m.cut % (b.length + 1));
        const r = await parseLeadEmail(b);
        expectBounded(r, b.length);
      }),
      { numRuns: 400 },
    );
  });
});

function nested(depth: number, inner: string): string {
  let body = inner;
  for (let i = depth; i > 0; i--) {
    body = `Content-Type: multipart/mixed; boundary="n${i}"\n\n--n${i}\n${body}\n--n${i}--\n`;
  }
  return `From: leads@oemprogram.example\nSubject: deep\nMessage-ID: <deep@x>\nMIME-Version: 1.0\n${body}`;
}
const ADF_PART =
  'Content-Type: text/plain\n\n<?adf version="1.0"?><adf><prospect><id>DEEP</id><customer><contact><name part="full">Deep Nest</name><email>deep@example.com</email></contact></customer></prospect></adf>\n';

describe('large and deep messages', () => {
  it('a 100-level MIME tree parses and its ADF is found', async () => {
    const s = nested(100, ADF_PART);
    const r = await parseLeadEmail(s);
    expectBounded(r, s.length);
    expect(r.isLead).toBe(true);
    expect(r.leads[0]?.externalId).toBe('DEEP');
  });

  it('a 1,000-level MIME tree is refused with an error, not a throw', async () => {
    const s = nested(1000, ADF_PART);
    const r = await parseLeadEmail(s);
    expect(r.error).toMatch(/nesting|depth/i);
    expect(r.isLead).toBe(false);
  });

  it('a 10 MB text message full of ADF and label lookalikes stays within the work ceiling', async () => {
    const line = 'Name: A & B <adf><prospect>&lt;adf&gt; <!DOCTYPE x [ Phone: 512-555-0100 <?adf \n';
    const body = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
    const s = `From: x@y.example\nSubject: big\nContent-Type: text/plain; charset=utf-8\n\n${body}`;
    const r = await parseLeadEmail(s);
    expectBounded(r, s.length);
  });

  it('a 10 MB HTML message (one huge line, many cells) stays within the work ceiling', async () => {
    const body = '<td>'.repeat(2 * 1024 * 1024) + '<' + 'a'.repeat(2 * 1024 * 1024);
    const s = `From: x@y.example\nSubject: big\nContent-Type: text/html\n\n${body}`;
    const r = await parseLeadEmail(s);
    expectBounded(r, s.length);
  });

  it('a 10 MB base64 attachment is skipped in bounded work, the lead in the body still found', async () => {
    const att = Buffer.alloc(7 * 1024 * 1024, 0x26).toString('base64').replace(/.{76}/g, '$&\n');
    const s =
      'From: "Autotrader" <leads@autotrader.example>\nSubject: New Autotrader lead\nContent-Type: multipart/mixed; boundary="q"\n\n' +
      '--q\nContent-Type: text/plain\n\nName: Big Attach\nEmail: big@example.com\n--q\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename="x.bin"\nContent-Transfer-Encoding: base64\n\n' +
      att + '\n--q--\n';
    const r = await parseLeadEmail(s);
    expectBounded(r, s.length);
    expect(r.leads[0]?.customer.email).toBe('big@example.com');
  });

  it('regex-hostile ADF (runs of & < <! and open instructions) stays linear', async () => {
    const evil = '<adf><prospect><customer><comments>' + '&'.repeat(200_000) + '<'.repeat(100_000) + '<!DOCTYPE'.repeat(20_000) + '<?adf'.repeat(20_000) + '</comments></customer></prospect></adf>';
    const s = `From: x@y.example\nSubject: evil\nContent-Type: text/plain\n\n${evil}`;
    const r = await parseLeadEmail(s);
    expectBounded(r, s.length);
  });

  it('100,000 label lines and a 1 MB single line', async () => {
    const s = `From: x@y.example\nSubject: labels\n\n${'Comments: x\n'.repeat(100_000)}${'Name:'.repeat(200_000)}\n`;
    const r = await parseLeadEmail(s);
    expectBounded(r, s.length);
  });
});

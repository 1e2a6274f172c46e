import fc from 'fast-check';
import { closePayload, encodeFrame, upgradeRequest, type FrameSpec, type RawTarget } from './raw-socket';

/**
 * What one fuzz case does to the browser host's socket layer: where in the handshake it
 * acts, what bytes it sends, how it writes them and how it leaves.
 */
export type Scenario =
  | { readonly kind: 'handshake'; readonly how: string; readonly request: (target: RawTarget) => Buffer; readonly delivery: Delivery; readonly ending: Ending }
  | { readonly kind: 'frames'; readonly frames: readonly Buffer[]; readonly delivery: Delivery; readonly ending: Ending };

/** whole: one write; chunks: split at random points; slow: the first bytes one at a time, 1 ms apart. */
export type Delivery = { readonly mode: 'whole' } | { readonly mode: 'chunks'; readonly cuts: readonly number[] } | { readonly mode: 'slow'; readonly bytes: number };
/** reset: TCP RST; end: FIN; destroy: close at once; wait: let the host act (close or not) for a moment, then destroy. */
export type Ending = 'reset' | 'end' | 'destroy' | 'wait';

const ending: fc.Arbitrary<Ending> = fc.constantFrom('reset', 'end', 'destroy', 'wait');
const delivery: fc.Arbitrary<Delivery> = fc.oneof(
  fc.constant({ mode: 'whole' as const }),
  fc.record({ mode: fc.constant('chunks' as const), cuts: fc.array(fc.nat({ max: 4096 }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ mode: fc.constant('slow' as const), bytes: fc.integer({ min: 1, max: 24 }) }),
);

const call = (id: number, name: string) => Buffer.from(JSON.stringify({ id, call: name, args: {} }), 'utf8');
const payload: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.nat({ max: 1000 }).map((id) => call(id, 'app.getInfo')),
  fc.string({ maxLength: 40 }).map((name) => call(1, name)),
  fc.string({ maxLength: 80 }).map((text) => Buffer.from(text, 'utf8')),
  fc.constant(Buffer.from([0x7b, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x7d])), // invalid UTF-8, a lone surrogate
  fc.integer({ min: 0, max: 5000 }).map((code) => closePayload(code, 'bye')),
  fc.integer({ min: 1, max: 64 * 1024 }).map((extra) => Buffer.alloc(1024 * 1024 + extra, 0x61)), // oversized
);

const frameSpec: fc.Arbitrary<FrameSpec> = fc.record(
  {
    fin: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    rsv: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 7 }) }),
    opcode: fc.constantFrom(0x0, 0x1, 0x1, 0x1, 0x2, 0x3, 0x7, 0x8, 0x9, 0xa, 0xb, 0xf),
    payload,
    mask: fc.oneof({ weight: 8, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    declaredLength: fc.oneof(
      { weight: 8, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }) },
    ),
  },
  { requiredKeys: ['opcode'] },
);

const frame: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 5, arbitrary: frameSpec.map(encodeFrame) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 32 }).map((bytes) => Buffer.from(bytes)) },
);

type RequestOptions = Parameters<typeof upgradeRequest>[1];
const requestOptions: fc.Arbitrary<RequestOptions> = fc.record(
  {
    token: fc.constantFrom<string | null>(null, '', 'x'.repeat(43), 'not a token'),
    origin: fc.constantFrom<string | null>(null, 'http://evil.example', 'null', 'http://127.0.0.1:1'),
    path: fc.constantFrom('/ipc', '/ipc?x=1', '/', '/ipc/..', '/%00'),
  },
  { requiredKeys: [] },
);

/** A request in one of the ways a handshake goes wrong: cut short, corrupted, refused, oversized, or fine. */
const mutation = fc.oneof(
  fc.record({ how: fc.constant('cut' as const), at: fc.nat({ max: 400 }) }),
  fc.record({ how: fc.constant('insert' as const), at: fc.nat({ max: 400 }), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ how: fc.constant('oversized-header' as const), size: fc.integer({ min: 17 * 1024, max: 96 * 1024 }) }),
  fc.record({ how: fc.constant('version' as const), version: fc.constantFrom('8', '0', '', '13, 8', 'x') }),
  fc.record({ how: fc.constant('none' as const) }),
);

const handshake = fc
  .record({ options: requestOptions, mutation, trailer: fc.array(frame, { maxLength: 2 }), delivery, ending })
  .map(({ options, mutation: m, trailer, delivery: d, ending: e }): Scenario => ({
    kind: 'handshake',
    how: JSON.stringify({ ...options, ...m, trailer: trailer.length }),
    delivery: d,
    ending: e,
    request: (target) => {
      let text = upgradeRequest(target, options);
      if (m.how === 'version') text = text.replace('Sec-WebSocket-Version: 13', `Sec-WebSocket-Version: ${m.version}`);
      if (m.how === 'oversized-header') text = text.replace('\r\n\r\n', `\r\nX-Pad: ${'a'.repeat(m.size)}\r\n\r\n`);
      let bytes = Buffer.from(text, 'latin1');
      if (m.how === 'cut') bytes = bytes.subarray(0, m.at % (bytes.length + 1));
      if (m.how === 'insert') {
        const at = m.at % (bytes.length + 1);
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
      }
      return Buffer.concat([bytes, ...trailer]);
    },
  }));

const frames = fc
  .record({ frames: fc.array(frame, { minLength: 1, maxLength: 6 }), delivery, ending })
  .map(({ frames: f, delivery: d, ending: e }): Scenario => ({ kind: 'frames', frames: f, delivery: d, ending: e }));

export const scenario: fc.Arbitrary<Scenario> = fc.oneof(handshake, frames);

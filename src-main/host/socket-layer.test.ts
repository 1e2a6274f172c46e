import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePayload, encodeFrame, openRaw, openUpgraded, upgradeRequest, type FrameSpec, type RawTarget } from './testing/raw-socket';
import { startTestHost, type TestHost } from './testing/test-host';
import WebSocket from 'ws';
import { hostSubprotocol, tokenProtocolPrefix } from './wire-protocol';

let testHost: TestHost;
let target: RawTarget;

beforeAll(async () => {
  testHost = await startTestHost();
  target = { port: testHost.port, origin: testHost.host.origin, token: testHost.host.token };
});

afterAll(async () => {
  await testHost.stop();
});

/** A proper client, as the page shim is: it must still get answers after every attack. */
export async function getInfoAsProperClient(host: TestHost): Promise<unknown> {
  const ws = new WebSocket(`${host.host.origin.replace('http', 'ws')}/ipc`, [hostSubprotocol, tokenProtocolPrefix + host.host.token], {
    origin: host.host.origin,
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const answer = await new Promise<unknown>((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : 'null')));
    ws.send(JSON.stringify({ id: 1, call: 'app.getInfo', args: {} }));
  });
  ws.close();
  return answer;
}

const stillServing = async () => expect(await getInfoAsProperClient(testHost)).toMatchObject({ id: 1, result: { ok: true, value: { version: '9.8.7' } } });

describe('browser host: a refused upgrade', () => {
  const refused: Array<[string, Parameters<typeof upgradeRequest>[1]]> = [
    ['no Origin', { origin: null }],
    ['a wrong token', { token: 'x'.repeat(43) }],
    ['no token', { token: null }],
    ['another path', { path: '/not-ipc' }],
  ];
  it.each(refused)('with %s, then a TCP reset, does not take the host down', async (_name, options) => {
    for (let i = 0; i < 5; i++) {
      const socket = await openRaw(target);
      socket.on('error', () => undefined);
      socket.write(upgradeRequest(target, options));
      // Reset at once, and after the refusal has had time to be written: both must be harmless.
      if (i % 2 === 1) await new Promise((resolve) => setTimeout(resolve, 20));
      socket.resetAndDestroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    await stillServing();
  });
});

describe('browser host: a protocol error on an accepted socket', () => {
  const text = (s: string) => Buffer.from(s, 'utf8');
  // Each class of bad input, and the close code RFC 6455 (§7.4.1) gives it.
  const cases: Array<[string, FrameSpec[], number]> = [
    ['a frame over the 1 MiB limit', [{ opcode: 0x1, payload: Buffer.alloc(1024 * 1024 + 1, 0x61) }], 1009],
    ['a 64-bit length header alone', [{ opcode: 0x1, declaredLength: 2n ** 62n }], 1009],
    ['fragments adding up past the limit', [
      { opcode: 0x1, fin: false, payload: Buffer.alloc(600 * 1024, 0x61) },
      { opcode: 0x0, fin: true, payload: Buffer.alloc(600 * 1024, 0x61) },
    ], 1009],
    ['invalid UTF-8', [{ opcode: 0x1, payload: Buffer.from([0x7b, 0xc3, 0x28, 0x7d]) }], 1007],
    ['a reserved opcode', [{ opcode: 0x3, payload: text('{}') }], 1002],
    ['a continuation frame first', [{ opcode: 0x0, payload: text('{}') }], 1002],
    ['an unmasked client frame', [{ opcode: 0x1, mask: false, payload: text('{}') }], 1002],
    ['RSV1 without an extension', [{ opcode: 0x1, rsv: 0b100, payload: text('{}') }], 1002],
    ['a fragmented ping', [{ opcode: 0x9, fin: false, payload: text('hi') }], 1002],
    ['close code 999', [{ opcode: 0x8, payload: closePayload(999) }], 1002],
  ];
  it.each(cases)('%s closes that socket with close code %i and the host serves everyone else', async (_name, frames, code) => {
    const bystander = await openUpgraded(target);
    const { socket, frames: reader } = await openUpgraded(target);
    socket.on('error', () => undefined);
    for (const frame of frames) socket.write(encodeFrame(frame));
    expect(await reader.closeCode()).toBe(code);
    socket.destroy();
    // The other page's socket is untouched: it still gets answers.
    bystander.socket.write(encodeFrame({ opcode: 0x1, payload: text(JSON.stringify({ id: 7, call: 'app.getInfo', args: {} })) }));
    const answer = await bystander.frames.frame();
    expect(JSON.parse(answer?.payload.toString('utf8') ?? 'null')).toMatchObject({ id: 7, result: { ok: true } });
    bystander.socket.destroy();
    await stillServing();
  });

  it('logs a protocol error as its code only, at most 10 a minute', async () => {
    testHost.advanceClock(60_000);
    const before = testHost.log.lines.length;
    const { socket, frames } = await openUpgraded(target);
    socket.write(encodeFrame({ opcode: 0x1, payload: Buffer.from([0xff, 0xfe, 0x41, 0x42]) }));
    await frames.closeCode();
    socket.destroy();
    const lines = testHost.log.lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', event: 'host.socket-error', code: 'WS_ERR_INVALID_UTF8' }));
    expect(testHost.log.lines.slice(before).join('')).not.toMatch(/ÿþAB|\\u00ff/);
    for (let i = 0; i < 30; i++) {
      const attacker = await openUpgraded(target);
      attacker.socket.write(encodeFrame({ opcode: 0x3 }));
      await attacker.frames.closeCode();
      attacker.socket.destroy();
    }
    expect(testHost.log.lines.length - before).toBeLessThanOrEqual(10 + 1);
    testHost.advanceClock(60_000);
    await openRaw(target).then((s) => s.end(upgradeRequest(target, { token: null })));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(testHost.log.lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ event: 'host.warnings-suppressed', count: expect.any(Number) }),
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePayload, encodeFrame, openRaw, openUpgraded, upgradeRequest, type FrameSpec, type RawTarget } from './testing/raw-socket';
import { startTestHost, type TestHost } from './testing/test-host';
import { getInfoAsProperClient } from './testing/proper-client';

let testHost: TestHost;
let target: RawTarget;

beforeAll(async () => {
  testHost = await startTestHost();
  target = { port: testHost.port, origin: testHost.host.origin, token: testHost.host.token };
});

afterAll(async () => {
  await testHost.stop();
});

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

describe('browser host: connections a peer leaves behind', () => {
  const drained = async (host: TestHost) => {
    for (let i = 0; i < 50; i++) {
      if ((await host.host.connections()) === 0) return 0;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return host.host.connections();
  };

  it('a refused upgrade whose peer writes on after the refusal is closed, not kept half-open', async () => {
    for (const leave of ['destroy', 'end', 'resetAndDestroy'] as const) {
      const socket = await openRaw(target);
      socket.on('error', () => undefined);
      socket.write(upgradeRequest(target, { token: null }));
      await new Promise((resolve) => setTimeout(resolve, 5));
      socket.write('frames a browser would never send');
      await new Promise((resolve) => setTimeout(resolve, 20));
      socket[leave]();
    }
    expect(await drained(testHost)).toBe(0);
  });

  it('close() returns while a peer holds a half-done handshake open', async () => {
    const other = await startTestHost();
    const socket = await openRaw({ port: other.port, origin: other.host.origin, token: other.host.token });
    socket.on('error', () => undefined);
    socket.write('GET /ipc HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const result = await Promise.race([other.stop().then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3000))]);
    socket.destroy();
    expect(result).toBe('closed');
  });
});

describe('browser host: a protocol error on an accepted socket', () => {
  const text = (s: string) => Buffer.from(s, 'utf8');
  // Each class of bad input, and the close code RFC 6455 (§7.4.1) gives it.
  const cases: Array<[string, number, FrameSpec[]]> = [
    ['a frame over the 1 MiB limit', 1009, [{ opcode: 0x1, payload: Buffer.alloc(1024 * 1024 + 1, 0x61) }]],
    ['a 64-bit length header alone', 1009, [{ opcode: 0x1, declaredLength: 2n ** 62n }]],
    ['fragments adding up past the limit', 1009, [
      { opcode: 0x1, fin: false, payload: Buffer.alloc(600 * 1024, 0x61) },
      { opcode: 0x0, fin: true, payload: Buffer.alloc(600 * 1024, 0x61) },
    ]],
    ['invalid UTF-8', 1007, [{ opcode: 0x1, payload: Buffer.from([0x7b, 0xc3, 0x28, 0x7d]) }]],
    ['a reserved opcode', 1002, [{ opcode: 0x3, payload: text('{}') }]],
    ['a continuation frame first', 1002, [{ opcode: 0x0, payload: text('{}') }]],
    ['an unmasked client frame', 1002, [{ opcode: 0x1, mask: false, payload: text('{}') }]],
    ['RSV1 without an extension', 1002, [{ opcode: 0x1, rsv: 0b100, payload: text('{}') }]],
    ['a fragmented ping', 1002, [{ opcode: 0x9, fin: false, payload: text('hi') }]],
    ['close code 999', 1002, [{ opcode: 0x8, payload: closePayload(999) }]],
  ];
  it.each(cases)('%s closes that socket with close code %i and the host serves everyone else', async (_name, code, frames) => {
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

import type { Socket } from 'node:net';
import { FrameReader, openRaw, upgradeRequest, type RawTarget } from './raw-socket';
import type { Delivery, Ending, Scenario } from './socket-fuzz-scenarios';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Writes `bytes` the way the scenario says: at once, in random pieces, or the first bytes one by one. */
async function deliver(socket: Socket, bytes: Buffer, delivery: Delivery): Promise<void> {
  if (delivery.mode === 'whole') {
    socket.write(bytes);
    return;
  }
  if (delivery.mode === 'slow') {
    const slow = Math.min(delivery.bytes, bytes.length);
    for (let i = 0; i < slow && !socket.destroyed; i++) {
      socket.write(bytes.subarray(i, i + 1));
      await pause(1);
    }
    if (!socket.destroyed) socket.write(bytes.subarray(slow));
    return;
  }
  const cuts = [...new Set(delivery.cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (socket.destroyed) return;
    socket.write(bytes.subarray(from, cut));
    from = cut;
    await tick();
  }
}

async function leave(socket: Socket, ending: Ending): Promise<void> {
  if (ending === 'reset') socket.resetAndDestroy();
  else if (ending === 'destroy') socket.destroy();
  else if (ending === 'end') socket.end();
  else {
    await Promise.race([new Promise((resolve) => socket.once('close', resolve)), pause(30)]);
    socket.destroy();
  }
}

/** Plays one scenario against the host. Returns the handshake status line for `frames` cases. */
export async function play(target: RawTarget, scenario: Scenario): Promise<string | null> {
  const socket = await openRaw(target);
  socket.setNoDelay(true);
  socket.on('error', () => undefined);
  const reader = new FrameReader(socket);
  let status: string | null = null;
  if (scenario.kind === 'frames') {
    socket.write(upgradeRequest(target));
    status = (await reader.handshake()).split('\r\n')[0] ?? '';
    await deliver(socket, Buffer.concat(scenario.frames), scenario.delivery);
  } else {
    await deliver(socket, scenario.request(target), scenario.delivery);
  }
  await leave(socket, scenario.ending);
  return status;
}

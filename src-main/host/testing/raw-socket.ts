import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A WebSocket client that speaks bytes, not the protocol: tests use it to send the browser host
 * what no well-behaved client would (bad frames, half handshakes, resets at any moment).
 */
export interface RawTarget {
  readonly port: number;
  readonly origin: string;
  readonly token: string;
}

export function openRaw(target: RawTarget): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(target.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

export interface UpgradeRequestOptions {
  readonly token?: string | null;
  readonly origin?: string | null;
  readonly path?: string;
}

/** The HTTP upgrade request a browser would send (token and Origin may be left out or wrong). */
export function upgradeRequest(target: RawTarget, options: UpgradeRequestOptions = {}): string {
  const token = options.token === undefined ? target.token : options.token;
  const origin = options.origin === undefined ? target.origin : options.origin;
  const protocols = ['leadpulse.v1', ...(token === null ? [] : [`token.${token}`])].join(', ');
  return [
    `GET ${options.path ?? '/ipc'} HTTP/1.1`,
    `Host: 127.0.0.1:${target.port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    `Sec-WebSocket-Protocol: ${protocols}`,
    ...(origin === null ? [] : [`Origin: ${origin}`]),
    '',
    '',
  ].join('\r\n');
}

/** Opens a socket and completes a proper handshake; resolves once the 101 has been read. */
export async function openUpgraded(target: RawTarget): Promise<{ socket: Socket; frames: FrameReader }> {
  const socket = await openRaw(target);
  const frames = new FrameReader(socket);
  socket.write(upgradeRequest(target));
  const head = await frames.handshake();
  if (!head.startsWith('HTTP/1.1 101')) throw new Error(`handshake refused: ${head.split('\r\n')[0]}`);
  return { socket, frames };
}

export interface FrameSpec {
  readonly fin?: boolean;
  readonly rsv?: number; // 0..7, the three reserved bits
  readonly opcode: number;
  readonly payload?: Buffer;
  readonly mask?: boolean;
  /** Claim this length in the header instead of the payload's own. */
  readonly declaredLength?: bigint;
}

export function encodeFrame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const masked = spec.mask ?? true;
  const length = spec.declaredLength ?? BigInt(payload.length);
  const first = ((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | (spec.opcode & 0x0f);
  let header: Buffer;
  if (length < 126n) {
    header = Buffer.from([first, (masked ? 0x80 : 0) | Number(length)]);
  } else if (length < 65536n) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = (masked ? 0x80 : 0) | 126;
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = (masked ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(length, 2);
  }
  if (!masked) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body.writeUInt8(body.readUInt8(i) ^ key.readUInt8(i % 4), i);
  return Buffer.concat([header, key, body]);
}

export function closePayload(code: number, reason = ''): Buffer {
  const buffer = Buffer.alloc(2 + Buffer.byteLength(reason));
  buffer.writeUInt16BE(code, 0);
  buffer.write(reason, 2);
  return buffer;
}

/** Reads what the host sends: the handshake head, then (unmasked) server frames. */
export class FrameReader {
  private buffer = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  private ended = false;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    const end = () => {
      this.ended = true;
      this.wake();
    };
    socket.on('close', end);
    socket.on('end', end);
    socket.on('error', end);
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private async until<T>(take: () => T | null): Promise<T | null> {
    for (;;) {
      const value = take();
      if (value !== null) return value;
      if (this.ended) return null;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async handshake(): Promise<string> {
    const head = await this.until(() => {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return null;
      const text = this.buffer.subarray(0, end).toString('latin1');
      this.buffer = this.buffer.subarray(end + 4);
      return text;
    });
    return head ?? '';
  }

  /** The next whole server frame, or null when the connection ended first. */
  async frame(): Promise<{ opcode: number; payload: Buffer } | null> {
    return this.until(() => {
      if (this.buffer.length < 2) return null;
      let length = this.buffer.readUInt8(1) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return null;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return null;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) return null;
      const opcode = this.buffer.readUInt8(0) & 0x0f;
      const payload = this.buffer.subarray(offset, offset + length);
      this.buffer = this.buffer.subarray(offset + length);
      return { opcode, payload };
    });
  }

  /** Skips data frames and returns the close code the host sent, or null if it sent none. */
  async closeCode(): Promise<number | null> {
    for (;;) {
      const frame = await this.frame();
      if (frame === null) return null;
      if (frame.opcode === 0x8) return frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005;
    }
  }
}

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppCore } from '../core/app-core';
import type { Logger } from '../core/log/logger';
import { createLogRateLimiter } from '../core/log/rate-limit';
import { listenOnLoopback, LOOPBACK_HOST } from '../core/net/loopback';
import { contentSecurityPolicy } from '../core/assets/content-security-policy';
import { checkUpgrade, isOwnHost, type HostIdentity } from './host-guards';
import { serveStatic } from './static-files';
import { clientMessage, hostSubprotocol, type ServerMessage } from './wire-protocol';

export interface BrowserHostOptions {
  readonly core: AppCore;
  readonly log: Logger;
  readonly rendererDir: string;
  readonly shimFile: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** The clock of the log rate limit (tests move it). */
  readonly now?: () => number;
}

export interface BrowserHost {
  /** Open this in a browser: the token rides in the fragment, which is never sent to a server. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  /** Open TCP connections to the host (pages, sockets, half-done handshakes): for diagnostics and tests. */
  connections(): Promise<number>;
  close(): Promise<void>;
}

const maxMessageBytes = 1024 * 1024;

/**
 * A thin transport: serves the renderer and carries contract calls and events over one
 * WebSocket on 127.0.0.1. All checking of calls happens in the core's dispatcher.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(32).toString('base64url');
  const server = createServer();
  const port = await listenOnLoopback(server, options.port ?? 0);
  const hostHeader = `${LOOPBACK_HOST}:${port}`;
  const id: HostIdentity = { origin: `http://${hostHeader}`, hostHeader, token };
  const csp = contentSecurityPolicy({ connectSrc: [`ws://${hostHeader}`] });

  // Every TCP connection, upgraded or not, so close() cannot wait on one a peer left open.
  const connections = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });

  server.on('request', (req, res) => {
    if (!isOwnHost(req, id)) {
      res.writeHead(403).end();
      return;
    }
    void serveStatic(req, res, { rendererDir: options.rendererDir, shimFile: options.shimFile, csp });
  });

  // Any local process can cause these lines: at most 10 a minute, then one line with the count.
  const warnings = createLogRateLimiter({
    now: options.now,
    onSuppressed: (count, windowMs) => options.log.warn('host.warnings-suppressed', { count, windowMs }),
  });
  const warn: Logger['warn'] = (event, fields) => {
    if (warnings.admit()) options.log.warn(event, fields);
  };

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: maxMessageBytes,
    handleProtocols: (protocols) => (protocols.has(hostSubprotocol) ? hostSubprotocol : false),
  });
  server.on('upgrade', (req, socket, head) => {
    // Node hands the raw socket over without its own error listener: a peer that resets it
    // (during a refusal or the handshake) must cost that one socket, never the host.
    socket.on('error', (error: NodeJS.ErrnoException) => warn('host.socket-reset', { code: error.code ?? 'unknown' }));
    const verdict = (req.url ?? '').split('?')[0] === '/ipc' ? checkUpgrade(req, id) : { ok: false as const, status: 403 as const, reason: 'path' };
    if (!verdict.ok) {
      warn('host.upgrade-refused', { reason: verdict.reason });
      // After 'upgrade' Node no longer reads this socket, so it would never see the peer's FIN:
      // end() alone leaves it half-open for good. Destroy it once the refusal is written.
      socket.once('finish', () => socket.destroy());
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => attach(ws, options, warn));
  });

  return {
    url: `${id.origin}/#token=${token}`,
    origin: id.origin,
    token,
    connections: () => new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    close: async () => {
      for (const ws of sockets.clients) ws.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of connections) socket.destroy();
      await closed;
    },
  };
}

function attach(ws: WebSocket, options: BrowserHostOptions, warn: Logger['warn']): void {
  // A protocol error (oversized or malformed frame, bad UTF-8, bad close code): ws has already
  // closed this socket with the code RFC 6455 gives it; without a listener it would throw.
  ws.on('error', (error: Error & { code?: string }) => warn('host.socket-error', { code: error.code ?? 'unknown' }));
  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const detach = options.core.events.attach((event, payload) => send({ event, payload }));
  ws.on('close', detach);
  ws.on('message', (data, isBinary) => {
    const parsed = isBinary || !Buffer.isBuffer(data) ? null : safeJson(data.toString('utf8'));
    const message = clientMessage.safeParse(parsed);
    if (!message.success) {
      ws.close(1008, 'malformed message');
      return;
    }
    void options.core.dispatcher
      .dispatch(message.data.call, message.data.args)
      .then((result) => send({ id: message.data.id, result }));
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

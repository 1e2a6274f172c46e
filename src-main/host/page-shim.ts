/**
 * Runs in the browser page before the app: installs the same window.leadpulse as Electron's
 * preload, carried over the host's WebSocket. It holds no logic beyond the transport.
 */
import { buildBridge, type BridgeTransport } from '../../src-shared/contract/bridge';
import { failure } from '../../src-shared/contract/ipc-result';
import { hostSubprotocol, tokenProtocolPrefix, type ServerMessage } from './wire-protocol';

const tokenKey = 'leadpulse.hostToken';

function takeToken(): string {
  const match = /[#&]token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(tokenKey, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(tokenKey) ?? '';
}

function createSocketTransport(token: string): BridgeTransport {
  const pending = new Map<number, (result: unknown) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let retryMs = 250;

  const connect = (): Promise<WebSocket> => {
    opened ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://${location.host}/ipc`, [hostSubprotocol, tokenProtocolPrefix + token]);
      ws.addEventListener('open', () => {
        retryMs = 250;
        socket = ws;
        resolve(ws);
      });
      ws.addEventListener('message', (event) => onMessage(String(event.data)));
      ws.addEventListener('close', () => {
        socket = null;
        opened = null;
        for (const settle of pending.values()) {
          settle(failure('transport-closed', 'Lost the connection to LeadPulse. Reconnecting…'));
        }
        pending.clear();
        reject(new Error('closed'));
        // Events need a live socket: reconnect while anyone listens.
        if ([...listeners.values()].some((set) => set.size > 0)) {
          setTimeout(() => void connect().catch(() => undefined), retryMs);
          retryMs = Math.min(retryMs * 2, 5_000);
        }
      });
    });
    return opened;
  };

  const onMessage = (text: string) => {
    const message = JSON.parse(text) as ServerMessage;
    if ('id' in message) {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
    }
  };

  return {
    async invoke(name, args) {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch {
        return failure('transport-closed', 'LeadPulse is not reachable. Is the app still running?');
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, call: name, args }));
      });
    },
    subscribe(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener);
      void connect().catch(() => undefined);
      return () => set.delete(listener);
    },
  };
}

Object.defineProperty(window, 'leadpulse', {
  value: buildBridge(createSocketTransport(takeToken())),
  writable: false,
  configurable: false,
});

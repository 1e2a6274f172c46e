import type { IncomingMessage } from 'node:http';
import { sameSecret } from '../core/net/same-secret';
import { hostSubprotocol, tokenProtocolPrefix } from './wire-protocol';

export interface HostIdentity {
  readonly origin: string; // http://127.0.0.1:PORT
  readonly hostHeader: string; // 127.0.0.1:PORT
  readonly token: string;
}

/** DNS-rebinding guard: a page on another name that resolves to 127.0.0.1 is not us. */
export function isOwnHost(req: IncomingMessage, id: HostIdentity): boolean {
  return req.headers.host === id.hostHeader;
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/** A socket is ours only from our own page (Origin, Host) and with this launch's token. */
export function checkUpgrade(req: IncomingMessage, id: HostIdentity): UpgradeVerdict {
  if (!isOwnHost(req, id)) return { ok: false, status: 403, reason: 'host' };
  if (req.headers.origin !== id.origin) return { ok: false, status: 403, reason: 'origin' };
  const offered = parseProtocols(req.headers['sec-websocket-protocol']);
  if (!offered.includes(hostSubprotocol)) return { ok: false, status: 401, reason: 'protocol' };
  const tokenEntry = offered.find((p) => p.startsWith(tokenProtocolPrefix));
  if (!tokenEntry || !sameSecret(tokenEntry.slice(tokenProtocolPrefix.length), id.token)) {
    return { ok: false, status: 401, reason: 'token' };
  }
  return { ok: true };
}

function parseProtocols(header: string | undefined): string[] {
  return (header ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

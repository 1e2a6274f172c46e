import { BlockList, isIP, type Server } from 'node:net';

/**
 * This computer's loopback, in one place: the browser host, the sign-in redirect listener and
 * the desktop config all bind to it or allow plain http only on it.
 */

/** Where LeadPulse's own listeners bind: IPv4 loopback, never a routable interface. */
export const LOOPBACK_HOST = '127.0.0.1';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * True for an IP address on the loopback: 127.0.0.0/8, ::1, and IPv4-mapped 127.x
 * (::ffff:127.0.0.1, as a socket's remoteAddress or a URL's hostname shows it). Accepts a
 * URL hostname's brackets ("[::1]"). Names are not addresses: "localhost" is false here.
 */
export function isLoopbackAddress(address: string): boolean {
  const bracketed = address.startsWith('[') && address.endsWith(']');
  const bare = bracketed ? address.slice(1, -1) : address;
  const family = isIP(bare);
  if (family === 0 || (bracketed && family !== 6)) return false;
  return loopback.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}

/** True when the URL names this computer: a loopback address, or "localhost". */
export function isLoopbackUrl(url: URL): boolean {
  return url.hostname === 'localhost' || isLoopbackAddress(url.hostname);
}

/** https anywhere; plain http only on this computer (the development cloud and simulator). */
export function isHttpsOrLoopbackHttp(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
}

/**
 * Listens on 127.0.0.1 at `port` (0: a free one the OS picks) and answers the bound port.
 * Rejects when the port cannot be had (EADDRINUSE, EACCES); after that the caller owns errors.
 */
export function listenOnLoopback(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK_HOST, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('the server is not listening on a TCP port'));
        return;
      }
      resolve(address.port);
    });
  });
}

import type { FastifyInstance } from 'fastify';

export interface TransportGuardOptions {
  /** Production behind a TLS proxy: requests that reached the proxy over plain HTTP are refused. */
  requireHttps: boolean;
}

/**
 * CORS stays closed: no Access-Control-* header is ever sent, and any request carrying an
 * Origin header (i.e. made by a web page) is refused outright, so a page on another site
 * cannot even trigger a side effect with a "simple" request. Our clients (the desktop's
 * main process, server-side callers) send no Origin.
 */
export function installTransportGuards(app: FastifyInstance, options: TransportGuardOptions): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.origin !== undefined) {
      return reply.code(403).send({ error: 'cross_origin', message: 'browser origins are not served' });
    }
    // request.protocol reads X-Forwarded-Proto only when trustProxy is on (config requires
    // it, or direct TLS, in production). /health stays reachable for the proxy's probe.
    if (options.requireHttps && request.protocol !== 'https' && request.url !== '/health') {
      return reply.code(403).send({ error: 'https_required', message: 'use https' });
    }
    return undefined;
  });
}

import type { FastifyReply } from 'fastify';

/**
 * Sends JSON text that is already the response (e.g. written by Postgres) without parsing
 * and re-serializing it. Fastify sends a string with a JSON content type as is; the route's
 * response schema still documents it (OpenAPI) but does not check it, so whoever builds the
 * text needs a test holding it to that schema (lead-list-page.test.ts does for the lead list).
 */
export function sendJsonText(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}

import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorResponse } from '@leadpulse/cloud-contract';
import { HttpError } from './errors.js';

/**
 * Every error leaves as { error, message } (plus an HttpError's declared `fields`, e.g. the
 * pending role of invitation_role_differs) with no internals: validation problems name
 * the field paths only (never the submitted values), 5xx say "internal error" and are
 * logged with the error (pino serializer: message and stack, no request data).
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).headers(err.headers).send({ ...err.fields, ...body(err.code, err.message) });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation
        .map((v) => v.instancePath.replace(/^\//, '').replaceAll('/', '.') || err.validationContext || 'body')
        .slice(0, 10);
      return reply.code(400).send(body('invalid_request', `invalid: ${[...new Set(fields)].join(', ')}`));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send(body(err.code ? err.code.toLowerCase() : 'bad_request', err.message));
    }
    request.log.error({ err }, 'request failed');
    return reply.code(500).send(body('internal', 'internal error'));
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(body('not_found', 'not found')));
}

function body(error: string, message: string): ErrorResponse {
  return { error, message };
}

import fastifySwagger, { type SwaggerTransform } from '@fastify/swagger';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { internalErrorResponse } from '@leadpulse/cloud-contract';

/**
 * Every documented route declares 500: the error handler answers any unexpected failure with
 * { error: "internal" }, whatever the route. Added here, for the document only, rather than
 * to each route's list (those name the refusals a route itself decides).
 */
export const withInternalError: SwaggerTransform = (document) => {
  const schema = document.schema as FastifySchema & { hide?: boolean };
  const response = schema?.response as Record<string, unknown> | undefined;
  if (!response || schema.hide || '500' in response) return jsonSchemaTransform(document);
  return jsonSchemaTransform({ ...document, schema: { ...schema, response: { ...response, 500: internalErrorResponse } } });
};

/** Collects every route's zod schemas into an OpenAPI 3 document served at /openapi.json. */
export function installOpenApi(app: FastifyInstance, version: string): void {
  void app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'LeadPulse cloud API',
        version,
        description:
          'Dealerships, members, sessions, lead metadata, audit, deletion. Bearer access tokens ' +
          'from POST /v1/auth/oidc; every dealership route re-checks membership in the same ' +
          'transaction as its data.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearer: [] }],
    },
    transform: withInternalError,
  });
}

export function registerOpenApiRoute(app: FastifyInstance): void {
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';

/**
 * Requests are validated and responses serialized by the routes' zod schemas, and the same schemas become the
 * OpenAPI 3.1 document at /openapi.json, with a readable reference at /docs. Must be registered before the
 * routes (swagger collects them as they are added).
 */
export function registerOpenApi(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Winnow API',
        version: '1.0.0',
        description: 'Crawl jobs and the clean, deduplicated, provenance-tracked documents they produce.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'a token from `winnow keys new`' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'winnow_key' },
        },
      },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const scope = input.route.config?.scope;
      // Keyed routes say so, and which scope they need; public ones (probes, metrics) carry no security.
      if (scope !== undefined && out.schema !== undefined && !out.schema.hide) {
        return {
          ...out,
          schema: { ...out.schema, security: [{ bearer: [] }, { cookie: [] }], description: `Needs an API key with the \`${scope}\` scope when WINNOW_API_KEYS is set.` },
        };
      }
      return out;
    },
  });
  void app.register(swaggerUi, { routePrefix: '/docs' });
  app.after(() => {
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  });
}

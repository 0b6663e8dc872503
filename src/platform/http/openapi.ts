// The OpenAPI 3.1 document, generated from the route schemas (only machine routes:
// /api, /health, /open311), served at /api/openapi.json and committed as
// openapi/openapi.json (a test fails when the committed copy is stale).
import swagger from '@fastify/swagger';
import type { TamboApp } from './app-types.ts';

const MACHINE_PREFIXES = ['/api/v1/', '/health/', '/open311/'];

export async function registerOpenApi(app: TamboApp, publicUrl: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tambo API',
        version: '1',
        description: 'JSON APIs of Tambo, the digital-government platform. Errors are RFC 9457 problem details (application/problem+json).',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: publicUrl }],
    },
    hideUntagged: true,
    transform: ({ schema, url }) => {
      const isMachine = MACHINE_PREFIXES.some((prefix) => url.startsWith(prefix));
      // biome-ignore lint/suspicious/noExplicitAny: @fastify/swagger types the transformed schema loosely
      return { schema: (isMachine ? schema : { ...(schema ?? {}), hide: true }) as any, url };
    },
  });
}

/** The document with volatile parts fixed, as committed in openapi/openapi.json. */
export function openApiDocument(app: TamboApp): Record<string, unknown> {
  const document = app.swagger() as unknown as Record<string, unknown>;
  return { ...document, servers: [{ url: '/' }] };
}

export function registerOpenApiRoute(app: TamboApp): void {
  app.get('/api/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return openApiDocument(app);
  });
}

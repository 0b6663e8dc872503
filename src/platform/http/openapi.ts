// The OpenAPI 3.1 document, generated from the route schemas (only machine routes:
// /api, /health, /open311), served at /api/openapi.json and committed as
// openapi/openapi.json (a test fails when the committed copy is stale).
import swagger from '@fastify/swagger';
import type { TamboApp } from './app-types.ts';
import { completeDocument, securitySchemes, type ScopeTable } from './openapi-contract.ts';

const MACHINE_PREFIXES = ['/api/v1/', '/health/', '/open311/'];

export async function registerOpenApi(app: TamboApp, publicUrl: string, scopes: ScopeTable): Promise<void> {
  openApiScopes.set(app, scopes);
  await app.register(swagger, {
    // Components under the schemas' own ids (CaseSummary…), not def-0, def-1…
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tambo API',
        version: '1',
        description: 'JSON APIs of Tambo, the digital-government platform. Errors are RFC 9457 problem details (application/problem+json).',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: publicUrl }],
      // biome-ignore lint/suspicious/noExplicitAny: plain OpenAPI objects, checked by the linter (scripts/lint-openapi.ts)
      components: { securitySchemes: securitySchemes(scopes) as any },
    },
    hideUntagged: true,
    transform: ({ schema, url, route }) => {
      const isMachine = MACHINE_PREFIXES.some((prefix) => url.startsWith(prefix));
      // A route outside the rate limit (the health checks) cannot answer RATE_LIMITED: the contract says so.
      const unlimited = (route.config as { rateLimit?: unknown } | undefined)?.rateLimit === false;
      // The largest body the route accepts (its own limit, or the app's), for clients sending files.
      const withBody = schema?.body ? { ...schema, 'x-body-limit': route.bodyLimit ?? app.initialConfig.bodyLimit } : schema;
      const marked = unlimited ? { ...(withBody ?? {}), 'x-rate-limit': false } : withBody;
      // biome-ignore lint/suspicious/noExplicitAny: @fastify/swagger types the transformed schema loosely
      return { schema: (isMachine ? marked : { ...(marked ?? {}), hide: true }) as any, url };
    },
  });
}

const openApiScopes = new WeakMap<TamboApp, ScopeTable>();

/** The document with volatile parts fixed, as committed in openapi/openapi.json. */
export function openApiDocument(app: TamboApp): Record<string, unknown> {
  const document = structuredClone(app.swagger()) as unknown as Record<string, unknown>;
  return { ...completeDocument(document, app.tambo.errorTable, openApiScopes.get(app) ?? {}), servers: [{ url: '/' }] };
}

export function registerOpenApiRoute(app: TamboApp): void {
  app.get('/api/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return openApiDocument(app);
  });
}

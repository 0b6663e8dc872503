// The exchange's management API (docs/interoperability.md): an agency's system registers itself
// as a subsystem, publishes its services in the catalog, and grants or revokes access per
// service and endpoint; consumers and producers download a message's evidence. The catalog is public.
import { Type } from 'typebox';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import { authenticatedBy } from '../../../platform/http/principal.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { catalog, grantAccess, grantsOf, publishService, registerSubsystem, revokeAccess, serviceId } from '../interop.service.ts';
import { CLASSIFICATIONS, INTEROP_SCOPES, METHODS, type Service } from '../interop.types.ts';
import { evidencePackage } from '../message-log.service.ts';
import { exchangeSystem } from './exchange.ts';

const AUTH = (scope: string) =>
  `Authorization: Bearer <access token from /auth/token with grant_type=client_credentials and scope=${scope}>, of a client bound to an agency holding the right \`${scope}\` (docs/api-auth.md).`;
const Code = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', maxLength: 64 });
const ServiceSchema = Type.Object(
  {
    id: Type.String({ description: 'INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE', examples: ['BO/GOV/SEGIP/registro/personas'] }),
    title: Type.String(),
    producer: Type.String({ description: "The producer's agency code" }),
    legalBasis: Type.String(),
    classification: Type.String({ enum: [...CLASSIFICATIONS] }),
    conditions: Type.String(),
    publishedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'InteropService' },
);
const GrantSchema = Type.Object({
  client: Type.String({ maxLength: 300, description: "The consumer's INSTANCE/CLASS/MEMBER/SUBSYSTEM", examples: ['BO/GOV/SIN/sistema'] }),
  method: Type.String({ enum: [...METHODS], description: "An HTTP method, or '*' for any" }),
  path: Type.String({ maxLength: 300, description: "The endpoint: an exact path, a prefix ending in '*' ('/persona/*'), or '/' for the whole service" }),
});

export function registerInteropApi(app: TamboApp, deps: Deps): void {
  app.addSchema(ServiceSchema);
  // The agency's system is found in onRequest, before the input is validated.
  const systems = authenticatedBy((request, scope: string) => exchangeSystem(app, request, scope));
  const view = (s: Service) => ({
    id: serviceId(deps, s),
    title: s.title,
    producer: s.memberCode,
    legalBasis: s.legalBasis,
    classification: s.classification,
    conditions: s.conditions,
    publishedAt: s.publishedAt.toISOString(),
  });

  app.get(
    '/api/v1/interop/catalog',
    {
      schema: {
        tags: ['interop'],
        operationId: 'listInteropServices',
        security: [],
        summary: 'The interoperability catalog: every service published in the exchange (public)',
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('InteropService')) }) },
      },
    },
    async () => ({ items: (await catalog(deps)).map(view) }),
  );

  app.put(
    '/api/v1/interop/subsystems/:code',
    {
      onRequest: systems.hook(INTEROP_SCOPES.call),
      schema: {
        tags: ['interop'],
        operationId: 'registerInteropSubsystem',
        security: bearer(INTEROP_SCOPES.call),
        summary: 'Registers the calling client as a subsystem of its agency (its member)',
        description: `${AUTH(INTEROP_SCOPES.call)} A subsystem is an OAuth client: the member is the client's agency. 201 the first time, 200 again for the same code; 409 INTEROP_SUBSYSTEM_TAKEN when the code belongs to another client or the client is already another subsystem. Audited.`,
        params: Type.Object({ code: Code }),
        'x-errors': ['INTEROP_SUBSYSTEM_TAKEN', 'INTEROP_UNKNOWN_CLIENT', 'INSUFFICIENT_SCOPE'],
        response: { 200: Type.Object({ client: Type.String() }), 201: Type.Object({ client: Type.String() }) },
      },
    },
    async (request, reply) => {
      const system = systems.of(request);
      const { subsystem, created } = await registerSubsystem(deps, system, request.params.code, request.id);
      return reply.code(created ? 201 : 200).send({ client: `${deps.country.code.toUpperCase()}/GOV/${subsystem.memberCode}/${subsystem.code}` });
    },
  );

  app.put(
    '/api/v1/interop/services/:code',
    {
      onRequest: systems.hook(INTEROP_SCOPES.manage),
      schema: {
        tags: ['interop'],
        operationId: 'publishInteropService',
        security: bearer(INTEROP_SCOPES.manage),
        summary: 'Publishes (or updates) a service of the calling subsystem in the catalog',
        description: `${AUTH(INTEROP_SCOPES.manage)} The client must be a registered subsystem; the service is reached at /r1/INSTANCE/GOV/MEMBER/SUBSYSTEM/CODE/… and forwarded to \`baseUrl\`. 201 when new, 200 when updated. Audited.`,
        params: Type.Object({ code: Code }),
        body: Type.Object(
          {
            title: Type.String({ minLength: 3, maxLength: 200 }),
            baseUrl: Type.String({ maxLength: 500, description: "The producer's HTTP base URL (an adapter in front of its system)" }),
            openapi: Type.Object({}, { additionalProperties: true, description: 'The OpenAPI 3 description of the service' }),
            legalBasis: Type.String({ minLength: 3, maxLength: 1000 }),
            classification: Type.String({ enum: [...CLASSIFICATIONS] }),
            conditions: Type.Optional(Type.String({ maxLength: 2000 })),
            sourceLabel: Type.Optional(Type.String({ maxLength: 100, description: 'How forms name the source of a prefilled value ("SEGIP")' })),
          },
          { additionalProperties: false },
        ),
        'x-errors': ['INTEROP_UNKNOWN_CLIENT', 'INSUFFICIENT_SCOPE'],
        response: { 200: Type.Ref('InteropService'), 201: Type.Ref('InteropService') },
      },
    },
    async (request, reply) => {
      const system = systems.of(request);
      const body = request.body;
      const { service, created } = await publishService(
        deps,
        system,
        { ...body, openapi: body.openapi as Record<string, unknown>, code: request.params.code, classification: body.classification as Service['classification'] },
        request.id,
      );
      return reply.code(created ? 201 : 200).send(view(service));
    },
  );

  app.get(
    '/api/v1/interop/services/:code/grants',
    {
      onRequest: systems.hook(INTEROP_SCOPES.manage),
      schema: {
        tags: ['interop'],
        operationId: 'listInteropGrants',
        security: bearer(INTEROP_SCOPES.manage),
        summary: "Who may call one of the calling subsystem's services, endpoint by endpoint",
        description: AUTH(INTEROP_SCOPES.manage),
        params: Type.Object({ code: Code }),
        'x-errors': ['INTEROP_UNKNOWN_CLIENT', 'INTEROP_UNKNOWN_SERVICE', 'INSUFFICIENT_SCOPE'],
        response: { 200: Type.Object({ items: Type.Array(GrantSchema) }) },
      },
    },
    async (request) => {
      const system = systems.of(request);
      const grants = await grantsOf(deps, system, request.params.code);
      return { items: grants.map((g) => ({ client: `${deps.country.code.toUpperCase()}/GOV/${g.clientMember}/${g.clientSubsystem}`, method: g.method, path: g.path })) };
    },
  );

  app.post(
    '/api/v1/interop/services/:code/grants',
    {
      onRequest: systems.hook(INTEROP_SCOPES.manage),
      schema: {
        tags: ['interop'],
        operationId: 'grantInteropAccess',
        security: bearer(INTEROP_SCOPES.manage),
        summary: 'Grants a consumer subsystem one endpoint of one of the calling subsystem’s services',
        description: `${AUTH(INTEROP_SCOPES.manage)} 201 when granted, 200 when it already was. Audited; takes effect at once.`,
        params: Type.Object({ code: Code }),
        body: GrantSchema,
        'x-errors': ['INTEROP_UNKNOWN_CLIENT', 'INTEROP_UNKNOWN_SERVICE', 'INSUFFICIENT_SCOPE'],
        response: { 200: Type.Object({ granted: Type.Boolean() }), 201: Type.Object({ granted: Type.Boolean() }) },
      },
    },
    async (request, reply) => {
      const system = systems.of(request);
      const body = request.body;
      const created = await grantAccess(deps, system, request.params.code, { client: body.client, method: body.method as (typeof METHODS)[number], path: body.path }, request.id);
      return reply.code(created ? 201 : 200).send({ granted: true });
    },
  );

  app.delete(
    '/api/v1/interop/services/:code/grants',
    {
      onRequest: systems.hook(INTEROP_SCOPES.manage),
      schema: {
        tags: ['interop'],
        operationId: 'revokeInteropAccess',
        security: bearer(INTEROP_SCOPES.manage),
        summary: "Revokes a consumer's access to a service: every endpoint, or the one named by method and path",
        description: `${AUTH(INTEROP_SCOPES.manage)} Audited; the next call is refused in every process (the exchange's caches are forgotten through the notification bus when the revocation commits).`,
        params: Type.Object({ code: Code }),
        querystring: Type.Object(
          { client: Type.String({ maxLength: 300 }), method: Type.Optional(Type.String({ enum: [...METHODS] })), path: Type.Optional(Type.String({ maxLength: 300 })) },
          { additionalProperties: false },
        ),
        'x-errors': ['INTEROP_UNKNOWN_CLIENT', 'INTEROP_UNKNOWN_SERVICE', 'INSUFFICIENT_SCOPE'],
        response: { 200: Type.Object({ removed: Type.Integer() }) },
      },
    },
    async (request) => {
      const system = systems.of(request);
      const { client, method, path } = request.query;
      const removed = await revokeAccess(deps, system, request.params.code, client, method && path ? { method, path } : undefined, request.id);
      return { removed };
    },
  );

  app.get(
    '/api/v1/interop/messages/:id/evidence',
    {
      onRequest: systems.hook(INTEROP_SCOPES.call),
      schema: {
        tags: ['interop'],
        operationId: 'downloadInteropEvidence',
        security: bearer(INTEROP_SCOPES.call),
        summary: "A message's signed evidence package (tar): its log entry, the sealed batch, the batch's CMS signature and RFC 3161 timestamp, the trust anchors",
        description: `${AUTH(INTEROP_SCOPES.call)} For the consumer's or the producer's agency only (404 INTEROP_NOT_FOUND otherwise). The id is the \`X-Road-Message-Log-Id\` of the call's answer. A message not sealed yet is sealed first. The verification commands are in the package's README.txt and in docs/interoperability.md.`,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        'x-errors': ['INTEROP_NOT_FOUND'],
        response: { 200: Type.String({ contentMediaType: 'application/x-tar', description: 'A POSIX tar archive' }) },
      },
    },
    async (request, reply) => {
      const system = systems.of(request);
      const { tar } = await evidencePackage(deps, system, request.params.id);
      return reply
        .type('application/x-tar')
        .header('content-disposition', `attachment; filename="evidencia-${request.params.id}.tar"`)
        .header('cache-control', 'no-store')
        .send(tar as never);
    },
  );
}

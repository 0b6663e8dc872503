// Agencies' APIs for resource indicators (RFC 8707) in the administration API, beside the
// clients (/api/v1/admin/resource-servers): platform administrators, bearer token with
// `tambo:admin`, every change audited (admin/resource-servers.service.ts, docs/api-auth.md).
import type { FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import type { Deps } from '../../../platform/module.ts';
import type { Staff } from '../admin/common.ts';
import { getResourceServer, listResourceServers, registerResourceServer, updateResourceServerSettings } from '../admin/resource-servers.service.ts';
import { ADMIN_SCOPE } from '../oidc/provider.ts';
import type { ResourceServer } from '../resource-server.types.ts';

const EXAMPLE = {
  identifier: 'https://api.segip.gob.bo/',
  agencyCode: 'SEGIP',
  name: 'API de certificados del SEGIP',
  description: 'Consultar sus certificados de identidad emitidos',
  scopes: ['segip:certificados'],
  clientIds: [],
  accessTokenTtl: 600,
  tokenFormat: 'opaque',
};

const ResourceServerSchema = Type.Object(
  {
    id: Type.String({ description: 'Assigned by Tambo' }),
    identifier: Type.String({ description: "The absolute https URI a client sends as `resource`; the access token's `aud`" }),
    agencyCode: Type.String({ description: 'The agency that owns the API: its clients introspect the tokens and may ask for them' }),
    name: Type.String({ description: 'Shown to people on the consent page' }),
    description: Type.String({ description: "What the API lets a client do in the person's name, shown on the consent page" }),
    scopes: Type.Array(Type.String(), { description: 'Scopes the API accepts (its own names); a token for it carries only these' }),
    clientIds: Type.Array(Type.String(), { description: "Clients of other agencies that may ask for it (the owning agency's clients always may)" }),
    accessTokenTtl: Type.Integer({ description: 'Seconds an access token for the API lives' }),
    tokenFormat: Type.String({ description: "opaque (checked by introspection by the owning agency's client) or jwt (RS256, signed by the provider, checked offline against /auth/jwks)" }),
    isActive: Type.Boolean({ description: 'false: clients asking for it get invalid_target and introspection answers inactive' }),
  },
  { $id: 'AdminResourceServer' },
);

const WriteFields = {
  identifier: Type.String({ minLength: 1, maxLength: 300, examples: [EXAMPLE.identifier] }),
  agencyCode: Type.String({ maxLength: 64, description: 'Code of an agency (GET /api/v1/agencies)' }),
  name: Type.String({ minLength: 1, maxLength: 120 }),
  description: Type.String({ minLength: 1, maxLength: 1000 }),
  scopes: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 20, description: 'Lowercase names with _ . : -, never a scope Tambo already knows' }),
  clientIds: Type.Array(Type.String({ maxLength: 80 }), { maxItems: 20 }),
  accessTokenTtl: Type.Integer({ minimum: 60, maximum: 3600, description: 'Default 600' }),
  tokenFormat: Type.Union([Type.Literal('opaque'), Type.Literal('jwt')], { description: 'Default opaque' }),
};
const CreateSchema = Type.Object(
  { ...WriteFields, clientIds: Type.Optional(WriteFields.clientIds), accessTokenTtl: Type.Optional(WriteFields.accessTokenTtl), tokenFormat: Type.Optional(WriteFields.tokenFormat) },
  { additionalProperties: false },
);
const PatchSchema = Type.Object(
  {
    identifier: Type.Optional(WriteFields.identifier),
    agencyCode: Type.Optional(WriteFields.agencyCode),
    name: Type.Optional(WriteFields.name),
    description: Type.Optional(WriteFields.description),
    scopes: Type.Optional(WriteFields.scopes),
    clientIds: Type.Optional(WriteFields.clientIds),
    accessTokenTtl: Type.Optional(WriteFields.accessTokenTtl),
    tokenFormat: Type.Optional(WriteFields.tokenFormat),
    isActive: Type.Optional(Type.Boolean({ description: 'false deactivates the API, true reactivates it' })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$', description: 'The id Tambo assigned' }) });

const toJson = (s: ResourceServer) => ({
  id: s.id,
  identifier: s.identifier,
  agencyCode: s.agencyCode,
  name: s.name,
  description: s.description,
  scopes: s.scopes,
  clientIds: s.clientIds,
  accessTokenTtl: s.accessTokenTtl,
  tokenFormat: s.tokenFormat,
  isActive: s.isActive,
});

export interface AdminApiParts {
  common: { tags: string[]; description: string };
  problem: (description: string) => TSchema;
  authErrors: Record<number, TSchema>;
  invalid: Record<number, TSchema>;
  /** The administrator the route's onRequest hook found. */
  admin: (request: FastifyRequest) => Staff;
  /** The hook that authenticates the administrator, before validation. */
  onRequest: (request: FastifyRequest) => Promise<void>;
}

export function registerResourceServerApi(app: TamboApp, deps: Deps, parts: AdminApiParts): void {
  const { common, problem, authErrors, invalid, admin, onRequest } = parts;
  app.addSchema(ResourceServerSchema);
  const notFound = { 404: problem("No agency's API with this id (IDENTITY_RESOURCE_SERVER_NOT_FOUND)") };

  app.get(
    '/api/v1/admin/resource-servers',
    {
      onRequest,
      schema: {
        ...common,
        operationId: 'listAdminResourceServers',
        security: bearer(ADMIN_SCOPE),
        'x-errors': ['FORBIDDEN'],
        summary: "Agencies' APIs that accept people's tokens (resource indicators; platform administrators)",
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('AdminResourceServer')) }), ...authErrors },
      },
    },
    async (request) => ({ items: (await listResourceServers(deps, admin(request))).map(toJson) }),
  );

  app.post(
    '/api/v1/admin/resource-servers',
    {
      onRequest,
      schema: {
        ...common,
        operationId: 'registerAdminResourceServer',
        security: bearer(ADMIN_SCOPE),
        'x-errors': ['FORBIDDEN'],
        summary: "Registers an agency's API: clients may then ask `resource=<identifier>` for tokens to call it",
        body: CreateSchema,
        response: { 201: Type.Ref('AdminResourceServer'), ...invalid, ...authErrors },
      },
    },
    async (request, reply) => {
      const staff = admin(request);
      const b = request.body;
      const server = await registerResourceServer(deps, staff, {
        identifier: b.identifier,
        agencyCode: b.agencyCode,
        name: b.name,
        description: b.description,
        scopes: b.scopes,
        clientIds: b.clientIds ?? [],
        accessTokenTtl: b.accessTokenTtl ?? 600,
        tokenFormat: b.tokenFormat ?? 'opaque',
      });
      reply.header('location', `/api/v1/admin/resource-servers/${server.id}`);
      return reply.code(201).send(toJson(server));
    },
  );

  app.get(
    '/api/v1/admin/resource-servers/:id',
    {
      onRequest,
      schema: {
        ...common,
        operationId: 'getAdminResourceServer',
        security: bearer(ADMIN_SCOPE),
        'x-errors': ['FORBIDDEN', 'IDENTITY_RESOURCE_SERVER_NOT_FOUND'],
        summary: "One agency's API",
        params: IdParams,
        response: { 200: Type.Ref('AdminResourceServer'), ...authErrors, ...notFound },
      },
    },
    async (request) => toJson(await getResourceServer(deps, admin(request), request.params.id)),
  );

  app.patch(
    '/api/v1/admin/resource-servers/:id',
    {
      onRequest,
      schema: {
        ...common,
        operationId: 'updateAdminResourceServer',
        security: bearer(ADMIN_SCOPE),
        'x-errors': ['FORBIDDEN', 'IDENTITY_RESOURCE_SERVER_NOT_FOUND'],
        summary: "Changes an agency's API, or deactivates / reactivates it (fields left out stay as they are)",
        params: IdParams,
        body: PatchSchema,
        response: { 200: Type.Ref('AdminResourceServer'), ...invalid, ...authErrors, ...notFound },
      },
    },
    async (request) => {
      const staff = admin(request);
      const existing = await getResourceServer(deps, staff, request.params.id);
      const changes = Object.fromEntries(Object.entries(request.body).filter(([, value]) => value !== undefined));
      await updateResourceServerSettings(deps, staff, existing.id, { ...existing, ...changes });
      return toJson(await getResourceServer(deps, staff, existing.id));
    },
  );
}

// The JSON API for agencies' systems (/api/v1/admin/clients), authenticated with a bearer
// access token issued by Tambo's own provider with the `tambo:admin` scope to a platform
// administrator (see docs/identity-operations.md).
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { findAccount } from '../account-lookup.service.ts';
import { LEVELS } from '../account.types.ts';
import { getClient, listClients, registerClient, rotateClientSecret, setClientActive, setClientCertificate, settingsOf, updateClient, type ClientInput } from '../admin/clients.service.ts';
import { loadStaff, type Staff } from '../admin/common.ts';
import { isPlatformAdmin } from '../admin.policy.ts';
import type { Client } from '../client.types.ts';
import { SCOPES } from '../oidc/claims.ts';
import { ADMIN_SCOPE, clientMetadata } from '../oidc/provider.ts';
import { ClientIdParams } from './admin-common.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import { authenticatedBy } from '../../../platform/http/principal.ts';
import { registerResourceServerApi } from './admin-resources-api.ts';

const LevelSchema = Type.Union(
  LEVELS.map((l) => Type.Literal(l)),
  { description: 'Lowest level of assurance the system accepts (bajo, sustancial, alto)' },
);
// The modules' scopes are known only once the app starts: the service checks each name.
const ScopeSchema = Type.String({
  maxLength: 64,
  pattern: '^[a-z_]+(:[a-z_]+)?$',
  description: `A claim scope (${SCOPES.join(', ')}) or a scope a module declares, such as cases:read (docs/api-auth.md)`,
});

const ClientSchema = Type.Object(
  {
    clientId: Type.String({ description: 'Assigned by Tambo' }),
    name: Type.String({ description: 'Shown to people on the consent page' }),
    agencyCode: Type.Union([Type.String(), Type.Null()], { description: 'The agency the system belongs to' }),
    redirectUris: Type.Array(Type.String(), { description: 'Exact addresses the provider may send people back to' }),
    postLogoutRedirectUris: Type.Array(Type.String()),
    backchannelLogoutUri: Type.Union([Type.String(), Type.Null()], { description: 'Where the provider POSTs logout tokens' }),
    scopes: Type.Array(Type.String(), { description: 'Scopes (and so claims) the system may ask for' }),
    minimumLevel: Type.String(),
    sectorIdentifier: Type.Union([Type.String(), Type.Null()], { description: 'Systems with the same sector get the same pairwise subject' }),
    subjectType: Type.String({ description: 'pairwise (default for agencies) or public' }),
    requirePar: Type.Boolean({ description: 'Whether authorization requests must be pushed (PAR)' }),
    purpose: Type.String({ description: 'Why the system needs the data, shown on the consent page' }),
    isActive: Type.Boolean({ description: 'false: the provider does not know the system any more' }),
    tokenEndpointAuthMethod: Type.String({ description: 'How the system authenticates at the token endpoint (tls_client_auth, self_signed_tls_client_auth: mutual TLS, docs/api-auth.md)' }),
    tlsClientAuthSubjectDn: Type.Union([Type.String(), Type.Null()], { description: 'Mutual TLS: the subject DN of its certificate from the State CA (tls_client_auth)' }),
    tlsClientCertificates: Type.Array(Type.String(), { description: 'Mutual TLS: its self-signed certificates, PEM (self_signed_tls_client_auth)' }),
    rights: Type.Array(Type.String(), { description: 'Machine rights the system obtains by itself with the client credentials grant (docs/api-auth.md)' }),
    grantTypes: Type.Array(Type.String(), { description: 'The OAuth 2 grants the provider lets the system use' }),
  },
  { $id: 'AdminClient' },
);

const ClientWriteFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  agencyCode: Type.String({ maxLength: 64, description: 'Code of an agency (GET /api/v1/agencies)' }),
  redirectUris: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 10, description: 'https (http only on 127.0.0.1/localhost when the portal is not served over https)' }),
  postLogoutRedirectUris: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 10 }),
  backchannelLogoutUri: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  scopes: Type.Array(ScopeSchema, { maxItems: 20, description: 'Must include openid when the system signs people in (has redirect URIs)' }),
  minimumLevel: LevelSchema,
  sectorIdentifier: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  subjectType: Type.Union([Type.Literal('pairwise'), Type.Literal('public')]),
  requirePar: Type.Boolean(),
  purpose: Type.String({ minLength: 1, maxLength: 1000 }),
  rights: Type.Array(ScopeSchema, {
    maxItems: 20,
    description:
      'Machine rights: module scopes declared for systems (mailbox:send, cases:feed, cases:handle, …) that the system obtains by itself with the client credentials grant. A system with rights only may have no redirect URIs and no scopes.',
  }),
};
const ClientCreateSchema = Type.Object(
  {
    ...ClientWriteFields,
    redirectUris: Type.Optional(ClientWriteFields.redirectUris),
    scopes: Type.Optional(ClientWriteFields.scopes),
    postLogoutRedirectUris: Type.Optional(ClientWriteFields.postLogoutRedirectUris),
    backchannelLogoutUri: Type.Optional(ClientWriteFields.backchannelLogoutUri),
    sectorIdentifier: Type.Optional(ClientWriteFields.sectorIdentifier),
    subjectType: Type.Optional(ClientWriteFields.subjectType),
    requirePar: Type.Optional(ClientWriteFields.requirePar),
    rights: Type.Optional(ClientWriteFields.rights),
  },
  { additionalProperties: false },
);
const ClientPatchSchema = Type.Object(
  {
    ...(Object.fromEntries(Object.entries(ClientWriteFields).map(([key, schema]) => [key, Type.Optional(schema)])) as {
      [K in keyof typeof ClientWriteFields]: ReturnType<typeof Type.Optional<(typeof ClientWriteFields)[K]>>;
    }),
    isActive: Type.Optional(Type.Boolean({ description: 'false deactivates the system, true reactivates it' })),
  },
  { additionalProperties: false },
);
const SecretSchema = Type.Object({
  client: Type.Ref('AdminClient'),
  clientSecret: Type.String({ description: 'Shown only in this response; Tambo stores its hash' }),
});

const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    instance: Type.String(),
    code: Type.String({ description: 'Stable error code (docs/errors.md)' }),
    requestId: Type.String(),
    errors: Type.Optional(
      Type.Array(Type.Object({ pointer: Type.Optional(Type.String({ description: 'JSON pointer to the invalid field' })), field: Type.Optional(Type.String()), detail: Type.String() })),
    ),
  },
  { $id: 'IdentityAdminProblem', description: 'RFC 9457 problem details (application/problem+json)' },
);
const problem = (description: string) => ({ ...Type.Ref('IdentityAdminProblem'), description });
const AUTH_ERRORS = {
  401: problem('No valid bearer access token (UNAUTHENTICATED); see WWW-Authenticate'),
  403: problem('The token lacks the tambo:admin scope, or its holder is not a platform administrator (FORBIDDEN)'),
};
const NOT_FOUND = { 404: problem('No agency system with this client id (IDENTITY_CLIENT_NOT_FOUND)') };
const INVALID = { 400: problem('Invalid fields (VALIDATION_FAILED), each with a JSON pointer') };

const toJson = (c: Client) => ({
  clientId: c.clientId,
  ...settingsOf(c),
  isActive: c.isActive,
  tokenEndpointAuthMethod: clientMetadata(c).token_endpoint_auth_method as string,
  tlsClientAuthSubjectDn: c.tlsSubjectDn ?? null,
  tlsClientCertificates: c.tlsCertificates ?? [],
  grantTypes: clientMetadata(c).grant_types as string[],
});

function inputFromClient(c: Client): ClientInput {
  return {
    name: c.name,
    agencyCode: c.agencyCode ?? '',
    redirectUris: c.redirectUris,
    postLogoutRedirectUris: c.postLogoutRedirectUris,
    backchannelLogoutUri: c.backchannelLogoutUri ?? '',
    scopes: c.scopes,
    minimumLevel: c.minimumLevel,
    sectorIdentifier: c.sectorIdentifier ?? '',
    subjectType: c.subjectType,
    requirePar: c.requirePar,
    purpose: c.purpose,
    rights: c.rights,
  };
}

/** Service field names become JSON pointers into the body. */
async function asApi<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
      throw new AppError('VALIDATION_FAILED', { fields: error.fields.map((f) => ({ ...f, field: f.field.startsWith('/') ? f.field : `/${f.field}` })) });
    }
    throw error;
  }
}

const BEARER = /^Bearer ([\w-]{20,200})$/;

/**
 * The platform administrator behind a bearer access token: issued by our provider, live, with
 * the `tambo:admin` scope, to an account that is a platform administrator now. 401 without
 * a usable token, 403 when the token is good but its holder may not administer.
 */
async function adminFromBearer(app: TamboApp, deps: Deps, request: FastifyRequest): Promise<Staff> {
  const challenge = { 'www-authenticate': `Bearer realm="tambo", scope="${ADMIN_SCOPE}"` };
  const match = BEARER.exec(request.headers.authorization ?? '');
  const token = match ? await app.oidcProvider.AccessToken.find(match[1]!) : undefined;
  if (!token || token.isExpired || !token.accountId || token.aud !== undefined) throw new AppError('UNAUTHENTICATED', { headers: challenge });
  const scopes = String(token.scope ?? '').split(' ');
  const account = await findAccount(deps, token.accountId);
  if (!account) throw new AppError('UNAUTHENTICATED', { headers: challenge });
  if (!scopes.includes(ADMIN_SCOPE)) throw new AppError('FORBIDDEN', { headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${ADMIN_SCOPE}"` } });
  const staff = await loadStaff(deps, account, request.id);
  if (!isPlatformAdmin(staff)) throw new AppError('FORBIDDEN');
  return staff;
}

export function registerAdminApi(app: TamboApp, deps: Deps): void {
  app.addSchema(ClientSchema);
  app.addSchema(ProblemSchema);
  // The administrator is found in onRequest, before the body is validated.
  const door = authenticatedBy((request) => adminFromBearer(app, deps, request));
  const onRequest = door.hook();
  const common = {
    tags: ['identity-admin'],
    description: `Platform administrators only: send \`Authorization: Bearer <access token>\`, a token issued by Tambo's provider (/auth) with the \`${ADMIN_SCOPE}\` scope to a platform administrator (401 without one, 403 when its holder may not administer). See docs/identity-operations.md.`,
  };

  app.get(
    '/api/v1/admin/clients',
    {
      onRequest,
      schema: {
        ...common,
        operationId: 'listAdminClients',
        security: bearer(ADMIN_SCOPE),
        'x-errors': ['FORBIDDEN'],
        summary: "Agencies' systems registered to sign people in (platform administrators)",
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('AdminClient')) }), ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const staff = door.of(request);
      return { items: (await listClients(deps, staff)).map(toJson) };
    },
  );

  app.post(
    '/api/v1/admin/clients',
    {
      onRequest,
      schema: {
        ...common,
        operationId: 'registerAdminClient',
        security: bearer(ADMIN_SCOPE),
        'x-errors': ['FORBIDDEN'],
        summary: "Registers an agency's system; the answer carries its secret, once",
        body: ClientCreateSchema,
        response: { 201: SecretSchema, ...INVALID, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      const staff = door.of(request);
      const b = request.body;
      const { client, clientSecret } = await asApi(() =>
        registerClient(deps, staff, {
          name: b.name,
          agencyCode: b.agencyCode,
          redirectUris: b.redirectUris ?? [],
          postLogoutRedirectUris: b.postLogoutRedirectUris ?? [],
          backchannelLogoutUri: b.backchannelLogoutUri ?? '',
          scopes: b.scopes ?? [],
          minimumLevel: b.minimumLevel,
          sectorIdentifier: b.sectorIdentifier ?? '',
          subjectType: b.subjectType ?? 'pairwise',
          requirePar: b.requirePar ?? false,
          purpose: b.purpose,
          rights: b.rights ?? [],
        }),
      );
      reply.header('location', `/api/v1/admin/clients/${client.clientId}`).header('cache-control', 'no-store');
      return reply.code(201).send({ client: toJson(client), clientSecret });
    },
  );

  app.get(
    '/api/v1/admin/clients/:clientId',
    {
      onRequest,
      schema: {
        ...common,
        operationId: 'getAdminClient',
        security: bearer(ADMIN_SCOPE),
        'x-errors': ['FORBIDDEN', 'IDENTITY_CLIENT_NOT_FOUND'],
        summary: "One agency's system",
        params: ClientIdParams,
        response: { 200: Type.Ref('AdminClient'), ...AUTH_ERRORS, ...NOT_FOUND },
      },
    },
    async (request) => {
      const staff = door.of(request);
      return toJson(await getClient(deps, staff, request.params.clientId));
    },
  );

  app.patch(
    '/api/v1/admin/clients/:clientId',
    {
      onRequest,
      schema: {
        ...common,
        operationId: 'updateAdminClient',
        security: bearer(ADMIN_SCOPE),
        'x-errors': ['FORBIDDEN', 'IDENTITY_CLIENT_NOT_FOUND'],
        summary: "Changes an agency's system's settings, or deactivates / reactivates it (fields left out stay as they are)",
        params: ClientIdParams,
        body: ClientPatchSchema,
        response: { 200: Type.Ref('AdminClient'), ...INVALID, ...AUTH_ERRORS, ...NOT_FOUND },
      },
    },
    async (request) => {
      const staff = door.of(request);
      const { clientId } = request.params;
      const { isActive, ...changes } = request.body;
      const existing = await getClient(deps, staff, clientId);
      const input: ClientInput = {
        ...inputFromClient(existing),
        ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
      } as ClientInput;
      if (changes.backchannelLogoutUri === null) input.backchannelLogoutUri = '';
      if (changes.sectorIdentifier === null) input.sectorIdentifier = '';
      if (Object.keys(changes).length > 0) await asApi(() => updateClient(deps, staff, clientId, input));
      if (isActive !== undefined) await setClientActive(deps, staff, clientId, isActive);
      return toJson(await getClient(deps, staff, clientId));
    },
  );

  app.post(
    '/api/v1/admin/clients/:clientId/secret',
    {
      onRequest,
      schema: {
        ...common,
        operationId: 'rotateAdminClientSecret',
        security: bearer(ADMIN_SCOPE),
        'x-errors': ['FORBIDDEN', 'IDENTITY_CLIENT_NOT_FOUND'],
        summary: "Replaces an agency's system's secret (the old one stops working at once); the new one is shown once",
        params: ClientIdParams,
        response: { 200: SecretSchema, ...AUTH_ERRORS, ...NOT_FOUND },
      },
    },
    async (request, reply) => {
      const staff = door.of(request);
      const clientSecret = await rotateClientSecret(deps, staff, request.params.clientId);
      reply.header('cache-control', 'no-store');
      return { client: toJson(await getClient(deps, staff, request.params.clientId)), clientSecret };
    },
  );

  app.put(
    '/api/v1/admin/clients/:clientId/certificate',
    {
      onRequest,
      schema: {
        ...common,
        operationId: 'setAdminClientCertificate',
        security: bearer(ADMIN_SCOPE),
        'x-errors': ['FORBIDDEN', 'IDENTITY_CLIENT_NOT_FOUND', 'VALIDATION_FAILED'],
        summary: "Sets how an agency's system authenticates by mutual TLS (RFC 8705): a subject DN or its self-signed certificates; neither: by its secret again",
        description: 'Its access tokens are then bound to the certificate it presents (docs/api-auth.md). Audited as identity.client_updated (changes.mtls, with thumbprints).',
        params: ClientIdParams,
        body: Type.Object(
          {
            subjectDn: Type.Optional(Type.Union([Type.String({ maxLength: 600, description: 'RFC 4514, e.g. CN=sistema,O=SEGIP,C=BO' }), Type.Null()])),
            certificates: Type.Optional(Type.Array(Type.String({ maxLength: 20_000 }), { maxItems: 10, description: 'PEM' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('AdminClient'), ...INVALID, ...AUTH_ERRORS, ...NOT_FOUND },
      },
    },
    async (request) => {
      const staff = door.of(request);
      await asApi(() => setClientCertificate(deps, staff, request.params.clientId, request.body));
      return toJson(await getClient(deps, staff, request.params.clientId));
    },
  );

  registerResourceServerApi(app, deps, { common, problem, authErrors: AUTH_ERRORS, invalid: INVALID, admin: door.of, onRequest });
}

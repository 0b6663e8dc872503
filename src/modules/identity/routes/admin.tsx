// Administration of Ciudadanía Digital:
// - pages for platform administrators: agencies' systems (/admin/clientes), and roles of
//   officials (/admin/roles, also for agency administrators in their agencies);
// - the registrar's page (/registrar): in-person verification and assisted registration;
// - the JSON API for agencies' systems (/api/v1/admin/clients), authenticated with a bearer
//   access token issued by Tambo's own provider with the `tambo:admin` scope to a platform
//   administrator (see docs/identity-operations.md).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { AppError, isAppError, type FieldError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { listAgencies, type Agency } from '../../agencies/index.ts';
import { findAccountById } from '../account.queries.ts';
import { upsertClient } from '../client.queries.ts';
import type { Client } from '../client.types.ts';
import {
  activateKey,
  addSigningKey,
  findPersonByDocument,
  listSigningKeys,
  retireKey,
  getClient,
  getPerson,
  grantRole,
  listAgencyRoles,
  listClients,
  loadStaff,
  manageableAgencies,
  registerClient,
  registerInPerson,
  registrarAgencyCodes,
  revokeRole,
  rotateClientSecret,
  setClientActive,
  updateClient,
  verifyInPerson,
  type ClientInput,
  type Staff,
} from '../admin.service.ts';
import { ADMIN_SCOPE } from '../oidc/provider.ts';
import { SCOPES } from '../oidc/claims.ts';
import { LEVELS } from '../account.types.ts';
import {
  AdminHomePage,
  KeysPage,
  ClientFormPage,
  ClientListPage,
  ClientSecretPage,
  EMPTY_CLIENT_FORM,
  RegisteredPage,
  RegistrarPage,
  RolesPage,
  clientFormValues,
  type ClientFormValues,
  type DocumentTypeOption,
  type FormErrors,
  type NewPersonValues,
} from '../views/admin.views.tsx';
import { requireSignedIn } from './portal-session.ts';
import { canManageAnyRoles, canManageClients, isRegistrar } from '../admin.policy.ts';

/** The first-party public client administrators' tools sign in with (code + PKCE on the loopback). */
export const ADMIN_TOOL_CLIENT_ID = 'tambo-admin';
export const ADMIN_TOOL_REDIRECT_URIS = ['http://127.0.0.1:8765/callback', 'http://localhost:8765/callback'];

const DONE_MESSAGES: Record<string, string> = {
  guardado: 'identity.admin.done.saved',
  sinCambios: 'identity.admin.done.unchanged',
  desactivado: 'identity.admin.done.deactivated',
  activado: 'identity.admin.done.reactivated',
  otorgado: 'identity.roles.done.granted',
  revocado: 'identity.roles.done.revoked',
  verificado: 'identity.registrar.done.verified',
  llaveNueva: 'identity.keys.done.added',
  llaveActiva: 'identity.keys.done.activated',
  llaveRetirada: 'identity.keys.done.retired',
};

const DoneQuery = Type.Object({ hecho: Type.Optional(Type.String({ maxLength: 20 })), institucion: Type.Optional(Type.String({ maxLength: 64 })) });
const Text = (max = 2000) => Type.Optional(Type.String({ maxLength: max }));
const TextOrList = Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })]));
const ClientIdParams = Type.Object({ clientId: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,79}$', description: 'The client id Tambo assigned' }) });

const ClientFormBody = Type.Object({
  name: Text(500),
  agencyCode: Text(64),
  redirectUris: Text(6000),
  postLogoutRedirectUris: Text(6000),
  backchannelLogoutUri: Text(600),
  scopes: TextOrList,
  minimumLevel: Text(20),
  sectorIdentifier: Text(300),
  subjectType: Text(20),
  requirePar: TextOrList,
  purpose: Text(2000),
});
const DocumentBody = { documentType: Text(20), documentNumber: Text(100) };
const CheckBody = { agencyCode: Text(64), office: Text(500), notes: Text(2000), documentChecked: TextOrList };
const VerifyBody = Type.Object({ accountId: Text(40), ...CheckBody });
const NewPersonBody = Type.Object({
  ...DocumentBody,
  ...CheckBody,
  givenName: Text(300),
  familyName: Text(300),
  email: Text(300),
  phone: Text(60),
  'birthDate-day': Text(4),
  'birthDate-month': Text(4),
  'birthDate-year': Text(6),
});

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const lines = (value: string | undefined): string[] =>
  (value ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Field errors as the page shows them: one translated message per field. */
function fieldErrors(request: FastifyRequest, fields: FieldError[]): FormErrors {
  const errors: FormErrors = {};
  for (const f of fields) errors[f.field] ??= request.t(f.messageKey, f.params);
  return errors;
}

/** Runs `work`; a VALIDATION_FAILED becomes the field errors to re-render with. */
async function attempt<T>(request: FastifyRequest, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; errors: FormErrors }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION_FAILED') return { ok: false, errors: fieldErrors(request, error.fields) };
    throw error;
  }
}

function doneMessage(request: FastifyRequest, done: string | undefined): string | undefined {
  const key = done ? DONE_MESSAGES[done] : undefined;
  return key ? request.t(key) : undefined;
}

function titleWithErrors(request: FastifyRequest, title: string, errors: FormErrors): string {
  return Object.keys(errors).length > 0 ? `${request.t('identity.admin.errorPrefix')} ${title}` : title;
}

function clientInputFromForm(body: Static<typeof ClientFormBody>): { values: ClientFormValues; input: ClientInput } {
  const values: ClientFormValues = {
    name: body.name ?? '',
    agencyCode: body.agencyCode ?? '',
    redirectUris: body.redirectUris ?? '',
    postLogoutRedirectUris: body.postLogoutRedirectUris ?? '',
    backchannelLogoutUri: body.backchannelLogoutUri ?? '',
    scopes: list(body.scopes),
    minimumLevel: body.minimumLevel ?? '',
    sectorIdentifier: body.sectorIdentifier ?? '',
    subjectType: body.subjectType ?? '',
    requirePar: list(body.requirePar).includes('yes'),
    purpose: body.purpose ?? '',
  };
  return {
    values,
    input: {
      ...values,
      redirectUris: lines(values.redirectUris),
      postLogoutRedirectUris: lines(values.postLogoutRedirectUris),
    },
  };
}

function documentTypes(deps: Deps, request: FastifyRequest): DocumentTypeOption[] {
  return deps.country.identityDocuments.map((d) => ({ code: d.code, label: d.name[request.locale], example: d.example }));
}

// ---------------------------------------------------------------------------------------
// JSON API

const LevelSchema = Type.Union(
  LEVELS.map((l) => Type.Literal(l)),
  { description: 'Lowest level of assurance the system accepts (bajo, sustancial, alto)' },
);
const ScopeSchema = Type.Union(SCOPES.map((s) => Type.Literal(s)));

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
    tokenEndpointAuthMethod: Type.String({ description: 'How the system authenticates at the token endpoint' }),
  },
  { $id: 'AdminClient' },
);

const ClientWriteFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  agencyCode: Type.String({ maxLength: 64, description: 'Code of an agency (GET /api/v1/agencies)' }),
  redirectUris: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 10, description: 'https (http only on 127.0.0.1/localhost when the portal is not served over https)' }),
  postLogoutRedirectUris: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 10 }),
  backchannelLogoutUri: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  scopes: Type.Array(ScopeSchema, { maxItems: 20, description: 'Must include openid' }),
  minimumLevel: LevelSchema,
  sectorIdentifier: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  subjectType: Type.Union([Type.Literal('pairwise'), Type.Literal('public')]),
  requirePar: Type.Boolean(),
  purpose: Type.String({ minLength: 1, maxLength: 1000 }),
};
const ClientCreateSchema = Type.Object(
  {
    ...ClientWriteFields,
    postLogoutRedirectUris: Type.Optional(ClientWriteFields.postLogoutRedirectUris),
    backchannelLogoutUri: Type.Optional(ClientWriteFields.backchannelLogoutUri),
    sectorIdentifier: Type.Optional(ClientWriteFields.sectorIdentifier),
    subjectType: Type.Optional(ClientWriteFields.subjectType),
    requirePar: Type.Optional(ClientWriteFields.requirePar),
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
  name: c.name,
  agencyCode: c.agencyCode,
  redirectUris: c.redirectUris,
  postLogoutRedirectUris: c.postLogoutRedirectUris,
  backchannelLogoutUri: c.backchannelLogoutUri,
  scopes: c.scopes,
  minimumLevel: c.minimumLevel,
  sectorIdentifier: c.sectorIdentifier,
  subjectType: c.subjectType,
  requirePar: c.requirePar,
  purpose: c.purpose,
  isActive: c.isActive,
  tokenEndpointAuthMethod: c.clientSecret ? 'client_secret_basic' : 'none',
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
  if (!token || token.isExpired || !token.accountId) throw new AppError('UNAUTHENTICATED', { headers: challenge });
  const scopes = String(token.scope ?? '').split(' ');
  const account = await findAccountById(deps.db, token.accountId);
  if (!account) throw new AppError('UNAUTHENTICATED', { headers: challenge });
  if (!scopes.includes(ADMIN_SCOPE)) throw new AppError('FORBIDDEN', { headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${ADMIN_SCOPE}"` } });
  const staff = await loadStaff(deps, account, request.id);
  if (!account.isPlatformAdmin) throw new AppError('FORBIDDEN');
  return staff;
}

function registerAdminApi(app: TamboApp, deps: Deps): void {
  app.addSchema(ClientSchema);
  app.addSchema(ProblemSchema);
  const common = {
    tags: ['identity-admin'],
    description: `Platform administrators only: send \`Authorization: Bearer <access token>\`, a token issued by Tambo's provider (/auth) with the \`${ADMIN_SCOPE}\` scope to a platform administrator (401 without one, 403 when its holder may not administer). See docs/identity-operations.md.`,
  };

  app.get(
    '/api/v1/admin/clients',
    {
      schema: {
        ...common,
        operationId: 'listAdminClients',
        summary: "Agencies' systems registered to sign people in (platform administrators)",
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('AdminClient')) }), ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const staff = await adminFromBearer(app, deps, request);
      return { items: (await listClients(deps, staff)).map(toJson) };
    },
  );

  app.post(
    '/api/v1/admin/clients',
    {
      schema: {
        ...common,
        operationId: 'registerAdminClient',
        summary: "Registers an agency's system; the answer carries its secret, once",
        body: ClientCreateSchema,
        response: { 201: SecretSchema, ...INVALID, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      const staff = await adminFromBearer(app, deps, request);
      const b = request.body;
      const { client, clientSecret } = await asApi(() =>
        registerClient(deps, staff, {
          name: b.name,
          agencyCode: b.agencyCode,
          redirectUris: b.redirectUris,
          postLogoutRedirectUris: b.postLogoutRedirectUris ?? [],
          backchannelLogoutUri: b.backchannelLogoutUri ?? '',
          scopes: b.scopes,
          minimumLevel: b.minimumLevel,
          sectorIdentifier: b.sectorIdentifier ?? '',
          subjectType: b.subjectType ?? 'pairwise',
          requirePar: b.requirePar ?? false,
          purpose: b.purpose,
        }),
      );
      reply.header('location', `/api/v1/admin/clients/${client.clientId}`).header('cache-control', 'no-store');
      return reply.code(201).send({ client: toJson(client), clientSecret });
    },
  );

  app.get(
    '/api/v1/admin/clients/:clientId',
    {
      schema: { ...common, operationId: 'getAdminClient', summary: "One agency's system", params: ClientIdParams, response: { 200: Type.Ref('AdminClient'), ...AUTH_ERRORS, ...NOT_FOUND } },
    },
    async (request) => {
      const staff = await adminFromBearer(app, deps, request);
      return toJson(await getClient(deps, staff, request.params.clientId));
    },
  );

  app.patch(
    '/api/v1/admin/clients/:clientId',
    {
      schema: {
        ...common,
        operationId: 'updateAdminClient',
        summary: "Changes an agency's system's settings, or deactivates / reactivates it (fields left out stay as they are)",
        params: ClientIdParams,
        body: ClientPatchSchema,
        response: { 200: Type.Ref('AdminClient'), ...INVALID, ...AUTH_ERRORS, ...NOT_FOUND },
      },
    },
    async (request) => {
      const staff = await adminFromBearer(app, deps, request);
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
      schema: {
        ...common,
        operationId: 'rotateAdminClientSecret',
        summary: "Replaces an agency's system's secret (the old one stops working at once); the new one is shown once",
        params: ClientIdParams,
        response: { 200: SecretSchema, ...AUTH_ERRORS, ...NOT_FOUND },
      },
    },
    async (request, reply) => {
      const staff = await adminFromBearer(app, deps, request);
      const clientSecret = await rotateClientSecret(deps, staff, request.params.clientId);
      reply.header('cache-control', 'no-store');
      return { client: toJson(await getClient(deps, staff, request.params.clientId)), clientSecret };
    },
  );
}

// ---------------------------------------------------------------------------------------
// Pages

export async function registerAdminRoutes(app: TamboApp, deps: Deps): Promise<void> {
  await upsertClient(deps.db, {
    clientId: ADMIN_TOOL_CLIENT_ID,
    clientSecret: null,
    name: 'Tambo (administración)',
    agencyCode: null,
    redirectUris: ADMIN_TOOL_REDIRECT_URIS,
    postLogoutRedirectUris: [],
    backchannelLogoutUri: null,
    scopes: ['openid', ADMIN_SCOPE],
    minimumLevel: 'sustancial',
    sectorIdentifier: null,
    subjectType: 'public',
    requirePar: false,
    isFirstParty: true,
    purpose: '',
    isActive: true,
  });
  registerAdminApi(app, deps);

  const staffOf = async (request: FastifyRequest): Promise<Staff> => loadStaff(deps, requireSignedIn(request).account, request.id);
  const allowLoopback = !deps.config.isSecureCookies || deps.config.demo;
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

  app.get('/admin', async (request, reply) => {
    const staff = await staffOf(request);
    const can = { canManageClients: canManageClients(staff), canManageRoles: canManageAnyRoles(staff), isRegistrar: isRegistrar(staff) };
    if (!can.canManageClients && !can.canManageRoles && !can.isRegistrar) throw new AppError('FORBIDDEN');
    // Other modules' admin pages, declared in their definitions (`adminLinks`), by audience.
    const moduleAreas = app.tambo.modules
      .flatMap((module) => module.adminLinks ?? [])
      .filter((link) => link.audience === 'platformAdmin' && staff.account.isPlatformAdmin)
      .map((link) => ({ href: link.href, title: request.t(link.labelKey), text: request.t(link.textKey) }));
    return reply.page({ title: request.t('identity.admin.home.heading'), body: <AdminHomePage {...can} moduleAreas={moduleAreas} /> });
  });

  // --- Agencies' systems
  const clientForm = async (request: FastifyRequest, reply: FastifyReply, options: { client?: Client; values: ClientFormValues; errors: FormErrors; done?: string }) => {
    const agencies = await listAgencies(deps);
    const title = options.client ? request.t('identity.admin.clients.editTitle') : request.t('identity.admin.clients.newHeading');
    return reply.page({
      status: Object.keys(options.errors).length > 0 ? 400 : 200,
      title: titleWithErrors(request, title, options.errors),
      breadcrumbs: [{ href: '/admin/clientes', label: request.t('identity.admin.clients.heading') }],
      body: <ClientFormPage client={options.client} values={options.values} errors={options.errors} agencies={agencies} allowLoopbackHttp={allowLoopback} done={options.done} />,
    });
  };

  app.get('/admin/clientes', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    const staff = await staffOf(request);
    const clients = await listClients(deps, staff);
    return reply.page({
      title: request.t('identity.admin.clients.heading'),
      body: <ClientListPage clients={clients} agencies={await listAgencies(deps)} done={doneMessage(request, request.query.hecho)} />,
    });
  });

  app.get('/admin/clientes/nuevo', async (request, reply) => {
    await listClients(deps, await staffOf(request));
    return clientForm(request, reply, { values: EMPTY_CLIENT_FORM, errors: {} });
  });

  app.post('/admin/clientes/nuevo', { schema: { body: ClientFormBody } }, async (request, reply) => {
    const staff = await staffOf(request);
    const { values, input } = clientInputFromForm(request.body);
    const result = await attempt(request, () => registerClient(deps, staff, input));
    if (!result.ok) return clientForm(request, reply, { values, errors: result.errors });
    noStore(reply);
    return reply.page({ title: request.t('identity.admin.secret.title'), body: <ClientSecretPage client={result.value.client} secret={result.value.clientSecret} isNew /> });
  });

  app.get('/admin/clientes/:clientId', { schema: { params: ClientIdParams, querystring: DoneQuery } }, async (request, reply) => {
    const client = await getClient(deps, await staffOf(request), request.params.clientId);
    return clientForm(request, reply, { client, values: clientFormValues(client), errors: {}, done: doneMessage(request, request.query.hecho) });
  });

  app.post('/admin/clientes/:clientId', { schema: { params: ClientIdParams, body: ClientFormBody } }, async (request, reply) => {
    const staff = await staffOf(request);
    const client = await getClient(deps, staff, request.params.clientId);
    const { values, input } = clientInputFromForm(request.body);
    const result = await attempt(request, () => updateClient(deps, staff, client.clientId, input));
    if (!result.ok) return clientForm(request, reply, { client, values, errors: result.errors });
    return reply.redirect(`/admin/clientes/${client.clientId}?hecho=${result.value === 'updated' ? 'guardado' : 'sinCambios'}`, 303);
  });

  app.post('/admin/clientes/:clientId/secreto', { schema: { params: ClientIdParams } }, async (request, reply) => {
    const staff = await staffOf(request);
    const secret = await rotateClientSecret(deps, staff, request.params.clientId);
    const client = await getClient(deps, staff, request.params.clientId);
    noStore(reply);
    return reply.page({ title: request.t('identity.admin.secret.title'), body: <ClientSecretPage client={client} secret={secret} isNew={false} /> });
  });

  app.post('/admin/clientes/:clientId/estado', { schema: { params: ClientIdParams, body: Type.Object({ active: Text(10) }) } }, async (request, reply) => {
    const staff = await staffOf(request);
    if (request.body.active !== 'true' && request.body.active !== 'false') throw new AppError('BAD_REQUEST');
    const isActive = request.body.active === 'true';
    await setClientActive(deps, staff, request.params.clientId, isActive);
    return reply.redirect(`/admin/clientes/${request.params.clientId}?hecho=${isActive ? 'activado' : 'desactivado'}`, 303);
  });

  // --- Signing keys (the same steps as `npm run keys:rotate`; each takes effect as processes restart)
  const KidParams = Type.Object({ kid: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });
  app.get('/admin/llaves', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    const keys = await listSigningKeys(deps.db, await staffOf(request));
    return reply.page({
      title: request.t('identity.keys.heading'),
      breadcrumbs: [{ href: '/admin', label: request.t('identity.admin.home.heading') }],
      body: <KeysPage keys={keys} signingNow={String(app.platformSigningJwk.kid)} signingNext={keys.find((key) => !key.retiredAt)?.kid} done={doneMessage(request, request.query.hecho)} />,
    });
  });
  app.post('/admin/llaves', async (request, reply) => {
    await addSigningKey(deps.db, { staged: true }, await staffOf(request));
    return reply.redirect('/admin/llaves?hecho=llaveNueva', 303);
  });
  app.post('/admin/llaves/:kid/activar', { schema: { params: KidParams } }, async (request, reply) => {
    if (!(await activateKey(deps.db, request.params.kid, await staffOf(request)))) throw new AppError('NOT_FOUND');
    return reply.redirect('/admin/llaves?hecho=llaveActiva', 303);
  });
  app.post('/admin/llaves/:kid/retirar', { schema: { params: KidParams } }, async (request, reply) => {
    const result = await retireKey(deps.db, request.params.kid, await staffOf(request));
    if (result === 'unknown') throw new AppError('NOT_FOUND');
    if (result === 'signing') throw new AppError('CONFLICT');
    return reply.redirect('/admin/llaves?hecho=llaveRetirada', 303);
  });

  // --- Roles of officials
  const rolesPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    staff: Staff,
    agencyCode: string | undefined,
    form: { values?: { documentType: string; documentNumber: string; role: string }; errors?: FormErrors; done?: string } = {},
  ) => {
    const agencies = await manageableAgencies(deps, staff);
    const agency: Agency = agencies.find((a) => a.code === agencyCode) ?? agencies[0]!;
    const rows = await listAgencyRoles(deps, staff, agency.code);
    const errors = form.errors ?? {};
    return reply.page({
      status: Object.keys(errors).length > 0 ? 400 : 200,
      title: titleWithErrors(request, request.t('identity.roles.heading'), errors),
      body: (
        <RolesPage
          agencies={agencies}
          agency={agency}
          rows={rows}
          documentTypes={documentTypes(deps, request)}
          values={form.values ?? { documentType: deps.country.identityDocuments[0]?.code ?? '', documentNumber: '', role: '' }}
          errors={errors}
          done={form.done}
        />
      ),
    });
  };

  app.get('/admin/roles', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    const staff = await staffOf(request);
    return rolesPage(request, reply, staff, request.query.institucion, { done: doneMessage(request, request.query.hecho) });
  });

  app.post('/admin/roles/otorgar', { schema: { body: Type.Object({ agencyCode: Text(64), ...DocumentBody, role: Text(40) }) } }, async (request, reply) => {
    const staff = await staffOf(request);
    const values = { documentType: request.body.documentType ?? '', documentNumber: request.body.documentNumber ?? '', role: request.body.role ?? '' };
    const agencyCode = request.body.agencyCode ?? '';
    const result = await attempt(request, () => grantRole(deps, staff, { ...values, agencyCode }));
    if (!result.ok) return rolesPage(request, reply, staff, agencyCode, { values, errors: result.errors });
    return reply.redirect(`/admin/roles?institucion=${encodeURIComponent(agencyCode)}&hecho=otorgado`, 303);
  });

  app.post('/admin/roles/revocar', { schema: { body: Type.Object({ agencyCode: Text(64), accountId: Text(40), role: Text(40) }) } }, async (request, reply) => {
    const staff = await staffOf(request);
    const agencyCode = request.body.agencyCode ?? '';
    await revokeRole(deps, staff, { agencyCode, accountId: request.body.accountId ?? '', role: request.body.role ?? '' });
    return reply.redirect(`/admin/roles?institucion=${encodeURIComponent(agencyCode)}&hecho=revocado`, 303);
  });

  // --- In-person verification
  const registrarAgencies = async (staff: Staff) => {
    const codes = registrarAgencyCodes(staff);
    return (await listAgencies(deps)).filter((a) => codes.includes(a.code));
  };
  const emptyCheck = { agencyCode: '', office: '', notes: '', documentChecked: false };
  type RegistrarProps = Parameters<typeof RegistrarPage>[0];
  const registrarPage = async (request: FastifyRequest, reply: FastifyReply, staff: Staff, props: Partial<RegistrarProps>) => {
    const agencies = await registrarAgencies(staff);
    if (agencies.length === 0) throw new AppError('FORBIDDEN');
    const types = documentTypes(deps, request);
    const errors = { ...(props.searchErrors ?? {}), ...(props.result?.errors ?? {}) };
    return reply.page({
      status: Object.keys(errors).length > 0 ? 400 : 200,
      title: titleWithErrors(request, request.t('identity.registrar.heading'), errors),
      body: (
        <RegistrarPage
          agencies={agencies}
          documentTypes={types}
          search={props.search ?? { documentType: types[0]?.code ?? '', documentNumber: '' }}
          searchErrors={props.searchErrors ?? {}}
          result={props.result}
          isSelf={props.isSelf}
          done={props.done}
        />
      ),
    });
  };

  app.get('/registrar', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    noStore(reply);
    return registrarPage(request, reply, await staffOf(request), { done: doneMessage(request, request.query.hecho) });
  });

  app.post('/registrar', { schema: { body: Type.Object(DocumentBody) } }, async (request, reply) => {
    const staff = await staffOf(request);
    const search = { documentType: request.body.documentType ?? '', documentNumber: request.body.documentNumber ?? '' };
    const found = await attempt(request, () => findPersonByDocument(deps, staff, search));
    noStore(reply);
    if (!found.ok) return registrarPage(request, reply, staff, { search, searchErrors: found.errors });
    if (found.value) {
      const { account, lastVerification } = found.value;
      return registrarPage(request, reply, staff, { search, isSelf: account.id === staff.account.id, result: { kind: 'found', account, lastVerification, check: emptyCheck, errors: {} } });
    }
    const type = deps.country.identityDocuments.find((d) => d.code === search.documentType);
    const normalized = type?.check(search.documentNumber.trim());
    const person: NewPersonValues = {
      ...emptyCheck,
      documentType: search.documentType,
      documentNumber: normalized?.ok ? normalized.normalized : search.documentNumber,
      givenName: '',
      familyName: '',
      birthDate: {},
      email: '',
      phone: '',
    };
    return registrarPage(request, reply, staff, { search, result: { kind: 'notFound', person, errors: {} } });
  });

  app.post('/registrar/verificar', { schema: { body: VerifyBody } }, async (request, reply) => {
    const staff = await staffOf(request);
    const check = {
      agencyCode: request.body.agencyCode ?? '',
      office: request.body.office ?? '',
      notes: request.body.notes ?? '',
      documentChecked: list(request.body.documentChecked).includes('yes'),
    };
    const result = await attempt(request, () => verifyInPerson(deps, staff, request.body.accountId ?? '', check));
    if (result.ok) return reply.redirect('/registrar?hecho=verificado', 303);
    const { account, lastVerification } = await getPerson(deps, staff, request.body.accountId ?? '');
    noStore(reply);
    return registrarPage(request, reply, staff, {
      search: { documentType: account.documentType, documentNumber: account.documentNumber },
      result: { kind: 'found', account, lastVerification, check, errors: result.errors },
    });
  });

  app.post('/registrar/alta', { schema: { body: NewPersonBody } }, async (request, reply) => {
    const staff = await staffOf(request);
    const b = request.body;
    const birthDate = { day: b['birthDate-day'] ?? '', month: b['birthDate-month'] ?? '', year: b['birthDate-year'] ?? '' };
    const person: NewPersonValues = {
      documentType: b.documentType ?? '',
      documentNumber: b.documentNumber ?? '',
      givenName: b.givenName ?? '',
      familyName: b.familyName ?? '',
      birthDate,
      email: b.email ?? '',
      phone: b.phone ?? '',
      agencyCode: b.agencyCode ?? '',
      office: b.office ?? '',
      notes: b.notes ?? '',
      documentChecked: list(b.documentChecked).includes('yes'),
    };
    const pad = (value: string, size: number) => value.trim().padStart(size, '0');
    const isoBirth = birthDate.year && birthDate.month && birthDate.day ? `${pad(birthDate.year, 4)}-${pad(birthDate.month, 2)}-${pad(birthDate.day, 2)}` : '';
    const result = await attempt(request, () => registerInPerson(deps, staff, { ...person, birthDate: isoBirth }));
    noStore(reply);
    if (!result.ok) {
      return registrarPage(request, reply, staff, {
        search: { documentType: person.documentType, documentNumber: person.documentNumber },
        result: { kind: 'notFound', person, errors: result.errors },
      });
    }
    return reply.page({ title: request.t('identity.registrar.registeredTitle'), body: <RegisteredPage account={result.value.account} temporaryPassword={result.value.temporaryPassword} /> });
  });
}

// JSON API: applications and cases, with access tokens from Ciudadanía Digital; the
// published schemas of form and workflow definitions.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import { formDefinitionSchema, workflowDefinitionSchema, findWorkflowState, type Answers } from '../../../platform/forms/index.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { IdempotencyKeyHeaders } from '../../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../../platform/module.ts';
import { type Account, verifyUserToken, type UserPrincipal } from '../../identity/index.ts';
import { daysLeft, getCaseForOfficial, getCaseForPerson, getOfficialAt, listMyCasesPage, lookupStatus, PAGE_SIZE, type CaseView } from '../services/queue.service.ts';
import { submitApplicationOnce } from '../services/idempotent.service.ts';
import { submitApplication } from '../services/submission.service.ts';
import { prefilledFacts } from '../services/prefill.service.ts';
import { representedUnits } from '../services/units.service.ts';
import type { OnlineProcedure } from '../services/procedures.service.ts';
import { performOfficialTransition, resubmitCase } from '../services/transitions.service.ts';
import { CASES_SCOPES, type Case, type Official } from '../case.types.ts';
import { registerDefinitionsApi } from './definitions-api.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import { authenticatedBy } from '../../../platform/http/principal.ts';

const Localized = Type.Object({ es: Type.String(), en: Type.String() });
const CaseSummarySchema = Type.Object(
  {
    trackingCode: Type.String({ examples: ['TR-7K3M-9QXD'] }),
    procedureName: Type.String(),
    agencyCode: Type.String(),
    state: Type.String({ description: 'State id in the procedure workflow' }),
    outcome: Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Null()]),
    channel: Type.Union([Type.Literal('online'), Type.Literal('assisted')], { description: 'assisted: filed by an official for a person who came in person' }),
    submittedAt: Type.String({ format: 'date-time' }),
    dueDate: Type.String({ format: 'date', description: 'Last business day of the legal time to decide' }),
  },
  { $id: 'CaseSummary' },
);
const CaseDetailSchema = Type.Object(
  {
    trackingCode: Type.String(),
    procedureName: Type.String(),
    agencyCode: Type.String(),
    state: Type.String(),
    stateLabel: Localized,
    outcome: Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Null()]),
    channel: Type.Union([Type.Literal('online'), Type.Literal('assisted')]),
    submittedAt: Type.String({ format: 'date-time' }),
    dueDate: Type.String({ format: 'date' }),
    daysLeft: Type.Union([Type.Integer(), Type.Null()], { description: 'Business days left on the legal clock (negative: overdue); null once decided' }),
    answers: Type.Record(Type.String(), Type.Unknown()),
    timeline: Type.Array(
      Type.Object({
        occurredAt: Type.String({ format: 'date-time' }),
        actorType: Type.String(),
        action: Type.String(),
        toState: Type.Union([Type.String(), Type.Null()]),
        text: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  },
  { $id: 'CaseDetail' },
);

/** A case as the API lists it (also the agency API's answer, agency-api.ts). */
export const summary = (c: Case) => ({
  trackingCode: c.trackingCode,
  procedureName: c.procedureName,
  agencyCode: c.agencyCode,
  state: c.state,
  outcome: c.outcome,
  channel: c.channel,
  submittedAt: c.submittedAt.toISOString(),
  dueDate: c.dueDate,
});

async function detail(deps: Deps, view: CaseView) {
  const c = view.case;
  const state = findWorkflowState(view.procedure.workflow, c.state);
  return {
    ...summary(c),
    stateLabel: state?.label ?? { es: c.state, en: c.state },
    daysLeft: await daysLeft(deps, c, view.procedure.workflow),
    answers: c.answers,
    timeline: view.events.map((e) => ({ occurredAt: e.occurredAt.toISOString(), actorType: e.actorType, action: e.action, toState: e.toState, text: e.text })),
  };
}

/**
 * The person behind a user access token issued by Ciudadanía Digital, checked for the scope
 * the route needs (or any of several): 401 without a live token, 403 INSUFFICIENT_SCOPE when
 * the token, its client or the person's consent does not cover it (docs/api-auth.md).
 */
async function bearerUser(app: TamboApp, request: FastifyRequest, scope: string | readonly string[]): Promise<UserPrincipal> {
  const authorization = request.headers.authorization;
  const checked = authorization?.startsWith('Bearer ') ? await verifyUserToken(app, authorization, scope, request) : { error: 'invalid_token' as const };
  const names = typeof scope === 'string' ? scope : scope.join(' ');
  if (!('error' in checked)) return checked.user;
  if (checked.error === 'insufficient_scope') throw insufficientScope(names);
  throw new AppError('UNAUTHENTICATED', { headers: { 'www-authenticate': 'Bearer' } });
}

/** 403 with the challenge RFC 6750 names, saying which scope (or scopes, space-separated) would do. */
const insufficientScope = (names: string) => new AppError('INSUFFICIENT_SCOPE', { params: { scope: names }, headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${names}"` } });

/**
 * An official acting through the API: only with `cases:handle`, from a client bound to an
 * agency, and then only with the roles the person holds at that agency (403 otherwise).
 */
async function apiOfficial(deps: Deps, user: UserPrincipal): Promise<Official> {
  if (!user.allowed.includes(CASES_SCOPES.handle) || !user.agencyCode) throw insufficientScope(CASES_SCOPES.handle);
  return getOfficialAt(deps, user.accountId, user.agencyCode);
}

const AUTH = (scope: string) =>
  `Authorization: Bearer <user access token from Ciudadanía Digital (/auth/token)> carrying \`${scope}\`, issued to a client allowed that scope, to which the person consented it (docs/api-auth.md); 401 without a live token, 403 INSUFFICIENT_SCOPE otherwise.`;

const CodeParams = Type.Object({ code: Type.String({ maxLength: 20, description: 'Tracking code' }) });

export function registerCaseApi(app: TamboApp, deps: Deps): void {
  registerDefinitionsApi(app, deps);
  // The person behind the token is found in onRequest, before the input is validated.
  const users = authenticatedBy((request, scope: string | readonly string[]) => bearerUser(app, request, scope));
  app.addSchema(CaseSummarySchema);
  app.addSchema(CaseDetailSchema);

  app.get(
    '/api/v1/schemas/form-definition.json',
    {
      schema: { tags: ['cases'], operationId: 'getFormDefinitionSchema', summary: 'JSON Schema of form definitions (pages, components, rules, conditions)' },
    },
    async (_request, reply) => reply.type('application/schema+json').send(formDefinitionSchema),
  );
  app.get(
    '/api/v1/schemas/workflow-definition.json',
    {
      schema: { tags: ['cases'], operationId: 'getWorkflowDefinitionSchema', summary: 'JSON Schema of workflow definitions (states, transitions, deadlines)' },
    },
    async (_request, reply) => reply.type('application/schema+json').send(workflowDefinitionSchema),
  );

  app.post(
    '/api/v1/cases',
    {
      onRequest: users.hook(CASES_SCOPES.write),
      schema: {
        tags: ['cases'],
        operationId: 'submitApplication',
        security: bearer(CASES_SCOPES.write),
        // A file too large or of another type is a field problem (VALIDATION_FAILED, /answers/<field id>).
        'x-errors': ['CASES_PROCEDURE_NOT_ONLINE', 'IDEMPOTENCY_KEY_REUSED'],
        summary: 'Apply for an online procedure: creates a case with a tracking code',
        description: `${AUTH(CASES_SCOPES.write)} Answers are checked against the procedure form definition; problems come back with a pointer per answer (/answers/<field id>), a file too large or of a type the field does not take among them. With an \`Idempotency-Key\` header (unique per applicant), a retry with the same procedure and answers creates nothing and returns the case the first request created (200, \`Idempotent-Replayed: true\`); the same key with another request is refused (422 IDEMPOTENCY_KEY_REUSED). Fields the form fills from a registry (once-only) are read through the exchange as the procedure's agency, as on the portal's pages: a value sent for one that is not editable is ignored.`,
        headers: IdempotencyKeyHeaders,
        body: Type.Object(
          {
            procedure: Type.String({ maxLength: 200, description: 'Slug of the published procedure' }),
            answers: Type.Record(Type.String(), Type.Unknown(), { description: 'Answers by field id, as the form definition types them; files as { name, contentBase64 }' }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('CaseSummary'), 200: Type.Ref('CaseSummary', { description: 'A retry with the same Idempotency-Key: the case the first request created' }) },
      },
    },
    async (request, reply) => {
      const { accountId, account } = users.of(request);
      const input = {
        slug: request.body.procedure,
        accountId,
        account,
        answers: request.body.answers as Answers,
        channel: 'online' as const,
        requestId: request.id,
        // Once-only as on the pages: the form's registry fields are read through the exchange (the first unit the person represents for `{unit}`).
        readRegistries: (applicant: Account, procedure: OnlineProcedure) => prefilledFacts(deps, applicant, procedure),
      };
      const key = request.headers['idempotency-key'];
      const { case: created, replayed } = key ? await submitApplicationOnce(deps, input, key) : { case: await submitApplication(deps, input), replayed: false };
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply
        .code(replayed ? 200 : 201)
        .header('location', `/api/v1/cases/${created.trackingCode}`)
        .send(summary(created));
    },
  );

  app.get(
    '/api/v1/cases',
    {
      onRequest: users.hook(CASES_SCOPES.read),
      schema: {
        tags: ['cases'],
        operationId: 'listMyCases',
        security: bearer(CASES_SCOPES.read),
        summary: "The caller's cases, newest first, a page at a time",
        description: `${AUTH(CASES_SCOPES.read)} Paged with an opaque cursor: follow \`next\` (null on the last page) until it is null; every case comes once, in order, and cases filed meanwhile do not come again. With \`unit\` (a NIT/RIF), the cases of that economic unit instead, when the person represents it now (checked in the registry on every request; 403 CASES_UNIT_NOT_REPRESENTED otherwise).`,
        'x-errors': ['INSUFFICIENT_SCOPE', 'CASES_UNIT_NOT_REPRESENTED'],
        querystring: Type.Object({
          unit: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'An economic unit the person represents (NIT/RIF): its cases' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_SIZE.max, default: PAGE_SIZE.default, description: 'Cases per page' })),
          cursor: Type.Optional(Type.String({ maxLength: 400, description: 'Where the previous page stopped, as its `next` link gives it' })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref('CaseSummary')),
            next: Type.Union([Type.String(), Type.Null()], { description: 'The address of the next page (same limit), or null on the last page' }),
          }),
        },
      },
    },
    async (request) => {
      const { accountId, account } = users.of(request);
      const limit = request.query.limit ?? PAGE_SIZE.default;
      const { unit } = request.query;
      // A unit's cases only for whoever represents it now (the registry, read on every request).
      if (unit !== undefined && !(await representedUnits(deps, account)).some((u) => u.key === unit)) throw new AppError('CASES_UNIT_NOT_REPRESENTED');
      const page = await listMyCasesPage(deps, accountId, { limit, cursor: request.query.cursor }, unit);
      const unitParam = unit === undefined ? '' : `&unit=${encodeURIComponent(unit)}`;
      return { items: page.items.map(summary), next: page.next ? `/api/v1/cases?limit=${limit}${unitParam}&cursor=${page.next}` : null };
    },
  );

  app.get(
    '/api/v1/cases/:code',
    {
      onRequest: users.hook([CASES_SCOPES.read, CASES_SCOPES.handle]),
      schema: {
        tags: ['cases'],
        operationId: 'getCase',
        security: bearer(CASES_SCOPES.read, CASES_SCOPES.handle),
        'x-errors': ['CASES_NOT_FOUND'],
        summary: "One of the caller's cases, or of the caller's agency for an official",
        description: `${AUTH(CASES_SCOPES.read)} An official's token with \`${CASES_SCOPES.handle}\` from a client bound to their agency reads that agency's cases.`,
        params: CodeParams,
        response: { 200: Type.Ref('CaseDetail') },
      },
    },
    async (request) => {
      const user = users.of(request);
      if (user.allowed.includes(CASES_SCOPES.read)) {
        try {
          return await detail(deps, await getCaseForPerson(deps, user.accountId, request.params.code));
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'CASES_NOT_FOUND' || !user.allowed.includes(CASES_SCOPES.handle)) throw error;
        }
      }
      return detail(deps, await getCaseForOfficial(deps, await apiOfficial(deps, user), request.params.code));
    },
  );

  app.post(
    '/api/v1/cases/:code/transitions',
    {
      onRequest: users.hook(CASES_SCOPES.handle),
      schema: {
        tags: ['cases'],
        operationId: 'transitionCase',
        security: bearer(CASES_SCOPES.handle),
        // A case of another agency, or a person who handles none there: CASES_NOT_FOUND (no hint it exists).
        'x-errors': ['CASES_NOT_FOUND', 'CASES_TRANSITION_NOT_ALLOWED'],
        summary: "An official's action on a case of their agency (take, request_correction, approve, reject, complete…)",
        description: `${AUTH(CASES_SCOPES.handle)} The client must be bound to the case's agency and the person must handle cases there; the back office (/gestion) needs no token.`,
        params: CodeParams,
        body: Type.Object(
          { transition: Type.String({ maxLength: 64 }), reason: Type.Optional(Type.String({ maxLength: 5000, description: 'Written reason; required for decisions and correction requests' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('CaseSummary') },
      },
    },
    async (request) => {
      const official = await apiOfficial(deps, users.of(request));
      return summary(await performOfficialTransition(deps, official, { code: request.params.code, transition: request.body.transition, reason: request.body.reason, requestId: request.id }));
    },
  );

  app.post(
    '/api/v1/cases/:code/resubmission',
    {
      onRequest: users.hook(CASES_SCOPES.write),
      schema: {
        tags: ['cases'],
        operationId: 'resubmitCase',
        security: bearer(CASES_SCOPES.write),
        'x-errors': ['CASES_NOT_FOUND', 'CASES_TRANSITION_NOT_ALLOWED'],
        summary: 'The applicant corrects the answers of an observed case and resubmits it',
        description: AUTH(CASES_SCOPES.write),
        params: CodeParams,
        body: Type.Object({ answers: Type.Record(Type.String(), Type.Unknown()) }, { additionalProperties: false }),
        response: { 200: Type.Ref('CaseSummary') },
      },
    },
    async (request) => summary(await resubmitCase(deps, users.of(request).accountId, request.params.code, request.body.answers as Answers, { requestId: request.id })),
  );

  app.get(
    '/api/v1/tracking/:code',
    {
      schema: {
        tags: ['cases'],
        operationId: 'lookupCaseStatus',
        'x-errors': ['CASES_NOT_FOUND'],
        summary: 'Public lookup by tracking code: the status only',
        params: CodeParams,
        response: { 200: Type.Object({ trackingCode: Type.String(), procedureName: Type.String(), stateLabel: Localized, updatedAt: Type.String({ format: 'date-time' }) }) },
      },
    },
    async (request) => {
      const found = await lookupStatus(deps, request.params.code.toUpperCase());
      return { ...found, updatedAt: found.updatedAt.toISOString() };
    },
  );
}

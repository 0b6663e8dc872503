// The projects API: public reads (projects, a project's ledger, totals) and writes for agencies'
// systems (client credentials: `projects:write` creates and updates projects and registers bank
// accounts, `projects:transfer` records ledger entries).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { IdempotencyKeyHeaders } from '../../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireAgencyClient } from '../../identity/index.ts';
import { ledgerTotals, recordTransfer, registerBankAccount, transfersOf, type AgencyClient } from '../ledger.service.ts';
import { createProject, getProject, milestonesOf, reportMilestone, searchProjects, updateProgress } from '../projects.service.ts';
import { decodeBase64 } from '../../../platform/files/index.ts';
import {
  BankAccountBodySchema,
  BankAccountSchema,
  ProgressBodySchema,
  ProjectBodySchema,
  ProjectListQuery,
  ProjectParams,
  ProjectSchema,
  PROJECTS_SCOPES,
  TotalsQuery,
  TotalsSchema,
  TransferBodySchema,
  TransferSchema,
  fileUrl,
  toProjectBody,
  toTransferBody,
} from '../projects.schemas.ts';

const AUTH =
  'Authenticate with `Authorization: Bearer <token>`, a token from `/auth/token` (OAuth 2 client credentials) of a client bound to an agency, carrying the scope named below. A missing or invalid token gets 401; a token without the scope 403 `PROJECTS_CLIENT_NOT_ALLOWED`.';
const PAGE = 50;

export function registerProjectsApi(app: TamboApp, deps: Deps): void {
  const clients = new WeakMap<FastifyRequest, AgencyClient>();
  const authenticate = (scope: string) => async (request: FastifyRequest, _reply: FastifyReply) => {
    clients.set(request, await requireAgencyClient(app, request, scope, { refused: 'PROJECTS_CLIENT_NOT_ALLOWED' }));
  };
  const client = (request: FastifyRequest): AgencyClient => {
    const found = clients.get(request);
    if (!found) throw new AppError('UNAUTHENTICATED');
    return found;
  };

  app.addSchema(ProjectSchema);
  app.addSchema(TransferSchema);

  app.get(
    '/api/v1/projects',
    {
      schema: {
        tags: ['projects'],
        operationId: 'listProjects',
        summary: 'Public projects, newest first, filtered by territory (the unit and everything below it), status and kind',
        description: 'Public. 50 a page.',
        querystring: ProjectListQuery,
        response: { 200: Type.Object({ total: Type.Integer(), page: Type.Integer(), projects: Type.Array(Type.Ref('Project')) }) },
      },
    },
    async (request) => {
      const page = request.query.page ?? 1;
      const { projects, total } = await searchProjects(deps, { territory: request.query.territory, status: request.query.status, kind: request.query.kind, limit: PAGE, offset: (page - 1) * PAGE });
      return { total, page, projects: projects.map((p) => toProjectBody(p)) };
    },
  );

  app.get(
    '/api/v1/projects/totals',
    {
      schema: {
        tags: ['projects'],
        operationId: 'getProjectTotals',
        summary: 'Totals of the transfer ledger by project, territory or communal circuit',
        description:
          'Public. Each total is the plain sum of the ledger’s entries (corrections included), per currency: by `territory`, every unit above an entry (community council, commune, parish…) gets it, so a commune’s total is the sum of its councils’ and its own entries; by `circuit`, the communal circuit holding the project. `territory` restricts the entries to those under a unit.',
        querystring: TotalsQuery,
        response: { 200: TotalsSchema },
      },
    },
    async (request) => ({ by: request.query.by, totals: await ledgerTotals(deps, request.query.by, request.query.territory) }),
  );

  app.get(
    '/api/v1/projects/:id',
    {
      schema: {
        tags: ['projects'],
        operationId: 'getProject',
        'x-errors': ['PROJECTS_NOT_FOUND'],
        summary: 'A public project, with what its ledger adds up to',
        description: 'Public.',
        params: ProjectParams,
        response: { 200: Type.Ref('Project') },
      },
    },
    async (request) => {
      const project = await getProject(deps, request.params.id);
      const [total] = await ledgerTotals(deps, 'project').then((lines) => lines.filter((l) => l.key === project.id));
      return toProjectBody(project, total?.totalMinor ?? 0);
    },
  );

  app.get(
    '/api/v1/projects/:id/transfers',
    {
      schema: {
        tags: ['projects'],
        operationId: 'listProjectTransfers',
        summary: 'The project’s transfer ledger, in the order it was written',
        description: 'Public. Append-only: a correction is a later entry naming the entry it corrects (`corrects`) and carrying the signed difference.',
        params: ProjectParams,
        response: { 200: Type.Object({ transfers: Type.Array(Type.Ref('Transfer')) }) },
      },
    },
    async (request) => {
      const project = await getProject(deps, request.params.id);
      return { transfers: (await transfersOf(deps, project.id)).map(toTransferBody) };
    },
  );

  app.post(
    '/api/v1/projects',
    {
      onRequest: authenticate(PROJECTS_SCOPES.write),
      config: { csrf: false },
      schema: {
        tags: ['projects'],
        operationId: 'createProject',
        'x-errors': ['PROJECTS_CLIENT_NOT_ALLOWED'],
        security: bearer(PROJECTS_SCOPES.write),
        summary: 'Create a public project of the agency (a plan’s, a subnational government’s, the agency’s own)',
        description: `${AUTH} Scope \`${PROJECTS_SCOPES.write}\`.\n\nThe executor is a territorial organisation (\`executorTerritoryCode\`: its spokespeople manage the project) or an agency (\`executorAgencyCode\`), exactly one. With an \`Idempotency-Key\`, a retry returns the first project (200, \`Idempotent-Replayed: true\`).`,
        headers: IdempotencyKeyHeaders,
        body: ProjectBodySchema,
        response: { 201: Type.Ref('Project'), 200: Type.Ref('Project') },
      },
    },
    async (request, reply) => {
      const c = client(request);
      const { project, created } = await createProject(deps, { type: 'client', id: c.clientId, agencyCode: c.agencyCode }, request.body, {
        idempotencyKey: request.headers['idempotency-key'] ?? null,
        requestId: request.id,
      });
      reply.header('location', `/api/v1/projects/${project.id}`);
      if (!created) reply.header('idempotent-replayed', 'true');
      return reply.code(created ? 201 : 200).send(toProjectBody(project));
    },
  );

  app.post(
    '/api/v1/projects/:id/progress',
    {
      onRequest: authenticate(PROJECTS_SCOPES.write),
      config: { csrf: false },
      schema: {
        tags: ['projects'],
        operationId: 'updateProjectProgress',
        'x-errors': ['PROJECTS_CLIENT_NOT_ALLOWED', 'PROJECTS_FORBIDDEN'],
        security: bearer(PROJECTS_SCOPES.write),
        summary: 'Report a project’s status and progress',
        description: `${AUTH} Scope \`${PROJECTS_SCOPES.write}\`. Only for projects the agency executes or created: another's answers 403 \`PROJECTS_FORBIDDEN\`.`,
        params: ProjectParams,
        body: ProgressBodySchema,
        response: { 200: Type.Ref('Project') },
      },
    },
    async (request) => {
      const c = client(request);
      return toProjectBody(await updateProgress(deps, { type: 'client', id: c.clientId, agencyCode: c.agencyCode }, request.params.id, request.body, request.id));
    },
  );

  app.post(
    '/api/v1/projects/:id/milestones/:position',
    {
      onRequest: authenticate(PROJECTS_SCOPES.write),
      config: { csrf: false },
      schema: {
        tags: ['projects'],
        operationId: 'reportProjectMilestone',
        'x-errors': ['PROJECTS_CLIENT_NOT_ALLOWED', 'PROJECTS_FORBIDDEN'],
        security: bearer(PROJECTS_SCOPES.write),
        summary: 'Report a milestone done, with its evidence (a photo or PDF, public with the project)',
        description: `${AUTH} Scope \`${PROJECTS_SCOPES.write}\`. Only for projects the agency executes or created. A milestone is reported once: a repeat changes nothing (\`changed: false\`). The evidence is served at \`evidenceUrl\`.`,
        params: Type.Object({ id: Type.String({ format: 'uuid' }), position: Type.Integer({ minimum: 1, maximum: 50 }) }),
        body: Type.Object({
          doneOn: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }),
          note: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
          evidence: Type.Optional(Type.Union([Type.String({ maxLength: 7_000_000, description: 'PNG, JPEG or PDF, base64, at most 5 MB' }), Type.Null()])),
        }),
        response: { 200: Type.Object({ changed: Type.Boolean(), evidenceUrl: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      const c = client(request);
      const evidence = request.body.evidence ? (decodeBase64(request.body.evidence) ?? new Uint8Array([0])) : null;
      const changed = await reportMilestone(
        deps,
        { type: 'client', id: c.clientId, agencyCode: c.agencyCode },
        request.params.id,
        { position: request.params.position, doneOn: request.body.doneOn, evidence, note: request.body.note ?? null },
        request.id,
      );
      const milestone = (await milestonesOf(deps, request.params.id)).find((m) => m.position === request.params.position);
      return { changed, evidenceUrl: fileUrl(request.params.id, milestone?.evidenceSha256 ?? null) };
    },
  );

  app.post(
    '/api/v1/communal-bank-accounts',
    {
      onRequest: authenticate(PROJECTS_SCOPES.write),
      config: { csrf: false },
      schema: {
        tags: ['projects'],
        operationId: 'registerCommunalBankAccount',
        'x-errors': ['PROJECTS_CLIENT_NOT_ALLOWED'],
        security: bearer(PROJECTS_SCOPES.write),
        summary: 'Register a communal bank account (the register of accounts that receive transfers)',
        description: `${AUTH} Scope \`${PROJECTS_SCOPES.write}\`. An account already registered under the reference answers 200 with the first registration.`,
        body: BankAccountBodySchema,
        response: { 201: BankAccountSchema, 200: BankAccountSchema },
      },
    },
    async (request, reply) => {
      const { account, created } = await registerBankAccount(deps, client(request), request.body, request.id);
      return reply
        .code(created ? 201 : 200)
        .send({ id: account.id, bankName: account.bankName, accountReference: account.accountReference, holderName: account.holderName, territoryCode: account.territoryCode });
    },
  );

  app.post(
    '/api/v1/projects/:id/transfers',
    {
      onRequest: authenticate(PROJECTS_SCOPES.transfer),
      config: { csrf: false },
      schema: {
        tags: ['projects'],
        operationId: 'recordProjectTransfer',
        'x-errors': ['PROJECTS_CLIENT_NOT_ALLOWED', 'PROJECTS_FORBIDDEN', 'IDEMPOTENCY_KEY_REUSED'],
        security: bearer(PROJECTS_SCOPES.transfer),
        summary: 'Append a deposit, or a correction of an earlier entry, to the project’s transfer ledger',
        description: `${AUTH} Scope \`${PROJECTS_SCOPES.transfer}\`.\n\nThe ledger is append-only: nothing is ever edited. A correction names the entry it corrects (\`corrects\`, an entry the same agency recorded), gives a \`reason\` and carries the signed difference. With an \`Idempotency-Key\`, a retry (or 40 at once) writes one entry and the others answer it (200, \`Idempotent-Replayed: true\`); the same key with another body is refused (422 \`IDEMPOTENCY_KEY_REUSED\`).`,
        headers: IdempotencyKeyHeaders,
        params: ProjectParams,
        body: TransferBodySchema,
        response: { 201: Type.Ref('Transfer'), 200: Type.Ref('Transfer') },
      },
    },
    async (request, reply) => {
      const { transfer, created } = await recordTransfer(
        deps,
        client(request),
        { ...request.body, projectId: request.params.id },
        { idempotencyKey: request.headers['idempotency-key'] ?? null, requestId: request.id },
      );
      if (!created) reply.header('idempotent-replayed', 'true');
      return reply.code(created ? 201 : 200).send(toTransferBody(transfer));
    },
  );
}

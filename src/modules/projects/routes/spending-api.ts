// The money of e-government projects (issue 25): a project's budget and spending ledger (public),
// spending recorded by the executing agency's system (client credentials, `projects:write`), and a
// plan's projects rolled up to its strategic lines (public).
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { IdempotencyKeyHeaders } from '../../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireAgencyClient } from '../../identity/index.ts';
import type { AgencyClient } from '../ledger.service.ts';
import { getProject } from '../projects.service.ts';
import { PlanRollupSchema, ProjectMoneySchema, ProjectParams, PROJECTS_SCOPES, SpendingBodySchema, SpendingSchema, toPlanRollupBody, toSpendingBody } from '../projects.schemas.ts';
import { budgetOf, planRollup, recordSpending, spendingOf } from '../spending.service.ts';

export function registerSpendingApi(app: TamboApp, deps: Deps): void {
  app.addSchema(SpendingSchema);
  // The client is checked before the body is read, and kept for the handler.
  const clients = new WeakMap<FastifyRequest, AgencyClient>();

  app.get(
    '/api/v1/projects/:id/money',
    {
      schema: {
        tags: ['projects'],
        operationId: 'getProjectMoney',
        'x-errors': ['PROJECTS_NOT_FOUND'],
        summary: 'A project’s budget by year and source, its spending ledger and what it adds up to',
        description:
          'Public. The spending ledger is append-only: a correction is a later entry naming the entry it corrects and carrying the signed difference; `spentMinor` is the plain sum of the entries.',
        params: ProjectParams,
        response: { 200: ProjectMoneySchema },
      },
    },
    async (request) => {
      const project = await getProject(deps, request.params.id);
      const [budget, spending] = await Promise.all([budgetOf(deps, project.id), spendingOf(deps, project.id)]);
      return {
        budget: budget.map((b) => ({ year: b.year, source: b.source, amountMinor: b.amountMinor })),
        spending: spending.map(toSpendingBody),
        spentMinor: spending.reduce((sum, s) => sum + s.amountMinor, 0),
      };
    },
  );

  app.post(
    '/api/v1/projects/:id/spending',
    {
      onRequest: async (request) => {
        clients.set(request, await requireAgencyClient(app, request, PROJECTS_SCOPES.write, { refused: 'PROJECTS_CLIENT_NOT_ALLOWED' }));
      },
      config: { csrf: false },
      schema: {
        tags: ['projects'],
        operationId: 'recordProjectSpending',
        'x-errors': ['PROJECTS_CLIENT_NOT_ALLOWED', 'PROJECTS_NOT_FOUND', 'PROJECTS_FORBIDDEN', 'IDEMPOTENCY_KEY_REUSED'],
        security: bearer(PROJECTS_SCOPES.write),
        summary: 'Append a payment, or a correction of an earlier entry, to the project’s spending ledger',
        description: `Authenticate with \`Authorization: Bearer <token>\` (client credentials of a client bound to an agency), scope \`${PROJECTS_SCOPES.write}\`; the agency must execute the project or have created it (else 403 \`PROJECTS_FORBIDDEN\`).\n\nAppend-only: a correction names the entry it corrects (\`corrects\`, one the same agency recorded) and carries the signed difference. With an \`Idempotency-Key\`, a retry (or 20 at once) writes one entry and the others answer it (200, \`Idempotent-Replayed: true\`).`,
        headers: IdempotencyKeyHeaders,
        params: ProjectParams,
        body: SpendingBodySchema,
        response: { 201: Type.Ref('ProjectSpending'), 200: Type.Ref('ProjectSpending') },
      },
    },
    async (request, reply) => {
      const client = clients.get(request);
      if (!client) throw new AppError('UNAUTHENTICATED');
      const { spending, created } = await recordSpending(deps, client, request.params.id, request.body, {
        idempotencyKey: request.headers['idempotency-key'] ?? null,
        requestId: request.id,
      });
      if (!created) reply.header('idempotent-replayed', 'true');
      return reply.code(created ? 201 : 200).send(toSpendingBody(spending));
    },
  );

  app.get(
    '/api/v1/projects/plans/:plan',
    {
      schema: {
        tags: ['projects'],
        operationId: 'getPlanProjectsRollup',
        'x-errors': ['PROJECTS_PLAN_NOT_FOUND'],
        summary: 'A plan’s projects by strategic line: budgets, spending and progress rolled up to each line and to the plan',
        description: 'Public. Each total is the plain sum of its projects’ budgets and spending entries, per currency; progress is the budget-weighted mean of the projects’ progress.',
        params: Type.Object({ plan: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' }) }),
        response: { 200: PlanRollupSchema },
      },
    },
    async (request) => toPlanRollupBody(await planRollup(deps, request.params.plan)),
  );
}

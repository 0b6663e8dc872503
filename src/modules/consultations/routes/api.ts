// The consultations JSON API: public reads, and the voter's ballot with a person's bearer
// token (`consultations:vote`) from Tambo's provider.
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import { authenticatedBy } from '../../../platform/http/principal.ts';
import { IdempotencyKeyHeaders, requestFingerprint } from '../../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../../platform/module.ts';
import { verifyUserToken } from '../../identity/index.ts';
import { BallotAnswer, BallotBody, ConsultationParams, ConsultationSchema, ConsultationSummarySchema, ResultsSchema, toDetail, toResults, toSummary, VOTE_SCOPE } from '../consultations.schemas.ts';
import { castBallot, changeBallot, getConsultation, listConsultations } from '../consultations.service.ts';
import { publishedBallots, publishedResults } from '../results.service.ts';

export function registerConsultationsApi(app: TamboApp, deps: Deps): void {
  // The voter is found in onRequest, before the body is validated (docs/security.md); with the
  // request, so a token bound to a client certificate (RFC 8705) is taken only with that certificate.
  const voter = authenticatedBy(async (request) => {
    const checked = await verifyUserToken(app, request.headers.authorization, VOTE_SCOPE, request);
    if ('error' in checked) {
      const headers = { 'www-authenticate': `Bearer realm="tambo", scope="${VOTE_SCOPE}", error="${checked.error}"` };
      throw new AppError(checked.error === 'insufficient_scope' ? 'INSUFFICIENT_SCOPE' : 'UNAUTHENTICATED', { headers });
    }
    return checked.user.account;
  });
  app.addSchema(ConsultationSummarySchema);
  app.addSchema(ConsultationSchema);
  app.addSchema(ResultsSchema);

  app.get(
    '/api/v1/consultations',
    {
      schema: {
        tags: ['consultations'],
        operationId: 'listConsultations',
        summary: 'Every Consulta Popular, the most recent voting first (public)',
        response: { 200: Type.Object({ consultations: Type.Array(Type.Ref('ConsultationSummary')) }) },
      },
    },
    async () => ({ consultations: (await listConsultations(deps)).map((c) => toSummary(c)) }),
  );

  app.get(
    '/api/v1/consultations/:id',
    {
      schema: {
        tags: ['consultations'],
        operationId: 'getConsultation',
        summary: 'A consultation: phases, units with their budgets, proposals with their public technical review (public)',
        params: ConsultationParams,
        'x-errors': ['CONSULTATIONS_NOT_FOUND'],
        response: { 200: Type.Ref('Consultation') },
      },
    },
    async (request) => toDetail(await getConsultation(deps, request.params.id)),
  );

  app.post(
    '/api/v1/consultations/:id/ballots',
    {
      config: { csrf: false },
      onRequest: voter.hook(),
      schema: {
        tags: ['consultations'],
        operationId: 'castConsultationBallot',
        summary: 'Cast the token holder’s ballot, or change it with its receipt',
        description: `A person’s access token with the scope \`${VOTE_SCOPE}\`. One ballot per person and consultation, kept by the database: a second answers 409 \`CONSULTATIONS_ALREADY_VOTED\`, whatever the channel (online or an assembly). The answer carries the receipt once; with \`receipt\` in the body the ballot it names is replaced (last ballot counts) until the close. An \`Idempotency-Key\` makes a retry answer 200 \`replayed\` (without the receipt, which is given only once).`,
        security: bearer(VOTE_SCOPE),
        headers: IdempotencyKeyHeaders,
        params: ConsultationParams,
        body: BallotBody,
        'x-errors': [
          'CONSULTATIONS_NOT_FOUND',
          'CONSULTATIONS_NOT_OPEN',
          'CONSULTATIONS_CLOSED',
          'CONSULTATIONS_LEVEL_TOO_LOW',
          'CONSULTATIONS_NOT_IN_CENSUS',
          'CONSULTATIONS_NO_TERRITORY',
          'CONSULTATIONS_OUTSIDE_SCOPE',
          'CONSULTATIONS_ALREADY_VOTED',
          'CONSULTATIONS_BALLOT_INVALID',
          'CONSULTATIONS_BALLOT_COUNT',
          'CONSULTATIONS_BALLOT_OVER_BUDGET',
          'CONSULTATIONS_RECEIPT_INVALID',
          'CONSULTATIONS_WRONG_PHASE',
          'IDEMPOTENCY_KEY_REUSED',
          'INSUFFICIENT_SCOPE',
        ],
        response: { 201: BallotAnswer, 200: BallotAnswer },
      },
    },
    async (request, reply) => {
      const account = voter.of(request);
      if (request.body.receipt !== undefined) {
        const changed = await changeBallot(deps, request.params.id, request.body.receipt, request.body.choices, request.id);
        return reply.code(200).send({ receiptId: changed.receiptId, receipt: null, status: 'changed' });
      }
      const key = request.headers['idempotency-key'];
      const idempotency = key ? { scope: `consultations.ballot:${account.id}`, key, requestSha256: requestFingerprint({ id: request.params.id, body: request.body }) } : undefined;
      const outcome = await castBallot(deps, account, request.params.id, request.body.choices, { requestId: request.id, ...(idempotency ? { idempotency } : {}) });
      if (outcome.replayed) {
        reply.header('idempotent-replayed', 'true');
        return reply.code(200).send({ receiptId: null, receipt: null, status: 'replayed' });
      }
      return reply.code(201).send({ receiptId: outcome.receiptId, receipt: outcome.receipt, status: 'cast' });
    },
  );

  app.get(
    '/api/v1/consultations/:id/results',
    {
      schema: {
        tags: ['consultations'],
        operationId: 'getConsultationResults',
        summary: 'The published results: per unit, each viable proposal’s approvals and whether it is funded (public)',
        description:
          'Recomputable by anyone from `/api/v1/consultations/{id}/ballots` with the method named (docs/consulta-popular.md). Before publication: 409 `CONSULTATIONS_RESULTS_NOT_PUBLISHED`.',
        params: ConsultationParams,
        'x-errors': ['CONSULTATIONS_NOT_FOUND', 'CONSULTATIONS_RESULTS_NOT_PUBLISHED'],
        response: { 200: Type.Ref('ConsultationResults') },
      },
    },
    async (request) => {
      const published = await publishedResults(deps, request.params.id);
      if (!published) throw new AppError('CONSULTATIONS_RESULTS_NOT_PUBLISHED');
      return toResults(published.view.consultation, published.results);
    },
  );

  app.get(
    '/api/v1/consultations/:id/ballots',
    {
      schema: {
        tags: ['consultations'],
        operationId: 'listConsultationBallots',
        summary: 'The anonymous ballots, shuffled, once the voting has closed, for anyone to recount (public)',
        params: ConsultationParams,
        'x-errors': ['CONSULTATIONS_NOT_FOUND', 'CONSULTATIONS_WRONG_PHASE'],
        response: { 200: Type.Object({ consultationId: Type.String({ format: 'uuid' }), ballots: Type.Array(Type.Object({ unitCode: Type.String(), choices: Type.Array(Type.String()) })) }) },
      },
    },
    async (request) => {
      const { view, ballots } = await publishedBallots(deps, request.params.id);
      return { consultationId: view.consultation.id, ballots };
    },
  );
}

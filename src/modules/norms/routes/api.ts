// The norms API: a public read, and the agency's system's writes (client credentials, `norms:write`).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireAgencyClient } from '../../identity/index.ts';
import { type AgencyClient, answerNormComment, getNorm, openNormConsultation, publishFinalText } from '../norms.service.ts';
import { NORM_KINDS, OUTCOMES, phaseOf } from '../norms.types.ts';

export const NORMS_WRITE = 'norms:write';
const AUTH = `Authenticate with \`Authorization: Bearer <token>\`, a client-credentials token of a client bound to an agency, with the scope \`${NORMS_WRITE}\`. A missing or invalid token gets 401; a token without the scope 403 \`NORMS_CLIENT_NOT_ALLOWED\`. An agency acts only on its own consultations: another's answers 404.`;
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

const NormSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  agencyCode: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  phase: Type.Union([Type.Literal('upcoming'), Type.Literal('open'), Type.Literal('closed'), Type.Literal('final')]),
  opensAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time' }),
  articles: Type.Array(Type.Object({ number: Type.Integer(), heading: Type.String(), draftText: Type.Union([Type.String(), Type.Null()]), finalText: Type.Union([Type.String(), Type.Null()]) })),
  comments: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      article: Type.Union([Type.Integer(), Type.Null()]),
      body: Type.String(),
      supports: Type.Integer(),
      outcome: Type.Union([Type.String(), Type.Null()]),
      reason: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export function registerNormsApi(app: TamboApp, deps: Deps): void {
  const clients = new WeakMap<FastifyRequest, AgencyClient>();
  const authenticate = async (request: FastifyRequest, _reply: FastifyReply) => {
    clients.set(request, await requireAgencyClient(app, request, NORMS_WRITE, { refused: 'NORMS_CLIENT_NOT_ALLOWED' }));
  };
  const client = (request: FastifyRequest): AgencyClient => {
    const found = clients.get(request);
    if (!found) throw new AppError('UNAUTHENTICATED');
    return found;
  };
  const body = async (id: string) => {
    const { consultation: c, articles, comments } = await getNorm(deps, id);
    return {
      id: c.id,
      agencyCode: c.agencyCode,
      kind: c.kind,
      title: c.title,
      summary: c.summary,
      phase: phaseOf(c),
      opensAt: c.opensAt.toISOString(),
      closesAt: c.closesAt.toISOString(),
      articles,
      comments: comments.map((m) => ({ id: m.id, article: m.articleNumber, body: m.body, supports: m.supports, outcome: m.outcome, reason: m.reason })),
    };
  };

  app.get(
    '/api/v1/norms/:id',
    {
      schema: {
        tags: ['norms'],
        operationId: 'getNormConsultation',
        summary: 'A public consultation of a norm: the text by articles, the comments and their answers, the final text',
        description: 'Public.',
        params: Params,
        response: { 200: NormSchema },
      },
    },
    async (request) => body(request.params.id),
  );

  app.post(
    '/api/v1/norms',
    {
      onRequest: authenticate,
      config: { csrf: false },
      schema: {
        tags: ['norms'],
        operationId: 'openNormConsultation',
        'x-errors': ['NORMS_CLIENT_NOT_ALLOWED'],
        security: bearer(NORMS_WRITE),
        summary: 'Open a draft regulation, plan or policy for public comment, by articles',
        description: AUTH,
        body: Type.Object({
          kind: Type.Union(NORM_KINDS.map((k) => Type.Literal(k))),
          title: Type.String({ minLength: 1, maxLength: 300 }),
          summary: Type.Optional(Type.String({ maxLength: 3000 })),
          opensAt: Type.String({ format: 'date-time' }),
          closesAt: Type.String({ format: 'date-time' }),
          articles: Type.Array(Type.Object({ heading: Type.Optional(Type.String({ maxLength: 300 })), text: Type.String({ minLength: 1, maxLength: 20000 }) }), { minItems: 1, maxItems: 500 }),
        }),
        response: { 201: NormSchema },
      },
    },
    async (request, reply) => {
      const { consultation } = await openNormConsultation(deps, client(request), request.body, { requestId: request.id });
      return reply.code(201).send(await body(consultation.id));
    },
  );

  app.post(
    '/api/v1/norms/:id/comments/:commentId/answer',
    {
      onRequest: authenticate,
      config: { csrf: false },
      schema: {
        tags: ['norms'],
        operationId: 'answerNormComment',
        'x-errors': ['NORMS_NOT_FOUND', 'NORMS_NOT_CLOSED', 'NORMS_ALREADY_ANSWERED', 'NORMS_CLIENT_NOT_ALLOWED'],
        security: bearer(NORMS_WRITE),
        summary: 'Answer a comment in public (accepted, partly, rejected, with the reason), after the close',
        description: `${AUTH} Each comment is answered once (409 \`NORMS_ALREADY_ANSWERED\`); before the close, 409 \`NORMS_NOT_CLOSED\`.`,
        params: Type.Object({ id: Type.String({ format: 'uuid' }), commentId: Type.String({ format: 'uuid' }) }),
        body: Type.Object({ outcome: Type.Union(OUTCOMES.map((o) => Type.Literal(o))), reason: Type.String({ minLength: 1, maxLength: 3000 }) }),
        response: { 200: NormSchema },
      },
    },
    async (request) => {
      await answerNormComment(deps, client(request), request.params.id, request.params.commentId, request.body, request.id);
      return body(request.params.id);
    },
  );

  app.post(
    '/api/v1/norms/:id/final-text',
    {
      onRequest: authenticate,
      config: { csrf: false },
      schema: {
        tags: ['norms'],
        operationId: 'publishNormFinalText',
        'x-errors': ['NORMS_UNANSWERED_COMMENTS', 'NORMS_CLIENT_NOT_ALLOWED'],
        security: bearer(NORMS_WRITE),
        summary: 'Publish the final text, article by article, once every comment has its answer',
        description: `${AUTH} An article not named keeps its draft text; \`text: null\` removes it; a new number adds one. Refused while a comment is unanswered (409 \`NORMS_UNANSWERED_COMMENTS\`).`,
        params: Params,
        body: Type.Object({
          articles: Type.Array(
            Type.Object({ number: Type.Integer({ minimum: 1 }), heading: Type.Optional(Type.String({ maxLength: 300 })), text: Type.Union([Type.String({ maxLength: 20000 }), Type.Null()]) }),
            { maxItems: 500 },
          ),
        }),
        response: { 200: NormSchema },
      },
    },
    async (request) => {
      await publishFinalText(deps, client(request), request.params.id, request.body.articles, request.id);
      return body(request.params.id);
    },
  );
}

// The xAPI 1.0.3 statement resource and /about (docs/training.md, "Learning records"). Every
// request but /about carries `X-Experience-API-Version: 1.0.x` (400 otherwise); every answer
// carries `X-Experience-API-Version: 1.0.3`.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireAgencyClient } from '../../identity/index.ts';
import { XAPI_VERSION } from '../xapi.ts';
import { getStatement, queryStatements, storeStatements, type XapiClient } from '../xapi.service.ts';

export const XAPI_SCOPE = 'training:xapi';
const AUTH = `Authenticate with \`Authorization: Bearer <token>\`, a client-credentials token of a client bound to an agency, with the scope \`${XAPI_SCOPE}\` (401 without one, 403 \`TRAINING_XAPI_FORBIDDEN\` without the scope). A client reads and writes only its agency's statements, including those the platform records for the agency's courses. The header \`X-Experience-API-Version: 1.0.3\` is required (400 \`TRAINING_XAPI_VERSION\`).`;
const StatementJson = Type.Object({}, { additionalProperties: true, description: 'An xAPI 1.0.3 statement' });

export async function registerXapi(app: TamboApp, deps: Deps): Promise<void> {
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    const clients = new WeakMap<FastifyRequest, XapiClient>();
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('x-experience-api-version', XAPI_VERSION);
    });
    // The token first (401/403 to a stranger whatever he sends), then the version header.
    const authenticate = async (request: FastifyRequest, _reply: FastifyReply) => {
      clients.set(request, await requireAgencyClient(app, request, XAPI_SCOPE, { refused: 'TRAINING_XAPI_FORBIDDEN' }));
      const version = request.headers['x-experience-api-version'];
      if (typeof version !== 'string' || !/^1\.0(\.\d+)?$/.test(version.trim())) throw new AppError('TRAINING_XAPI_VERSION');
    };
    const client = (request: FastifyRequest): XapiClient => {
      const found = clients.get(request);
      if (!found) throw new AppError('UNAUTHENTICATED');
      return found;
    };
    const tags = ['training'];

    scope.get(
      '/api/v1/xapi/about',
      {
        schema: {
          tags,
          operationId: 'xapiAbout',
          summary: 'The xAPI versions this Learning Record Store speaks',
          description: 'Public; no version header needed.',
          response: { 200: Type.Object({ version: Type.Array(Type.String()) }) },
        },
      },
      async () => ({ version: [XAPI_VERSION] }),
    );

    scope.post(
      '/api/v1/xapi/statements',
      {
        onRequest: authenticate,
        config: { csrf: false },
        schema: {
          tags,
          operationId: 'xapiPostStatements',
          'x-errors': ['TRAINING_XAPI_VERSION', 'TRAINING_XAPI_INVALID', 'TRAINING_XAPI_CONFLICT', 'TRAINING_XAPI_FORBIDDEN'],
          security: bearer(XAPI_SCOPE),
          summary: 'Store one statement or an array of them (all or none)',
          description: `${AUTH} Answers the ids in order. A statement without an id gets one; an id already stored answers it again when the statement is the same, 409 \`TRAINING_XAPI_CONFLICT\` when it differs. A voiding statement (verb \`http://adlnet.gov/expapi/verbs/voided\`, object a StatementRef) voids its target. Invalid statements: 400 \`TRAINING_XAPI_INVALID\` naming each property and rule.`,
          body: Type.Union([StatementJson, Type.Array(StatementJson)]),
          response: { 200: Type.Array(Type.String({ format: 'uuid' })) },
        },
      },
      async (request) => {
        const body = request.body as unknown;
        return (await storeStatements(deps, client(request), Array.isArray(body) ? body : [body], request.id)).ids;
      },
    );

    scope.put(
      '/api/v1/xapi/statements',
      {
        onRequest: authenticate,
        config: { csrf: false },
        schema: {
          tags,
          operationId: 'xapiPutStatement',
          'x-errors': ['TRAINING_XAPI_VERSION', 'TRAINING_XAPI_INVALID', 'TRAINING_XAPI_CONFLICT', 'TRAINING_XAPI_FORBIDDEN'],
          security: bearer(XAPI_SCOPE),
          summary: 'Store one statement under the given statementId',
          description: `${AUTH} 204 when stored or when the same statement is already stored; 409 \`TRAINING_XAPI_CONFLICT\` when a different one is.`,
          querystring: Type.Object({ statementId: Type.String() }),
          body: StatementJson,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        const id = request.query.statementId.toLowerCase();
        const body = request.body as Record<string, unknown>;
        if (body.id !== undefined && String(body.id).toLowerCase() !== id)
          throw new AppError('TRAINING_XAPI_INVALID', { fields: [{ field: '/id', messageKey: 'training.xapi.rule', params: { rule: 'must equal statementId' } }] });
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))
          throw new AppError('TRAINING_XAPI_INVALID', { fields: [{ field: 'statementId', messageKey: 'training.xapi.rule', params: { rule: 'must be a UUID' } }] });
        await storeStatements(deps, client(request), [{ ...body, id }], request.id);
        return reply.code(204).send(null);
      },
    );

    scope.get(
      '/api/v1/xapi/statements',
      {
        onRequest: authenticate,
        schema: {
          tags,
          operationId: 'xapiGetStatements',
          'x-errors': ['TRAINING_XAPI_VERSION', 'TRAINING_XAPI_INVALID', 'TRAINING_XAPI_FORBIDDEN', 'TRAINING_XAPI_NOT_FOUND'],
          security: bearer(XAPI_SCOPE),
          summary: 'One statement (statementId, voidedStatementId) or a page of them',
          description: `${AUTH} With \`statementId\` (or \`voidedStatementId\` for a voided one), that statement or 404 \`TRAINING_XAPI_NOT_FOUND\`; nothing else may be given with them. Otherwise a StatementResult: statements stored after \`since\` and at or before \`until\`, filtered by \`verb\`, \`registration\`, \`agent\` (an Agent as JSON, matched by its one identifier as the actor or the object; 400 \`TRAINING_XAPI_INVALID\` otherwise) and \`activity\` (the object's id), newest first (\`ascending=true\` oldest first), at most \`limit\` (0: the server's 100; at most 500), and \`more\`, the address of the next page ('' at the end). Voided statements are left out; the voiding statements are listed.`,
          querystring: Type.Object({
            statementId: Type.Optional(Type.String()),
            voidedStatementId: Type.Optional(Type.String()),
            since: Type.Optional(Type.String()),
            until: Type.Optional(Type.String()),
            verb: Type.Optional(Type.String()),
            registration: Type.Optional(Type.String()),
            agent: Type.Optional(Type.String({ maxLength: 2000 })),
            activity: Type.Optional(Type.String({ maxLength: 2000 })),
            limit: Type.Optional(Type.Integer({ minimum: 0 })),
            ascending: Type.Optional(Type.Boolean()),
            format: Type.Optional(Type.Union([Type.Literal('exact'), Type.Literal('canonical')])),
            cursor: Type.Optional(Type.String({ maxLength: 2000 })),
          }),
          response: { 200: Type.Union([StatementJson, Type.Object({ statements: Type.Array(StatementJson), more: Type.String() })]) },
        },
      },
      async (request, reply) => {
        const { statementId, voidedStatementId, format: _format, ...query } = request.query;
        reply.header('x-experience-api-consistent-through', new Date().toISOString());
        if (statementId !== undefined || voidedStatementId !== undefined) {
          if (Object.keys(query).length > 0 || (statementId !== undefined && voidedStatementId !== undefined))
            throw new AppError('TRAINING_XAPI_INVALID', {
              fields: [{ field: 'statementId', messageKey: 'training.xapi.rule', params: { rule: 'no other parameter with statementId or voidedStatementId' } }],
            });
          return getStatement(deps, client(request), (statementId ?? voidedStatementId)!, { voided: voidedStatementId !== undefined });
        }
        return queryStatements(deps, client(request), query);
      },
    );
  });
}

import { Type } from 'typebox';
import type { TamboApp } from '../http/app-types.ts';
import type { Database } from '../db/index.ts';
import { getAuditHead } from './audit.ts';
import { listCheckpoints } from './checkpoints.ts';

export const AuditHeadSchema = Type.Object(
  {
    position: Type.Integer({ description: 'Number of entries in the sealed chain' }),
    hash: Type.String({ description: 'Chain hash (SHA-256, hex) of the entry at `position`' }),
    sealedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'AuditHead' },
);

export function registerAuditRoutes(app: TamboApp, db: Database): void {
  app.get(
    '/api/v1/audit/head',
    {
      schema: {
        tags: ['audit'],
        operationId: 'getAuditHead',
        summary: 'The published head of the hash-chained audit log',
        description: 'Anyone can keep this value and later check that the log still extends it: an altered or deleted entry changes every hash after it.',
        response: { 200: AuditHeadSchema },
      },
    },
    async (_request, reply) => {
      const head = await getAuditHead(db);
      reply.header('cache-control', 'no-cache');
      return { position: head.position, hash: head.hash, sealedAt: head.sealedAt ? head.sealedAt.toISOString() : null };
    },
  );
}

export const AuditCheckpointSchema = Type.Object(
  {
    position: Type.Integer({ description: 'Number of entries in the sealed chain when signed' }),
    hash: Type.String({ description: 'Chain hash (SHA-256, hex) of the entry at `position`' }),
    sealedAt: Type.String({ format: 'date-time', description: 'When the head was sealed' }),
    signedAt: Type.String({ format: 'date-time', description: 'When the checkpoint was signed' }),
    kid: Type.String({ description: 'The platform key that signed it (see GET /api/v1/keys)' }),
    jws: Type.String({
      description:
        'Compact JWS (RS256, `typ` `tambo-audit-checkpoint+json`) whose payload is `{iss, position, hash, sealed_at, signed_at}`; verify it with the key `kid` of GET /api/v1/keys and keep it: `npm run audit:verify -- --head FILE` proves the log still extends it',
    }),
  },
  { $id: 'AuditCheckpoint' },
);

export function registerCheckpointRoutes(app: TamboApp, db: Database): void {
  app.addSchema(AuditCheckpointSchema);
  app.get(
    '/api/v1/audit/checkpoints',
    {
      schema: {
        tags: ['audit'],
        operationId: 'listAuditCheckpoints',
        summary: 'Signed checkpoints of the audit log, newest first',
        description:
          'Every hour the platform signs the head of the audit log with its key. Anyone can keep these: each one verifies with the published key long after that key is retired, and a later rewrite of the log no longer extends it (docs/audit-log.md).',
        querystring: Type.Object(
          {
            before: Type.Optional(Type.Integer({ minimum: 1, description: 'Only checkpoints at a smaller position (next page)' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref('AuditCheckpoint')),
            next: Type.Union([Type.Integer(), Type.Null()], { description: 'Pass as `before` for the next page' }),
          }),
        },
      },
    },
    async (request, reply) => {
      const limit = request.query.limit ?? 50;
      const items = await listCheckpoints(db, { before: request.query.before, limit });
      reply.header('cache-control', 'no-cache');
      return {
        items: items.map((c) => ({ position: c.position, hash: c.hash, sealedAt: c.sealedAt.toISOString(), signedAt: c.signedAt.toISOString(), kid: c.kid, jws: c.jws })),
        next: items.length === limit ? items[items.length - 1]!.position : null,
      };
    },
  );
}

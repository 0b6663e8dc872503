import { Type } from 'typebox';
import type { TamboApp } from '../http/app-types.ts';
import type { Database } from '../db/index.ts';
import { getAuditHead } from './audit.ts';

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

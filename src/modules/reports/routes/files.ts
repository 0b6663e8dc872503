// Public photo and evidence files of reports (never those of a hidden report or entry).
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import { readFile } from '../../../platform/files/index.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { findReportEvidence, findReportPhoto } from '../reading.service.ts';

export function registerReportFiles(app: TamboApp, deps: Deps): void {
  const send = async (reply: FastifyReply, file: { sha256: string; mediaType: string; filename: string } | undefined) => {
    const stored = file ? await readFile(deps.db, file.sha256) : undefined;
    if (!file || !stored) throw new AppError('NOT_FOUND');
    return reply
      .header('content-type', stored.mediaType)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('cache-control', 'public, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .send(stored.content);
  };
  app.get(
    '/reportes/:id/fotos/:position',
    {
      schema: { hide: true, params: Type.Object({ id: Type.Integer({ minimum: 1 }), position: Type.Integer({ minimum: 0, maximum: 20 }) }) },
    },
    async (request, reply) => send(reply, await findReportPhoto(deps, request.params.id, request.params.position)),
  );
  app.get(
    '/reportes/:id/evidencias/:eventId/:position',
    {
      schema: { hide: true, params: Type.Object({ id: Type.Integer({ minimum: 1 }), eventId: Type.Integer({ minimum: 1 }), position: Type.Integer({ minimum: 0, maximum: 20 }) }) },
    },
    async (request, reply) => send(reply, await findReportEvidence(deps, request.params.id, request.params.eventId, request.params.position)),
  );
}

// The documents a person sent with a step of their case (the answer to a correction request),
// read by that person and by the officials of the case's agency; never cached by others.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import { readFile } from '../../../platform/files/index.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { officialAgencies } from '../case.policy.ts';
import { getCaseForOfficial, getCaseForPerson, getOfficial, type CaseView } from '../services/queue.service.ts';
import { signedIn } from './page-helpers.ts';

const DocumentParams = Type.Object({
  code: Type.String({ maxLength: 20 }),
  eventId: Type.Integer({ minimum: 1 }),
  position: Type.Integer({ minimum: 0, maximum: 20 }),
});

export function registerCaseDocuments(app: TamboApp, deps: Deps): void {
  const send = async (reply: FastifyReply, view: CaseView, eventId: number, position: number) => {
    const file = view.events.find((e) => e.id === String(eventId))?.attachments?.[position];
    const stored = file ? await readFile(deps.db, file.sha256) : undefined;
    if (!file || !stored) throw new AppError('NOT_FOUND');
    return reply
      .header('content-type', stored.mediaType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(stored.content);
  };

  app.get('/mis-tramites/:code/documentos/:eventId/:position', { schema: { hide: true, params: DocumentParams } }, async (request, reply) => {
    const current = signedIn(request, reply);
    if (!current) return reply;
    return send(reply, await getCaseForPerson(deps, current.account.id, request.params.code), request.params.eventId, request.params.position);
  });

  app.get('/gestion/expedientes/:code/documentos/:eventId/:position', { schema: { hide: true, params: DocumentParams } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const official = await getOfficial(deps, requireSignedIn(request).account.id);
    if (officialAgencies(official).length === 0) throw new AppError('FORBIDDEN');
    return send(reply, await getCaseForOfficial(deps, official, request.params.code), request.params.eventId, request.params.position);
  });
}

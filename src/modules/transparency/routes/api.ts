// The public API of access to public information: the register, one request, and the figures.
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { transparencyFigures } from '../figures.service.ts';
import { listRegister, viewRequest } from '../transparency.service.ts';
import type { InformationRequest } from '../transparency.types.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const RequestSchema = Type.Object(
  {
    code: Type.String(),
    agencyCode: Type.String({ description: 'The entity that holds the request now' }),
    question: Type.String(),
    format: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('answered'), Type.Literal('refused')]),
    filedAt: Type.String({ format: 'date-time' }),
    dueAt: Type.String({ format: 'date-time', description: 'The legal time (after an extension, when there was one)' }),
    extensions: Type.Integer(),
    closedAt: Nullable(Type.String({ format: 'date-time' })),
    answeredInTime: Type.Union([Type.Boolean(), Type.Null()]),
    answer: Nullable(Type.String()),
    publicDocument: Nullable(Type.String({ description: 'The public version of the document given, personal data removed' })),
    refusalGround: Nullable(Type.String()),
    publicFile: Type.Union([
      Type.Object(
        {
          filename: Type.String(),
          size: Type.Integer({ description: 'Bytes' }),
          sha256: Type.String({ description: 'SHA-256 of the bytes, hex' }),
          url: Type.String({ description: 'Where anyone downloads it (a PDF)' }),
        },
        { description: 'The public version of the document given, uploaded as a PDF (personal data removed); the version sent to the requester is never here' },
      ),
      Type.Null(),
    ]),
  },
  { $id: 'InformationRequest' },
);

const publicRequest = (r: InformationRequest) => ({
  code: r.code,
  agencyCode: r.agencyCode,
  question: r.question,
  format: r.format,
  status: r.status,
  filedAt: r.filedAt.toISOString(),
  dueAt: r.dueAt.toISOString(),
  extensions: r.extensions,
  closedAt: r.closedAt?.toISOString() ?? null,
  answeredInTime: r.answeredInTime,
  answer: r.answer,
  publicDocument: r.publicDocument,
  refusalGround: r.refusalGround,
  publicFile: r.publicFile ? { filename: r.publicFile.filename, size: r.publicFile.size, sha256: r.publicFile.sha256, url: `/transparencia/solicitudes/${r.code}/archivos/publico` } : null,
});

const Percent = Type.Union([Type.Number(), Type.Null()]);

export function registerTransparencyApi(app: TamboApp, deps: Deps): void {
  app.get(
    '/api/v1/information-requests',
    {
      schema: {
        tags: ['transparency'],
        operationId: 'listInformationRequests',
        summary: 'The public register of requests for public information, newest first',
        description: 'Public. Nothing about who asked.',
        querystring: Type.Object({
          agency: Type.Optional(Type.String({ maxLength: 40 })),
          status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('answered'), Type.Literal('refused')])),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(RequestSchema) }) },
      },
    },
    async (request) => {
      const q = request.query;
      const items = await listRegister(deps, { agencyCodes: q.agency ? [q.agency] : undefined, status: q.status, limit: q.limit, offset: q.offset });
      return { items: items.map(publicRequest) };
    },
  );

  app.get(
    '/api/v1/information-requests/figures',
    {
      schema: {
        tags: ['transparency'],
        operationId: 'getTransparencyFigures',
        summary: "The observatory's figures: central entities with digital access, requests answered in legal time, compliance index by entity level",
        description: 'Public.',
        response: {
          200: Type.Object({
            centralEntitiesWithAccess: Type.Object({ count: Type.Integer(), total: Type.Integer(), percent: Percent }),
            answeredInTime: Type.Object({ inTime: Type.Integer(), closed: Type.Integer(), percent: Percent }),
            complianceByLevel: Type.Array(Type.Object({ level: Type.String(), index: Percent, entities: Type.Integer() })),
            complianceMonth: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async () => transparencyFigures(deps),
  );

  app.get(
    '/api/v1/information-requests/:code',
    {
      schema: {
        tags: ['transparency'],
        operationId: 'getInformationRequest',
        summary: 'One request for public information: its status, legal time, answer (public version) or refusal and history',
        description: 'Public. Answers 404 `TRANSPARENCY_NOT_FOUND` for an unknown code.',
        params: Type.Object({ code: Type.String({ maxLength: 20 }) }),
        response: {
          200: Type.Object({
            request: RequestSchema,
            events: Type.Array(Type.Object({ kind: Type.String(), agencyCode: Type.String(), toAgencyCode: Nullable(Type.String()), note: Type.String(), at: Type.String({ format: 'date-time' }) })),
            appeal: Type.Union([
              Type.Object({
                reason: Type.String(),
                filedAt: Type.String({ format: 'date-time' }),
                dueAt: Type.String({ format: 'date-time' }),
                outcome: Nullable(Type.String()),
                resolution: Nullable(Type.String()),
              }),
              Type.Null(),
            ]),
          }),
        },
      },
    },
    async (request) => {
      const view = await viewRequest(deps, request.params.code, null);
      const a = view.appeal;
      return {
        request: publicRequest(view.request),
        events: view.events.map((e) => ({ kind: e.kind, agencyCode: e.agencyCode, toAgencyCode: e.toAgencyCode, note: e.note, at: e.at.toISOString() })),
        appeal: a ? { reason: a.reason, filedAt: a.filedAt.toISOString(), dueAt: a.dueAt.toISOString(), outcome: a.outcome, resolution: a.resolution } : null,
      };
    },
  );
}

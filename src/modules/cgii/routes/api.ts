// The CGII API: an entity's system reports incidents and answers the centre's requests
// (`cgii:report`); the centre's exchange system (and an entity's, for its own incidents)
// exports STIX 2.1 bundles and the centre's imports them (`cgii:exchange`).
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import { authenticatedBy } from '../../../platform/http/principal.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { checkFile } from '../../../platform/files/files.ts';
import { decodeBase64 } from '../../../platform/files/files.ts';
import { AppError, isAppError } from '../../../platform/errors.ts';
import { requireAgencyClient } from '../../identity/index.ts';
import { answerRequest, clientViewer, type EvidenceUpload, getIncident, MAX_EVIDENCE_BYTES, reportIncident } from '../cgii.service.ts';
import { CATEGORIES, INDICATOR_KINDS, SEVERITIES, TLPS, tlpLabel } from '../cgii.types.ts';
import { exportIncident, importBundle } from '../stix.ts';

export const CGII_REPORT = 'cgii:report';
export const CGII_EXCHANGE = 'cgii:exchange';
/** The form's field names (the service's) as the API body's JSON pointers. */
const JSON_FIELDS: Record<string, string> = {
  titulo: '/title',
  descripcion: '/description',
  detectado: '/detectedAt',
  categoria: '/category',
  severidad: '/severity',
  tlp: '/tlp',
  indicadores: '/indicators',
  evidencias: '/evidence',
  texto: '/body',
  tlp_nota: '/tlp',
};
/** A validation failure with the body's field names. */
function asJsonFields(error: unknown): never {
  if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
  throw new AppError('VALIDATION_FAILED', { fields: error.fields.map((f) => ({ ...f, field: JSON_FIELDS[f.field] ?? f.field })) });
}
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const lit = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

const IncidentSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  agencyCode: Type.String(),
  title: Type.String(),
  status: Type.String(),
  category: Type.String(),
  severity: Type.String(),
  tlp: Type.String({ description: 'TLP 2.0 marking, e.g. TLP:AMBER' }),
  reportedAt: Type.String({ format: 'date-time' }),
  firstResponseDue: Type.String({ format: 'date-time' }),
  closureDue: Type.String({ format: 'date-time' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  indicators: Type.Array(Type.Object({ kind: Type.String(), value: Type.String() })),
  evidence: Type.Array(Type.Object({ sha256: Type.String(), filename: Type.String(), size: Type.Integer() })),
  notes: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), body: Type.String(), tlp: Type.String(), createdAt: Type.String({ format: 'date-time' }) }), {
    description: 'The notes TLP lets a system see: never a TLP:RED note (those go to named people only).',
  }),
});

export function registerCgiiApi(app: TamboApp, deps: Deps): void {
  const client = (request: FastifyRequest, scope: string) => requireAgencyClient(app, request, scope, { refused: 'CGII_CLIENT_NOT_ALLOWED' }).then((c) => clientViewer(deps, c));
  // The agency's system is found in onRequest, before the input is validated.
  const clients = authenticatedBy(client);
  const view = async (viewer: Awaited<ReturnType<typeof client>>, id: string) => {
    const { incident: i, indicators, evidence, notes } = await getIncident(deps, viewer, id);
    return {
      id: i.id,
      code: i.code,
      agencyCode: i.agencyCode,
      title: i.title,
      status: i.status,
      category: i.category,
      severity: i.severity,
      tlp: tlpLabel(i.tlp),
      reportedAt: i.reportedAt.toISOString(),
      firstResponseDue: i.firstResponseDue.toISOString(),
      closureDue: i.closureDue.toISOString(),
      closedAt: i.closedAt?.toISOString() ?? null,
      indicators,
      evidence: evidence.map((e) => ({ sha256: e.sha256, filename: e.filename, size: e.size })),
      notes: notes.map((n) => ({ id: n.id, kind: n.kind, body: n.body, tlp: tlpLabel(n.tlp), createdAt: n.createdAt.toISOString() })),
    };
  };
  const AUTH = (scope: string) =>
    `A client-credentials token of a client bound to an agency, with the scope \`${scope}\`. Missing or invalid: 401; without the scope: 403 \`CGII_CLIENT_NOT_ALLOWED\`. An entity sees only its own incidents (another's: 404 \`CGII_NOT_FOUND\`).`;

  app.post(
    '/api/v1/cgii/incidents',
    {
      onRequest: clients.hook(CGII_REPORT),
      config: { csrf: false },
      schema: {
        tags: ['cgii'],
        operationId: 'reportCgiiIncident',
        'x-errors': ['CGII_CLIENT_NOT_ALLOWED'],
        security: bearer(CGII_REPORT),
        summary: 'Report a computer-security incident of the client’s entity',
        description: `${AUTH(CGII_REPORT)} Evidence files (PDF, PNG, JPEG) in base64, kept by hash with a chain of custody.`,
        body: Type.Object({
          title: Type.String({ minLength: 1, maxLength: 200 }),
          description: Type.String({ minLength: 1, maxLength: 10000 }),
          detectedAt: Type.String({ format: 'date-time' }),
          systemsAffected: Type.Optional(Type.String({ maxLength: 2000 })),
          dataAffected: Type.Optional(Type.String({ maxLength: 2000 })),
          personalData: Type.Optional(Type.Boolean()),
          category: lit(CATEGORIES),
          severity: lit(SEVERITIES),
          tlp: lit(TLPS),
          indicators: Type.Optional(Type.Array(Type.Object({ kind: lit(INDICATOR_KINDS), value: Type.String({ minLength: 1, maxLength: 2000 }) }), { maxItems: 200 })),
          evidence: Type.Optional(Type.Array(Type.Object({ filename: Type.String({ minLength: 1, maxLength: 200 }), contentBase64: Type.String({ maxLength: 14_000_000 }) }), { maxItems: 5 })),
        }),
        response: { 201: IncidentSchema },
      },
    },
    async (request, reply) => {
      const viewer = clients.of(request);
      const files: EvidenceUpload[] = (request.body.evidence ?? []).map((e) => {
        const bytes = decodeBase64(e.contentBase64);
        const check = bytes ? checkFile(bytes, { maxBytes: MAX_EVIDENCE_BYTES, allowed: ['application/pdf', 'image/png', 'image/jpeg'] }) : undefined;
        if (!bytes || !check?.ok) throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/evidence', messageKey: 'cgii.errors.files' }] });
        return { filename: e.filename, bytes, mediaType: check.mediaType };
      });
      const incident = await reportIncident(deps, viewer, { ...request.body, agencyCode: '' }, files, { requestId: request.id }).catch(asJsonFields);
      return reply.code(201).send(await view(viewer, incident.id));
    },
  );

  app.get(
    '/api/v1/cgii/incidents/:id',
    {
      onRequest: clients.hook(CGII_REPORT),
      schema: {
        tags: ['cgii'],
        operationId: 'getCgiiIncident',
        'x-errors': ['CGII_NOT_FOUND', 'CGII_CLIENT_NOT_ALLOWED'],
        security: bearer(CGII_REPORT),
        summary: 'An incident of the client’s entity, with the notes TLP allows',
        description: AUTH(CGII_REPORT),
        params: Params,
        response: { 200: IncidentSchema },
      },
    },
    async (request) => view(clients.of(request), request.params.id),
  );

  app.post(
    '/api/v1/cgii/incidents/:id/answers',
    {
      onRequest: clients.hook(CGII_REPORT),
      config: { csrf: false },
      schema: {
        tags: ['cgii'],
        operationId: 'answerCgiiRequest',
        'x-errors': ['CGII_NO_REQUEST', 'CGII_CLIENT_NOT_ALLOWED'],
        security: bearer(CGII_REPORT),
        summary: 'Answer the centre’s request for more information',
        description: `${AUTH(CGII_REPORT)} Only while the centre waits for the entity (409 \`CGII_NO_REQUEST\`).`,
        params: Params,
        body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 10000 }), tlp: lit(TLPS.filter((t) => t !== 'red')) }),
        response: { 200: IncidentSchema },
      },
    },
    async (request) => {
      const viewer = clients.of(request);
      await answerRequest(deps, viewer, request.params.id, request.body, request.id).catch(asJsonFields);
      return view(viewer, request.params.id);
    },
  );

  app.get(
    '/api/v1/cgii/incidents/:id/stix',
    {
      onRequest: clients.hook(CGII_EXCHANGE),
      schema: {
        tags: ['cgii'],
        operationId: 'exportCgiiIncidentStix',
        'x-errors': ['CGII_CLIENT_NOT_ALLOWED'],
        security: bearer(CGII_EXCHANGE),
        summary: 'An incident as a STIX 2.1 bundle (the CGII extension, TLP 2.0 markings; TLP:RED notes left out)',
        description: AUTH(CGII_EXCHANGE),
        params: Params,
        response: { 200: Type.Object({ type: Type.Literal('bundle'), id: Type.String(), objects: Type.Array(Type.Record(Type.String(), Type.Unknown())) }) },
      },
    },
    async (request) => exportIncident(deps, clients.of(request), request.params.id),
  );

  app.post(
    '/api/v1/cgii/stix',
    {
      onRequest: clients.hook(CGII_EXCHANGE),
      config: { csrf: false },
      bodyLimit: 5_000_000,
      schema: {
        tags: ['cgii'],
        operationId: 'importCgiiStix',
        'x-errors': ['CGII_CLIENT_NOT_ALLOWED', 'CGII_INVALID_BUNDLE'],
        security: bearer(CGII_EXCHANGE),
        summary: 'Import the incidents of a STIX 2.1 bundle with the CGII extension (the centre’s system only; idempotent by incident id)',
        description: `${AUTH(CGII_EXCHANGE)} Only a client of the centre's agency (403 \`CGII_FORBIDDEN\`). A bundle without the extension's fields: 400 \`CGII_INVALID_BUNDLE\`.`,
        body: Type.Object({ type: Type.Literal('bundle'), id: Type.String(), objects: Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 5000 }) }),
        response: { 200: Type.Object({ imported: Type.Array(Type.String()), existing: Type.Array(Type.String()) }) },
      },
    },
    async (request) => importBundle(deps, clients.of(request), request.body, request.id),
  );
}

// Our own JSON API of public registries (/api/v1/registries/…): a record by its key (a person
// by document number, a unit by NIT/RIF, a territory by code), now or "as of" an instant, and
// its history of versions. The exchange (`interop`) publishes these as services and calls them
// with its signed assertion naming the consumer and the `X-Road-*` headers, which the usage log keeps.
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import type { Deps } from '../../../platform/module.ts';
import { getRegistry, readRecord, recordHistory, requireRead } from '../registry.service.ts';
import { ownerOf, REGISTRIES_READ, registryNames } from '../registry.types.ts';
import { logReads } from '../usage.service.ts';
import { authenticatedBy } from '../../../platform/http/principal.ts';
import { clientReader } from './access.ts';

const RecordSchema = Type.Object(
  {
    registry: Type.String({ examples: ['personas'] }),
    registryVersion: Type.String({ examples: ['1.0'] }),
    owner: Type.Union([Type.String(), Type.Null()], { description: "The owner agency's code" }),
    id: Type.String({ description: 'The key, written the one canonical way' }),
    uuid: Type.String(),
    version: Type.Integer({ description: "The record's version answered" }),
    validFrom: Type.String({ format: 'date-time', description: 'Since when this version holds' }),
    content: Type.Object({}, { additionalProperties: true }),
  },
  { $id: 'RegistryRecord' },
);
const VersionSchema = Type.Object(
  {
    version: Type.Integer(),
    validFrom: Type.String({ format: 'date-time' }),
    validTo: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    deleted: Type.Boolean(),
    actorType: Type.String(),
    agencyCode: Type.Union([Type.String(), Type.Null()]),
    reason: Type.String(),
    content: Type.Object({}, { additionalProperties: true }),
  },
  { $id: 'RegistryRecordVersion' },
);
const Params = Type.Object({ registry: Type.Union(registryNames.map((n) => Type.Literal(n))), id: Type.String({ minLength: 1, maxLength: 60 }) });
const AUTH = `Authorization: Bearer <client credentials token with ${REGISTRIES_READ}> (any agency granted the right; the owner's system may use registries:write), or, on a call forwarded by the exchange, its signed assertion naming a consumer that holds the right. Each read of a person's record is logged and shown in their "Mi actividad"; \`X-Road-Client\` and \`X-Road-Id\` (calls through the exchange) are kept with it.`;

export function registerRegistriesApi(app: TamboApp, deps: Deps): void {
  app.addSchema(RecordSchema);
  app.addSchema(VersionSchema);
  // The agency's system is found in onRequest, before the parameters are validated.
  const readers = authenticatedBy((request) => clientReader(app, request, 'read'));
  const onRequest = readers.hook();

  app.get<{ Params: { registry: string; id: string }; Querystring: { asOf?: string } }>(
    '/api/v1/registries/:registry/records/:id',
    {
      onRequest,
      schema: {
        tags: ['registries'],
        operationId: 'readRegistryRecord',
        summary: 'A registry record by its key, now or as of an instant',
        description: `A person by document number (\`personas\`), an economic unit by NIT/RIF (\`unidades_economicas\`), a territory by code (\`territorios\`). \`asOf\` (an instant) answers the version in force then. 404 REGISTRIES_RECORD_NOT_FOUND when none (or deleted then). ${AUTH}`,
        params: Params,
        querystring: Type.Object({ asOf: Type.Optional(Type.String({ format: 'date-time' })) }),
        headers: Type.Object({ 'x-road-client': Type.Optional(Type.String({ maxLength: 300 })), 'x-road-id': Type.Optional(Type.String({ maxLength: 300 })) }),
        security: bearer(REGISTRIES_READ),
        response: { 200: { $ref: 'RegistryRecord' } },
        'x-errors': ['REGISTRIES_FORBIDDEN', 'REGISTRIES_RECORD_NOT_FOUND'],
      },
    },
    async (request) => {
      const registry = getRegistry(request.params.registry);
      const reader = readers.of(request);
      requireRead(deps, reader, registry);
      const record = await readRecord(deps, registry, request.params.id, request.query.asOf ? new Date(request.query.asOf) : undefined);
      if (!record) throw new AppError('REGISTRIES_RECORD_NOT_FOUND');
      await logReads(deps, reader, registry, [record], 'read');
      return {
        registry: registry.name,
        registryVersion: registry.version,
        owner: ownerOf(registry, deps.country),
        id: record.key,
        uuid: record.uuid,
        version: record.version,
        validFrom: record.modifiedAt.toISOString(),
        content: record.content,
      };
    },
  );

  app.get<{ Params: { registry: string; id: string } }>(
    '/api/v1/registries/:registry/records/:id/history',
    {
      onRequest,
      schema: {
        tags: ['registries'],
        operationId: 'registryRecordHistory',
        summary: "A registry record's versions, oldest first",
        description: `Every version with when it held, who kind of actor made it, the agency and the reason. ${AUTH}`,
        params: Params,
        security: bearer(REGISTRIES_READ),
        response: { 200: Type.Object({ items: Type.Array({ $ref: 'RegistryRecordVersion' }) }) },
        'x-errors': ['REGISTRIES_FORBIDDEN', 'REGISTRIES_RECORD_NOT_FOUND'],
      },
    },
    async (request) => {
      const registry = getRegistry(request.params.registry);
      if (registry.name === 'territorios') throw new AppError('REGISTRIES_RECORD_NOT_FOUND');
      const reader = readers.of(request);
      requireRead(deps, reader, registry);
      const record = await readRecord(deps, registry, request.params.id);
      if (!record) throw new AppError('REGISTRIES_RECORD_NOT_FOUND');
      await logReads(deps, reader, registry, [record], 'history');
      const versions = await recordHistory(deps, record);
      return {
        items: versions.map((v) => ({
          version: v.version,
          validFrom: v.validFrom.toISOString(),
          validTo: v.validTo?.toISOString() ?? null,
          deleted: v.deleted,
          actorType: v.actorType,
          agencyCode: v.agencyCode,
          reason: v.reason,
          content: v.content,
        })),
      };
    },
  );
}

// The GovStack Digital Registries API (data API 1.3.0) for each registry, at
// /govstack/registries/: the specification's paths, field names and status codes
// (docs/registries.md); test/fixtures/govstack/ holds the response schemas the tests check.
// Errors the specification does not name answer problem+json as every Tambo API.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import type { Deps } from '../../../platform/module.ts';
import { createRecord, deleteRecord, findByQuery, getRegistry, listRecords, readRecord, requireRead, updateRecord } from '../registry.service.ts';
import { type Content, REGISTRIES_READ, REGISTRIES_WRITE, type RegistryRecord } from '../registry.types.ts';
import { logReads, myPersonalDataUsage } from '../usage.service.ts';
import { clientReader, personReader } from './access.ts';

const BASE = '/govstack/registries/data';
const MAX_PAGE_SIZE = 100;

const ContentSchema = Type.Object(
  { id: Type.Optional(Type.String({ description: "The record's key: the document number (personas), the NIT or RIF (unidades_economicas), the code (territorios)" })) },
  { additionalProperties: true, description: "The record's fields, as the registry's schema names them (docs/registries.md)" },
);
const Params = Type.Object({ registryName: Type.String({ maxLength: 40 }), versionNumber: Type.String({ maxLength: 10 }) });
const Headers = Type.Object({ 'information-mediator-client': Type.Optional(Type.String({ maxLength: 300, description: 'INSTANCE/CLASS/MEMBER/SUBSYSTEM of the caller (kept in the usage log)' })) });
const Wrapped = (description: string) => Type.Object({ content: ContentSchema }, { description });
const QueryWrite = Type.Object({
  query: Type.Optional(Wrapped('The record to change (by `id` or by equal fields)')),
  write: Wrapped('The fields written'),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
});
const ReadBody = Type.Object({ query: Wrapped('The record looked for: by `id` or by equal fields') });
const ContentAnswer = Type.Object({ content: ContentSchema });

const AUTH_READ = `Authorization: Bearer <client credentials token with ${REGISTRIES_READ}> (any agency granted the right) or ${REGISTRIES_WRITE} (the owner agency's system); 403 REGISTRIES_FORBIDDEN without the grant.`;
const AUTH_WRITE = `Authorization: Bearer <client credentials token with ${REGISTRIES_WRITE}> of a system of the registry's owner agency; 403 REGISTRIES_FORBIDDEN otherwise.`;

const schema = (operationId: string, summary: string, description: string, extra: Record<string, unknown>, scope: string = REGISTRIES_READ) => ({
  tags: ['registries'],
  operationId,
  summary,
  description,
  params: Params,
  headers: Headers,
  security: bearer(scope),
  'x-errors': ['REGISTRIES_NOT_FOUND', 'REGISTRIES_FORBIDDEN', 'REGISTRIES_INVALID'],
  ...extra,
});

const listQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 100, description: 'Text any field contains (case-insensitive)' })),
    filter: Type.Optional(Type.String({ maxLength: 40, description: 'The field to order by' })),
    ordering: Type.Optional(Type.Union([Type.Literal('ascending'), Type.Literal('descending')])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE })),
  },
  { additionalProperties: Type.String({ maxLength: 100 }), description: '`query.<field>=value`: records whose field equals the value' } as never,
);

export function registerGovstackApi(app: TamboApp, deps: Deps): void {
  const registryOf = (request: FastifyRequest<{ Params: { registryName: string; versionNumber: string } }>) => getRegistry(request.params.registryName, request.params.versionNumber);
  type P = { Params: { registryName: string; versionNumber: string } };

  app.get<P & { Querystring: Record<string, string | number | undefined> }>(
    `${BASE}/:registryName/:versionNumber`,
    {
      schema: schema('govstackList', 'list', `Searches and returns records page by page (GovStack \`list\`). ${AUTH_READ} Each record answered is a read in the usage log.`, {
        querystring: listQuery,
        response: {
          200: Type.Object({
            count: Type.Integer(),
            next: Type.Optional(Type.String({ format: 'uri', description: 'The next page (absent on the last)' })),
            previous: Type.Optional(Type.String({ format: 'uri' })),
            results: Type.Array(ContentSchema),
          }),
        },
      }),
    },
    async (request) => {
      const registry = registryOf(request);
      const reader = await clientReader(app, request, 'read');
      requireRead(deps, reader, registry);
      const q = request.query;
      const page = Number(q.page ?? 1);
      const pageSize = Number(q.pageSize ?? 10);
      const equals = Object.fromEntries(
        Object.entries(q)
          .filter(([name, value]) => name.startsWith('query.') && value !== undefined)
          .map(([name, value]) => [name.slice('query.'.length), String(value)]),
      );
      const { records, total } = await listRecords(deps, registry, {
        search: typeof q.search === 'string' ? q.search : undefined,
        equals,
        orderBy: typeof q.filter === 'string' ? q.filter : undefined,
        descending: q.ordering === 'descending',
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      await logReads(deps, reader, registry, records, 'list');
      const link = (p: number) => {
        const params = new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]));
        params.set('page', String(p));
        params.set('pageSize', String(pageSize));
        return `${deps.config.publicUrl}${BASE}/${registry.name}/${registry.version}?${params}`;
      };
      return { count: total, ...(page * pageSize < total ? { next: link(page + 1) } : {}), ...(page > 1 ? { previous: link(page - 1) } : {}), results: records.map((r) => r.content) };
    },
  );

  app.post<P & { Body: { write: { content: Content }; reason?: string } }>(
    `${BASE}/:registryName/:versionNumber/create`,
    {
      schema: schema(
        'govstackCreate',
        'create',
        `Creates a record (GovStack \`create\`): its first version, audited. The same content again answers the record and writes nothing (a retry); other content under an existing id is 409 REGISTRIES_EXISTS. ${AUTH_WRITE}`,
        {
          body: Type.Object({ write: Wrapped('The new record'), reason: Type.Optional(Type.String({ maxLength: 500 })) }),
          response: { 200: ContentAnswer },
          'x-errors': ['REGISTRIES_NOT_FOUND', 'REGISTRIES_FORBIDDEN', 'REGISTRIES_INVALID', 'REGISTRIES_EXISTS', 'REGISTRIES_READ_ONLY'],
        },
        REGISTRIES_WRITE,
      ),
    },
    async (request, reply) => {
      const registry = registryOf(request);
      const writer = await clientReader(app, request, 'write');
      const outcome = await createRecord(deps, writer, registry, request.body.write.content, { reason: request.body.reason, requestId: request.id });
      if (outcome.warnings.length > 0) reply.header('tambo-warning', outcome.warnings.join(', '));
      return { content: outcome.record.content };
    },
  );

  const readOne = async (request: FastifyRequest<P & { Body: { query: { content: Content } } }>, operation: 'read' | 'exists'): Promise<RegistryRecord | undefined> => {
    const registry = registryOf(request);
    const reader = await clientReader(app, request, 'read');
    requireRead(deps, reader, registry);
    const [record] = await findByQuery(deps, registry, request.body.query.content);
    if (record) await logReads(deps, reader, registry, [record], operation);
    return record;
  };

  app.post<P & { Body: { query: { content: Content } } }>(
    `${BASE}/:registryName/:versionNumber/read`,
    {
      schema: schema(
        'govstackRead',
        'read',
        `Reads one record (GovStack \`read\`); 404 \`{"detail": "no record found"}\` when none matches. ${AUTH_READ} The read is in the usage log and, for a person, in their "Mi actividad".`,
        {
          body: ReadBody,
          response: { 200: ContentAnswer, 404: Type.Object({ detail: Type.Literal('no record found') }) },
        },
      ),
    },
    async (request, reply) => {
      const record = await readOne(request, 'read');
      if (!record) return reply.code(404).send({ detail: 'no record found' });
      return { content: record.content };
    },
  );

  app.post<P & { Body: { query: { content: Content } } }>(
    `${BASE}/:registryName/:versionNumber/exists`,
    {
      schema: schema('govstackExists', 'exists', `Whether a record matches (GovStack \`exists\`). ${AUTH_READ}`, {
        body: ReadBody,
        response: { 200: Type.Object({ answer: Type.Object({ status: Type.Boolean(), message: Type.String() }) }) },
      }),
    },
    async (request) => {
      const record = await readOne(request, 'exists');
      return { answer: { status: record !== undefined, message: record ? 'Object found from database' : 'Object not found from database' } };
    },
  );

  const update = async (request: FastifyRequest<P & { Body: { query?: { content: Content }; write: { content: Content }; reason?: string } }>) => {
    const registry = registryOf(request);
    const writer = await clientReader(app, request, 'write');
    return { registry, writer, record: await updateRecord(deps, writer, registry, request.body.query?.content, request.body.write.content, { reason: request.body.reason, requestId: request.id }) };
  };

  app.put<P & { Body: { query?: { content: Content }; write: { content: Content }; reason?: string } }>(
    `${BASE}/:registryName/:versionNumber/update`,
    {
      schema: schema(
        'govstackUpdate',
        'update',
        `Updates the record the query designates (GovStack \`update\`): a new version with who and why (\`reason\`), audited; the previous one stays readable "as of". 404 REGISTRIES_RECORD_NOT_FOUND when none matches. ${AUTH_WRITE}`,
        {
          body: QueryWrite,
          response: { 200: ContentAnswer },
          'x-errors': ['REGISTRIES_NOT_FOUND', 'REGISTRIES_FORBIDDEN', 'REGISTRIES_INVALID', 'REGISTRIES_RECORD_NOT_FOUND', 'REGISTRIES_CHANGED', 'REGISTRIES_READ_ONLY'],
        },
        REGISTRIES_WRITE,
      ),
    },
    async (request) => {
      const { record } = await update(request);
      if (!record) throw new AppError('REGISTRIES_RECORD_NOT_FOUND');
      return { content: record.content };
    },
  );

  app.post<P & { Body: { query?: { content: Content }; write: { content: Content }; reason?: string } }>(
    `${BASE}/:registryName/:versionNumber/updateOrCreate`,
    {
      schema: schema(
        'govstackUpdateOrCreate',
        'updateOrCreate',
        `Updates the record the query designates, or creates it from \`write\` when none matches (GovStack \`updateOrCreate\`). ${AUTH_WRITE}`,
        {
          body: QueryWrite,
          response: { 200: ContentAnswer },
          'x-errors': ['REGISTRIES_NOT_FOUND', 'REGISTRIES_FORBIDDEN', 'REGISTRIES_INVALID', 'REGISTRIES_EXISTS', 'REGISTRIES_CHANGED', 'REGISTRIES_READ_ONLY'],
        },
        REGISTRIES_WRITE,
      ),
    },
    async (request) => {
      const { registry, writer, record } = await update(request);
      if (record) return { content: record.content };
      const created = await createRecord(deps, writer, registry, request.body.write.content, { reason: request.body.reason, requestId: request.id });
      return { content: created.record.content };
    },
  );

  app.delete<P & { Params: { id: string }; Querystring: { reason?: string } }>(
    `${BASE}/:registryName/:versionNumber/:id/delete`,
    {
      schema: schema(
        'govstackDelete',
        'delete',
        `Deletes a record by its id or uuid (GovStack \`delete\`): a last version marked deleted, audited; its history stays readable "as of". 204; 404 REGISTRIES_RECORD_NOT_FOUND when none. ${AUTH_WRITE}`,
        {
          params: Type.Object({ registryName: Type.String({ maxLength: 40 }), versionNumber: Type.String({ maxLength: 10 }), id: Type.String({ maxLength: 60 }) }),
          querystring: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }),
          response: { 204: Type.Null({ description: 'Deleted' }) },
          'x-errors': ['REGISTRIES_NOT_FOUND', 'REGISTRIES_FORBIDDEN', 'REGISTRIES_RECORD_NOT_FOUND', 'REGISTRIES_READ_ONLY'],
        },
        REGISTRIES_WRITE,
      ),
    },
    async (request, reply) => {
      const registry = registryOf(request);
      const writer = await clientReader(app, request, 'write');
      if (!(await deleteRecord(deps, writer, registry, request.params.id, { reason: request.query.reason, requestId: request.id }))) throw new AppError('REGISTRIES_RECORD_NOT_FOUND');
      return reply.code(204).send();
    },
  );

  app.get<P & { Params: { uuid: string; fieldExt: string } }>(
    `${BASE}/:registryName/:versionNumber/:uuid/readValue/:fieldExt`,
    {
      schema: schema(
        'govstackReadValue',
        'readValue',
        `One field of a record by its uuid or id, as \`{field}.json\` (\`{"value": …}\`) or \`{field}.txt\` (the text) (GovStack \`readValue\`). ${AUTH_READ}`,
        {
          params: Type.Object({
            registryName: Type.String({ maxLength: 40 }),
            versionNumber: Type.String({ maxLength: 10 }),
            uuid: Type.String({ maxLength: 60 }),
            fieldExt: Type.String({ maxLength: 60, description: '`{field}.{ext}`, ext json or txt' }),
          }),
          response: { 200: Type.Object({ value: Type.Unknown() }) as TSchema },
          'x-errors': ['REGISTRIES_NOT_FOUND', 'REGISTRIES_FORBIDDEN', 'REGISTRIES_RECORD_NOT_FOUND', 'REGISTRIES_INVALID'],
        },
      ),
    },
    async (request, reply: FastifyReply) => {
      const registry = registryOf(request);
      const match = /^(\w{1,40})\.(json|txt)$/.exec(request.params.fieldExt);
      if (!match || !(match[1]! in registry.fields))
        throw new AppError('REGISTRIES_INVALID', { fields: [{ field: 'field', messageKey: 'registries.errors.unknownField', params: { field: request.params.fieldExt } }] });
      const reader = await clientReader(app, request, 'read');
      requireRead(deps, reader, registry);
      const record = await readRecord(deps, registry, request.params.uuid);
      if (!record) throw new AppError('REGISTRIES_RECORD_NOT_FOUND');
      await logReads(deps, reader, registry, [record], 'read_value');
      const value = record.content[match[1]!] ?? null;
      if (match[2] === 'txt') return reply.type('text/plain; charset=utf-8').send(Array.isArray(value) ? value.join(', ') : value === null ? '' : String(value));
      return { value };
    },
  );

  app.get<{ Querystring: { userId: string; databaseId: string } }>(
    `${BASE}/mypersonalDataUsage`,
    {
      schema: {
        tags: ['registries'],
        operationId: 'govstackMyPersonalDataUsage',
        summary: 'mypersonalDataUsage',
        description:
          'The reads of the signed-in person\'s own record (GovStack `mypersonalDataUsage`; "Mi actividad" for registries): `userId` is their document number, `databaseId` the registry (`personas`). Needs the portal session; another person\'s id is 403 REGISTRIES_FORBIDDEN, an id that is no document number 400 REGISTRIES_INVALID.',
        querystring: Type.Object({ userId: Type.String({ maxLength: 40 }), databaseId: Type.String({ maxLength: 40 }) }),
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              readerId: Type.String(),
              readerInitials: Type.String(),
              readerInstitutionId: Type.String(),
              readerInstitutionName: Type.String(),
              readerApplicationName: Type.String(),
              searchDateTime: Type.String({ format: 'date-time' }),
              refrences: Type.Array(Type.Object({ ReferenceId: Type.String() })),
            }),
          ),
        },
        'x-errors': ['UNAUTHENTICATED', 'REGISTRIES_NOT_FOUND', 'REGISTRIES_FORBIDDEN', 'REGISTRIES_INVALID'],
      },
    },
    async (request) => {
      const reader = personReader(request);
      const registry = getRegistry(request.query.databaseId);
      const usage = await myPersonalDataUsage(deps, reader, registry, request.query.userId);
      return usage.map((u) => ({
        id: u.id,
        readerId: u.readerId,
        readerInitials: (u.readerAgency ?? u.readerId).slice(0, 3),
        readerInstitutionId: u.readerAgency ?? '',
        readerInstitutionName: u.readerAgency ?? '',
        readerApplicationName: u.xroadClient ?? u.readerId,
        searchDateTime: u.occurredAt.toISOString(),
        refrences: [{ ReferenceId: u.xroadId ?? u.id }],
      }));
    },
  );
}

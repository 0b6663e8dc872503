// GeoReport v2 at /open311/v2/: every resource as `.json` or `.xml`, and every failure in the
// specification's error format (a list of {code, description} with status 400, 403 or 404),
// never our problem+json. The routes live in their own Fastify scope so that its error and
// not-found handlers answer for everything under /open311.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay from 'find-my-way';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { IdempotencyKeyHeaders } from '../../../platform/idempotency/idempotency.ts';
import { findServiceRequests, getRequestToken, getServiceDefinition, getServiceRequest, listServiceRequestUpdates, listServices, submitServiceRequest } from '../georeport.service.ts';
import { CONTENT_TYPES, listToXml, objectToXml, splitFormat, type Format, type Value } from '../open311.format.ts';
import { SECURITY } from '../../../platform/http/openapi-contract.ts';
import { toAppError } from '../../../platform/http/error-handler.ts';
import { noteRefusal } from '../../../platform/http/logging.ts';

export const OPEN311_PREFIX = '/open311/v2';
/** When the published description of the endpoint last changed. */
const CHANGESET = '2026-11-24T00:00:00Z';
const FORMATS: Format[] = ['json', 'xml'];

type Row = Record<string, Value>;

/** The format named by the path's extension; XML (the specification's default) otherwise. */
function formatOf(request: FastifyRequest): Format {
  const path = request.url.split('?')[0] ?? '';
  return splitFormat(path.slice(path.lastIndexOf('/') + 1))?.format ?? 'xml';
}

function sendList(reply: FastifyReply, format: Format, root: string, item: string, list: Row[], status = 200) {
  reply.code(status).type(CONTENT_TYPES[format]);
  return reply.send(format === 'json' ? JSON.stringify(list) : listToXml(root, item, list));
}

function sendObject(reply: FastifyReply, format: Format, root: string, object: Row) {
  reply.type(CONTENT_TYPES[format]);
  return reply.send(format === 'json' ? JSON.stringify(object) : objectToXml(root, object));
}

/** Fastify's validation failures and our own AppErrors as the specification's errors. */
function describeFailure(error: FastifyError | Error, request: FastifyRequest, statusOf: (code: string) => number | undefined): { status: number; description: string } {
  const validation = (error as FastifyError).validation;
  if (validation) {
    const details = validation.map((issue) => {
      const name = issue.keyword === 'required' ? String(issue.params.missingProperty) : issue.instancePath.replace(/^\//, '');
      return `${name}: ${request.t('open311.errors.invalid')}`;
    });
    return { status: 400, description: `${request.t('errors.VALIDATION_FAILED')} (${details.join('; ')})` };
  }
  if (isAppError(error)) {
    const status = statusOf(error.code) ?? 500;
    const title = request.t(`errors.${error.code}`, error.params);
    const fields = error.fields.map((f) => `${f.field}: ${request.t(f.messageKey, f.params)}`);
    return { status, description: fields.length > 0 ? `${title} (${fields.join('; ')})` : title };
  }
  const status = (error as FastifyError).statusCode;
  if (status !== undefined && status >= 400 && status < 500) return { status, description: request.t('errors.BAD_REQUEST') };
  return { status: 500, description: request.t('errors.INTERNAL') };
}

const Jurisdiction = Type.Optional(Type.String({ maxLength: 100, description: 'The country code (the whole country) or a territory code; optional: there is one jurisdiction per installation' }));
const OneFormat = (description: string) => Type.String({ maxLength: 200, description: `${description}, followed by .json or .xml` });

const RequestsQuery = Type.Object({
  jurisdiction_id: Jurisdiction,
  service_request_id: Type.Optional(Type.String({ maxLength: 20000, description: 'Comma-separated request ids; when present every other filter is ignored' })),
  service_code: Type.Optional(Type.String({ maxLength: 2000, description: 'Comma-separated service codes' })),
  start_date: Type.Optional(Type.String({ maxLength: 40, description: 'W3C date-time: requests made at or after it (default: 90 days before end_date or now)' })),
  end_date: Type.Optional(Type.String({ maxLength: 40, description: 'W3C date-time: requests made at or before it' })),
  status: Type.Optional(Type.String({ maxLength: 20, description: '`open`, `closed`, or both comma-separated' })),
  max_requests: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'FixMyStreet extension: at most this many requests (default and maximum 1000)' })),
});

const NewRequestBody = Type.Object(
  {
    api_key: Type.Optional(Type.String({ maxLength: 200, description: 'The key an administrator issued to the application (required)' })),
    jurisdiction_id: Jurisdiction,
    service_code: Type.Optional(Type.String({ maxLength: 100, description: 'The service (required)' })),
    lat: Type.Optional(Type.String({ maxLength: 40, description: 'WGS84 latitude; with long, or address_string, or address_id' })),
    long: Type.Optional(Type.String({ maxLength: 40, description: 'WGS84 longitude' })),
    address_string: Type.Optional(Type.String({ maxLength: 500, description: 'The location as an address' })),
    address_id: Type.Optional(Type.String({ maxLength: 200, description: 'An address id of the jurisdiction' })),
    email: Type.Optional(Type.String({ maxLength: 320, description: 'Reporter e-mail, never published' })),
    device_id: Type.Optional(Type.String({ maxLength: 200, description: 'Ignored' })),
    account_id: Type.Optional(Type.String({ maxLength: 200, description: 'Ignored' })),
    first_name: Type.Optional(Type.String({ maxLength: 200, description: 'Reporter given name, never published' })),
    last_name: Type.Optional(Type.String({ maxLength: 200, description: 'Reporter family name, never published' })),
    phone: Type.Optional(Type.String({ maxLength: 50, description: 'Reporter phone, never published' })),
    description: Type.Optional(Type.String({ maxLength: 4000, description: 'What is wrong' })),
    media_url: Type.Optional(Type.String({ maxLength: 2000, description: 'Not fetched: photos are attached through the site' })),
  },
  {
    additionalProperties: Type.Union([Type.String({ maxLength: 4000 }), Type.Array(Type.String({ maxLength: 4000 }), { maxItems: 50 })]),
    description: 'Form-encoded; category questions as attribute[code]=value (attribute[code][]=value for lists)',
  },
);

const UpdatesQuery = Type.Object({
  jurisdiction_id: Jurisdiction,
  api_key: Type.Optional(Type.String({ maxLength: 200, description: 'Accepted and ignored: updates are public' })),
  start_date: Type.Optional(Type.String({ maxLength: 40, description: 'W3C date-time (default: 90 days before end_date)' })),
  end_date: Type.Optional(Type.String({ maxLength: 40, description: 'W3C date-time (default: now)' })),
  max_updates: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'At most this many updates (default and maximum 1000)' })),
});

const JurisdictionOnly = Type.Object({ jurisdiction_id: Jurisdiction });
/** What a jurisdiction_id that is neither the country nor a territory answers. */
const JURISDICTION_ERRORS = ['OPEN311_JURISDICTION_NOT_FOUND'];

/** Collects attribute[code]=value and attribute[code][]=value fields. */
function attributesOf(body: Record<string, unknown>): Record<string, string | string[]> {
  const attributes = new Map<string, string | string[]>();
  for (const [key, value] of Object.entries(body)) {
    const match = /^attribute\[([^\]]{1,100})\](\[\])?$/.exec(key);
    if (!match) continue;
    const values = (Array.isArray(value) ? value : [value]).map(String);
    attributes.set(match[1]!, match[2] || values.length > 1 ? values : values[0]!);
  }
  // fromEntries defines own properties: `attribute[__proto__]` stays an ordinary (unknown) code.
  return Object.fromEntries(attributes);
}

export async function registerGeoReport(app: TamboApp, deps: Deps): Promise<void> {
  await app.register(
    async (plain) => {
      const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
      const statusOf = (code: string) => app.tambo.errorTable[code]?.status;
      const sendError = (request: FastifyRequest, reply: FastifyReply, status: number, description: string) =>
        sendList(reply, formatOf(request), 'errors', 'error', [{ code: status, description }], status);

      scope.setErrorHandler((error, request, reply) => {
        const { status, description } = describeFailure(error as FastifyError, request, statusOf);
        if (status >= 500) request.log.error({ err: error }, 'unexpected error');
        else {
          request.log.info({ status }, 'open311 request refused');
          // The code goes on the request's one line, as for every other route (and the suite's
          // check that each documented code is answered reads it there).
          noteRefusal(request, toAppError(error as FastifyError).code);
        }
        if (isAppError(error)) for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
        return sendError(request, reply, status, description);
      });
      // A known address with another method: 405 with Allow, still in the specification's format.
      const known = FindMyWay();
      scope.addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) if (method === 'GET' || method === 'POST') known.on(method as 'GET' | 'POST', route.url, () => undefined);
      });
      scope.setNotFoundHandler((request, reply) => {
        const path = request.url.split('?')[0] ?? '';
        const allowed = (['GET', 'POST'] as const).filter((method) => method !== request.method && known.find(method, path));
        if (allowed.length === 0) return sendError(request, reply, 404, request.t('open311.errors.notFound'));
        reply.header('allow', allowed.join(', '));
        return sendError(request, reply, 405, request.t('errors.METHOD_NOT_ALLOWED'));
      });
      // Public data and key-authenticated writes (no cookies): browser-based Open311 tools on
      // other sites may call every endpoint.
      scope.addHook('onSend', async (_request, reply) => {
        reply.header('access-control-allow-origin', '*');
        reply.header('cross-origin-resource-policy', 'cross-origin');
      });

      const tags = ['open311'];
      const wording = (request: FastifyRequest) => ({ locale: request.locale, t: request.t });
      const withFormat = (value: string): { base: string; format: Format } => {
        const split = splitFormat(value);
        if (!split) throw new AppError('NOT_FOUND');
        return split;
      };
      const route = (format: Format) => (format === 'json' ? 'Json' : 'Xml');

      for (const format of FORMATS) {
        scope.get(
          `/discovery.${format}`,
          {
            schema: { tags, operationId: `open311Discovery${route(format)}`, summary: `GeoReport v2 discovery (${format.toUpperCase()})` },
          },
          async (request, reply) =>
            sendObject(reply, format, 'discovery', {
              changeset: CHANGESET,
              contact: request.t('open311.discovery.contact', { url: `${deps.config.publicUrl}/` }),
              key_service: request.t('open311.discovery.keyService'),
              endpoints: [
                {
                  specification: 'http://wiki.open311.org/GeoReport_v2',
                  url: `${deps.config.publicUrl}${OPEN311_PREFIX}`,
                  changeset: CHANGESET,
                  type: deps.config.demo ? 'test' : 'production',
                  formats: ['text/xml', 'application/json'],
                },
              ],
            }),
        );

        scope.get(
          `/services.${format}`,
          {
            schema: {
              tags,
              operationId: `open311ListServices${route(format)}`,
              summary: `Services (report categories), ${format.toUpperCase()}`,
              querystring: JurisdictionOnly,
              'x-errors': JURISDICTION_ERRORS,
            },
          },
          async (request, reply) => {
            const services = await listServices(deps, { jurisdictionId: request.query.jurisdiction_id, wording: wording(request) });
            return sendList(reply, format, 'services', 'service', services);
          },
        );

        scope.get(
          `/requests.${format}`,
          {
            schema: {
              tags,
              operationId: `open311ListRequests${route(format)}`,
              summary: `Service requests (reports), ${format.toUpperCase()}`,
              querystring: RequestsQuery,
              'x-errors': JURISDICTION_ERRORS,
            },
          },
          async (request, reply) => {
            const q = request.query;
            const requests = await findServiceRequests(deps, {
              jurisdictionId: q.jurisdiction_id,
              serviceRequestId: q.service_request_id,
              serviceCode: q.service_code,
              startDate: q.start_date,
              endDate: q.end_date,
              status: q.status,
              maxRequests: q.max_requests,
              wording: wording(request),
            });
            return sendList(reply, format, 'service_requests', 'request', requests);
          },
        );

        scope.post(
          `/requests.${format}`,
          {
            // The application's key in the body is the only credential: a browser's cookies are never read.
            config: { csrf: false },
            schema: {
              tags,
              operationId: `open311CreateRequest${route(format)}`,
              // What Open311 applications send (GeoReport v2); JSON bodies are accepted too.
              consumes: ['application/x-www-form-urlencoded', 'application/json'],
              security: [{ [SECURITY.open311Key]: [] }],
              'x-errors': ['OPEN311_INVALID_API_KEY', 'OPEN311_SERVICE_NOT_FOUND', 'OPEN311_JURISDICTION_NOT_FOUND', 'IDEMPOTENCY_KEY_REUSED'],
              summary: `Create a service request with an API key, ${format.toUpperCase()}`,
              description:
                'With an `Idempotency-Key` header, a retried request (same API key) creates nothing and returns the request the first one created; ' +
                'the same key with a different request is refused (422).',
              body: NewRequestBody,
              headers: IdempotencyKeyHeaders,
            },
          },
          async (request, reply) => {
            const b = request.body;
            const created = await submitServiceRequest(
              deps,
              {
                apiKey: b.api_key,
                jurisdictionId: b.jurisdiction_id,
                serviceCode: b.service_code,
                lat: b.lat,
                long: b.long,
                addressString: b.address_string,
                addressId: b.address_id,
                email: b.email,
                firstName: b.first_name,
                lastName: b.last_name,
                phone: b.phone,
                description: b.description,
                attributes: attributesOf(b as Record<string, unknown>),
                idempotencyKey: request.headers['idempotency-key'],
              },
              wording(request),
              request.id,
            );
            return sendList(reply, format, 'service_requests', 'request', [created]);
          },
        );

        scope.get(
          `/servicerequestupdates.${format}`,
          {
            schema: {
              tags,
              operationId: `open311ListUpdates${route(format)}`,
              summary: `FixMyStreet extension: status changes and replies, ${format.toUpperCase()}`,
              querystring: UpdatesQuery,
              'x-errors': JURISDICTION_ERRORS,
            },
          },
          async (request, reply) => {
            const q = request.query;
            const updates = await listServiceRequestUpdates(deps, { jurisdictionId: q.jurisdiction_id, startDate: q.start_date, endDate: q.end_date, maxUpdates: q.max_updates });
            return sendList(reply, format, 'service_requests_updates', 'request_update', updates);
          },
        );
      }

      // One resource named in the path with its format (`/services/{code}.json`), for any jurisdiction.
      const getOne = (
        path: string,
        param: string,
        doc: { operationId: string; summary: string; param: string; errors: string[] },
        send: (reply: FastifyReply, format: Format, base: string, context: { jurisdictionId: string | undefined; wording: ReturnType<typeof wording> }) => Promise<unknown>,
      ) =>
        scope.get(
          `/${path}/:${param}`,
          {
            schema: {
              tags,
              operationId: doc.operationId,
              summary: doc.summary,
              params: Type.Object({ [param]: OneFormat(doc.param) }),
              querystring: JurisdictionOnly,
              // NOT_FOUND: a value without its .json or .xml.
              'x-errors': ['NOT_FOUND', ...doc.errors],
            },
          },
          async (request, reply) => {
            const { base, format } = withFormat(request.params[param]!);
            return send(reply, format, base, { jurisdictionId: request.query.jurisdiction_id, wording: wording(request) });
          },
        );
      getOne(
        'services',
        'service_code',
        {
          operationId: 'open311GetServiceDefinition',
          summary: 'A service definition: the category questions as attributes',
          param: 'The service code',
          errors: ['OPEN311_SERVICE_NOT_FOUND', ...JURISDICTION_ERRORS],
        },
        async (reply, format, base, context) => sendObject(reply, format, 'service_definition', await getServiceDefinition(deps, { serviceCode: base, ...context })),
      );
      getOne(
        'requests',
        'service_request_id',
        { operationId: 'open311GetRequest', summary: 'One service request', param: 'The request id', errors: ['OPEN311_REQUEST_NOT_FOUND', ...JURISDICTION_ERRORS] },
        async (reply, format, base, context) => sendList(reply, format, 'service_requests', 'request', [await getServiceRequest(deps, { id: base, ...context })]),
      );
      getOne(
        'tokens',
        'token',
        { operationId: 'open311GetToken', summary: 'The request id behind a token returned by POST requests', param: 'The token', errors: ['OPEN311_TOKEN_NOT_FOUND'] },
        async (reply, format, base) => sendList(reply, format, 'service_requests', 'request', [await getRequestToken(deps, base)]),
      );
    },
    { prefix: OPEN311_PREFIX },
  );

  // Anything else under /open311 (another version, a typo) also answers in the spec's format.
  await app.register(
    async (scope) => {
      scope.setNotFoundHandler((request, reply) => sendList(reply, formatOf(request), 'errors', 'error', [{ code: 404, description: request.t('open311.errors.notFound') }], 404));
    },
    { prefix: '/open311' },
  );
}

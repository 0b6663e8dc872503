// What every operation of the OpenAPI document gets without each route spelling it out:
// the security schemes, the problem+json answers of every error it can give (the codes of
// docs/errors.md: those the route declares in `x-errors`, plus the ones its kind implies),
// and a description. Applied to the generated document (openapi.ts), so /api/openapi.json,
// /api/docs and openapi/openapi.json all carry it.
import type { ErrorTable } from '../errors.ts';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * Error codes (docs/errors.md) this operation answers besides the defaults of its kind:
     * VALIDATION_FAILED with parameters or a body, UNAUTHENTICATED and INSUFFICIENT_SCOPE with
     * a bearer token in `security`, RATE_LIMITED and INTERNAL always.
     */
    'x-errors'?: readonly string[];
    /**
     * A request that works on the demo data, with what it answers: written into the document as
     * the parameters' and the body's `example` (and the success response's), and sent to the
     * live route by test/openapi-examples.http.test.ts, which checks the answer against the schema.
     */
    'x-example'?: OperationExample;
  }
}

export interface OperationExample {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
  /** An example of the success answer (checked against its schema by the linter). */
  response?: unknown;
}

/** Names of the security schemes in `components.securitySchemes`. */
export const SECURITY = {
  /** A bearer access token from Tambo's OpenID provider (/auth), with the listed scopes. */
  oauth2: 'oauth2',
  /** The application key an administrator issued to an Open311 client (`api_key`). */
  open311Key: 'open311ApiKey',
} as const;

/** The `security` of an operation that needs a bearer access token with one of the scopes. */
export function bearer(...scopes: string[]): Array<Record<string, string[]>> {
  return scopes.length <= 1 ? [{ [SECURITY.oauth2]: scopes }] : scopes.map((scope) => ({ [SECURITY.oauth2]: [scope] }));
}

/** The scopes tokens may carry, for the OAuth 2 flows: name → what it lets a client do. */
export type ScopeTable = Record<string, string>;

export function securitySchemes(scopes: ScopeTable): Record<string, unknown> {
  const description =
    "An access token from Tambo's OpenID provider, sent as `Authorization: Bearer <token>`. Applications act for a person (authorization code with PKCE); agencies' systems for themselves (client credentials). See docs/api-auth.md.";
  return {
    [SECURITY.oauth2]: {
      type: 'oauth2',
      description,
      flows: {
        authorizationCode: { authorizationUrl: '/auth/auth', tokenUrl: '/auth/token', refreshUrl: '/auth/token', scopes },
        clientCredentials: { tokenUrl: '/auth/token', scopes },
      },
    },
    [SECURITY.open311Key]: {
      type: 'apiKey',
      in: 'query',
      name: 'api_key',
      description: 'The key an administrator issued to an Open311 application; a POST may send it as a form field of the same name.',
    },
  };
}

/** RFC 9457 problem details as Tambo answers them. */
export const ProblemSchema = {
  type: 'object',
  title: 'Problem',
  description: 'RFC 9457 problem details. `code` is one of docs/errors.md; `type` links to its row in /api/docs/errors.',
  required: ['type', 'title', 'status', 'instance', 'code', 'requestId'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'Link to the code in the error reference' },
    title: { type: 'string', description: "The code's title in the person's language (Accept-Language)" },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    instance: { type: 'string', description: 'The path that answered' },
    code: { type: 'string', description: 'Machine-readable error code (docs/errors.md)' },
    requestId: { type: 'string', description: 'Quote it when asking for help: it finds the log entry' },
    errors: {
      type: 'array',
      description: 'Every invalid field at once (VALIDATION_FAILED and the modules’ field checks)',
      items: {
        type: 'object',
        required: ['detail'],
        properties: {
          pointer: { type: 'string', description: 'JSON pointer into the body (/answers/purpose)' },
          field: { type: 'string', description: 'Where else the field is: querystring:/bbox, params:/code, headers:/idempotency-key' },
          detail: { type: 'string', description: "What is wrong and what is allowed, in the person's language" },
        },
      },
    },
  },
} as const;

type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: Array<{ in: string }>;
  requestBody?: unknown;
  security?: Array<Record<string, string[]>>;
  responses?: Record<string, Record<string, unknown>>;
  'x-errors'?: readonly string[];
  /** false on a route outside the rate limit (set from its `config.rateLimit` in openapi.ts). */
  'x-rate-limit'?: false;
  'x-error-codes'?: string[];
  'x-example'?: OperationExample;
  'x-examples-documented'?: boolean;
};

type Parameter = { in: string; name: string; example?: unknown };
type MediaType = { example?: unknown };

/** Writes an operation's `x-example` where OpenAPI puts examples. */
function applyExample(operation: Operation): void {
  const example = operation['x-example'];
  if (!example) return;
  delete operation['x-example'];
  for (const parameter of (operation.parameters ?? []) as Parameter[]) {
    const value = parameter.in === 'path' ? example.params?.[parameter.name] : parameter.in === 'query' ? example.query?.[parameter.name] : undefined;
    if (value !== undefined) parameter.example = value;
  }
  const body = operation.requestBody as { content?: Record<string, MediaType> } | undefined;
  if (example.body !== undefined) for (const media of Object.values(body?.content ?? {})) media.example = example.body;
  const success = Object.keys(operation.responses ?? {}).find((status) => status.startsWith('2'));
  const content = success ? (operation.responses?.[success]?.content as Record<string, MediaType> | undefined) : undefined;
  if (example.response !== undefined && content) for (const media of Object.values(content)) media.example = example.response;
  operation['x-examples-documented'] = true;
}

/** The error codes an operation can answer: its declared ones and those its kind implies. */
export function errorCodesOf(operation: Operation, errorTable: ErrorTable): string[] {
  const declared = operation['x-errors'] ?? [];
  const codes = new Set<string>();
  const hasInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined;
  if (hasInput) codes.add('VALIDATION_FAILED');
  if (operation.requestBody !== undefined) {
    codes.add('MALFORMED_JSON');
    codes.add('UNSUPPORTED_MEDIA_TYPE');
    codes.add('PAYLOAD_TOO_LARGE');
  }
  // A bearer token: its absence is UNAUTHENTICATED. An Open311 application's api_key (in the body)
  // is refused with the route's own code (OPEN311_INVALID_API_KEY), missing or wrong alike.
  const secured = (operation.security ?? []).some((requirement) => SECURITY.oauth2 in requirement);
  if (secured) {
    codes.add('UNAUTHENTICATED');
    // Unless the route says which refusal it answers (FORBIDDEN, MAILBOX_CLIENT_NOT_ALLOWED…).
    if (!declared.some((code) => errorTable[code]?.status === 403)) codes.add('INSUFFICIENT_SCOPE');
  }
  for (const code of declared) codes.add(code);
  if (operation['x-rate-limit'] !== false) codes.add('RATE_LIMITED');
  codes.add('INTERNAL');
  return [...codes];
}

/** The operation's codes; a declared code the error table lacks (a typo, a code renamed) stops the build of the document. */
function knownCodes(operation: Operation, errorTable: ErrorTable & { [code: string]: unknown }): string[] {
  const codes = errorCodesOf(operation, errorTable);
  const unknown = codes.filter((code) => !errorTable[code]);
  if (unknown.length > 0) throw new Error(`${operation.operationId ?? operation.summary}: 'x-errors' names codes that are not in the error table: ${unknown.join(', ')}`);
  return codes;
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/** Adds the error answers, grouped by status, to one operation (and a description when it has none). */
export function completeOperation(operation: Operation, errorTable: ErrorTable): void {
  const codes = knownCodes(operation, errorTable);
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    const status = errorTable[code]!.status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses = operation.responses ?? {};
  for (const [status, group] of [...byStatus.entries()].sort(([a], [b]) => a - b)) {
    const examples = Object.fromEntries(
      group.map((code) => [
        code,
        { summary: errorTable[code]!.title, value: { type: `https://tambo.example.org/api/docs/errors#${code}`, title: errorTable[code]!.title, status, instance: '/', code, requestId: 'req-1' } },
      ]),
    );
    responses[String(status)] = {
      description: group.map((code) => `${code}: ${errorTable[code]!.title}`).join('; '),
      content: { 'application/problem+json': { schema: PROBLEM_REF, examples } },
    };
  }
  operation.responses = responses;
  delete operation['x-errors'];
  delete operation['x-rate-limit'];
  operation['x-error-codes'] = codes;
  if (!operation.description) operation.description = describe(operation);
}

function describe(operation: Operation): string {
  const requirements = (operation.security ?? []).flatMap((requirement) =>
    Object.entries(requirement).map(([scheme, scopes]) =>
      scheme === SECURITY.oauth2 ? `a bearer access token${scopes.length > 0 ? ` with \`${scopes.join(' ')}\`` : ''}` : 'the `api_key` of an Open311 application',
    ),
  );
  const who = requirements.length > 0 ? `Requires ${requirements.join(' or ')}.` : 'Public: no credentials needed.';
  return `${operation.summary ?? ''}. ${who} Errors are problem details (application/problem+json) with the codes listed under each status.`.replace(/^\. /, '');
}

/** Open311 answers errors in its own format (GeoReport v2): a list of { code, description }. */
export const Open311ErrorsSchema = {
  type: 'array',
  title: 'Open311Errors',
  description: 'GeoReport v2 errors: the HTTP status repeated as `code`, and what went wrong in the person’s language',
  items: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string' } } },
} as const;

function completeOpen311Operation(path: string, operation: Operation, errorTable: ErrorTable): void {
  const codes = knownCodes(operation, errorTable);
  const media = path.endsWith('.xml') ? 'application/xml' : 'application/json';
  const statuses = [...new Set(codes.map((code) => errorTable[code]!.status))].sort((a, b) => a - b);
  const responses = operation.responses ?? {};
  for (const status of statuses) {
    const description = codes
      .filter((code) => errorTable[code]!.status === status)
      .map((code) => `${code}: ${errorTable[code]!.title}`)
      .join('; ');
    responses[String(status)] = {
      description: `GeoReport v2 error list (${description})`,
      content: {
        [media]: { schema: { $ref: '#/components/schemas/Open311Errors' }, example: [{ code: status, description: errorTable[codes.find((code) => errorTable[code]!.status === status)!]!.title }] },
      },
    };
  }
  operation.responses = responses;
  delete operation['x-errors'];
  delete operation['x-rate-limit'];
  operation['x-error-codes'] = codes;
  if (!operation.description) operation.description = describe(operation).replace('problem details (application/problem+json)', 'GeoReport v2 error lists');
}

// What @fastify/swagger writes when a route's response declares no description.
const SWAGGER_DEFAULT_DESCRIPTION = 'Default Response';
const SUCCESS_DESCRIPTIONS: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted', '204': 'No content', '304': 'Not modified' };

/** Applies `completeOperation` to every operation of the document and adds the shared components. */
export function completeDocument(document: Record<string, unknown>, errorTable: ErrorTable, scopes: ScopeTable): Record<string, unknown> {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const operation of Object.values(item)) {
      // Declared public unless the route says what it needs (security-defined).
      operation.security ??= [];
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (response.description === SWAGGER_DEFAULT_DESCRIPTION) response.description = SUCCESS_DESCRIPTIONS[status] ?? 'Success';
      }
      applyExample(operation);
      if (path.startsWith('/open311/')) completeOpen311Operation(path, operation, errorTable);
      else completeOperation(operation, errorTable);
    }
  }
  const components = (document.components ?? {}) as { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
  const schemas: Record<string, unknown> = { ...components.schemas, Problem: ProblemSchema, Open311Errors: Open311ErrorsSchema };
  // A module's own problem schema, once every error answer refers to the shared one, is left
  // unused: drop what nothing refers to (until nothing more goes).
  for (let dropped = true; dropped; ) {
    dropped = false;
    const text = JSON.stringify({ paths, schemas });
    for (const name of Object.keys(schemas)) {
      if (!text.includes(`"#/components/schemas/${name}"`)) {
        delete schemas[name];
        dropped = true;
      }
    }
  }
  return { ...document, components: { ...components, schemas, securitySchemes: securitySchemes(scopes) } };
}

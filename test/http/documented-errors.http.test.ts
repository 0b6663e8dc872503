// The errors every operation documents because of its kind (issue #9: "every error code an
// operation documents is triggered by a test on the live route"): read from the OpenAPI
// document alone, each operation is called as a careless or hostile client would — without a
// token, with a token for another scope, with a body that is not JSON, of another media type,
// too large, or of the wrong shape, and faster than the rate limit — and must answer the
// documented code as problem details. The codes each module throws for its own reasons are
// triggered by that module's tests; `npm test` checks the two together cover every documented
// (operation, code) pair (scripts/error-code-coverage.ts).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { openApiDocument } from '../../src/platform/http/openapi.ts';
import { ADMIN, adminAccessToken } from '../../src/modules/identity/admin.test-helpers.ts';
import { demoCitizenToken } from '../helpers/demo-token.ts';
import { listenTestApp } from '../helpers/listen.ts';
import type { TestApp } from '../helpers/app.ts';

interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minimum?: number;
  maxLength?: number;
}
interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  example?: unknown;
  schema?: Schema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { example?: unknown }> };
  'x-body-limit'?: number;
  responses?: Record<string, { content?: Record<string, { examples?: Record<string, unknown> }> }>;
  security?: Array<Record<string, string[]>>;
  'x-error-codes'?: string[];
}
interface Call {
  method: string;
  path: string;
  operation: Operation;
}

type App = TestApp & { baseUrl: string };
let t: App;
let limited: App;
const machine = { id: `errores-${randomUUID().slice(0, 8)}`, secret: `secret-${randomUUID()}` };
const tokens = new Map<string, Promise<string | undefined>>();

before(async () => {
  // The whole document is walked with several requests per operation: far over the default
  // rate limit, which has an app of its own below.
  [t, limited] = await Promise.all([listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '1000000' } }), listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '1' } })]);
  // An agency's system holding every machine right the modules declare.
  const document = openApiDocument(t.app) as { components: { securitySchemes: { oauth2: { flows: { clientCredentials: { scopes: Record<string, string> } } } } } };
  const scopes = Object.keys(document.components.securitySchemes.oauth2.flows.clientCredentials.scopes);
  await sql`
    INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris, scopes,
      minimum_level, subject_type, require_par, is_first_party, purpose, is_active, rights)
    VALUES (${machine.id}, ${machine.secret}, 'Sistema de pruebas de errores', 'AGETIC', '{}'::text[], '{}', '{}'::text[], 'bajo', 'public', false, false, 'Prueba', true, ${scopes}::text[])`.execute(
    t.app.tambo.deps.db,
  );
  // The demo relying party may ask the citizen for the person scopes it lacks (the ballot's, the
  // CLAP and ACA entries', the plans' structure, the social map's), so that every person's operation is reached past its door.
  for (const scope of ['consultations:vote', 'situation_room:clap', 'situation_room:aca', 'observatory:plans', 'cartography:social_map'])
    await sql`UPDATE identity.client SET scopes = array_append(scopes, ${scope}) WHERE client_id = 'demo-rp' AND NOT ${scope} = ANY (scopes)`.execute(t.app.tambo.deps.db);
});
after(async () => {
  await Promise.all([t?.close(), limited?.close()]);
});

async function clientCredentials(scope: string): Promise<string | undefined> {
  const response = await fetch(`${t.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${machine.id}:${machine.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
  return response.ok ? ((await response.json()) as { access_token: string }).access_token : undefined;
}

/** A token with the scope: an administrator's, an agency system's, or else the demo citizen's. */
function tokenFor(scope: string): Promise<string | undefined> {
  let token = tokens.get(scope);
  if (!token) {
    token =
      scope === 'tambo:admin'
        ? adminAccessToken(t.baseUrl, ADMIN)
        : scope === 'openid'
          ? demoCitizenToken(t.baseUrl, ['profile'])
          : clientCredentials(scope).then((machineToken) => machineToken ?? demoCitizenToken(t.baseUrl, [scope]).catch(() => undefined));
    tokens.set(scope, token);
  }
  return token;
}

const personTokens = new Map<string, Promise<string | undefined>>();
/** The demo citizen's token with the scope. */
function personToken(scope: string): Promise<string | undefined> {
  let token = personTokens.get(scope);
  if (!token) {
    token = demoCitizenToken(t.baseUrl, [scope]).catch(() => undefined);
    personTokens.set(scope, token);
  }
  return token;
}

/** Scopes of the operation (any one will do), empty for a public one. */
const scopesOf = (operation: Operation) => (operation.security ?? []).flatMap((requirement) => requirement.oauth2 ?? []);

/** A value the parameter's schema accepts, for a request that must get past validation. */
function validValue(parameter: Parameter): string {
  if (parameter.example !== undefined) return String(parameter.example);
  const schema = parameter.schema ?? {};
  if (schema.enum) return String(schema.enum[0]);
  if (schema.format === 'uuid') return randomUUID();
  if (schema.type === 'integer' || schema.type === 'number') return String(Math.max(1, schema.minimum ?? 1));
  return 'A1';
}

/** A value the parameter's schema refuses, when it refuses any. */
function invalidValue(parameter: Parameter): string | undefined {
  const schema = parameter.schema ?? {};
  if (schema.enum || schema.format || schema.pattern || schema.type === 'integer' || schema.type === 'number' || schema.type === 'boolean') return 'no-válido ~';
  // Over 100 characters the router refuses a path value itself (414), before validation.
  if (schema.maxLength !== undefined && (parameter.in === 'query' ? schema.maxLength < 2000 : schema.maxLength < 100)) return 'x'.repeat(schema.maxLength + 1);
  return undefined;
}

function url(base: string, call: Call, invalid?: Parameter): string {
  let path = call.path;
  const query = new URLSearchParams();
  for (const parameter of call.operation.parameters ?? []) {
    const value = parameter === invalid ? invalidValue(parameter)! : validValue(parameter);
    if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
    else if (parameter.in === 'query' && (parameter.required || parameter === invalid)) query.set(parameter.name, value);
  }
  const search = query.toString();
  return `${base}${path}${search ? `?${search}` : ''}`;
}

/** The documented example body, as JSON, when there is one (a request that gets past validation). */
function exampleBody(call: Call): string | undefined {
  const example = call.operation.requestBody?.content['application/json']?.example;
  return example === undefined ? undefined : JSON.stringify(example);
}

async function send(
  base: string,
  call: Call,
  init: { token?: string; contentType?: string; body?: string; invalid?: Parameter; invalidInput?: boolean } = {},
): Promise<{ status: number; code?: string; retryAfter: string | null }> {
  const headers: Record<string, string> = {};
  // Required headers (xAPI's version) with their documented value.
  for (const parameter of call.operation.parameters ?? []) if (parameter.in === 'header' && parameter.required) headers[parameter.name] = validValue(parameter);
  // xAPI's own header (its description says so; the route answers TRAINING_XAPI_VERSION without it),
  // left out of a request the route must refuse for its token (`invalidInput`).
  if (call.path.includes('/xapi/') && !init.invalidInput) headers['x-experience-api-version'] = '1.0.3';
  if (init.body === undefined && init.contentType === undefined && exampleBody(call) !== undefined) {
    headers['content-type'] = 'application/json';
    init = { ...init, body: exampleBody(call) };
  }
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.contentType) headers['content-type'] = init.contentType;
  const response = await fetch(url(base, call, init.invalid), { method: call.method.toUpperCase(), headers, body: init.body });
  const text = await response.text();
  const problem = /problem\+json/.test(response.headers.get('content-type') ?? '') ? (JSON.parse(text) as { code?: string }) : {};
  return { status: response.status, code: problem.code, retryAfter: response.headers.get('retry-after') };
}

function calls(): Call[] {
  const document = openApiDocument(t.app) as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({ method, path, operation })),
  );
}

// Pairs no test can reach, with the reason (shared with scripts/error-code-coverage.ts).
const untested = JSON.parse(readFileSync('test/error-codes-untested.json', 'utf8')) as { pairs: Record<string, string> };
const routeOf = (call: Call) => call.path.replace(/\{([^}]+)\}/g, ':$1');
const documents = (call: Call, code: string) => (call.operation['x-error-codes'] ?? []).includes(code) && !(`${call.method.toUpperCase()} ${routeOf(call)} ${code}` in untested.pairs);
/**
 * Input the operation refuses (a body of the wrong shape, a parameter out of its schema): the
 * door comes before validation on every route, so a request without the right token is refused
 * for the token whatever it carries — never 400 VALIDATION_FAILED, which would also tell a
 * stranger what the route takes.
 */
function invalidInput(call: Call): Parameters<typeof send>[2] {
  const invalid = (call.operation.parameters ?? []).find((parameter) => (parameter.in === 'path' || parameter.in === 'query') && invalidValue(parameter) !== undefined);
  return { invalid, invalidInput: true, ...(call.operation.requestBody ? { contentType: 'application/json', body: '[]' } : {}) };
}
const isJsonApi = (call: Call) => !call.path.startsWith('/open311/');

describe('the errors each operation documents by its kind, on the live routes', () => {
  it('UNAUTHENTICATED without a token; with a token for another scope, its documented 403 (INSUFFICIENT_SCOPE, or the route’s own refusal); both before validation', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const call of calls().filter(isJsonApi)) {
      if (documents(call, 'UNAUTHENTICATED')) {
        const answer = await send(t.baseUrl, call, invalidInput(call));
        checked += 1;
        if (answer.status !== 401 || answer.code !== 'UNAUTHENTICATED') wrong.push(`${call.method} ${call.path} without a token: ${answer.status} ${answer.code}`);
      }
      // The 403 codes it documents: INSUFFICIENT_SCOPE, or the refusal the route names instead (FORBIDDEN, POSTAL_CLIENT_NOT_ALLOWED…).
      const refusals = Object.keys(call.operation.responses?.['403']?.content?.['application/problem+json']?.examples ?? {}).filter((code) => documents(call, code));
      if (scopesOf(call.operation).length > 0 && refusals.length > 0) {
        const needed = scopesOf(call.operation);
        const other = ['postal:track', 'norms:write'].find((scope) => !needed.includes(scope))!;
        // Refused for its scope, the request may carry anything; a refusal of the route's own may need valid input to be reached.
        const input = refusals.includes('INSUFFICIENT_SCOPE') ? invalidInput(call) : {};
        let answer = await send(t.baseUrl, call, { ...input, token: await tokenFor(other) });
        // An operation for a person's token takes an agency system's token for no one: then a person's token without the scope.
        if (answer.status === 401) answer = await send(t.baseUrl, call, { ...input, token: await tokenFor('openid') });
        checked += 1;
        if (answer.status !== 403 || !refusals.includes(answer.code ?? '')) wrong.push(`${call.method} ${call.path} with ${other}: ${answer.status} ${answer.code}`);
      }
    }
    assert.ok(checked > 50, `checked ${checked} answers`);
    assert.deepEqual(wrong, []);
  });

  it('MALFORMED_JSON, UNSUPPORTED_MEDIA_TYPE, PAYLOAD_TOO_LARGE and VALIDATION_FAILED, with a token that gets past the door', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const call of calls().filter(isJsonApi)) {
      const scope = scopesOf(call.operation)[0];
      const token = scope ? await tokenFor(scope) : undefined;
      if (scope && !token) {
        wrong.push(`${call.method} ${call.path}: no token with ${scope} could be had`);
        continue;
      }
      const expect = async (code: string, status: number, init: Parameters<typeof send>[2]) => {
        if (!documents(call, code)) return;
        let answer = await send(t.baseUrl, call, { token, ...init });
        // An operation for a person's token refuses an agency system's: then a person's token with the scope.
        if (answer.status === 401 && scope) answer = await send(t.baseUrl, call, { ...init, token: await personToken(scope) });
        checked += 1;
        if (answer.status !== status || answer.code !== code) wrong.push(`${call.method} ${call.path} for ${code}: ${answer.status} ${answer.code}`);
      };
      if (call.operation.requestBody) {
        await expect('MALFORMED_JSON', 400, { contentType: 'application/json', body: '{"a":' });
        await expect('UNSUPPORTED_MEDIA_TYPE', 415, { contentType: 'text/plain', body: 'hola' });
        const limit = call.operation['x-body-limit'] ?? t.config.bodyLimitBytes;
        await expect('PAYLOAD_TOO_LARGE', 413, { contentType: 'application/json', body: JSON.stringify({ relleno: 'x'.repeat(limit) }) });
        // An array where the operation takes an object (or any body of the wrong shape).
        await expect('VALIDATION_FAILED', 400, { contentType: 'application/json', body: '[]' });
        continue;
      }
      const invalid = (call.operation.parameters ?? []).find((parameter) => (parameter.in === 'path' || parameter.in === 'query') && invalidValue(parameter) !== undefined);
      if (invalid) await expect('VALIDATION_FAILED', 400, { invalid });
    }
    assert.ok(checked > 50, `checked ${checked} answers`);
    assert.deepEqual(wrong, []);
  });

  it('RATE_LIMITED past the limit, with Retry-After', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const call of calls()) {
      if (!documents(call, 'RATE_LIMITED')) continue;
      // The app's limit is one request a minute from an address: the second is refused, whatever
      // it asks. A route with a limit of its own (document verification, 30 a minute) takes more.
      let answer = await send(limited.baseUrl, call);
      for (let sent = 1; answer.status !== 429 && sent < 40; sent += 1) answer = await send(limited.baseUrl, call);
      checked += 1;
      if (answer.status !== 429 || (isJsonApi(call) && answer.code !== 'RATE_LIMITED') || !answer.retryAfter)
        wrong.push(`${call.method} ${call.path}: ${answer.status} ${answer.code} (Retry-After ${answer.retryAfter})`);
    }
    assert.ok(checked > 50, `checked ${checked} answers`);
    assert.deepEqual(wrong, []);
  });
});

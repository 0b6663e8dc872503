// Every documented example is sent to the live route (issue #9): the requests the OpenAPI
// document shows (parameters' and bodies' `example`, and every operation that needs no input)
// go to the running app with the demo data, with a person's bearer token where the operation
// asks for one, and each answer must have the documented success status and match the
// documented schema. Written from the document alone, as an agency's developer would.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../src/platform/http/openapi.ts';
import { CasesHarness } from '../src/modules/cases/cases.test-helpers.ts';
import { demoCitizenToken } from './helpers/demo-token.ts';

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  example?: unknown;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { example?: unknown }> };
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { schema?: unknown; example?: unknown }> }>;
  'x-examples-documented'?: boolean;
}

/** Scopes a person's token from the demo client can carry here. */
const PERSON_SCOPES = ['cases:read', 'cases:write'];

const h = new CasesHarness();
let token = '';
before(async () => {
  await h.start();
  token = await demoCitizenToken(h.t.baseUrl, PERSON_SCOPES);
});
after(h.close);

const formats = ((addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats) as unknown as (ajv: Ajv2020) => unknown;

describe('the OpenAPI examples against the live routes', () => {
  it('each documented request gets its documented success status and a body that matches the documented schema', async () => {
    const document = openApiDocument(h.t.app) as { paths: Record<string, Record<string, Operation>>; components: unknown };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    formats(ajv);
    const sent: string[] = [];
    const problems: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const needsInput = (operation.parameters ?? []).some((p) => p.required && p.in !== 'header') || operation.requestBody !== undefined;
        if (!operation['x-examples-documented'] && needsInput) continue;
        const scopesNeeded = (operation.security ?? []).some((requirement) => Object.keys(requirement).length > 0);
        if (!operation['x-examples-documented'] && scopesNeeded) continue;
        const scopes = (operation.security ?? []).flatMap((requirement) => Object.values(requirement).flat());
        if (scopes.length > 0 && !scopes.some((scope) => PERSON_SCOPES.includes(scope))) {
          problems.push(`${operation.operationId}: has an example but needs a token this test cannot get (${scopes.join(', ')})`);
          continue;
        }
        let url = path;
        const query = new URLSearchParams();
        for (const parameter of operation.parameters ?? []) {
          if (parameter.example === undefined) continue;
          if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(parameter.example)));
          if (parameter.in === 'query') query.set(parameter.name, String(parameter.example));
        }
        const headers: Record<string, string> = { accept: 'application/json' };
        if (scopes.length > 0) headers.authorization = `Bearer ${token}`;
        let body: string | undefined;
        const content = operation.requestBody?.content ?? {};
        const media = Object.keys(content).find((type) => content[type]!.example !== undefined);
        if (media) {
          headers['content-type'] = media;
          const example = content[media]!.example;
          body = media === 'application/x-www-form-urlencoded' ? new URLSearchParams(example as Record<string, string>).toString() : JSON.stringify(example);
        }
        const target = `${url}${query.size > 0 ? `?${query}` : ''}`;
        const response = await fetch(`${h.t.baseUrl}${target}`, { method: method.toUpperCase(), headers, body });
        sent.push(`${method.toUpperCase()} ${target}`);
        const success = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
        if (!success.includes(String(response.status))) {
          problems.push(`${operation.operationId} ${method.toUpperCase()} ${target}: ${response.status} (documented ${success.join(', ')}) ${(await response.text()).slice(0, 300)}`);
          continue;
        }
        const documented = operation.responses[String(response.status)]?.content ?? {};
        const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
        const schema = documented[type]?.schema ?? (type.endsWith('json') ? documented['application/json']?.schema : undefined);
        if (!type.endsWith('json') || schema === undefined) continue;
        const validate = ajv.compile({ ...(schema as object), components: document.components });
        const answer = await response.json();
        // A documented answer is what the demo data gives: the live one must be it.
        const example = documented[type]?.example ?? documented['application/json']?.example;
        if (example !== undefined && !isDeepStrictEqual(answer, example))
          problems.push(`${operation.operationId} ${target}: answer differs from the documented example: ${JSON.stringify(answer).slice(0, 300)}`);
        if (!validate(answer)) problems.push(`${operation.operationId} ${target}: answer does not match its schema: ${ajv.errorsText(validate.errors)}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(sent.length >= 30, `examples sent: ${sent.length}`);
  });

  it("reads a procedure's form and workflow through the API: the states, the transitions allowed from each; 404 for a procedure not online", async () => {
    const form = (await (await fetch(`${h.t.baseUrl}/api/v1/procedures/certificado-prueba/form`)).json()) as { form: { pages: Array<{ components: Array<{ id: string }> }> } };
    assert.deepEqual(
      form.form.pages.flatMap((page) => page.components.map((c) => c.id)),
      ['fullName', 'birthDate', 'copies', 'purpose'],
    );
    const workflow = (await (await fetch(`${h.t.baseUrl}/api/v1/procedures/certificado-prueba/workflow`)).json()) as {
      initialState: string;
      states: Array<{ id: string; allowedTransitions: string[] }>;
      transitions: Array<{ id: string; actor: string; reason?: string }>;
    };
    assert.equal(workflow.initialState, 'submitted');
    const allowed = Object.fromEntries(workflow.states.map((state) => [state.id, state.allowedTransitions]));
    assert.deepEqual(allowed.submitted, ['take', 'tacit_approval', 'tacit_denial']);
    assert.deepEqual(allowed.in_review, ['request_correction', 'approve', 'reject', 'tacit_approval', 'tacit_denial']);
    assert.deepEqual(allowed.completed, []);
    assert.equal(workflow.transitions.find((t) => t.id === 'approve')?.reason, 'required');
    const missing = await fetch(`${h.t.baseUrl}/api/v1/procedures/no-existe/workflow`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, 'CASES_PROCEDURE_NOT_ONLINE');
  });

  it('a wrong value in a documented request gets a problem whose code the operation documents, naming the field', async () => {
    const document = openApiDocument(h.t.app) as { paths: Record<string, Record<string, Operation & { 'x-error-codes': string[] }>> };
    const problems: string[] = [];
    let tried = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!operation['x-examples-documented'] || (operation.security ?? []).some((r) => Object.keys(r).length > 0) || method !== 'get') continue;
        const pathParameters = (operation.parameters ?? []).filter((p) => p.in === 'path');
        const queryParameters = (operation.parameters ?? []).filter((p) => p.in === 'query' && p.example !== undefined);
        const cases: Array<{ url: string; field?: string }> = [];
        // A path value nobody has: the module's not-found code.
        if (pathParameters.length > 0) cases.push({ url: pathParameters.reduce((url, p) => url.replace(`{${p.name}}`, 'zz-no-existe'), path) });
        // A query value of the wrong type: VALIDATION_FAILED naming the parameter.
        for (const wrong of queryParameters.filter((p) => typeof p.example === 'number')) {
          const query = new URLSearchParams(queryParameters.map((p) => [p.name, p === wrong ? 'abc' : String(p.example)]));
          const base = pathParameters.reduce((url, p) => url.replace(`{${p.name}}`, encodeURIComponent(String(p.example))), path);
          cases.push({ url: `${base}?${query}`, field: `querystring:/${wrong.name}` });
        }
        for (const attempt of cases) {
          tried += 1;
          const response = await fetch(`${h.t.baseUrl}${attempt.url}`, { headers: { accept: 'application/json', 'accept-language': 'es' } });
          const body = (await response.json()) as { code?: string; errors?: Array<{ field?: string; detail: string }> } | Array<{ code: number }>;
          if (Array.isArray(body)) continue; // Open311's own error list
          if (!body.code || !operation['x-error-codes'].includes(body.code))
            problems.push(`${operation.operationId} ${attempt.url}: ${response.status} ${body.code} is not documented (${operation['x-error-codes'].join(', ')})`);
          if (attempt.field && !body.errors?.some((e) => e.field === attempt.field && e.detail === 'Debe ser un número'))
            problems.push(`${operation.operationId} ${attempt.url}: no detail for ${attempt.field}: ${JSON.stringify(body.errors)}`);
        }
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(tried >= 8, `wrong requests tried: ${tried}`);
  });
});

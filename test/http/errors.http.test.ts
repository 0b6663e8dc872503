// The one error model: problem+json for machines, an error page with a reference id for
// people, never an internal message or a stack.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { buildHttpTestApp, INTERNAL_SECRET } from './fixtures.ts';

interface Problem {
  type: string;
  title: string;
  status: number;
  instance: string;
  code: string;
  requestId: string;
  detail?: string;
  errors?: Array<{ pointer?: string; field?: string; detail: string }>;
}

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

function assertProblem(response: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, code: string): Problem {
  assert.equal(response.statusCode, status, response.body);
  assert.equal(response.headers['content-type'], PROBLEM_JSON);
  const problem = JSON.parse(response.body) as Problem;
  assert.equal(problem.status, status);
  assert.equal(problem.code, code);
  assert.ok(problem.type.endsWith(`/api/docs/errors#${code}`), problem.type);
  assert.ok(problem.title.length > 0);
  assert.equal(problem.requestId, response.headers['x-request-id']);
  assert.doesNotMatch(response.body, /"stack"|at [\w.]+ \(|node_modules|\.ts:\d+/);
  return problem;
}

let t: TestApp;
before(async () => {
  t = await buildHttpTestApp();
});
after(async () => t.close());

describe('problem details on /api', () => {
  it('an unknown API route is a 404 problem with every member and no stack', async () => {
    const response = await t.app.inject({ url: '/api/v1/no-such-thing?x=1' });
    const problem = assertProblem(response, 404, 'NOT_FOUND');
    assert.equal(problem.type, `${t.config.publicUrl}/api/docs/errors#NOT_FOUND`);
    assert.equal(problem.instance, '/api/v1/no-such-thing');
    assert.equal(problem.title, 'No encontramos esta página');
    assert.match(problem.requestId, /^[\w-]{8,64}$/);
  });

  it('a wrong method is a 405 with Allow', async () => {
    const response = await t.app.inject({ method: 'DELETE', url: '/api/v1/audit/head' });
    assertProblem(response, 405, 'METHOD_NOT_ALLOWED');
    assert.equal(response.headers.allow, 'GET');
    const post = await t.app.inject({ method: 'GET', url: '/api/v1/http-test/people' });
    assertProblem(post, 405, 'METHOD_NOT_ALLOWED');
    assert.equal(post.headers.allow, 'POST');
  });

  it('malformed JSON is a 400 MALFORMED_JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/http-test/people',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "Ana", ',
    });
    assertProblem(response, 400, 'MALFORMED_JSON');
  });

  it('a body that is not JSON is a 415, whether plain text or XML', async () => {
    for (const type of ['text/plain', 'application/xml']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/http-test/people',
        headers: { 'content-type': type },
        payload: '{"name":"Ana","age":3}',
      });
      assertProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('a schema failure is a 400 VALIDATION_FAILED with a pointer per field', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/http-test/people',
      payload: { age: -1, address: { street: '' }, extra: true, purpose: 'fun' },
    });
    const problem = assertProblem(response, 400, 'VALIDATION_FAILED');
    // Every problem in one answer, one entry per field, each saying what is allowed in the person's language.
    const details = Object.fromEntries((problem.errors ?? []).map((e) => [e.pointer, e.detail]));
    assert.deepEqual(details, {
      '/name': 'Falta este dato',
      '/age': 'Debe ser como mínimo 0',
      '/address/street': 'Debe tener al menos 1 carácter',
      '/extra': 'Este campo no se admite aquí',
      '/purpose': 'Elija una de las opciones: work, travel, other',
    });
  });

  it('validation details follow Accept-Language, and a wrong type says which type', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/http-test/people',
      headers: { 'accept-language': 'en' },
      payload: { name: 'Ana', age: 'old', purpose: 'fun' },
    });
    const details = Object.fromEntries((assertProblem(response, 400, 'VALIDATION_FAILED').errors ?? []).map((e) => [e.pointer, e.detail]));
    assert.deepEqual(details, { '/age': 'Must be a whole number', '/purpose': 'Choose one of: work, travel, other' });
  });

  it('a valid body reaches the handler', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/http-test/people', payload: { name: 'Ana', age: 30 } });
    assert.equal(response.statusCode, 201);
    assert.deepEqual(response.json(), { greeting: 'hola Ana' });
  });

  it('an unexpected exception is a 500 INTERNAL without the internal message', async () => {
    const response = await t.app.inject({ url: '/api/v1/http-test/boom' });
    const problem = assertProblem(response, 500, 'INTERNAL');
    assert.equal(problem.detail, undefined);
    assert.doesNotMatch(response.body, /hunter2|10\.0\.0\.7|tambo_admin/);
    assert.ok(!response.body.includes(INTERNAL_SECRET));
  });

  it('titles follow the language: Accept-Language and ?lang=', async () => {
    const byHeader = await t.app.inject({ url: '/api/v1/no-such-thing', headers: { 'accept-language': 'en-GB,en;q=0.9,es;q=0.5' } });
    assert.equal(assertProblem(byHeader, 404, 'NOT_FOUND').title, 'We could not find this page');
    assert.equal(byHeader.headers['content-language'], 'en');
    const byQuery = await t.app.inject({ url: '/api/v1/no-such-thing?lang=en', headers: { 'accept-language': 'es' } });
    assert.equal(assertProblem(byQuery, 404, 'NOT_FOUND').title, 'We could not find this page');
    const validation = await t.app.inject({ method: 'POST', url: '/api/v1/http-test/people?lang=en', payload: { name: 'Ana' } });
    const problem = assertProblem(validation, 400, 'VALIDATION_FAILED');
    assert.equal(problem.title, 'The request has invalid fields');
    assert.equal(problem.errors![0]!.detail, 'This is required');
  });
});

describe('body limits', () => {
  let small: TestApp;
  before(async () => {
    small = await buildHttpTestApp({ env: { BODY_LIMIT_BYTES: '2048' } });
  });
  after(async () => small.close());

  it('a body over BODY_LIMIT_BYTES is a 413', async () => {
    const response = await small.app.inject({
      method: 'POST',
      url: '/api/v1/http-test/people',
      payload: { name: 'x'.repeat(3000), age: 1 },
    });
    assertProblem(response, 413, 'PAYLOAD_TOO_LARGE');
    const fits = await small.app.inject({ method: 'POST', url: '/api/v1/http-test/people', payload: { name: 'x'.repeat(1500), age: 1 } });
    assert.equal(fits.statusCode, 201);
  });
});

describe('error pages for people', () => {
  it('an unknown page is a 404 HTML page showing the reference id', async () => {
    const response = await t.app.inject({ url: '/no-existe', headers: { 'x-request-id': 'ref-1234-abcd' } });
    assert.equal(response.statusCode, 404);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(response.body, /^<!doctype html><html lang="es">/);
    assert.match(response.body, /<h1>No encontramos esta página<\/h1>/);
    assert.match(response.body, /Referencia: ref-1234-abcd/);
  });

  it('an unexpected exception on a page is a 500 HTML page with the reference and nothing internal', async () => {
    const response = await t.app.inject({ url: '/http-test/boom?lang=en' });
    assert.equal(response.statusCode, 500);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(response.body, /<html lang="en">/);
    assert.match(response.body, /<h1>An unexpected error happened<\/h1>/);
    assert.ok(response.body.includes(`Reference: ${String(response.headers['x-request-id'])}`));
    assert.doesNotMatch(response.body, /hunter2|10\.0\.0\.7|tambo_admin|at [\w.]+ \(|\.ts:\d+/);
  });

  it('a wrong method on a page is a 405 page with Allow', async () => {
    const response = await t.app.inject({ method: 'PUT', url: '/http-test/boom' });
    assert.equal(response.statusCode, 405);
    assert.equal(response.headers.allow, 'GET');
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
  });
});

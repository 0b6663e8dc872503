// The committed generated files must match what the code generates (run `npm run docs`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { renderConfigDoc } from '../src/platform/config.ts';
import { renderErrorsDoc } from '../src/platform/errors.ts';
import { openApiDocument } from '../src/platform/http/openapi.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => t.close());

const hint = 'stale: run `npm run docs` and commit the result';

it('docs/config.md lists every configuration variable', () => {
  assert.equal(readFileSync('docs/config.md', 'utf8'), renderConfigDoc(), `docs/config.md is ${hint}`);
});

it('docs/errors.md lists every error code', () => {
  assert.equal(readFileSync('docs/errors.md', 'utf8'), renderErrorsDoc(t.app.tambo.errorTable), `docs/errors.md is ${hint}`);
});

it('openapi/openapi.json matches the routes', () => {
  const committed = JSON.parse(readFileSync('openapi/openapi.json', 'utf8')) as unknown;
  assert.deepEqual(committed, JSON.parse(JSON.stringify(openApiDocument(t.app))), `openapi/openapi.json is ${hint}`);
});

it('the served OpenAPI document is 3.1 and lists the health and audit routes', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  assert.equal(response.statusCode, 200);
  const document = response.json() as { openapi: string; paths: Record<string, unknown> };
  assert.equal(document.openapi, '3.1.0');
  assert.ok(document.paths['/health/ready']);
  assert.ok(document.paths['/api/v1/audit/head']);
  assert.equal(document.paths['/'], undefined, 'pages are not in the API document');
});

// The generated TypeScript client (clients/typescript, issue #9) against the running app: its
// types are current with openapi/openapi.json, a person's application goes through it with a
// bearer token, and errors arrive as typed problem details with the documented codes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import openapiTS from 'openapi-typescript';
import { createTamboClient, isProblem } from '../clients/typescript/index.ts';
import { CasesHarness } from '../src/modules/cases/cases.test-helpers.ts';
import { demoCitizenToken } from './helpers/demo-token.ts';

const h = new CasesHarness();
let token = '';
before(async () => {
  await h.start();
  token = await demoCitizenToken(h.t.baseUrl, ['cases:read', 'cases:write']);
});
after(h.close);

describe('the generated TypeScript client', () => {
  it('is generated from the committed OpenAPI document (`npm run client` after `npm run docs`)', async () => {
    const fresh = await openapiTS(JSON.parse(readFileSync('openapi/openapi.json', 'utf8')));
    assert.equal(readFileSync('clients/typescript/schema.generated.ts', 'utf8'), fresh, 'clients/typescript/schema.generated.ts is stale: run `npm run client`');
  });

  it('files an application with a bearer token and reads the case back, typed', async () => {
    const tambo = createTamboClient(h.t.baseUrl, token);
    const created = await tambo.POST('/api/v1/cases', { body: { procedure: 'certificado-prueba', answers: { birthDate: '2012-05-06', copies: 2, purpose: 'work' } } });
    assert.equal(created.response.status, 201, JSON.stringify(created.error));
    const trackingCode: string = created.data!.trackingCode;
    const read = await tambo.GET('/api/v1/cases/{code}', { params: { path: { code: trackingCode } } });
    assert.equal(read.data?.trackingCode, trackingCode);
    assert.equal(read.data?.answers.purpose, 'work');
    const mine = await tambo.GET('/api/v1/cases');
    assert.ok(mine.data?.items.some((c) => c.trackingCode === trackingCode));
  });

  it('gets the documented problems: 401 without a token, 404 with the module code, 400 naming the fields', async () => {
    const anonymous = createTamboClient(h.t.baseUrl);
    const refused = await anonymous.GET('/api/v1/cases');
    assert.equal(refused.response.status, 401);
    assert.ok(isProblem(refused.error));
    assert.equal(refused.error.code, 'UNAUTHENTICATED');

    const missing = await anonymous.GET('/api/v1/procedures/{slug}', { params: { path: { slug: 'no-existe-este-tramite' } } });
    assert.equal(missing.response.status, 404);
    assert.equal(missing.error?.code, 'CATALOG_PROCEDURE_NOT_FOUND');

    const tambo = createTamboClient(h.t.baseUrl, token);
    const invalid = await tambo.POST('/api/v1/cases', { body: { procedure: 'certificado-prueba', answers: { birthDate: '2012-05-06', copies: 9, purpose: 'fun' } } });
    assert.equal(invalid.response.status, 400);
    assert.equal(invalid.error?.code, 'VALIDATION_FAILED');
    const pointers = (invalid.error?.errors ?? []).map((e) => e.pointer);
    assert.ok(pointers.includes('/answers/copies') && pointers.includes('/answers/purpose'), `every invalid answer in one answer: ${JSON.stringify(invalid.error)}`);
  });
});

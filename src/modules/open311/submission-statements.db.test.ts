// The write pattern's regression test for Open311: a service request with only coordinates
// makes at most 3 statements (the application's key, the territory containing the point, then
// the report's one statement; the service list and the competent agency come from caches the
// bus keeps true).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { countStatements } from '../../../test/helpers/statements.ts';
import { submitServiceRequest } from './georeport.service.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ demo: true });
});
after(async () => t.close());

const wording = { locale: 'es' as const, t: (key: string) => key };
const request = { apiKey: 'demo-open311-key', serviceCode: 'residuos', lat: '-16.49', long: '-68.13', description: 'Basura acumulada', attributes: {} };

it('a service request with only coordinates makes at most 3 statements (12 before)', async () => {
  const { deps } = t.app.tambo;
  await submitServiceRequest(deps, request, wording); // warm what a running server has warm
  const { result, count, statements } = await countStatements(() => submitServiceRequest(deps, request, wording, 'req-311'));
  assert.ok(count <= 3, `at most 3 statements, got ${count}:\n${statements.join('\n')}`);
  assert.match(String(result.service_request_id), /^\d+$/);
});

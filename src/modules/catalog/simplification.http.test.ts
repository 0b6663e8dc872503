// A procedure's simplification history over HTTP (issue #25, docs/entities.md): three
// published versions with fewer steps, requirements, cost, days and visits; the saving of
// each against the one before and the total against the first; an unknown slug is a 404.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { saveAgency } from '../agencies/index.ts';
import { defaultWorkflow, exampleFormDefinition } from '../../platform/forms/index.ts';
import { createProcedure, publishDraft, saveDraft } from './procedure.service.ts';
import type { ProcedureContent } from './procedure.types.ts';

// A procedure's content with only what its burden needs varying.
const content = (burden: Partial<ProcedureContent>): ProcedureContent => ({
  name: 'Trámite simplificado',
  summary: 'Un trámite que se simplifica versión a versión.',
  audiences: ['person'],
  topics: ['identity'],
  lifeEvents: [],
  requirements: [],
  legalBasis: [],
  feeKind: 'fixed',
  feeAmount: '0.00',
  feeFormula: null,
  maxResponseDays: 10,
  tacitOutcome: 'none',
  result: 'Un certificado',
  resultValidity: null,
  isOnline: true,
  offices: [],
  steps: [],
  commitments: [],
  form: exampleFormDefinition,
  workflow: defaultWorkflow,
  ...burden,
});

let t: TestApp;
const publisher = { accountId: '00000000-0000-7000-8000-000000000001', roles: [{ agencyCode: 'SEGIP', role: 'publisher' as const }] };
before(async () => {
  t = await buildTestApp();
  const deps = t.app.tambo.deps;
  await saveAgency(deps, { code: 'SEGIP', name: 'SEGIP', acronym: 'SEGIP', kind: 'national', territoryCode: null, mission: '' }, { type: 'system', id: 'test' });
  const procedure = await createProcedure(deps, publisher, 'SEGIP', content({ steps: ['A', 'B', 'C', 'D'], requirements: ['1', '2', '3'], feeAmount: '50.00', maxResponseDays: 10, officeVisits: 1 }), {
    slug: 'tramite-simplificado',
  });
  await publishDraft(deps, publisher, procedure.id);
  // Version 2 asks for two visits (stated), a step and a requirement fewer, costs less.
  await saveDraft(deps, publisher, procedure.id, content({ steps: ['A', 'B', 'C'], requirements: ['1', '2'], feeAmount: '30.50', maxResponseDays: 10, officeVisits: 2 }));
  await publishDraft(deps, publisher, procedure.id);
  // Version 3 states no visits (an online procedure: none), free, faster.
  await saveDraft(deps, publisher, procedure.id, content({ steps: ['A', 'B'], requirements: ['1'], feeKind: 'free', feeAmount: null, maxResponseDays: 3 }));
  await publishDraft(deps, publisher, procedure.id);
});
after(async () => {
  await t.close();
});

describe('simplification history', () => {
  it('gives each version its burden and the saving against the one before and the first', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/procedures/tramite-simplificado/simplification' });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    const burden = body.versions.map((v: Record<string, number>) => [v.version, v.steps, v.requirements, v.cost, v.days, v.visits]);
    assert.deepEqual(burden, [
      [1, 4, 3, 50, 10, 1],
      [2, 3, 2, 30.5, 10, 2],
      [3, 2, 1, 0, 3, 0],
    ]);
    assert.equal(body.versions[0].saving, null);
    assert.deepEqual(body.versions[1].saving, { steps: 1, requirements: 1, cost: 19.5, days: 0, visits: -1 });
    assert.deepEqual(body.versions[2].saving, { steps: 1, requirements: 1, cost: 30.5, days: 7, visits: 2 });
    assert.deepEqual(body.total, { steps: 2, requirements: 2, cost: 50, days: 7, visits: 1 });
  });

  it('answers 404 for a procedure that is not published', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/procedures/no-existe/simplification' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().code, 'CATALOG_PROCEDURE_NOT_FOUND');
  });

  it('shows the history on a public page linked from the procedure, the same figures in its tables', async () => {
    const procedure = await t.app.inject({ url: '/tramites/tramite-simplificado' });
    assert.match(procedure.body, /href="\/tramites\/tramite-simplificado\/simplificacion"/);
    const page = await t.app.inject({ url: '/tramites/tramite-simplificado/simplificacion' });
    assert.equal(page.statusCode, 200);
    const versions = page.body.slice(page.body.indexOf('id="versiones"'), page.body.indexOf('id="ahorro"'));
    // Version 2: 3 steps, 2 requirements, Bs 30,50, 10 days, 2 visits.
    assert.match(versions, /<th[^>]*>2<\/th><td[^>]*>[^<]+<\/td><td[^>]*>3<\/td><td[^>]*>2<\/td><td[^>]*>[^<]*30,50<\/td><td[^>]*>10<\/td><td[^>]*>2<\/td>/);
    const savings = page.body.slice(page.body.indexOf('id="ahorro"'));
    // Version 3 against 2: a step, a requirement, Bs 30,50, 7 days and 2 visits fewer.
    assert.match(savings, /<th[^>]*>3<\/th><td[^>]*>1<\/td><td[^>]*>1<\/td><td[^>]*>[^<]*30,50<\/td><td[^>]*>7<\/td><td[^>]*>2<\/td>/);
    assert.equal((await t.app.inject({ url: '/tramites/no-existe/simplificacion' })).statusCode, 404);
  });
});

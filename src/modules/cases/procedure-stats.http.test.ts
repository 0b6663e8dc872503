// What cases add to the statistics of their procedure (the catalog's `stats`): one application
// per submission, the decision and the rating, each in its own transaction; the rebuild from
// the cases gives the same figures.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listAgencyStatistics, listProcedureStatistics } from '../catalog/index.ts';
import { CasesHarness } from './cases.test-helpers.ts';
import { rebuildProcedureStatistics } from './index.ts';
import { performOfficialTransition } from './services/transitions.service.ts';

const h = new CasesHarness();
before(async () => h.start());
after(async () => h.close());

const figures = async (slug: string) =>
  (await listProcedureStatistics(h.t.app.tambo.deps))
    .filter((s) => s.slug === slug)
    .map((s) => ({ applications: s.applications, completed: s.completed, share: s.shareWithinLegalTime, satisfaction: s.satisfactionAverage, ratings: s.satisfactionCount }));

describe('statistics of procedures from cases', () => {
  it('counts each submission, decision and rating at once, and the rebuild gives the same figures', async () => {
    // A procedure of an agency of its own, so that the figures are this test's alone.
    await h.createProcedure('certificado-estadistico', 'ESTAD');
    assert.deepEqual(await figures('certificado-estadistico'), [], 'no statistics before the first application');
    const codes = [await h.applyOnline('certificado-estadistico'), await h.applyOnline('certificado-estadistico'), await h.applyOnline('certificado-estadistico')];
    assert.deepEqual(await figures('certificado-estadistico'), [{ applications: 3, completed: 0, share: null, satisfaction: null, ratings: 0 }]);
    const handler = { accountId: h.agencyAdminId, roles: [{ agencyCode: 'ESTAD', role: 'case_handler' as const }] };
    for (const code of codes.slice(0, 2)) {
      for (const transition of ['take', 'approve']) await performOfficialTransition(h.t.app.tambo.deps, handler, { code, transition, reason: 'Cumple' });
    }
    assert.equal((await h.post(await h.citizen(), `/mis-tramites/${codes[0]}`, { score: '4', comment: '' })).status, 303);
    const expected = [{ applications: 3, completed: 2, share: 1, satisfaction: 4, ratings: 1 }];
    assert.deepEqual(await figures('certificado-estadistico'), expected, 'exact without waiting for any job');
    const [agency] = await listAgencyStatistics(h.t.app.tambo.deps, 'ESTAD');
    assert.deepEqual([agency?.procedures, agency?.applications, agency?.completed, agency?.shareWithinLegalTime], [1, 3, 2, 1]);

    await rebuildProcedureStatistics(h.t.app.tambo.deps);
    assert.deepEqual(await figures('certificado-estadistico'), expected);
  });
});

// The register of public entities (issue #25, docs/entities.md) over HTTP on the Bolivian demo
// data: every entity has a level, the API and the directory filter by level and by level of
// the State, the open dataset carries it, and every change is a new version with its author
// (a burst of identical changes writes exactly one).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { isAppError } from '../../platform/errors.ts';
import { territoriesModule } from '../territories/index.ts';
import { seedAgencies } from './agency.service.ts';
import { getAgency, saveAgency } from './index.ts';

let t: TestApp;
before(async () => {
  // Only the territories and the entities of the demo, not the whole demo seed.
  t = await buildTestApp({ env: { COUNTRY: 'bo' } });
  await territoriesModule.seed?.(t.app.tambo.deps);
  await seedAgencies(t.app.tambo.deps);
});
after(async () => {
  await t.close();
});

const json = async (url: string) => {
  const response = await t.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
};
const codes = (items: Array<{ code: string }>) => items.map((a) => a.code).sort();

describe('register of public entities', () => {
  it('gives every demo entity a level and filters the API by level and by level of the State', async () => {
    const all = await json('/api/v1/agencies');
    assert.equal(all.status, 200);
    const levels = new Set(all.body.items.map((a: { level: string }) => a.level));
    for (const level of ['ministry', 'decentralised', 'public_company', 'central_organ', 'control_defence', 'departmental', 'regional', 'municipal', 'indigenous', 'university']) {
      assert.ok(levels.has(level), `the demo has an entity of level ${level}`);
    }
    const segip = all.body.items.find((a: { code: string }) => a.code === 'SEGIP');
    assert.equal(segip.level, 'decentralised');
    assert.equal(segip.levelGroup, 'central');
    assert.equal(segip.superiorCode, 'MINGOB');
    assert.equal(segip.contactEmail, 'contacto@segip.gob.bo');

    const territorial = await json('/api/v1/agencies?levelGroup=territorial');
    assert.deepEqual(codes(territorial.body.items), ['GADOR', 'GAIOC-CHARAGUA', 'GAMC', 'GAMEA', 'GAMLP', 'GAMSCS', 'GARGCH']);
    assert.deepEqual(codes((await json('/api/v1/agencies?level=university')).body.items), ['UMSA']);
    assert.equal((await json('/api/v1/agencies?level=galaxy')).status, 400);
  });

  it('filters the directory page by level with a plain form', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/instituciones?nivel=control' });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('id="institucion-CGE"'));
    assert.ok(!page.body.includes('id="institucion-SEGIP"'), 'only control and defence bodies');
    assert.match(page.body, /<option value="control" selected/);
    assert.match(page.body, /Institución de control o de defensa/);
    const unknown = await t.app.inject({ method: 'GET', url: '/instituciones?nivel=xx' });
    assert.ok(unknown.body.includes('id="institucion-SEGIP"'), 'an unknown level shows every entity');
  });

  it('publishes the register as open data with the level of each entity', async () => {
    const response = await json('/api/v1/open-data/agencies.entities');
    assert.equal(response.status, 200);
    const items = response.body.items as Array<{ code: string; level: string; level_group: string }>;
    const charagua = items.find((r) => r.code === 'GAIOC-CHARAGUA');
    assert.deepEqual([charagua?.level, charagua?.level_group], ['indigenous', 'territorial']);
  });

  it('keeps every change as a version with its author; a burst of the same change writes one', async () => {
    const before = (await json('/api/v1/agencies/ATT/history')).body.items;
    assert.equal(before.length, 1);
    const att = await getAgency(t.app.tambo.deps, 'ATT');
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => saveAgency(t.app.tambo.deps, { ...att, level: 'control_defence', egovOfficer: 'Unidad de Sistemas' }, { type: 'admin', id: 'admin-1' })),
    );
    assert.deepEqual([outcomes.filter((o) => o === 'updated').length, outcomes.filter((o) => o === 'unchanged').length], [1, 19]);
    const history = (await json('/api/v1/agencies/ATT/history')).body.items;
    assert.equal(history.length, 2);
    assert.deepEqual([history[0].version, history[0].level, history[0].egovOfficer, history[0].actor, history[0].validTo], [2, 'control_defence', 'Unidad de Sistemas', 'admin:admin-1', null]);
    assert.equal(history[1].level, 'decentralised');
    assert.ok(history[1].validTo, 'the previous version is closed');
    const audits = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'agencies.agency_updated' AND subject_id = 'ATT'`.execute(t.app.tambo.deps.db);
    assert.equal(audits.rows[0]?.n, 1);
    assert.equal((await json('/api/v1/agencies/NOPE/history')).status, 404);
  });

  it('refuses a level that does not exist', async () => {
    const att = await getAgency(t.app.tambo.deps, 'ATT');
    await assert.rejects(
      saveAgency(t.app.tambo.deps, { ...att, level: 'galaxy' as never }, { type: 'system', id: 'test' }),
      (error) => isAppError(error) && error.code === 'VALIDATION_FAILED' && error.fields[0]?.field === '/level',
    );
  });
});

// The offices directory over HTTP on the Bolivian demo data: grouped by department, filtered
// by territory (page and API), linked from the procedures that name an office by code, and
// an office saved with its audit entry (a territory that does not exist refused).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { isAppError } from '../../platform/errors.ts';
import { saveOffice } from './index.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ env: { DEMO: 'true', COUNTRY: 'bo' } });
});
after(async () => {
  await t.close();
});

const get = async (url: string) => {
  const response = await t.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.body };
};

const deps = () => t.app.tambo.deps;

describe('offices directory', () => {
  it('lists the offices by department with address, hours and phone', async () => {
    const { status, body } = await get('/oficinas');
    assert.equal(status, 200);
    assert.match(body, /<h2 id="region-BO-L">La Paz<\/h2>/);
    assert.match(body, /<h2 id="region-BO-C">Cochabamba<\/h2>/);
    assert.match(body, /<li id="oficina-SEGIP-EAL"><h3>SEGIP El Alto<\/h3>/);
    assert.ok(body.includes('href="tel:800104000"'));
    assert.ok(body.includes('href="/instituciones#institucion-SEGIP"'));
  });

  it('filters by department with a plain form, and ignores an unknown one', async () => {
    const cochabamba = await get('/oficinas?territorio=BO-C');
    assert.match(cochabamba.body, /<h1>Oficinas de atención en Cochabamba<\/h1>/);
    assert.ok(cochabamba.body.includes('oficina-SEGIP-CBA'));
    assert.ok(!cochabamba.body.includes('oficina-SEGIP-LPZ'), 'only Cochabamba');
    assert.match(cochabamba.body, /<option value="BO-C" selected/);
    const unknown = await get('/oficinas?territorio=XX');
    assert.equal(unknown.status, 200);
    assert.ok(unknown.body.includes('oficina-SEGIP-LPZ'));
  });

  it('answers the API by territory (the unit and below) and by agency', async () => {
    const elAlto = JSON.parse((await get('/api/v1/offices?territory=BO-L-01-02')).body);
    assert.deepEqual(elAlto.items.map((o: { code: string }) => o.code).sort(), ['AGBC-EAL', 'GAMEA-CENTRAL', 'SEGIP-EAL', 'SIN-EAL']);
    const laPaz = JSON.parse((await get('/api/v1/offices?territory=BO-L')).body);
    assert.ok(laPaz.items.length > elAlto.items.length);
    const segip = JSON.parse((await get('/api/v1/offices?agency=SEGIP')).body);
    assert.ok(segip.items.every((o: { agencyCode: string }) => o.agencyCode === 'SEGIP'));
    assert.deepEqual(segip.items[0].territoryPath.slice(0, 1), [segip.items[0].territoryPath[0]]);
  });

  it('links the offices a procedure names, with the directory address', async () => {
    const { body } = await get('/tramites/cedula-de-identidad');
    assert.ok(body.includes('href="/oficinas#oficina-SEGIP-LPZ"'));
    assert.ok(body.includes('Av. Arce N.º 2549, San Jorge, La Paz'), "the directory's address");
  });

  it('saves an office with its audit entry and refuses an unknown territory', async () => {
    const deps = t.app.tambo.deps;
    const office = {
      code: 'SEGIP-UYU',
      agencyCode: 'SEGIP',
      name: 'SEGIP Uyuni',
      territoryCode: 'BO-P-02-01',
      address: 'Av. Ferroviaria s/n, Uyuni',
      hours: 'Lunes a viernes de 8:00 a 16:00',
      phone: null,
    };
    assert.equal(await saveOffice(deps, office, { type: 'system', id: 'test' }), 'created');
    assert.equal(await saveOffice(deps, office, { type: 'system', id: 'test' }), 'unchanged');
    const audits = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'agencies.office_created' AND subject_id = 'SEGIP-UYU'`.execute(deps.db);
    assert.equal(audits.rows[0]!.n, 1);
    assert.ok((await get('/oficinas?territorio=BO-P')).body.includes('oficina-SEGIP-UYU'));
    await assert.rejects(
      () => saveOffice(deps, { ...office, code: 'SEGIP-XX', territoryCode: 'BO-Z-99' }, { type: 'system', id: 'test' }),
      (e) => isAppError(e) && e.code === 'TERRITORY_NOT_FOUND',
    );
  });

  it('writes the hours from the schedule in the page language, and refuses a schedule that closes before it opens', async () => {
    const inLanguage = async (language: string) => (await t.app.inject({ method: 'GET', url: '/oficinas?territorio=BO-L', cookies: { tambo_lang: language } })).body;
    const segip = (body: string) => body.slice(body.indexOf('id="oficina-SEGIP-LPZ"'), body.indexOf('</li>', body.indexOf('id="oficina-SEGIP-LPZ"')));
    assert.ok(segip(await inLanguage('es')).includes('<dd>lunes a viernes, de 7:30 a 19:00; sábado, de 8:00 a 12:00</dd>'));
    assert.ok(segip(await inLanguage('en')).includes('<dd>Monday to Friday, 7:30 to 19:00; Saturday, 8:00 to 12:00</dd>'));
    assert.ok(segip(await inLanguage('qu')).includes("<dd>killa p'unchawmanta ch'aska p'unchawkama, 7:30manta 19:00kama; k'uychi p'unchaw, 8:00manta 12:00kama</dd>"));
    assert.ok(segip(await inLanguage('gn')).includes('<dd>arateĩ guive arapo peve, 7:30 guive 19:00 peve; arapoteĩ, 8:00 guive 12:00 peve</dd>'));
    const api = JSON.parse((await get('/api/v1/offices?agency=SERECI')).body);
    assert.deepEqual(api.items.find((o: { code: string }) => o.code === 'SERECI-LPZ').schedule, [{ from: 1, to: 5, opens: '08:00', closes: '16:00' }]);
    const office = { code: 'SEGIP-TPZ', agencyCode: 'SEGIP', name: 'SEGIP Tupiza', territoryCode: 'BO-P-02-01', address: 'Plaza principal, Tupiza', hours: 'Lunes', phone: null };
    await assert.rejects(
      () => saveOffice(deps(), { ...office, schedule: [{ from: 1, to: 5, opens: '16:00', closes: '08:00' }] }, { type: 'system', id: 'test' }),
      (e) => isAppError(e) && e.code === 'VALIDATION_FAILED' && e.fields[0]?.field === '/schedule/0',
    );
  });
});

// Registering a social-production unit over real HTTP (ve): from the page, by a spokesperson of
// the commune holding the bank account (errors on the fields with the input kept; anyone else
// 403; a NIT/RIF must be in the economic-units registry; 20 identical submissions at once make one
// unit, audited once; another unit under the key is 409), and from the API by an agency's system
// (201, the same body again 200, another 409, an unknown NIT/RIF 400, a client without an agency refused).
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { registriesModule } from '../registries/index.ts';
import { projectsApi } from './api.test-helpers.ts';
import { useBankTestApp } from './banks.test-helpers.ts';
import { registerBankAccount } from './index.ts';

const { app, member, post } = useBankTestApp();
const deps = () => app().app.tambo.deps;
const { addClient, api } = projectsApi(app);
const COMMUNE = 'VE-A-01-01-01';
const OTHER_COMMUNE = 'VE-A-01-03-01';
const CLIENT = { clientId: 'prueba-registro-ups', agencyCode: 'MPPCOMUNAS' };
const PAGE = '/bancos-comunales/unidades/registrar';

async function account(): Promise<string> {
  const reference = `VE-RU-${randomInt(10_000, 99_999)}`;
  await registerBankAccount(deps(), CLIENT, { bankName: 'Banco de Venezuela', accountReference: reference, holderName: 'Cuenta de la UPS', territoryCode: COMMUNE });
  return reference;
}

const spokesperson = (territory: string) => member(territory, 'project_spokesperson');

describe('registering a social-production unit', () => {
  before(async () => registriesModule.seed!(deps()));

  it('from the page: a spokesperson of the account’s commune, errors kept, a burst makes one, 409 for another', async () => {
    const reference = await account();
    const key = `ups-registro-${randomInt(10_000, 99_999)}`;
    const fields = { nombre: 'Bloquera Comunal El Progreso', direccion: key, cuenta: reference, nit: 'J-12345678-4', 'organo-1': 'Asamblea de productores', 'miembros-1': '11' };

    const speaker = await spokesperson(COMMUNE);
    const wrong = await post(speaker, PAGE, '/registrar', { ...fields, direccion: 'Con Espacios', nit: 'J-99999999-9', 'miembros-1': 'once' });
    assert.equal(wrong.status, 422);
    const html = await wrong.text();
    for (const field of ['direccion', 'nit', 'organo-1']) assert.match(html, new RegExp(`href="#campo-${field}"`), field);
    assert.match(html, /value="Bloquera Comunal El Progreso"/, 'what was typed is kept');

    // Not a spokesperson over the account's commune: 403, nothing stored.
    const other = await spokesperson(OTHER_COMMUNE);
    assert.equal((await post(other, PAGE, '/registrar', fields)).status, 403);
    assert.equal((await app().app.inject({ method: 'GET', url: PAGE })).statusCode, 303, 'signed out: sent to sign in');

    // 20 identical submissions at once: every one lands on the unit's page, one unit, audited once.
    const burst = await Promise.all(Array.from({ length: 20 }, () => post(speaker, PAGE, '/registrar', fields)));
    assert.deepEqual(
      burst.map((r) => [r.status, r.headers.get('location')]),
      Array(20).fill([303, `/bancos-comunales/unidades/${key}`]),
    );
    const rows = await sql<{ registry_id: string; organs: unknown }>`SELECT registry_id, organs FROM projects.social_unit WHERE key = ${key}`.execute(deps().db);
    assert.deepEqual(rows.rows, [{ registry_id: 'J-12345678-4', organs: [{ name: 'Asamblea de productores', members: 11 }] }]);
    const audited = await sql<{ actor_id: string }>`SELECT actor_id FROM audit.entry WHERE action = 'projects.social_unit_registered' AND subject_id = ${key}`.execute(deps().db);
    assert.equal(audited.rows.length, 1);
    const unitPage = await (await fetch(`${app().baseUrl}/bancos-comunales/unidades/${key}`)).text();
    assert.match(unitPage, /Bloquera Comunal El Progreso/);
    assert.match(unitPage, /J-12345678-4/);
    assert.match(unitPage, /Textiles del Ávila C\.A\./, 'the registry record’s current name beside the unit’s');

    // Another unit under the same key (or the same account): 409 on the field, input kept.
    const taken = await post(speaker, PAGE, '/registrar', { ...fields, nombre: 'Otra unidad' });
    assert.equal(taken.status, 409);
    const takenHtml = await taken.text();
    assert.match(takenHtml, /href="#campo-direccion"/);
    assert.match(takenHtml, /value="Otra unidad"/);
  });

  it('from the API: an agency’s system, 201 then 200 for the same unit, 409 for another, problem details', async () => {
    const client = await addClient('MPPCOMUNAS');
    const reference = await account();
    const key = `ups-api-${randomInt(10_000, 99_999)}`;
    const body = { key, name: 'Textilera Comunal Hilo Fino', registryId: null, accountReference: reference, organs: [{ name: 'Asamblea', members: 7 }] };
    const created = await api('POST', '/api/v1/social-units', body, client);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.url, `/bancos-comunales/unidades/${key}`);
    assert.equal((await api('POST', '/api/v1/social-units', body, client)).status, 200);
    const conflict = await api('POST', '/api/v1/social-units', { ...body, name: 'Otra' }, client);
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.code, 'PROJECTS_UNIT_EXISTS');
    const unknown = await api('POST', '/api/v1/social-units', { ...body, key: `${key}-b`, registryId: 'J-00000000-0', accountReference: await account() }, client);
    assert.equal(unknown.status, 400, JSON.stringify(unknown.body));
    assert.deepEqual(
      (unknown.body.errors as Array<{ pointer: string }>).map((e) => e.pointer),
      ['/registryId'],
    );

    // A client bound to no agency is refused.
    const agencyless = { id: `sin-entidad-${randomUUID().slice(0, 8)}`, secret: `secret-${randomUUID()}` };
    await sql`
      INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris, scopes,
        minimum_level, subject_type, require_par, is_first_party, purpose, is_active, rights)
      VALUES (${agencyless.id}, ${agencyless.secret}, 'Sin entidad', NULL, '{}'::text[], '{}', '{}'::text[], 'bajo', 'public', false, false, 'Prueba', true,
        ${['projects:write', 'projects:transfer']}::text[])`.execute(deps().db);
    const refused = await api('POST', '/api/v1/social-units', body, agencyless);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'PROJECTS_CLIENT_NOT_ALLOWED');
  });
});

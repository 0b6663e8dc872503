// Administration of Ciudadanía Digital over real HTTP: the home, the signing keys page, the
// registrar's page and roles of officials; authorization on every route; audit entries.
// Agencies' systems (API and pages) are in admin-clients.http.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { findAccountById, findActivity, findRoles } from './account.queries.ts';
import { listSigningKeys } from './admin/keys.service.ts';
import { ADMIN, CITIZEN, OFFICIAL, auditEntries, createPerson, getPage, portalSession, postForm, signInAtProvider } from './admin.test-helpers.ts';

let t: TestApp & { baseUrl: string };

before(async () => {
  t = await listenTestApp({ demo: true });
});
after(async () => {
  await t.close();
});

describe('administration home', () => {
  it('shows each person the areas they may use, and nothing to citizens', async () => {
    const admin = await getPage(await portalSession(t.baseUrl, ADMIN), `${t.baseUrl}/admin`);
    assert.equal(admin.status, 200);
    assert.match(admin.html, /href="\/admin\/clientes"/);
    assert.match(admin.html, /href="\/admin\/roles"/);
    assert.doesNotMatch(admin.html, /href="\/registrar"/);
    const official = await getPage(await portalSession(t.baseUrl, OFFICIAL), `${t.baseUrl}/admin`);
    assert.equal(official.status, 200);
    assert.match(official.html, /href="\/registrar"/);
    assert.doesNotMatch(official.html, /href="\/admin\/clientes"/);
    assert.equal((await getPage(await portalSession(t.baseUrl, CITIZEN), `${t.baseUrl}/admin`)).status, 403);
  });
});

describe('signing keys page', () => {
  it('lets platform administrators stage, activate and retire keys (audited), and nobody else', async () => {
    const db = t.app.tambo.deps.db;
    const official = await portalSession(t.baseUrl, OFFICIAL);
    assert.equal((await getPage(official, `${t.baseUrl}/admin/llaves`)).status, 403);
    assert.equal((await postForm(official, t.baseUrl, '/admin/llaves', {})).status, 403);
    assert.equal((await listSigningKeys(db)).length, 1);

    const admin = await portalSession(t.baseUrl, ADMIN);
    const current = await t.app.tambo.deps.keyring.signingKid();
    const page = await getPage(admin, `${t.baseUrl}/admin/llaves`);
    assert.equal(page.status, 200);
    assert.match(page.html, new RegExp(`<code>${current}</code>`));
    const added = await postForm(admin, t.baseUrl, '/admin/llaves', {});
    assert.equal(added.status, 303);
    const keys = await listSigningKeys(db);
    assert.equal(keys.length, 2);
    assert.equal(keys[0]?.kid, current, 'the added key is staged: the current key still signs after a restart');
    const staged = keys[1]!.kid;
    assert.equal((await auditEntries(db, 'identity.signing_key_added', staged))[0]?.actor_type, 'admin');
    assert.equal((await postForm(official, t.baseUrl, `/admin/llaves/${staged}/activar`, {})).status, 403);
    assert.equal((await postForm(admin, t.baseUrl, `/admin/llaves/${staged}/activar`, {})).status, 303);
    assert.equal((await listSigningKeys(db))[0]?.kid, staged);
    assert.equal((await postForm(admin, t.baseUrl, `/admin/llaves/${staged}/retirar`, {})).status, 409, 'the signing key cannot be retired');
    assert.equal((await postForm(official, t.baseUrl, `/admin/llaves/${current}/retirar`, {})).status, 403);
    const retired = await postForm(admin, t.baseUrl, `/admin/llaves/${current}/retirar`, {});
    assert.equal(retired.status, 303);
    assert.match((await getPage(admin, `${t.baseUrl}${retired.location}`)).html, /Llave retirada/);
    assert.equal((await auditEntries(db, 'identity.signing_key_retired', current))[0]?.actor_type, 'admin');
    assert.equal((await postForm(admin, t.baseUrl, '/admin/llaves/00000000-0000-0000-0000-000000000000/activar', {})).status, 404);
    // The running process keeps its keys until it restarts: its JWKS is unchanged.
    const jwks = (await (await fetch(`${t.baseUrl}/auth/jwks`)).json()) as { keys: Array<{ kid: string }> };
    assert.deepEqual(
      jwks.keys.map((k) => k.kid),
      [current],
    );
  });
});

describe('registrar page', () => {
  it('is for registrars only', async () => {
    const citizen = await portalSession(t.baseUrl, CITIZEN);
    assert.equal((await getPage(citizen, `${t.baseUrl}/registrar`)).status, 403);
    const person = await createPerson(t.app.tambo.deps);
    const refused = await postForm(citizen, t.baseUrl, '/registrar/verificar', { accountId: person.id, agencyCode: 'SEGIP', office: 'Central', documentChecked: 'yes' });
    assert.equal(refused.status, 403);
    assert.equal((await findAccountById(t.app.tambo.deps.db, person.id))?.level, 'bajo');
    // A registrar of SEGIP cannot verify on behalf of another agency.
    const official = await portalSession(t.baseUrl, OFFICIAL);
    const other = await postForm(official, t.baseUrl, '/registrar/verificar', { accountId: person.id, agencyCode: 'GAMLP', office: 'Central', documentChecked: 'yes' });
    assert.equal(other.status, 403);
    assert.equal((await findAccountById(t.app.tambo.deps.db, person.id))?.level, 'bajo');
  });

  it('finds a person by document, keeps what was typed on errors, and raises the level to sustancial (audited, in their activity)', async () => {
    const person = await createPerson(t.app.tambo.deps);
    const official = await portalSession(t.baseUrl, OFFICIAL);
    assert.equal((await getPage(official, `${t.baseUrl}/registrar`)).status, 200);

    const invalid = await postForm(official, t.baseUrl, '/registrar', { documentType: 'CI', documentNumber: 'abc' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.html, /href="#campo-documentNumber"/);
    assert.match(invalid.html, /value="abc"/);

    const found = await postForm(official, t.baseUrl, '/registrar', { documentType: 'CI', documentNumber: ` ${person.documentNumber} ` });
    assert.equal(found.status, 200);
    assert.match(found.html, /Rosa Prueba/);
    assert.match(found.html, /action="\/registrar\/verificar"/);
    const [lookup] = await auditEntries(t.app.tambo.deps.db, 'identity.person_looked_up', person.id);
    assert.equal(lookup?.actor_type, 'official', 'looking a person up is audited');

    const unchecked = await postForm(official, t.baseUrl, '/registrar/verificar', { accountId: person.id, agencyCode: 'SEGIP', office: 'Oficina El Alto', notes: 'Cédula vigente' });
    assert.equal(unchecked.status, 400);
    assert.match(unchecked.html, /href="#campo-documentChecked"/);
    assert.match(unchecked.html, /value="Oficina El Alto"/);
    assert.match(unchecked.html, /Cédula vigente<\/textarea>/);
    assert.equal((await findAccountById(t.app.tambo.deps.db, person.id))?.level, 'bajo');

    const done = await postForm(official, t.baseUrl, '/registrar/verificar', { accountId: person.id, agencyCode: 'SEGIP', office: 'Oficina El Alto', notes: '', documentChecked: 'yes' });
    assert.equal(done.status, 303);
    assert.equal(done.location, '/registrar?hecho=verificado');
    assert.equal((await findAccountById(t.app.tambo.deps.db, person.id))?.level, 'sustancial');
    const [audit] = await auditEntries(t.app.tambo.deps.db, 'identity.level_raised', person.id);
    assert.equal(audit?.actor_type, 'official');
    assert.equal(audit?.data.agency, 'SEGIP');
    assert.equal(audit?.data.to, 'sustancial');
    assert.ok((await findActivity(t.app.tambo.deps.db, person.id)).some((a) => a.kind === 'level_raised'));

    const again = await postForm(official, t.baseUrl, '/registrar/verificar', { accountId: person.id, agencyCode: 'SEGIP', office: 'Oficina El Alto', documentChecked: 'yes' });
    assert.equal(again.status, 409);
  });

  it('registers in person someone without an account, with a temporary password shown once that must be replaced at the first sign-in (audited)', async () => {
    const official = await portalSession(t.baseUrl, OFFICIAL);
    const number = '9876543';
    const notFound = await postForm(official, t.baseUrl, '/registrar', { documentType: 'CI', documentNumber: number });
    assert.equal(notFound.status, 200);
    assert.match(notFound.html, /action="\/registrar\/alta"/);

    const registerInPerson = (fields: Record<string, string>) =>
      postForm(official, t.baseUrl, '/registrar/alta', {
        documentType: 'CI',
        documentNumber: number,
        givenName: 'Juan',
        'birthDate-month': '2',
        'birthDate-year': '1990',
        agencyCode: 'SEGIP',
        office: 'Central',
        documentChecked: 'yes',
        ...fields,
      });
    const bad = await registerInPerson({ familyName: '', 'birthDate-day': '31', email: 'no-es-correo' });
    assert.equal(bad.status, 400);
    for (const field of ['familyName', 'birthDate', 'email']) assert.match(bad.html, new RegExp(`href="#campo-${field}"`));
    assert.match(bad.html, /value="Juan"/);

    const created = await registerInPerson({ familyName: 'Mamani', 'birthDate-day': '3', email: '', phone: '7123 4567' });
    assert.equal(created.status, 200);
    const password = /value="([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})"/.exec(created.html)?.[1];
    assert.ok(password, 'temporary password shown');
    const [audit] = await auditEntries(t.app.tambo.deps.db, 'identity.account_created');
    const entries = await auditEntries(t.app.tambo.deps.db, 'identity.account_created');
    const assisted = entries.find((e) => e.data.assisted === true);
    assert.ok(audit && assisted, 'assisted registration audited');
    assert.equal(assisted.actor_type, 'official');
    const account = (await findAccountById(t.app.tambo.deps.db, assisted.subject_id))!;
    assert.equal(account.level, 'sustancial');
    assert.equal(account.birthDate, '1990-02-03');
    assert.equal(account.phone, '+59171234567', 'the phone is stored in E.164');
    assert.equal(account.passwordChangeRequired, true);
    // The person signs in with their document number and the temporary password, and must
    // choose their own before the sign-in completes.
    const person = new HttpSession();
    const { response, url } = await signInAtProvider(person, `${t.baseUrl}/ingresar?volver=/cuenta`, number, password);
    assert.match(new URL(url).pathname, /^\/ingreso\/[\w-]+\/nueva-contrasena$/);
    const page = await response.text();
    assert.match(page, /autocomplete="new-password"/);
    // Not signed in yet: the portal does not know the person, and the second-factor step cannot be jumped to.
    assert.equal((await getPage(person, `${t.baseUrl}/cuenta`)).status, 303);
    assert.equal((await getPage(person, url.replace('nueva-contrasena', 'segundo-factor'))).status, 400);

    const short = await person.submit(url, page, { password: 'corta' });
    assert.equal(short.status, 400);
    const shortHtml = await short.text();
    assert.match(shortHtml, /href="#campo-password"/);
    assert.match(shortHtml, /al menos 10 caracteres/);
    const same = await person.submit(url, page, { password });
    assert.equal(same.status, 400);
    assert.match(await same.text(), /no puede ser la contraseña temporal/);
    assert.equal((await findAccountById(t.app.tambo.deps.db, account.id))!.passwordChangeRequired, true);

    const chosen = await person.submit(url, page, { password: 'Mi-clave-propia-2026' });
    assert.equal(chosen.status, 303);
    const landed = await person.follow(new URL(chosen.headers.get('location')!, url).toString());
    assert.equal(new URL(landed.url).pathname, '/cuenta');
    assert.match(await landed.response.text(), /Juan/);
    assert.equal((await findAccountById(t.app.tambo.deps.db, account.id))!.passwordChangeRequired, false);
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'identity.temporary_password_replaced', account.id)).length, 1);
    assert.ok((await findActivity(t.app.tambo.deps.db, account.id)).some((a) => a.kind === 'password_changed'));
    // From now on the person's own password signs in directly; the temporary one no longer does.
    await portalSession(t.baseUrl, { login: number, password: 'Mi-clave-propia-2026' });
    const old = new HttpSession();
    const first = await old.follow(`${t.baseUrl}/ingresar?volver=/cuenta`);
    const firstHtml = await first.response.text();
    const refused = await old.submit(
      first.url,
      firstHtml,
      { login: number, password },
      formsIn(firstHtml).findIndex((form) => form.action.includes('/ingreso/')),
    );
    assert.equal(refused.status, 401);

    const duplicate = await postForm(official, t.baseUrl, '/registrar/alta', {
      documentType: 'CI',
      documentNumber: number,
      givenName: 'Juan',
      familyName: 'Mamani',
      'birthDate-day': '3',
      'birthDate-month': '2',
      'birthDate-year': '1990',
      agencyCode: 'SEGIP',
      office: 'Central',
      documentChecked: 'yes',
    });
    assert.equal(duplicate.status, 400);
    assert.match(duplicate.html, /href="#campo-documentNumber"/);
  });
});

describe('roles page', () => {
  it('a registrar or a citizen cannot manage roles', async () => {
    const official = await portalSession(t.baseUrl, OFFICIAL);
    assert.equal((await getPage(official, `${t.baseUrl}/admin/roles`)).status, 403);
    const target = await createPerson(t.app.tambo.deps, { level: 'sustancial' });
    const refused = await postForm(official, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'SEGIP', documentType: 'CI', documentNumber: target.documentNumber, role: 'registrar' });
    assert.equal(refused.status, 403);
    assert.deepEqual(await findRoles(t.app.tambo.deps.db, target.id), []);
    const citizen = await portalSession(t.baseUrl, CITIZEN);
    assert.equal((await getPage(citizen, `${t.baseUrl}/admin/roles`)).status, 403);
  });

  it('an agency administrator manages roles of their agency only; every change is audited', async () => {
    const boss = await createPerson(t.app.tambo.deps, { level: 'sustancial', roles: [{ agencyCode: 'GAMLP', role: 'agency_admin' }] });
    const target = await createPerson(t.app.tambo.deps, { level: 'sustancial' });
    const unverified = await createPerson(t.app.tambo.deps);
    const session = await portalSession(t.baseUrl, boss);
    const page = await getPage(session, `${t.baseUrl}/admin/roles`);
    assert.equal(page.status, 200);
    assert.match(page.html, /GAMLP/);
    assert.equal((await getPage(session, `${t.baseUrl}/admin/roles?institucion=SEGIP`)).html.includes('value="SEGIP"'), false, 'other agencies are not offered');

    const other = await postForm(session, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'SEGIP', documentType: 'CI', documentNumber: target.documentNumber, role: 'registrar' });
    assert.equal(other.status, 403);
    const notVerified = await postForm(session, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'GAMLP', documentType: 'CI', documentNumber: unverified.documentNumber, role: 'case_handler' });
    assert.equal(notVerified.status, 400);
    assert.match(notVerified.html, /href="#campo-documentNumber"/);
    assert.match(notVerified.html, new RegExp(`value="${unverified.documentNumber}"`));
    const noRole = await postForm(session, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'GAMLP', documentType: 'CI', documentNumber: target.documentNumber });
    assert.equal(noRole.status, 400);
    assert.match(noRole.html, /href="#campo-role"/);

    const granted = await postForm(session, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'GAMLP', documentType: 'CI', documentNumber: target.documentNumber, role: 'case_handler' });
    assert.equal(granted.status, 303);
    assert.deepEqual(await findRoles(t.app.tambo.deps.db, target.id), [{ agencyCode: 'GAMLP', role: 'case_handler' }]);
    const [grant] = await auditEntries(t.app.tambo.deps.db, 'identity.role_granted', target.id);
    assert.equal(grant?.actor_type, 'official');
    assert.equal(grant?.actor_id, boss.id);
    assert.deepEqual(grant?.data, { agencyCode: 'GAMLP', role: 'case_handler' });
    assert.match((await getPage(session, `${t.baseUrl}/admin/roles?institucion=GAMLP&hecho=otorgado`)).html, /El rol fue otorgado/);

    const otherRevoke = await postForm(session, t.baseUrl, '/admin/roles/revocar', { agencyCode: 'SEGIP', accountId: target.id, role: 'case_handler' });
    assert.equal(otherRevoke.status, 403);
    const revoked = await postForm(session, t.baseUrl, '/admin/roles/revocar', { agencyCode: 'GAMLP', accountId: target.id, role: 'case_handler' });
    assert.equal(revoked.status, 303);
    assert.deepEqual(await findRoles(t.app.tambo.deps.db, target.id), []);
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'identity.role_revoked', target.id)).length, 1);
    assert.equal((await postForm(session, t.baseUrl, '/admin/roles/revocar', { agencyCode: 'GAMLP', accountId: target.id, role: 'case_handler' })).status, 303);

    // The person sees both changes in "Mi actividad" (once each: revoking again changed nothing).
    const activity = (await findActivity(t.app.tambo.deps.db, target.id)).filter((a) => a.kind.startsWith('role_'));
    assert.deepEqual(activity.map((a) => [a.kind, a.detail]).sort(), [
      ['role_granted', { agencyCode: 'GAMLP', role: 'case_handler' }],
      ['role_revoked', { agencyCode: 'GAMLP', role: 'case_handler' }],
    ]);
    const mine = await getPage(await portalSession(t.baseUrl, target), `${t.baseUrl}/cuenta/actividad`);
    assert.equal(mine.status, 200);
    assert.match(mine.html, /Rol otorgado: Tramitador<\/td><td[^>]*>GAMLP</);
    assert.match(mine.html, /Rol retirado: Tramitador<\/td><td[^>]*>GAMLP</);
  });

  it('a platform administrator manages roles in every agency', async () => {
    const target = await createPerson(t.app.tambo.deps, { level: 'sustancial' });
    const admin = await portalSession(t.baseUrl, ADMIN);
    const page = await getPage(admin, `${t.baseUrl}/admin/roles?institucion=SEGIP`);
    assert.equal(page.status, 200);
    assert.match(page.html, /Choque Flores/, 'the demo official of SEGIP is listed');
    const granted = await postForm(admin, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'SEGIP', documentType: 'CI', documentNumber: target.documentNumber, role: 'registrar' });
    assert.equal(granted.status, 303);
    const [grant] = await auditEntries(t.app.tambo.deps.db, 'identity.role_granted', target.id);
    assert.equal(grant?.actor_type, 'admin');
    const unknown = await postForm(admin, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'NOPE', documentType: 'CI', documentNumber: target.documentNumber, role: 'registrar' });
    assert.equal(unknown.status, 404);
    assert.deepEqual(await findRoles(t.app.tambo.deps.db, target.id), [{ agencyCode: 'SEGIP', role: 'registrar' }]);
  });
});

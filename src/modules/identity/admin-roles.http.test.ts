// The roles offered on /admin/roles are what the modules declare (`roles` in defineModule):
// a module that declares an agency role makes it grantable without touching identity, and a
// name no module declares is refused; a territory role is granted over a territory on
// /admin/roles/territorios and holds there and below. Runs an app with one more module, declared here.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { modules } from '../../modules.ts';
import { hasRole } from '../../platform/contract/roles.ts';
import { defineModule } from '../../platform/module.ts';
import { getTerritoryWithAncestors } from '../territories/index.ts';
import { findActivity, findRoles } from './account.queries.ts';
import { findAccount, getRoles, roleGrantsOf } from './index.ts';
import { ADMIN, CITIZEN, auditEntries, createPerson, getPage, portalSession, postForm } from './admin.test-helpers.ts';

let t: TestApp & { baseUrl: string };
let locales: string;

before(async () => {
  locales = await mkdtemp(join(tmpdir(), 'tambo-roles-'));
  const messages = (label: string, hint: string, warden: string) => JSON.stringify({ inspection: { role: { inspector: label, inspectorHint: hint, warden } } });
  await writeFile(join(locales, 'es.json'), messages('Inspectora de obras', 'Inspecciona obras de la institución', 'Guardiana'));
  await writeFile(join(locales, 'en.json'), messages('Works inspector', "Inspects the agency's works", 'Warden'));
  const inspection = defineModule({
    name: 'inspection',
    locales: pathToFileURL(`${locales}/`),
    roles: [
      { name: 'inspector', scope: 'agency', labelKey: 'inspection.role.inspector', hintKey: 'inspection.role.inspectorHint' },
      // Territory roles are not granted per agency: not offered here.
      { name: 'warden', scope: 'territory', labelKey: 'inspection.role.warden', hintKey: 'inspection.role.inspectorHint' },
    ],
  });
  t = await listenTestApp({ app: { modules: [...modules, inspection] } });
  await t.app.tambo.seed();
});
after(async () => {
  await t.close();
  await rm(locales, { recursive: true, force: true });
});

describe('roles offered on /admin/roles', () => {
  it("offers every module's agency roles, with their labels, and no territory role", async () => {
    const page = await getPage(await portalSession(t.baseUrl, ADMIN), `${t.baseUrl}/admin/roles?institucion=SEGIP`);
    assert.equal(page.status, 200);
    const offered = [...page.html.matchAll(/<input[^>]*type="radio"[^>]*>/g)].map((m) => /value="([a-z_]+)"/.exec(m[0])?.[1]).filter((v) => v !== undefined);
    assert.deepEqual(offered, [
      'case_handler',
      'registrar',
      'publisher',
      'auditor',
      'agency_admin',
      'plan_admin',
      'plan_reporter',
      'project_officer',
      'procurement_officer',
      'postal_clerk',
      'training_manager',
      'training_facilitator',
      'cgii_analyst',
      'cgii_security_contact',
      'transparency_officer',
      'translator',
      'inspector',
    ]);
    assert.match(page.html, /Inspectora de obras/);
    assert.match(page.html, /Inspecciona obras de la institución/);
    assert.doesNotMatch(page.html, /value="warden"/);
  });

  it('grants a role another module declares, names it by its label, and refuses an undeclared one', async () => {
    const admin = await portalSession(t.baseUrl, ADMIN);
    const target = await createPerson(t.app.tambo.deps, { level: 'sustancial' });
    const grant = (role: string) => postForm(admin, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'SEGIP', documentType: 'CI', documentNumber: target.documentNumber, role });
    for (const role of ['warden', 'janitor', 'platform_admin']) {
      const refused = await grant(role);
      assert.equal(refused.status, 400, role);
      assert.match(refused.html, /href="#campo-role"/);
    }
    assert.equal((await grant('inspector')).status, 303);
    assert.deepEqual(await findRoles(t.app.tambo.deps.db, target.id), [{ agencyCode: 'SEGIP', role: 'inspector' }]);
    const listed = await getPage(admin, `${t.baseUrl}/admin/roles?institucion=SEGIP`);
    assert.match(listed.html, new RegExp(`Prueba \\d+</th><td[^>]*>CI ${target.documentNumber}</td><td[^>]*>Inspectora de obras<`));
    assert.equal((await findActivity(t.app.tambo.deps.db, target.id)).filter((a) => a.kind === 'role_granted').length, 1);
    const mine = await getPage(await portalSession(t.baseUrl, target), `${t.baseUrl}/cuenta/actividad`);
    assert.match(mine.html, /Rol otorgado: Inspectora de obras<\/td><td[^>]*>SEGIP</);
  });
});

describe('roles over a territory (/admin/roles/territorios)', () => {
  const path = async (code: string) => (await getTerritoryWithAncestors(t.app.tambo.deps, code)).map((unit) => unit.code);

  it('a platform administrator picks a territory by browsing down, grants a territory role there; it holds below, not beside; revoking is audited', async () => {
    const admin = await portalSession(t.baseUrl, ADMIN);
    const target = await createPerson(t.app.tambo.deps, { level: 'sustancial' });
    assert.match((await getPage(admin, `${t.baseUrl}/admin/roles`)).html, /href="\/admin\/roles\/territorios"/);
    const top = await getPage(admin, `${t.baseUrl}/admin/roles/territorios`);
    assert.equal(top.status, 200);
    assert.match(top.html, /<option value="BO-L"[^>]*>La Paz<\/option>/, 'the top level is offered');
    const offered = [...top.html.matchAll(/<input[^>]*type="radio"[^>]*name="role"[^>]*>|<input[^>]*name="role"[^>]*type="radio"[^>]*>/g)].map((m) => /value="([a-z_]+)"/.exec(m[0])?.[1]);
    assert.deepEqual(
      offered,
      ['social_mapper', 'project_spokesperson', 'bank_treasurer', 'room_operator', 'room_responder', 'clap_distributor', 'consultation_officer', 'justice_of_peace', 'marketplace_admin', 'warden'],
      'only territory roles are offered here (cartography, projects, the situation room, consultations, justice of peace and the marketplace declare them)',
    );
    // Down one level: La Paz's provinces, and the grant form offers La Paz and each of them.
    const laPaz = await getPage(admin, `${t.baseUrl}/admin/roles/territorios?territorio=BO-L`);
    assert.match(laPaz.html, /<option value="BO-L-01"[^>]*>Murillo<\/option>/);
    assert.match(laPaz.html, /<a href="\/admin\/roles\/territorios">Todo el país<\/a> › <strong>La Paz<\/strong>/, 'the way back up');
    assert.match(laPaz.html, /<select[^>]*name="territoryCode"[\s\S]*<option value="BO-L-01"[^>]*>La Paz › Murillo<\/option>/);

    const granted = await postForm(admin, t.baseUrl, '/admin/roles/territorios/otorgar', { territoryCode: 'BO-L-01', documentType: 'CI', documentNumber: target.documentNumber, role: 'warden' });
    assert.equal(granted.status, 303);
    assert.equal(granted.location, '/admin/roles/territorios?territorio=BO-L-01&hecho=otorgado');
    assert.deepEqual(await findRoles(t.app.tambo.deps.db, target.id), [{ territoryCode: 'BO-L-01', role: 'warden' }]);
    const listed = await getPage(admin, `${t.baseUrl}${granted.location}`);
    assert.match(listed.html, /El rol fue otorgado/);
    assert.match(listed.html, new RegExp(`Prueba \\d+</th><td[^>]*>CI ${target.documentNumber}</td><td[^>]*>Guardiana</td><td[^>]*>Murillo<`));
    const again = await postForm(admin, t.baseUrl, '/admin/roles/territorios/otorgar', { territoryCode: 'BO-L-01', documentType: 'CI', documentNumber: target.documentNumber, role: 'warden' });
    assert.equal(again.status, 303, 'granting it again changes nothing');
    const grants = await auditEntries(t.app.tambo.deps.db, 'identity.role_granted', target.id);
    assert.equal(grants.length, 1, 'audited once');
    assert.equal(grants[0]?.actor_type, 'admin');
    assert.deepEqual(grants[0]?.data, { territoryCode: 'BO-L-01', role: 'warden' });

    // What other modules check: the grants identity gives for this person, against territories' paths.
    const account = (await findAccount(t.app.tambo.deps, target.id))!;
    const held = roleGrantsOf(account, await getRoles(t.app.tambo.deps, target.id));
    assert.equal(hasRole(held, { role: 'warden', territory: await path('BO-L-01') }), true, 'the territory itself');
    assert.equal(hasRole(held, { role: 'warden', territory: await path('BO-L-01-02') }), true, 'El Alto, below it');
    assert.equal(hasRole(held, { role: 'warden', territory: await path('BO-L-02') }), false, 'Omasuyos, its sibling');
    assert.equal(hasRole(held, { role: 'warden', territory: await path('BO-L') }), false, 'La Paz, above it');
    assert.equal(hasRole(held, { role: 'warden', agency: 'SEGIP' }), false);

    const mine = await getPage(await portalSession(t.baseUrl, target), `${t.baseUrl}/cuenta/actividad`);
    assert.match(mine.html, /Rol otorgado: Guardiana<\/td><td[^>]*>BO-L-01</);
    const revoked = await postForm(admin, t.baseUrl, '/admin/roles/territorios/revocar', { territoryCode: 'BO-L-01', accountId: target.id, role: 'warden' });
    assert.equal(revoked.status, 303);
    assert.deepEqual(await findRoles(t.app.tambo.deps.db, target.id), []);
    const [revocation] = await auditEntries(t.app.tambo.deps.db, 'identity.role_revoked', target.id);
    assert.deepEqual(revocation?.data, { territoryCode: 'BO-L-01', role: 'warden' });
  });

  it('eight identical grants at once (a double tap, two administrators) make one grant and one audit entry', async () => {
    const admin = await portalSession(t.baseUrl, ADMIN);
    const target = await createPerson(t.app.tambo.deps, { level: 'sustancial' });
    const territory = () => postForm(admin, t.baseUrl, '/admin/roles/territorios/otorgar', { territoryCode: 'BO-L-02', documentType: 'CI', documentNumber: target.documentNumber, role: 'warden' });
    const agency = () => postForm(admin, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'SEGIP', documentType: 'CI', documentNumber: target.documentNumber, role: 'inspector' });
    const answers = await Promise.all([...Array.from({ length: 8 }, territory), ...Array.from({ length: 8 }, agency)]);
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(16).fill(303),
    );
    const roles = await findRoles(t.app.tambo.deps.db, target.id);
    assert.equal(roles.length, 2, JSON.stringify(roles));
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'identity.role_granted', target.id)).length, 2);
  });

  it('a territory that does not exist, or an agency role, is an error summary linked to the field; no grant is made', async () => {
    const admin = await portalSession(t.baseUrl, ADMIN);
    const target = await createPerson(t.app.tambo.deps, { level: 'sustancial' });
    const grant = (territoryCode: string, role = 'warden') =>
      postForm(admin, t.baseUrl, '/admin/roles/territorios/otorgar', { territoryCode, documentType: 'CI', documentNumber: target.documentNumber, role });
    for (const code of ['BO-X-99', '', 'bo-l; drop']) {
      const refused = await grant(code);
      assert.equal(refused.status, 400, code);
      assert.match(refused.html, /class="error-summary"/);
      assert.match(refused.html, /href="#campo-territoryCode"/, code);
      assert.match(refused.html, new RegExp(`value="${target.documentNumber}"`), 'what was typed is kept');
    }
    assert.equal((await grant('BO-L'.repeat(30))).status, 400, 'longer than any code: refused before the service, not a 500');
    const agencyRole = await grant('BO-L-01', 'inspector');
    assert.equal(agencyRole.status, 400);
    assert.match(agencyRole.html, /href="#campo-role"/);
    assert.deepEqual(await findRoles(t.app.tambo.deps.db, target.id), []);
    assert.equal((await getPage(admin, `${t.baseUrl}/admin/roles/territorios?territorio=BO-X-99`)).status, 404);
    assert.equal((await postForm(admin, t.baseUrl, '/admin/roles/territorios/revocar', { territoryCode: '', accountId: target.id, role: 'warden' })).status, 400);
  });

  it('only platform administrators, and only with the CSRF token', async () => {
    const target = await createPerson(t.app.tambo.deps, { level: 'sustancial' });
    const body = { territoryCode: 'BO-L-01', documentType: 'CI', documentNumber: target.documentNumber, role: 'warden' };
    const boss = await createPerson(t.app.tambo.deps, { level: 'sustancial', roles: [{ agencyCode: 'GAMLP', role: 'agency_admin' }] });
    const agencyAdmin = await portalSession(t.baseUrl, boss);
    assert.doesNotMatch((await getPage(agencyAdmin, `${t.baseUrl}/admin/roles`)).html, /\/admin\/roles\/territorios/);
    assert.equal((await getPage(agencyAdmin, `${t.baseUrl}/admin/roles/territorios`)).status, 403);
    assert.equal((await postForm(agencyAdmin, t.baseUrl, '/admin/roles/territorios/otorgar', body)).status, 403);
    const citizen = await portalSession(t.baseUrl, CITIZEN);
    assert.equal((await getPage(citizen, `${t.baseUrl}/admin/roles/territorios`)).status, 403);
    assert.equal((await postForm(citizen, t.baseUrl, '/admin/roles/territorios/otorgar', body)).status, 403);
    const admin = await portalSession(t.baseUrl, ADMIN);
    const noToken = await admin.request(`${t.baseUrl}/admin/roles/territorios/otorgar`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });
    assert.equal(noToken.status, 403);
    assert.deepEqual(await findRoles(t.app.tambo.deps.db, target.id), []);
  });
});

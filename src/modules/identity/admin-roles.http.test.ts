// The roles offered on /admin/roles are what the modules declare (`roles` in defineModule):
// a module that declares an agency role makes it grantable without touching identity, and a
// name no module declares is refused. Runs an app with one more module, declared here.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { modules } from '../../modules.ts';
import { defineModule } from '../../platform/module.ts';
import { findActivity, findRoles } from './account.queries.ts';
import { ADMIN, createPerson, getPage, portalSession, postForm } from './admin.test-helpers.ts';

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
    assert.deepEqual(offered, ['case_handler', 'registrar', 'publisher', 'auditor', 'agency_admin', 'inspector']);
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

// Administration of Ciudadanía Digital in Chromium with JavaScript off, on a 360 px screen:
// a platform administrator registers an agency's system (error summary, then the secret shown
// once), grants and revokes a role over a territory, and a registrar verifies a person in
// person. axe finds nothing on any step, nothing scrolls sideways, and the console stays clean.
// No module of the demo declares a territory role yet: the app runs with one more module,
// declared here, that does (as src/modules/identity/admin-roles.http.test.ts does).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { browserOrSkip, closeSharedBrowser, expectNoAxeViolations, openPage, scrollWidth, type OpenedPage } from './helpers/browser.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { findAccountById } from '../src/modules/identity/account.queries.ts';
import { ADMIN, OFFICIAL, createPerson } from '../src/modules/identity/admin.test-helpers.ts';
import { modules } from '../src/modules.ts';
import { defineModule } from '../src/platform/module.ts';

let server: (TestApp & { baseUrl: string }) | undefined;
let locales: string | undefined;
before(async () => {
  locales = await mkdtemp(join(tmpdir(), 'tambo-e2e-roles-'));
  const messages = (warden: string, hint: string) => JSON.stringify({ wardens: { role: { warden, wardenHint: hint } } });
  await writeFile(join(locales, 'es.json'), messages('Guardiana', 'Cuida los espacios públicos del territorio'));
  await writeFile(join(locales, 'en.json'), messages('Warden', "Looks after the territory's public spaces"));
  const wardens = defineModule({
    name: 'wardens',
    locales: pathToFileURL(`${locales}/`),
    roles: [{ name: 'warden', scope: 'territory', labelKey: 'wardens.role.warden', hintKey: 'wardens.role.wardenHint' }],
  });
  server = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' }, app: { modules: [...modules, wardens] } });
  await server.app.tambo.seed();
});
after(async () => {
  await closeSharedBrowser();
  await server?.close();
  if (locales) await rm(locales, { recursive: true, force: true });
});

const VIEWPORT = { width: 360, height: 740 };

/** `withErrors`: the form came back with 400 (invalid input), which Chromium logs as a failed load. */
async function checkPage(opened: OpenedPage, where: string, withErrors = false): Promise<void> {
  const { page } = opened;
  assert.equal(await page.locator('h1').count(), 1, `exactly one h1 on ${where}`);
  await expectNoAxeViolations(page, `${where} (JavaScript off, 360 px)`);
  const width = await scrollWidth(page);
  assert.ok(width <= VIEWPORT.width, `${where} scrolls sideways at 360 px: scrollWidth is ${width}`);
  const unexpected = opened.consoleErrors.filter((line) => !(withErrors && /status of 400 \(Bad Request\)/.test(line)));
  assert.deepEqual(unexpected, [], `console errors on ${where}`);
  opened.consoleErrors.length = 0;
}

/** Signs in through the provider's page (JavaScript off) and lands on `path`. */
async function signedIn(page: Page, path: string, person: { login: string; password: string }): Promise<void> {
  // A shared CI machine can be slow; waits end as soon as the page is there.
  page.setDefaultTimeout(60_000);
  await page.fill('[name="login"]', person.login);
  await page.fill('[name="password"]', person.password);
  await Promise.all([page.waitForURL((url) => url.pathname === path), page.click('button[type="submit"]:not([form])')]);
}

async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button, exact: true }).click()]);
}

describe('identity administration with JavaScript off', () => {
  it('a platform administrator registers an agency system', async (t) => {
    const browser = await browserOrSkip(t);
    if (!browser || !server) return;
    const opened = await openPage(browser, `${server.baseUrl}/ingresar?volver=/admin`, { javaScriptEnabled: false, viewport: VIEWPORT });
    try {
      const { page } = opened;
      await signedIn(page, '/admin', ADMIN);
      await checkPage(opened, 'administration home');
      await Promise.all([page.waitForURL((url) => url.pathname === '/admin/clientes'), page.getByRole('link', { name: 'Sistemas de las instituciones' }).click()]);
      await checkPage(opened, 'client list');
      await Promise.all([page.waitForURL((url) => url.pathname === '/admin/clientes/nuevo'), page.getByRole('link', { name: 'Registrar un sistema' }).click()]);
      await checkPage(opened, 'new client form');

      await page.getByLabel('Nombre del sistema').fill('Sistema de patentes');
      await submit(page, 'Registrar el sistema');
      assert.match(await page.title(), /^Error:/);
      assert.ok(await page.locator('.error-summary, [role="alert"]').first().isVisible(), 'error summary shown');
      assert.equal(await page.getByLabel('Nombre del sistema').inputValue(), 'Sistema de patentes', 'what was typed is kept');
      await checkPage(opened, 'new client form with errors', true);

      await page.getByLabel('Institución', { exact: true }).selectOption('GAMLP');
      await page.getByLabel('Direcciones de retorno (redirect URIs)').fill('https://patentes.lapaz.bo/callback');
      await page.getByLabel(/^profile:/).check();
      await page.getByLabel('Para qué necesita los datos').fill('Emitir patentes municipales');
      await submit(page, 'Registrar el sistema');
      assert.match(await page.locator('h1').innerText(), /Sistema registrado: Sistema de patentes/);
      const secret = await page.getByLabel('Secreto del cliente (client_secret)').inputValue();
      assert.ok(secret.length >= 40, 'the secret is shown');
      await checkPage(opened, 'client secret page');
      await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/admin/clientes/gamlp-')), page.getByRole('link', { name: 'Continuar' }).click()]);
      await checkPage(opened, 'client edit page');
      await page.goto(`${server.baseUrl}/admin/roles?institucion=SEGIP`);
      assert.match(await page.locator('table').innerText(), /Choque Flores/);
      await checkPage(opened, 'roles page');
      await page.goto(`${server.baseUrl}/admin/llaves`);
      await submit(page, 'Añadir una llave');
      assert.equal(await page.locator('table tbody tr').count(), 2);
      await checkPage(opened, 'signing keys page');
    } finally {
      await opened.close();
    }
  });

  it('a platform administrator browses down the territories, grants a role over one, and revokes it', async (t) => {
    const browser = await browserOrSkip(t);
    if (!browser || !server) return;
    const person = await createPerson(server.app.tambo.deps, { level: 'sustancial' });
    const opened = await openPage(browser, `${server.baseUrl}/ingresar?volver=/admin/roles`, { javaScriptEnabled: false, viewport: VIEWPORT });
    try {
      const { page } = opened;
      const at = (search: string) => (url: URL) => url.pathname === '/admin/roles/territorios' && url.search === search;
      await signedIn(page, '/admin/roles', ADMIN);
      await checkPage(opened, 'roles page');
      await Promise.all([page.waitForURL(at('')), page.getByRole('link', { name: /^Roles en un territorio/ }).click()]);
      await checkPage(opened, 'territory roles, whole country');

      // Down the tree: La Paz, then Murillo, each by the select and its button (no JavaScript).
      await page.getByLabel('Ver un territorio', { exact: true }).selectOption('BO-L');
      await Promise.all([page.waitForURL(at('?territorio=BO-L')), page.getByRole('button', { name: 'Mostrar', exact: true }).click()]);
      assert.equal(await page.locator('h2').first().innerText(), 'La Paz');
      await checkPage(opened, 'territory roles in La Paz');
      await page.getByLabel('Ver un territorio de La Paz').selectOption('BO-L-01');
      await Promise.all([page.waitForURL(at('?territorio=BO-L-01')), page.getByRole('button', { name: 'Mostrar', exact: true }).click()]);
      assert.match(await page.locator('main').innerText(), /Todo el país › La Paz › Murillo/, 'the way back up');
      await checkPage(opened, 'territory roles in Murillo');

      // No role chosen: the error summary links to the field, what was typed stays.
      assert.equal(await page.getByLabel('Territorio', { exact: true }).inputValue(), 'BO-L-01', 'the unit browsed to is chosen');
      await page.getByLabel('Número de documento').fill(person.documentNumber);
      await submit(page, 'Dar el rol');
      assert.match(await page.title(), /^Error:/);
      assert.equal(await page.locator('.error-summary a[href="#campo-role"]').count(), 1);
      assert.equal(await page.getByLabel('Número de documento').inputValue(), person.documentNumber);
      await checkPage(opened, 'territory grant with errors', true);

      await page.getByLabel('Territorio', { exact: true }).selectOption('BO-L-01');
      await page.getByLabel('Guardiana').check();
      await submit(page, 'Dar el rol');
      assert.equal(new URL(page.url()).search, '?territorio=BO-L-01&hecho=otorgado');
      assert.match(await page.locator('[role="status"]').innerText(), /El rol fue otorgado/);
      const row = page.locator('table tbody tr', { hasText: `CI ${person.documentNumber}` });
      assert.equal(await row.count(), 1);
      assert.match(await row.innerText(), /Guardiana\s+Murillo/);
      await checkPage(opened, 'territory role granted');

      await submit(page, `Quitar el rol Guardiana de ${await row.locator('th').innerText()}`);
      assert.equal(new URL(page.url()).search, '?territorio=BO-L-01&hecho=revocado');
      assert.match(await page.locator('[role="status"]').innerText(), /El rol fue quitado/);
      assert.equal(await page.locator('table tbody tr', { hasText: `CI ${person.documentNumber}` }).count(), 0);
      await checkPage(opened, 'territory role revoked');

      // Murillo keeps the demo's justice of peace of El Alto; a province where nobody has a role says so.
      await page.goto(`${server.baseUrl}/admin/roles/territorios?territorio=BO-L-02`);
      assert.match(await page.locator('main').innerText(), /Nadie tiene roles en este territorio/);
    } finally {
      await opened.close();
    }
  });

  it('a registrar verifies a person in person', async (t) => {
    const browser = await browserOrSkip(t);
    if (!browser || !server) return;
    const person = await createPerson(server.app.tambo.deps);
    const opened = await openPage(browser, `${server.baseUrl}/ingresar?volver=/registrar`, { javaScriptEnabled: false, viewport: VIEWPORT });
    try {
      const { page } = opened;
      await signedIn(page, '/registrar', OFFICIAL);
      await checkPage(opened, 'registrar page');
      await page.getByLabel('Número de documento').fill(person.documentNumber);
      await submit(page, 'Buscar');
      assert.match(await page.locator('#persona').innerText(), /Persona encontrada/);
      await checkPage(opened, 'person found');

      await page.getByLabel('Oficina').fill('Oficina central, La Paz');
      await submit(page, 'Registrar la verificación');
      assert.match(await page.title(), /^Error:/);
      assert.equal(await page.getByLabel('Oficina').inputValue(), 'Oficina central, La Paz');
      await checkPage(opened, 'verification with errors', true);

      await page.getByLabel(/Revisé el documento físico/).check();
      await submit(page, 'Registrar la verificación');
      assert.equal(new URL(page.url()).search, '?hecho=verificado');
      assert.match(await page.locator('[role="status"]').innerText(), /nivel sustancial/);
      await checkPage(opened, 'verification recorded');
      assert.equal((await findAccountById(server.app.tambo.deps.db, person.id))?.level, 'sustancial');
    } finally {
      await opened.close();
    }
  });
});

// Administration of Ciudadanía Digital in Chromium with JavaScript off, on a 360 px screen:
// a platform administrator registers an agency's system (error summary, then the secret shown
// once), and a registrar verifies a person in person. axe finds nothing on any step, nothing
// scrolls sideways, and the console stays clean.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { browserOrSkip, closeSharedBrowser, expectNoAxeViolations, openPage, scrollWidth, type OpenedPage } from './helpers/browser.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { findAccountById } from '../src/modules/identity/account.queries.ts';
import { ADMIN, OFFICIAL, createPerson } from '../src/modules/identity/admin.test-helpers.ts';

let server: (TestApp & { baseUrl: string }) | undefined;
before(async () => {
  server = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await server.app.tambo.seed();
});
after(async () => {
  await closeSharedBrowser();
  await server?.close();
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

      await page.getByLabel('Institución').selectOption('GAMLP');
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

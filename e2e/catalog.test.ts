// The catalog in Chromium with JavaScript off, on a 360 px screen: from the home page to the
// catalog, a search, a filter, a procedure's page; then a publisher edits a published
// procedure, is told precisely what is wrong, saves the draft and publishes it. axe checks
// every page on the way.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { listenTestApp } from '../test/helpers/listen.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };

before(async () => {
  // PUBLIC_URL must be the address the browser uses: the sign-in goes through the provider.
  server = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000', DEMO: 'true', COUNTRY: 'bo' } });
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

async function go(page: Page, action: Promise<unknown>): Promise<void> {
  await action;
  await page.waitForLoadState('load');
}

it('finds, filters and opens a procedure with JavaScript off', async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const opened = await openPage(browser, `${server.baseUrl}/`, { javaScriptEnabled: false });
  const page = opened.page;
  try {
    await go(page, page.getByRole('main').getByRole('link', { name: 'Ver todos los trámites', exact: true }).click());
    assert.equal(new URL(page.url()).pathname, '/tramites');
    await expectAccessibleAt360(page, 'catalog');

    await page.getByLabel('Buscar un trámite').fill('cedula de identidad');
    await go(page, page.getByRole('button', { name: 'Buscar' }).click());
    assert.equal(await page.getByRole('heading', { level: 3 }).first().innerText(), 'Cédula de identidad');
    await expectAccessibleAt360(page, 'search results');

    await page.getByLabel('Buscar un trámite').fill('');
    await page.getByLabel('Institución').selectOption('SERECI');
    await page.getByLabel('Hecho de vida').selectOption('death');
    await go(page, page.getByRole('button', { name: 'Buscar' }).click());
    const names = await page.locator('.procedure-list__name').allInnerTexts();
    assert.deepEqual(names, ['Certificado de defunción']);
    await expectAccessibleAt360(page, 'filtered results');

    await go(page, page.getByRole('link', { name: 'Certificado de defunción' }).click());
    assert.equal(await page.locator('h1').innerText(), 'Certificado de defunción');
    assert.match(await page.locator('main').innerText(), /2 días hábiles/);
    await expectAccessibleAt360(page, 'procedure page');
    assert.deepEqual(opened.consoleErrors, []);
  } finally {
    await opened.close();
  }
});

it('a publisher edits a published procedure and publishes the new version, with JavaScript off', async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const opened = await openPage(browser, `${server.baseUrl}/gestion/tramites`, { javaScriptEnabled: false });
  const page = opened.page;
  try {
    await page.locator('input[name="login"]').fill('publicador@demo.tambo');
    await page.locator('input[name="password"]').fill('Demo-2026-publicador');
    await go(page, page.locator('form button[type="submit"]').first().click());
    assert.equal(new URL(page.url()).pathname, '/gestion/tramites');
    await expectAccessibleAt360(page, 'back office');

    await go(page, page.getByRole('link', { name: 'Licencia de conducir' }).click());
    await expectAccessibleAt360(page, 'procedure editor');
    await page.getByLabel('Nombre del trámite').fill('Licencia de conducir vehículos motorizados');
    await page.getByLabel('Definición del formulario (JSON)').fill('{"version": 1, "pages": [{"id": "datos", "title": {"es": "Datos", "en": "Data"}, "components": []}]}');
    await page.getByLabel('Se puede hacer completo en línea').check();
    await go(page, page.getByRole('button', { name: 'Guardar el borrador' }).click());
    const summary = await page.locator('.error-summary').innerText();
    assert.match(summary, /En \/pages\/0\/components/, 'the JSON path of the problem');
    assert.match(summary, /flujo de trabajo/);
    assert.equal(await page.getByLabel('Nombre del trámite').inputValue(), 'Licencia de conducir vehículos motorizados', 'what was typed is kept');
    await expectAccessibleAt360(page, 'editor with errors');

    await page.getByLabel('Definición del formulario (JSON)').fill('');
    await page.getByLabel('Se puede hacer completo en línea').uncheck();
    await go(page, page.getByRole('button', { name: 'Guardar el borrador' }).click());
    assert.match(await page.locator('main').innerText(), /Borrador guardado/);
    await expectAccessibleAt360(page, 'draft saved');
    const publicBefore = await (await fetch(`${server.baseUrl}/tramites/licencia-de-conducir`)).text();
    assert.match(publicBefore, /<h1>Licencia de conducir<\/h1>/, 'the public page keeps the published version');

    await go(page, page.getByRole('button', { name: 'Publicar la versión 2' }).click());
    assert.match(await page.locator('main').innerText(), /Versión publicada/);
    await expectAccessibleAt360(page, 'published');
    await go(page, page.getByRole('link', { name: 'Ver la página pública del trámite' }).click());
    assert.equal(await page.locator('h1').innerText(), 'Licencia de conducir vehículos motorizados');
    assert.match(await page.locator('main').innerText(), /Versión 2, publicada el/);
    // The editor answers 400 while it shows errors; Chrome logs that status, nothing else is expected.
    assert.deepEqual(
      opened.consoleErrors.filter((line) => !/status of 400 .*#resumen-errores/.test(line)),
      [],
    );
  } finally {
    await opened.close();
  }
});

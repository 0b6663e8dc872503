// The staff start page in Chromium. An official signs in with JavaScript off on a 360 px
// screen, finds "Mi trabajo" in the navigation, sees their agency's cases and tools and
// opens the case queue from there; an administrator, with JavaScript on at 1280 px, sees the
// triage queue and the administration pages, and corrects a Quechua draft in the translation
// editor (a broken text refused at the field first). axe checks each page.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { listenTestApp } from '../test/helpers/listen.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { browserOrSkip, closeSharedBrowser, openPage, signInOnPage, expectAccessibleAt360, expectNoAxeViolations } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };

before(async () => {
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

it('an official finds their work from the navigation, with JavaScript off at 360 px', async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const opened = await openPage(browser, `${server.baseUrl}/cuenta`, { javaScriptEnabled: false });
  const page = opened.page;
  try {
    await signInOnPage(page, 'funcionario@demo.tambo', 'Demo-2026-funcionario');
    assert.equal(new URL(page.url()).pathname, '/cuenta');
    await go(page, page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Mi trabajo' }).click());
    assert.equal(new URL(page.url()).pathname, '/trabajo');
    const main = page.getByRole('main');
    assert.match(await main.locator('caption').first().innerText(), /Expedientes abiertos por institución/);
    assert.match(await main.innerText(), /Servicio General de Identificación Personal/);
    assert.match(await main.innerText(), /Registro en persona/);
    await expectAccessibleAt360(page, 'staff start page');
    await go(page, main.getByRole('link', { name: 'Bandeja de expedientes' }).click());
    assert.equal(new URL(page.url()).pathname, '/gestion/expedientes');
    assert.deepEqual(opened.consoleErrors, []);
  } finally {
    await opened.close();
  }
});

it('an administrator sees the triage queue and the administration pages, with JavaScript on at 1280 px', async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const opened = await openPage(browser, `${server.baseUrl}/trabajo`, { javaScriptEnabled: true, viewport: { width: 1280, height: 900 } });
  const page = opened.page;
  try {
    await signInOnPage(page, 'admin@demo.tambo', 'Demo-2026-admin');
    assert.equal(new URL(page.url()).pathname, '/trabajo');
    const main = page.getByRole('main');
    assert.match(await main.innerText(), /clasificación/);
    for (const name of ['Clasificación de reportes', 'Roles del personal', 'Administración']) {
      assert.equal(await main.getByRole('link', { name, exact: true }).count(), 1, name);
    }
    await expectNoAxeViolations(page, 'staff start page at 1280 px');
    // The translation editor: a Quechua message found, a broken text refused at the field, then saved.
    await go(page, main.getByRole('link', { name: 'Traducciones', exact: true }).click());
    assert.equal(new URL(page.url()).pathname, '/admin/traducciones');
    await page.getByLabel('Buscar (opcional)').fill('catalog.procedure.hours');
    await go(page, main.getByRole('button', { name: 'Buscar textos' }).click());
    await expectNoAxeViolations(page, 'translation list');
    await go(page, main.getByRole('link', { name: 'catalog.procedure.hours' }).click());
    const field = page.getByLabel('Texto en Runasimi');
    assert.equal(await field.inputValue(), 'Kichasqa kanan: {hours}');
    await field.fill('Kichasqa kanan: {hours');
    await go(page, main.getByRole('button', { name: 'Guardar la traducción' }).click());
    assert.match(await page.title(), /^Error: /);
    assert.equal(await page.getByLabel('Texto en Runasimi').inputValue(), 'Kichasqa kanan: {hours', 'the text typed is kept');
    await expectNoAxeViolations(page, 'translation refused');
    await page.getByLabel('Texto en Runasimi').fill('Punku kichasqa kanan: {hours}');
    await go(page, main.getByRole('button', { name: 'Guardar la traducción' }).click());
    assert.match(await main.innerText(), /Se guardó la traducción de catalog.procedure.hours/);
    assert.match(await main.innerText(), /Punku kichasqa kanan: \{hours\}/);
    // The refused text's page answers 400, as a form with errors does.
    assert.deepEqual(
      opened.consoleErrors.filter((line) => !/status of 400 .*\/admin\/traducciones\/qu\/catalog\.procedure\.hours#resumen-errores\)$/.test(line)),
      [],
    );
  } finally {
    await opened.close();
  }
});

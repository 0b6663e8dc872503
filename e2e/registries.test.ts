// Public registries in Chromium with JavaScript off, on a 360 px screen: a SEGIP official opens
// the persons registry's form, sends it empty (a summary of errors linked to the fields),
// registers a person with the reason, and sees the record with its version; then, as any
// person, opens empresa digital. axe checks each page.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { TestApp } from '../test/helpers/app.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };
before(async () => {
  server = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

async function submit(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);
  await page.waitForLoadState('load');
}

it('an official registers a person with a reason; a person opens empresa digital', { timeout: 240_000 }, async (t) => {
  const browser = await browserOrSkip(t);
  if (!browser) return;
  const opened = await openPage(browser, `${server.baseUrl}/gestion/registros/personas/nuevo`, { javaScriptEnabled: false });
  const page = opened.page;
  try {
    await page.locator('input[name="login"]').fill('funcionario@demo.tambo');
    await page.locator('input[name="password"]').fill('Demo-2026-funcionario');
    await Promise.all([page.waitForLoadState('load'), page.locator('form button[type="submit"]').first().click()]);
    await page.waitForLoadState('load');
    assert.equal(new URL(page.url()).pathname, '/gestion/registros/personas/nuevo');
    await expectAccessibleAt360(page, 'the record form');

    await submit(page, 'Registrar');
    assert.match(await page.title(), /^Error: /);
    assert.ok((await page.locator('.error-summary a[href="#campo-firstName"]').count()) > 0);
    await expectAccessibleAt360(page, 'the record form with errors');

    await page.getByLabel('Identificador (documento, NIT o RIF)').fill('8877665');
    await page.getByLabel('Nombres').fill('Teresa');
    await page.getByLabel('Apellidos').fill('Huanca Poma');
    await page.getByLabel('Fecha de nacimiento').fill('1975-11-30');
    await page.getByLabel('Sexo').selectOption('F');
    await page.getByLabel('Estado civil').selectOption('viudo');
    await page.getByLabel('Motivo del cambio').fill('Partida de nacimiento 9911');
    await submit(page, 'Registrar');
    assert.equal(new URL(page.url()).pathname, `/gestion/registros/personas/${encodeURIComponent('8877665')}`);
    assert.match(await page.locator('main').innerText(), /Partida de nacimiento 9911/);
    await expectAccessibleAt360(page, 'the record with its versions');

    await page.goto(`${server.baseUrl}/empresa`);
    await page.waitForLoadState('load');
    assert.match(await page.locator('h1').innerText(), /Empresa digital/);
    await expectAccessibleAt360(page, 'empresa digital');
  } finally {
    await opened.context.close();
  }
});

// The CGII in Chromium with JavaScript off, on a 360 px screen: SEGIP's security contact
// reports an incident with an evidence file; the centre's analyst triages it and asks for more;
// the contact answers; the analyst closes it with a report, and the "attended on time" figure
// on the centre's page counts it. axe finds nothing on any page and nothing scrolls sideways.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import type { TestApp } from '../test/helpers/app.ts';
import { newDocument, TEST_ACCOUNT_PASSWORD, testAccount } from '../test/helpers/identity.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, press, signInOnPage } from './helpers/browser.ts';

let t: (TestApp & { baseUrl: string }) | undefined;
const VIEWPORT = { width: 360, height: 740 };

before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  await closeSharedBrowser();
  await t?.close();
});

async function check(page: Page, where: string): Promise<void> {
  assert.equal(await page.locator('h1').count(), 1, `exactly one h1 on ${where}`);
  await expectAccessibleAt360(page, `${where} (JavaScript off, 360 px)`);
}

async function staff(email: string, givenName: string, role: string, agencyCode: string): Promise<void> {
  const deps = t!.app.tambo.deps;
  const id = await testAccount(deps, { documentNumber: newDocument(), givenName, familyName: 'Prueba', email, roles: [{ role, agencyCode }] });
  await sql`UPDATE identity.account SET is_totp_exempt = true WHERE id = ${id}`.execute(deps.db);
}

it('an entity reports an incident, the analyst asks for more, the entity answers, the analyst closes it on time', async (context) => {
  const browser = await browserOrSkip(context);
  if (!browser || !t) return;
  const { baseUrl } = t;
  await staff('contacto-segip@prueba.bo', 'Rosa', 'cgii_security_contact', 'SEGIP');
  await staff('analista-cgii@prueba.bo', 'Marco', 'cgii_analyst', 'AGETIC');

  const entity = await openPage(browser, `${baseUrl}/cgii/incidentes/nuevo`, { javaScriptEnabled: false, viewport: VIEWPORT });
  const centre = await openPage(browser, `${baseUrl}/cgii`, { javaScriptEnabled: false, viewport: VIEWPORT });
  try {
    const e = entity.page;
    await signInOnPage(e, 'contacto-segip@prueba.bo', TEST_ACCOUNT_PASSWORD);
    assert.match(e.url(), /\/cgii\/incidentes\/nuevo/, `back on the form after signing in (at ${e.url()})`);
    await check(e, 'the report form');
    await press(e, 'Enviar el reporte');
    assert.match((await e.locator('.error-summary').textContent()) ?? '', /Escriba un título/);
    await e.getByLabel('Título').fill('Correo institucional comprometido');
    await e.getByLabel('Qué pasó').fill('Una cuenta de correo envió cientos de mensajes de suplantación a la ciudadanía.');
    await e.getByLabel('Detectado').fill('2026-12-06 09:15');
    await e.getByLabel('Categoría (taxonomía de referencia ENISA)').selectOption('fraud/phishing');
    await e.getByLabel('Severidad').selectOption('high');
    await e.getByLabel(/^Indicadores/).fill('email falso@segip-bo.example\ndomain segip-bo.example');
    await e.getByLabel(/^Evidencias/).setInputFiles({ name: 'cabeceras.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\ncabeceras\n%%EOF\n') });
    await press(e, 'Enviar el reporte');
    const incidentUrl = e.url().split('#')[0]!;
    assert.match(incidentUrl, /\/cgii\/incidentes\/[0-9a-f-]{36}$/);
    assert.match((await e.locator('main').textContent()) ?? '', /cabeceras\.pdf/);

    const c = centre.page;
    await signInOnPage(c, 'analista-cgii@prueba.bo', TEST_ACCOUNT_PASSWORD);
    await c.goto(`${baseUrl}/cgii`);
    const before = (await c.locator('#a-tiempo').textContent()) ?? '';
    await check(c, "the centre's queue");
    await c.getByRole('link', { name: /CGII-/ }).first().click();
    await c.waitForLoadState('load');
    assert.equal(c.url().split('#')[0], incidentUrl);
    await press(c, 'Guardar el triaje');
    await c.getByLabel('Tipo').selectOption('request');
    await c.getByLabel('Texto', { exact: true }).fill('Envíen las cabeceras completas de tres mensajes y la lista de accesos de la cuenta.');
    await press(c, /^Guardar$/);
    assert.match((await c.locator('#registro ~ .note').last().textContent()) ?? '', /Pedido a la entidad/);
    await check(c, 'the incident, seen by the analyst');

    await e.reload();
    await e.getByLabel('Su respuesta').fill('Adjuntamos la lista de accesos: la contraseña se filtró en un sitio externo.');
    await press(e, 'Enviar la respuesta');
    assert.match((await e.locator('main').textContent()) ?? '', /la contraseña se filtró/);

    await c.reload();
    await c.getByLabel('Informe de cierre').fill('Se cambió la contraseña, se activó el segundo factor y se bloqueó el dominio falso.');
    await press(c, 'Cerrar el incidente');
    assert.match((await c.locator('main').textContent()) ?? '', /Cerrado/);
    await c.goto(`${baseUrl}/cgii`);
    const afterText = (await c.locator('#a-tiempo').textContent()) ?? '';
    assert.notEqual(afterText, before);
    assert.match(afterText, /1 de 1 cerrados/);
  } finally {
    await entity.close();
    await centre.close();
  }
});

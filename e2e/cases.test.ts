// The whole journey in Chromium with JavaScript off, on a 360 px screen: a person signs in,
// finds the procedure, applies online and gets the tracking code and the receipt in the
// mailbox; an official requests a correction (noticed in the mailbox); the person corrects;
// the official approves; the person sees the outcome (also in the mailbox) and rates it. axe checks the pages on the way (error pages included).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createOnlineProcedure } from '../test/helpers/procedures.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { browserOrSkip, closeSharedBrowser, type OpenedPage, openPage, press, signInOnPage, expectAccessibleAt360 } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };
const SLUG = 'certificado-en-linea';

before(async () => {
  // PUBLIC_URL must be the address the browser uses: the sign-in goes through the provider.
  server = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await createOnlineProcedure(server.app.tambo.deps.db, { slug: SLUG, agencyCode: 'SEGIP' });
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

// The longest journey (two people, about twenty pages, axe on each): longer than the suite's 180 s on a loaded machine.
it('apply, correct, approve and rate, with JavaScript off', { timeout: 420_000 }, async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const citizen: OpenedPage = await openPage(browser, `${server.baseUrl}/tramites`, { javaScriptEnabled: false });
  const official: OpenedPage = await openPage(browser, `${server.baseUrl}/gestion/expedientes`, { javaScriptEnabled: false });
  try {
    const person = citizen.page;
    // Finds the procedure through the catalog's search (no direct address: the journey fails
    // if the search or a link is missing), then applies online (signing in on the way).
    assert.equal(citizen.response?.status(), 200);
    await person.getByLabel('Buscar un trámite').fill('certificado de prueba en línea');
    await person.getByRole('button', { name: 'Buscar' }).click();
    await person.waitForLoadState('load');
    assert.equal(new URL(person.url()).pathname, '/tramites');
    const result = person.getByRole('main').locator(`a[href="/tramites/${SLUG}"]`);
    assert.ok((await result.count()) > 0, 'the search finds the procedure');
    await result.first().click();
    await person.waitForLoadState('load');
    assert.equal(new URL(person.url()).pathname, `/tramites/${SLUG}`);
    const applyLink = person.locator(`a[href="/solicitar/${SLUG}"]`);
    assert.ok((await applyLink.count()) > 0, "the procedure's page leads to the application");
    await applyLink.first().click();
    await person.waitForLoadState('load');
    await signInOnPage(person, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    assert.match(person.url(), /\/solicitar\/certificado-en-linea\/datos$/);
    await expectAccessibleAt360(person, 'first page of the form');
    // Bad input: field-level errors, what was typed kept.
    await person.getByLabel('Día').fill('31');
    await person.getByLabel('Mes').fill('2');
    await person.getByLabel('Año').fill('2020');
    await person.getByLabel('Copias').fill('tres');
    await press(person, 'Guardar y continuar');
    assert.match(await person.locator('.error-summary, [role="alert"]').first().innerText(), /fecha real/);
    assert.equal(await person.getByLabel('Copias').inputValue(), 'tres');
    await expectAccessibleAt360(person, 'form page with errors');
    await person.getByLabel('Día').fill('28');
    await person.getByLabel('Copias').fill('2');
    await press(person, 'Guardar y continuar');
    await person.getByLabel('Trabajo').check();
    await press(person, 'Guardar y continuar');
    assert.match(await person.locator('h1').innerText(), /Revise sus respuestas/);
    await expectAccessibleAt360(person, 'check answers');
    await press(person, 'Aceptar y enviar');
    const code = /TR-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(await person.locator('main').innerText())?.[0];
    assert.ok(code, 'tracking code shown');
    await expectAccessibleAt360(person, 'receipt');
    await person.goto(`${server.baseUrl}/mis-tramites`);
    assert.match(await person.locator('main').innerText(), new RegExp(code));
    await expectAccessibleAt360(person, 'Mis trámites');
    await person.goto(`${server.baseUrl}/seguimiento?codigo=${code}`);
    assert.match(await person.locator('main').innerText(), /Presentado/);
    await expectAccessibleAt360(person, 'public lookup');
    await server.drain();
    await person.goto(`${server.baseUrl}/buzon`);
    assert.match(await person.locator('main').innerText(), new RegExp(`Solicitud recibida: .*\\(${code}\\)`), 'the receipt is in the mailbox');
    await expectAccessibleAt360(person, 'mailbox with the receipt');

    // The official requests a correction.
    const desk = official.page;
    await signInOnPage(desk, 'funcionario@demo.tambo', 'Demo-2026-funcionario');
    await expectAccessibleAt360(desk, 'queue');
    await desk.goto(`${server.baseUrl}/gestion/solicitar?tramite=${SLUG}`);
    await expectAccessibleAt360(desk, 'application at the counter');
    // A person without an account: the official (also a registrar) creates it at the counter.
    await desk.goto(`${server.baseUrl}/gestion/solicitar/cuenta?tramite=${SLUG}`);
    await expectAccessibleAt360(desk, 'account at the counter');
    await desk.getByLabel('Nombres').fill('Juana');
    await press(desk, 'Crear la cuenta');
    assert.match(await desk.title(), /^Error:/);
    assert.equal(await desk.getByLabel('Nombres').inputValue(), 'Juana');
    await expectAccessibleAt360(desk, 'account at the counter with errors');
    await desk.getByLabel('Tipo de documento').selectOption('CI');
    await desk.getByLabel('Número del documento').fill('8765432 LP');
    await desk.getByLabel('Apellidos').fill('Condori');
    await desk.getByLabel('Día').fill('28');
    await desk.getByLabel('Mes').fill('2');
    await desk.getByLabel('Año').fill('1990');
    await desk.getByLabel('Oficina donde está atendiendo').fill('Oficina central');
    await desk.getByLabel('Vi el documento original y corresponde a la persona').check();
    await press(desk, 'Crear la cuenta');
    assert.match(await desk.getByLabel('Contraseña temporal').inputValue(), /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await expectAccessibleAt360(desk, 'account created at the counter');
    await desk.goto(`${server.baseUrl}/gestion/expedientes`);
    await desk.getByRole('link', { name: code }).click();
    await desk.waitForLoadState('load');
    await press(desk, 'Tomar para revisión');
    await press(desk, 'Pedir corrección');
    assert.match(await desk.locator('main').innerText(), /Escriba el motivo/);
    await expectAccessibleAt360(desk, 'case page with an error');
    await desk.getByLabel('Motivo para «Pedir corrección»').fill('La fecha de nacimiento no coincide con el certificado');
    await press(desk, 'Pedir corrección');

    // The person is told in the mailbox, and corrects the same case.
    await server.drain();
    await person.goto(`${server.baseUrl}/buzon`);
    assert.match(await person.locator('main').innerText(), new RegExp(`Corrección solicitada: .*\\(${code}\\)`));
    await person.goto(`${server.baseUrl}/mis-tramites/${code}`);
    assert.match(await person.locator('main').innerText(), /no coincide/);
    await person.getByRole('link', { name: 'Corregir la solicitud' }).click();
    await person.waitForLoadState('load');
    await expectAccessibleAt360(person, 'correction form');
    await person.getByLabel('Día').fill('1');
    await person.getByLabel('Mes').fill('3');
    await press(person, 'Enviar la corrección');

    // The official approves with a written reason.
    await desk.reload();
    await press(desk, 'Tomar para revisión');
    await desk.getByLabel('Motivo para «Aprobar»').fill('Cumple los requisitos');
    await press(desk, 'Aprobar');
    assert.match(await desk.locator('main').innerText(), /Aprobado/);

    // The person sees the outcome, in the mailbox too, and rates it.
    await server.drain();
    await person.goto(`${server.baseUrl}/buzon`);
    assert.match(await person.locator('main').innerText(), new RegExp(`Resolución de su trámite: .*\\(${code}\\)`));
    await person.goto(`${server.baseUrl}/mis-tramites/${code}`);
    assert.match(await person.locator('main').innerText(), /fue aprobado/);
    await expectAccessibleAt360(person, 'decided case');
    await person.getByLabel('5').check();
    await person.getByLabel(/Comentario/).fill('Rápido y claro');
    await press(person, 'Enviar valoración');
    assert.match(await person.locator('main').innerText(), /Gracias por su valoración \(5 de 5\)/);
    // Pages re-shown with errors answer 400 on purpose; anything else in the console (CSP) is a failure.
    assert.deepEqual(
      [...citizen.consoleErrors, ...official.consoleErrors].filter((line) => !line.includes('status of 400')),
      [],
    );
  } finally {
    await citizen.close();
    await official.close();
  }
});

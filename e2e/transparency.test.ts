// The access-to-information journey in Chromium with JavaScript off, on a 360 px screen (bo):
// a person signs in and asks an entity for information; the entity's officer answers with a
// document (the version sent and its public version); the answer is public; another person
// asks a similar question and is first shown the earlier answer, sends anyway, is refused
// (with the legal ground), appeals, and the entity's authority resolves the appeal. axe checks
// every page.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../test/helpers/app.ts';
import { TEST_ACCOUNT_PASSWORD, testAccount } from '../test/helpers/identity.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { saveAgency } from '../src/modules/agencies/index.ts';
import { ensureDemoStaff } from '../src/modules/identity/index.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, press, signInOnPage } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };
const tag = randomUUID().slice(0, 6).toUpperCase();
const agency = `TRE${tag}`;
const people = { ana: `ana-${tag}@prueba.bo`, beto: `beto-${tag}@prueba.bo`, officer: `oficial-${tag}@prueba.bo`, authority: `autoridad-${tag}@prueba.bo` };

before(async () => {
  server = await listenTestApp({ env: { COUNTRY: 'bo', RATE_LIMIT_PER_MINUTE: '100000' } });
  const deps = server.app.tambo.deps;
  await saveAgency(deps, { code: agency, name: `Ministerio de Caminos ${tag}`, acronym: agency, kind: 'national', territoryCode: null, mission: 'Caminos' }, { type: 'system', id: 'test' });
  const number = () => String(1_000_000 + Math.floor(Math.random() * 8_000_000));
  await testAccount(deps, { documentNumber: number(), givenName: 'Ana', familyName: 'Prueba', email: people.ana });
  await testAccount(deps, { documentNumber: number(), givenName: 'Beto', familyName: 'Prueba', email: people.beto });
  const staff = (email: string, role: string) =>
    ensureDemoStaff(deps, {
      country: 'bo',
      documentType: 'CI',
      documentNumber: number(),
      givenName: 'Personal',
      familyName: 'Prueba',
      birthDate: '1980-02-02',
      email,
      emailVerified: true,
      phone: null,
      phoneVerified: false,
      address: null,
      territoryCode: null,
      level: 'sustancial',
      isPlatformAdmin: false,
      password: TEST_ACCOUNT_PASSWORD,
      roles: [{ role, agencyCode: agency }],
    });
  await staff(people.officer, 'transparency_officer');
  await staff(people.authority, 'agency_admin');
});
after(async () => {
  await closeSharedBrowser();
  await server?.close();
});

it('ask, answer in public, be shown the earlier answer, and appeal a refusal, with JavaScript off', { timeout: 600_000 }, async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const signedIn = async (email: string, back: string) => {
    const opened = await openPage(browser, `${server.baseUrl}/ingresar?volver=${back}`, { javaScriptEnabled: false });
    await signInOnPage(opened.page, email, TEST_ACCOUNT_PASSWORD);
    return opened;
  };
  const ana = await signedIn(people.ana, '/transparencia/solicitar');
  const officer = await signedIn(people.officer, '/transparencia/bandeja');
  const beto = await signedIn(people.beto, '/transparencia/solicitar');
  const authority = await signedIn(people.authority, '/transparencia/bandeja');
  const visitor = await openPage(browser, `${server.baseUrl}/transparencia`, { javaScriptEnabled: false });
  try {
    const person = ana.page;
    assert.match(person.url(), /\/transparencia\/solicitar$/);
    await expectAccessibleAt360(person, 'ask form');
    await person.getByLabel('Entidad').selectOption(agency);
    await person.getByLabel('Qué información necesita').fill('Corta');
    await press(person, 'Enviar la solicitud');
    await expectAccessibleAt360(person, 'ask form with an error');
    assert.equal(await person.getByLabel('Qué información necesita').inputValue(), 'Corta', 'the text is kept');
    await person.getByLabel('Qué información necesita').fill(`¿Cuánto se gastó en el mantenimiento de caminos vecinales ${tag} en 2025, por tramo?`);
    await press(person, 'Enviar la solicitud');
    assert.match(person.url(), /\/transparencia\/solicitudes\/SAI-/);
    assert.match(await person.locator('main').innerText(), /Su solicitud fue registrada/);
    await expectAccessibleAt360(person, 'request filed');
    const request = person.url().split('?')[0]!;

    const desk = officer.page;
    await desk.reload();
    assert.match(await desk.locator('main').innerText(), /SAI-/);
    await expectAccessibleAt360(desk, 'officer inbox');
    await desk.goto(request);
    await expectAccessibleAt360(desk, 'request for its officer');
    await desk.getByLabel('Respuesta', { exact: true }).fill('Adjuntamos el gasto por tramo de 2025.');
    await desk.getByLabel('Documento que se envía al solicitante').fill('Tramo Achocalla: Bs 120.000 (contratista Juan Mamani, CI 4455667).');
    await desk.getByLabel('Versión pública del documento').fill('Tramo Achocalla: Bs 120.000 (contratista: dato personal suprimido).');
    await press(desk, 'Enviar la respuesta');
    assert.match(await desk.locator('main').innerText(), /La respuesta fue enviada y publicada/);

    const anyone = visitor.page;
    await anyone.goto(request);
    const publicText = await anyone.locator('main').innerText();
    assert.match(publicText, /dato personal suprimido/);
    assert.doesNotMatch(publicText, /Juan Mamani/, 'the version sent is not public');
    await expectAccessibleAt360(anyone, 'answered request, public');
    await person.reload();
    assert.match(await person.locator('main').innerText(), /Juan Mamani/, 'the requester sees the version sent');

    const other = beto.page;
    await other.getByLabel('Entidad').selectOption(agency);
    await other.getByLabel('Qué información necesita').fill(`Quiero el gasto en caminos vecinales ${tag} de 2025 y los nombres de los contratistas`);
    await press(other, 'Enviar la solicitud');
    assert.match(await other.locator('main').innerText(), /Quizás ya fue respondida/);
    await expectAccessibleAt360(other, 'similar answers shown');
    assert.equal(await other.locator(`a[href="${new URL(request).pathname}"]`).count(), 1, 'the earlier answer is linked');
    await press(other, 'Enviar mi solicitud de todos modos');
    assert.match(other.url(), /\/transparencia\/solicitudes\/SAI-/);
    const second = other.url().split('?')[0]!;

    await desk.goto(second);
    await desk.getByLabel('Fundamento legal').selectOption('personal_data');
    await desk.getByLabel('Explicación de la denegación').fill('Los nombres de los contratistas personas naturales son datos personales.');
    await press(desk, 'Denegar la solicitud');
    await other.goto(second);
    assert.match(await other.locator('main').innerText(), /Datos personales de terceros/);
    await other.getByLabel('Por qué no está de acuerdo').fill('Los contratistas del Estado son información pública.');
    await press(other, 'Enviar la apelación');
    assert.match(await other.locator('main').innerText(), /Su apelación fue registrada/);
    await expectAccessibleAt360(other, 'appealed request');

    const head = authority.page;
    await head.reload();
    assert.match(await head.locator('main').innerText(), /Apelaciones por resolver/);
    await head.goto(second);
    await head.getByLabel('Decisión', { exact: true }).selectOption('upheld');
    await head.getByLabel('Fundamento de la decisión').fill('Los contratos del Estado y sus contratistas son públicos: responda.');
    await press(head, 'Resolver');
    await expectAccessibleAt360(head, 'appeal resolved');
    await anyone.goto(second);
    const resolved = await anyone.locator('main').innerText();
    assert.match(resolved, /Apelación aceptada/);
    assert.match(resolved, /En plazo de respuesta/);
    await anyone.goto(`${server.baseUrl}/transparencia`);
    await expectAccessibleAt360(anyone, 'register');
    // The form sent short on purpose answers 422, which Chrome logs as a failed load: nothing else may be logged.
    for (const opened of [ana, officer, beto, authority, visitor])
      assert.deepEqual(
        opened.consoleErrors.filter((e) => !e.includes('status of 422')),
        [],
      );
  } finally {
    for (const opened of [ana, officer, beto, authority, visitor]) await opened.close();
  }
});

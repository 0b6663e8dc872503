// A subnational government onboarded as a tenant, in Chromium with JavaScript off on a 360 px
// screen (docs/entities.md#tenants): the platform administrator onboards El Alto's municipal
// government and grants its administrator; she grants its publisher and its official in her
// entity; the publisher adds an online procedure and publishes it; a person applies from the
// municipality's page; the municipality's official takes and approves the case; the
// municipality's page counts the application received and handled. axe checks each new page.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import type { TestApp } from '../test/helpers/app.ts';
import { newDocument, TEST_ACCOUNT_PASSWORD, testAccount } from '../test/helpers/identity.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { testForm } from '../test/helpers/procedures.ts';
import { defaultWorkflow } from '../src/platform/forms/index.ts';
import { sendTestForm } from './helpers/test-form.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, type OpenedPage, press, signInOnPage } from './helpers/browser.ts';

let t: TestApp & { baseUrl: string };
const deps = () => t.app.tambo.deps;

/** A verified person with a password; staff skip enrolling a second factor (as the demo staff). */
async function staffMember(givenName: string): Promise<{ email: string; documentNumber: string }> {
  const email = `${givenName.toLowerCase()}-${Math.random().toString(36).slice(2)}@elalto.bo`;
  const documentNumber = newDocument();
  const id = await testAccount(deps(), { documentNumber, givenName, familyName: 'Mamani', email });
  await sql`UPDATE identity.account SET is_totp_exempt = true WHERE id = ${id}`.execute(deps().db);
  return { email, documentNumber };
}

async function grant(page: Page, documentNumber: string, role: string): Promise<void> {
  await page.locator('[name="documentNumber"]').fill(documentNumber);
  await page.locator(`input[name="role"][value="${role}"]`).check();
  await press(page, 'Dar el rol');
  assert.match(await page.locator('[role="status"]').innerText(), /El rol fue otorgado/);
}

async function signedInAt(opened: OpenedPage, path: string, login: string, password: string): Promise<Page> {
  const { page } = opened;
  page.setDefaultTimeout(60_000);
  await page.goto(`${t.baseUrl}/ingresar?volver=${encodeURIComponent(path)}`);
  await signInOnPage(page, login, password);
  assert.equal(new URL(page.url()).pathname, path);
  return page;
}

before(async () => {
  t = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  await closeSharedBrowser();
  await t.close();
});

it('an administrator onboards a municipality; its staff publish, handle a case, and its page counts it', { timeout: 420_000 }, async (context) => {
  const browser = await browserOrSkip(context);
  if (!browser) return;
  const [mayor, publisher, official] = [await staffMember('Ana'), await staffMember('Pedro'), await staffMember('Julia')];
  const open = () => openPage(browser, `${t.baseUrl}/`, { javaScriptEnabled: false });
  const pages: OpenedPage[] = [];
  try {
    // The platform administrator onboards El Alto and grants its administrator.
    const adminOpened = await open();
    pages.push(adminOpened);
    const admin = await signedInAt(adminOpened, '/admin', 'admin@demo.tambo', 'Demo-2026-admin');
    await admin.getByRole('link', { name: 'Gobiernos subnacionales en la plataforma' }).click();
    await admin.waitForLoadState('load');
    await expectAccessibleAt360(admin, 'onboarding form');
    await admin.getByLabel('Entidad').selectOption('GAMEA');
    await press(admin, 'Incorporar');
    assert.match(await admin.locator('main').innerText(), /GAMEA está en la plataforma/);
    await expectAccessibleAt360(admin, 'onboarded');
    await admin.getByRole('link', { name: 'Roles de GAMEA' }).click();
    await admin.waitForLoadState('load');
    assert.equal(new URL(admin.url()).searchParams.get('institucion'), 'GAMEA');
    await grant(admin, mayor.documentNumber, 'agency_admin');

    // The municipality's administrator grants its publisher and its official, in her entity only.
    const mayorOpened = await open();
    pages.push(mayorOpened);
    const boss = await signedInAt(mayorOpened, '/admin/roles', mayor.email, TEST_ACCOUNT_PASSWORD);
    const offered = await boss.locator('select[name="institucion"] option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    assert.ok(
      offered.every((code) => code === 'GAMEA'),
      `only her entity is offered: ${offered.join(', ')}`,
    );
    assert.equal(await boss.locator('input[type="hidden"][name="agencyCode"]').first().inputValue(), 'GAMEA');
    await grant(boss, publisher.documentNumber, 'publisher');
    await grant(boss, official.documentNumber, 'case_handler');
    await expectAccessibleAt360(boss, "the municipality's roles");

    // Its publisher adds an online procedure and publishes it.
    const publisherOpened = await open();
    pages.push(publisherOpened);
    const desk = await signedInAt(publisherOpened, '/gestion/tramites/nuevo', publisher.email, TEST_ACCOUNT_PASSWORD);
    await desk.locator('[name="name"]').fill('Licencia de funcionamiento de El Alto');
    await desk.locator('[name="summary"]').fill('Autorización municipal para abrir un negocio en El Alto.');
    await desk.locator('input[name="audiences"][value="person"]').check();
    await desk.locator('input[name="topics"]').first().check();
    await desk.locator('[name="steps"]').fill('Llene la solicitud\nEspere la respuesta');
    await desk.locator('[name="result"]').fill('La licencia');
    await desk.locator('input[name="isOnline"][value="yes"]').check();
    await desk.locator('[name="form"]').fill(JSON.stringify(testForm));
    await desk.locator('[name="workflow"]').fill(JSON.stringify(defaultWorkflow));
    await press(desk, 'Crear el borrador');
    assert.match(await desk.locator('main').innerText(), /Borrador guardado/);
    await press(desk, 'Publicar la versión 1');
    assert.match(await desk.locator('main').innerText(), /Versión publicada/);

    // A person finds it on the municipality's page and applies.
    const citizenOpened = await open();
    pages.push(citizenOpened);
    const person = citizenOpened.page;
    await person.goto(`${t.baseUrl}/gobiernos`);
    await person.getByRole('link', { name: 'Gobierno Autónomo Municipal de El Alto' }).click();
    await person.waitForLoadState('load');
    await expectAccessibleAt360(person, "the municipality's page");
    await person.getByRole('link', { name: 'Licencia de funcionamiento de El Alto' }).click();
    await person.waitForLoadState('load');
    const slug = new URL(person.url()).pathname.split('/').pop()!;
    await person.locator(`a[href="/solicitar/${slug}"]`).first().click();
    await person.waitForLoadState('load');
    await signInOnPage(person, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    const code = await sendTestForm(person);

    // The municipality's official handles it.
    const officialOpened = await open();
    pages.push(officialOpened);
    const clerk = await signedInAt(officialOpened, '/gestion/expedientes', official.email, TEST_ACCOUNT_PASSWORD);
    await clerk.getByRole('link', { name: code }).click();
    await clerk.waitForLoadState('load');
    await press(clerk, 'Tomar para revisión');
    await clerk.getByLabel('Motivo para «Aprobar»').fill('Cumple los requisitos');
    await press(clerk, 'Aprobar');
    assert.match(await clerk.locator('main').innerText(), /Aprobado/);

    // The municipality's observatory counts it.
    await person.goto(`${t.baseUrl}/gobiernos/GAMEA`);
    const figures = await person.getByRole('table', { name: /Cifras de Gobierno Autónomo Municipal de El Alto/ }).innerText();
    assert.match(figures, /Solicitudes recibidas\s+1/);
    assert.match(figures, /Solicitudes atendidas\s+1/);
    await expectAccessibleAt360(person, "the municipality's figures");
    for (const opened of pages) assert.deepEqual(opened.consoleErrors, []);
  } finally {
    for (const opened of pages) await opened.close();
  }
});

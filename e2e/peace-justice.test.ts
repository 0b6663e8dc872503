// The communal justice of peace journey in Chromium with JavaScript off, on a 360 px screen (ve):
// a neighbour asks for mediation (first with an error: the summary links to the field, the text is
// kept); the commune's justice accepts the case, calls and holds a session and records the act;
// both parties sign it online; it is sealed; the justice records its fulfilment and closes the
// case. A third person, signed in, finds nothing of it. axe checks every page.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { TEST_ACCOUNT_PASSWORD, testAccount } from '../test/helpers/identity.ts';
import { totpCode } from '../src/modules/identity/index.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { agenciesModule } from '../src/modules/agencies/index.ts';
import { territoriesModule } from '../src/modules/territories/index.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, press, signInOnPage } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };

before(async () => {
  server = await listenTestApp({ env: { COUNTRY: 've', RATE_LIMIT_PER_MINUTE: '100000' } });
  await territoriesModule.seed!(server.app.tambo.deps);
  await agenciesModule.seed!(server.app.tambo.deps);
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

async function person(given: string): Promise<{ id: string; email: string; documentNumber: string }> {
  const documentNumber = `V-${randomInt(10_000_000, 30_000_000)}`;
  const email = `${given.toLowerCase()}-${documentNumber}@prueba.tambo`;
  const id = await testAccount(server.app.tambo.deps, { country: 've', documentType: 'CEDULA', documentNumber, givenName: given, familyName: 'Prueba', email });
  return { id, email, documentNumber };
}

it('a neighbour asks for mediation, the justice holds a session, the act is signed and fulfilled, the case closes; a third person sees none of it', { timeout: 900_000 }, async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const [neighbour, other, judge, stranger] = await Promise.all([person('Rosa'), person('Pedro'), person('Jueza'), person('Tercero')]);
  await sql`INSERT INTO identity.role_assignment (account_id, territory_code, role) VALUES (${judge.id}, 'VE-A-01-01-01', 'justice_of_peace')`.execute(server.app.tambo.deps.db);
  const open = async (who: { email: string }) => {
    const opened = await openPage(browser, `${server.baseUrl}/ingresar?volver=/justicia-de-paz`, { javaScriptEnabled: false });
    // Sealing the act signs a PDF per party within the request: slow on a loaded machine.
    opened.page.setDefaultTimeout(120_000);
    await signInOnPage(opened.page, who.email, TEST_ACCOUNT_PASSWORD);
    if (opened.page.url().includes('/segundo-factor')) {
      // Officials (any role) enrol a second factor on the way: with the key the page shows.
      const key = (await opened.page.locator('code').first().innerText()).replace(/\s+/g, '');
      await opened.page.locator('input[name="code"]').fill(totpCode(key));
      await Promise.all([opened.page.waitForLoadState('load'), opened.page.locator('form:has(input[name="code"]) button[type="submit"]').click()]);
      await opened.page.waitForLoadState('load');
    }
    return opened;
  };
  const [asker, desk, party, third] = [await open(neighbour), await open(judge), await open(other), await open(stranger)];
  try {
    const p = asker.page;
    assert.match(p.url(), /\/justicia-de-paz$/);
    await expectAccessibleAt360(p, 'justice of peace front page');
    await p.getByRole('link', { name: 'Pedir una mediación' }).click();
    await p.waitForLoadState('load');
    await p.getByLabel('El conflicto').fill('Ruido');
    await press(p, 'Enviar la solicitud');
    await expectAccessibleAt360(p, 'request with errors');
    assert.equal(await p.getByLabel('El conflicto').inputValue(), 'Ruido', 'the text is kept');
    await p.getByRole('link', { name: /Elija de qué se trata/ }).click();
    await p.getByLabel('De qué se trata').selectOption('neighbours');
    await p.getByLabel('El conflicto').fill('El vecino de arriba pone música alta todas las noches hasta las tres.');
    await p.getByLabel('Comuna o consejo comunal').selectOption('VE-A-01-01-01-01');
    await p.getByLabel('Nombre de la parte 1').fill('Pedro Prueba');
    await p.getByLabel('Documento de identidad de la parte 1').fill(other.documentNumber);
    await press(p, 'Enviar la solicitud');
    assert.match(await p.locator('main').innerText(), /Su solicitud fue enviada/);
    await expectAccessibleAt360(p, 'case page for the requester');
    const casePath = new URL(p.url()).pathname;

    const d = desk.page;
    await d.goto(`${server.baseUrl}${casePath}`);
    await press(d, 'Aceptar el caso');
    await expectAccessibleAt360(d, 'case page for the justice');
    await d.locator('#campo-fecha').fill('15');
    await d.locator('#campo-fecha-month').fill('3');
    await d.locator('#campo-fecha-year').fill('2027');
    await d.getByLabel('Hora').fill('18:30');
    await d.getByLabel('Lugar').fill('Casa comunal Bloque 7');
    await press(d, 'Convocar');
    assert.match(await d.locator('main').innerText(), /Casa comunal Bloque 7/);
    await d.getByLabel('Sesión realizada').fill('Asistieron las dos partes y conversaron.');
    await press(d, 'Registrar la sesión');
    await d.getByLabel('Acta de acuerdo').fill('La música se apaga a las 22:00 de domingo a jueves.');
    await press(d, 'Registrar el acta');
    assert.match(await d.locator('main').innerText(), /Acta por firmar/);

    await p.reload();
    await press(p, 'Acepto el acta');
    assert.match(await p.locator('main').innerText(), /Usted aceptó el acta/);
    const q = party.page;
    await q.goto(`${server.baseUrl}/justicia-de-paz`);
    await q.getByRole('link', { name: /JP-/ }).click();
    await q.waitForLoadState('load');
    await press(q, 'Acepto el acta');
    assert.match(await q.locator('main').innerText(), /Acta firmada/);

    await d.reload();
    await d.getByLabel('Seguimiento del cumplimiento').fill('Un mes sin quejas de ruido.');
    await press(d, 'Registrar el seguimiento');
    await d.getByLabel('Resultado').selectOption('fulfilled');
    await press(d, 'Cerrar el caso');
    assert.match(await d.locator('main').innerText(), /Acuerdo cumplido/);
    await p.reload();
    assert.match(await p.locator('main').innerText(), /Acuerdo cumplido/);

    // A third person, signed in: not found, and nothing of it on the front page.
    const response = await third.page.goto(`${server.baseUrl}${casePath}`);
    assert.equal(response?.status(), 404);
    assert.doesNotMatch(await third.page.content(), /música/);
    await third.page.goto(`${server.baseUrl}/justicia-de-paz`);
    assert.doesNotMatch(await third.page.locator('main').innerText(), /JP-/);
  } finally {
    for (const opened of [asker, desk, party, third]) await opened.context.close();
  }
});

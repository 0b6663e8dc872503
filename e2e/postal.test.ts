// The postal tracking journey in Chromium with JavaScript off, on a 360 px screen: a counter
// clerk of Correos registers a parcel (first without the destination: the summary links to
// the field and what was typed stays), events arrive through the post's API (one twice, one
// out of order), and a person who mistypes the number is told so, then follows the parcel on
// the public page, whose history is sorted by when each event happened; a letter of official mail
// waits in the clerk's print queue. axe checks every page.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { listenTestApp } from '../test/helpers/listen.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { newDocument, TEST_ACCOUNT_PASSWORD, testAccount } from '../test/helpers/identity.ts';
import { totpCode } from '../src/modules/identity/index.ts';
import { addPaymentsClient, clientToken, type PaymentsTestApp } from '../src/modules/payments/payments.test-helpers.ts';
import { ensurePost } from '../src/modules/postal/postal.seed.ts';
import { sweepOfficialMail } from '../src/modules/postal/official-mail.service.ts';
import { deliverMessage } from '../src/modules/mailbox/index.ts';
import { getRegistry, seedRecords } from '../src/modules/registries/index.ts';
import { seedTerritories } from '../src/modules/territories/territory.service.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, press, signInOnPage } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };
let token = '';
const clerkEmail = `ventanilla-${Date.now()}@prueba.bo`;

before(async () => {
  server = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  const deps = server.app.tambo.deps;
  await seedTerritories(deps);
  await ensurePost(deps);
  await testAccount(deps, { documentNumber: newDocument(), givenName: 'Eva', familyName: 'Ventanilla', email: clerkEmail, roles: [{ role: 'postal_clerk', agencyCode: 'AGBC' }] });
  token = await clientToken(server as PaymentsTestApp, await addPaymentsClient(server, 'AGBC', ['postal:track']), 'postal:track');
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

/** Staff enrol a second factor on their first sign-in: with the key the page shows. */
async function enrolIfAsked(page: Page): Promise<void> {
  if (!page.url().includes('/segundo-factor')) return;
  const key = ((await page.locator('main code').first().textContent()) ?? '').replace(/\s+/g, '');
  await page.getByLabel('Código de 6 dígitos').fill(totpCode(key));
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type="submit"]').first().click()]);
  await page.waitForLoadState('load');
}

async function report(number: string, kind: string, occurredAt: Date, officeCode: string): Promise<number> {
  const response = await fetch(`${server.baseUrl}/api/v1/postal/shipments/${number}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind, occurredAt: occurredAt.toISOString(), officeCode }),
  });
  return response.status;
}

it('a clerk registers a parcel, the post reports its events, anyone follows it by number, with JavaScript off', { timeout: 300_000 }, async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const desk = await openPage(browser, `${server.baseUrl}/ingresar?volver=/envios/oficina`, { javaScriptEnabled: false });
  const citizen = await openPage(browser, `${server.baseUrl}/envios`, { javaScriptEnabled: false });
  try {
    const clerk = desk.page;
    await signInOnPage(clerk, clerkEmail, TEST_ACCOUNT_PASSWORD);
    await enrolIfAsked(clerk);
    if (!clerk.url().endsWith('/envios/oficina')) await clerk.goto(`${server.baseUrl}/envios/oficina`);
    await expectAccessibleAt360(clerk, 'post office desk');
    await clerk.getByLabel('Oficina de origen').selectOption('AGBC-LPZ');
    await clerk.getByLabel('Nombre del destinatario').fill('Rosa Mamani');
    await clerk.getByLabel('Dirección de entrega').fill('Calle Jordán 245, Cochabamba');
    await press(clerk, 'Registrar el envío');
    await expectAccessibleAt360(clerk, 'desk with an error');
    assert.equal(await clerk.getByLabel('Nombre del destinatario').inputValue(), 'Rosa Mamani', 'what was typed stays');
    await clerk.getByRole('link', { name: 'Elija una oficina de Correos.' }).click();
    await clerk.getByLabel('Oficina de destino').selectOption('AGBC-CBA');
    await press(clerk, 'Registrar el envío');
    const heading = (await clerk.locator('h1').textContent()) ?? '';
    const number = /([A-Z]{2}\d{9}[A-Z]{2})/.exec(heading)?.[1] ?? '';
    assert.match(number, /^CP\d{9}BO$/, heading);
    assert.match(await clerk.locator('main').innerText(), /Imprima la etiqueta/);
    await expectAccessibleAt360(clerk, 'shipment registered');
    assert.equal(await clerk.getByRole('link', { name: 'Descargar la etiqueta (PDF)' }).count(), 1);

    // The post's system: in transit, at the delivery office twice, then a late in-transit scan.
    const start = Date.now();
    const at = (minutes: number) => new Date(start + minutes * 60_000);
    assert.equal(await report(number, 'in_transit', at(1), 'AGBC-LPZ'), 201);
    assert.equal(await report(number, 'at_delivery_office', at(3), 'AGBC-CBA'), 201);
    assert.equal(await report(number, 'at_delivery_office', at(3), 'AGBC-CBA'), 200);
    assert.equal(await report(number, 'in_transit', at(2), 'AGBC-EAL'), 201);

    const person = citizen.page;
    await expectAccessibleAt360(person, 'tracking search');
    const typo = `${number.slice(0, 5)}${(Number(number[5]) + 1) % 10}${number.slice(6)}`;
    await person.getByLabel('Número de seguimiento').fill(typo);
    await press(person, 'Buscar el envío');
    assert.match(await person.locator('main').innerText(), /una parece mal escrita/);
    assert.equal(await person.getByLabel('Número de seguimiento').inputValue(), typo, 'the number typed stays');
    await expectAccessibleAt360(person, 'tracking search with a mistyped number');
    await person.getByLabel('Número de seguimiento').fill(number.toLowerCase());
    await press(person, 'Buscar el envío');
    assert.ok(person.url().endsWith(`/envios/${number}`), person.url());
    const history = await person.locator('#historial li').allInnerTexts();
    assert.deepEqual(
      history.map((line) => line.split(' · ')[0]),
      ['Admitido', 'En tránsito', 'En tránsito', 'En la oficina de entrega'],
      'one event per step, sorted by time',
    );
    assert.match(history[2]!, /El Alto/, 'the late scan in its place');
    assert.match(await person.locator('main').innerText(), /En la oficina de entrega/);
    await expectAccessibleAt360(person, 'tracking page');

    // Official mail: a message to a person without an account becomes a letter in the clerk's print queue.
    const deps = server.app.tambo.deps;
    const documentNumber = newDocument();
    await seedRecords(
      deps,
      getRegistry('personas'),
      [{ id: documentNumber, firstName: 'Juana', lastName: 'Quispe', birthDate: '1950-03-04', sex: 'F', civilStatus: 'viudo', address: 'Calle Sucre 45, Cochabamba', territoryCode: 'BO-C-01-01' }],
      'test',
    );
    await deliverMessage(
      deps,
      { clientId: 'e2e', agencyCode: 'SEGIP', actor: { type: 'system', id: 'e2e' } },
      { recipient: { documentType: 'CI', documentNumber }, subject: 'Notificación', body: 'Texto.' },
    );
    await sweepOfficialMail(deps);
    await clerk.goto(`${server.baseUrl}/envios/oficina`);
    await clerk.getByRole('link', { name: 'Cola de impresión del correo oficial' }).click();
    assert.match(await clerk.locator('main').innerText(), /Juana Quispe/);
    await expectAccessibleAt360(clerk, 'official mail print queue');
  } finally {
    await desk.close();
    await citizen.close();
  }
});

// The payment journey in Chromium with JavaScript off, on a 360 px screen: a person applies to
// a procedure with a fee, finds the order in "Mis pagos", pays it at the sandbox gateway (its
// own server) by interbank QR, comes back to a paid order, sees the case moving on and the
// receipt in the mailbox; the official sees the payment in the case. axe checks Tambo's pages.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createFeeProcedure, type PaymentsTestApp, startPaymentsApp } from '../src/modules/payments/payments.test-helpers.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, press, signInOnPage } from './helpers/browser.ts';
import { sendTestForm } from './helpers/test-form.ts';

let server: PaymentsTestApp;
const SLUG = 'certificado-con-pago';

before(async () => {
  server = await startPaymentsApp(['SEGIP'], { RATE_LIMIT_PER_MINUTE: '100000' });
  await createFeeProcedure(server, SLUG, 'SEGIP', '40.00');
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

it('apply to a procedure with a fee, pay it at the gateway and see the case move on, with JavaScript off', async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const citizen = await openPage(browser, `${server.baseUrl}/solicitar/${SLUG}`, { javaScriptEnabled: false });
  const official = await openPage(browser, `${server.baseUrl}/gestion/expedientes`, { javaScriptEnabled: false });
  try {
    const person = citizen.page;
    await signInOnPage(person, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    const code = await sendTestForm(person, '2');
    await server.drain();

    // "Mis pagos": the order of the case, paid at the gateway's page.
    await person.goto(`${server.baseUrl}/pagos`);
    await expectAccessibleAt360(person, 'Mis pagos');
    await person.getByRole('link', { name: new RegExp(code) }).click();
    await person.waitForLoadState('load');
    assert.match(await person.locator('main').innerText(), /BOB\s40,00/);
    await expectAccessibleAt360(person, 'order page');
    await press(person, 'Pagar');
    assert.ok(person.url().startsWith(server.sandbox.url), `at the gateway: ${person.url()}`);
    await person.getByLabel('QR interbancario').check();
    await press(person, 'Pagar');
    assert.match(person.url(), /\/pagos\/\d{12}\?retorno=1$/);
    assert.match(await person.locator('main').innerText(), /Pago recibido/);
    await expectAccessibleAt360(person, 'return page');

    // The case moved on; the receipt is in the mailbox.
    await server.drain();
    await person.goto(`${server.baseUrl}/mis-tramites/${code}`);
    const caseText = await person.locator('main').innerText();
    assert.match(caseText, /Presentado/);
    assert.match(caseText, /Pago recibido: BOB\s40,00/);
    await person.goto(`${server.baseUrl}/buzon`);
    assert.match(await person.locator('main').innerText(), /Recibo de pago/);

    // The official sees the payment in the case.
    const desk = official.page;
    await signInOnPage(desk, 'funcionario@demo.tambo', 'Demo-2026-funcionario');
    await desk.goto(`${server.baseUrl}/gestion/expedientes/${code}`);
    assert.match(await desk.locator('main').innerText(), /Pago recibido: BOB\s40,00/);
    await expectAccessibleAt360(desk, 'case page with the payment');
  } finally {
    await citizen.context.close();
    await official.context.close();
  }
});

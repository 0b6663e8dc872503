// An economic unit's representative registers the unit's settlement account in Chromium with
// JavaScript off, on a 360 px screen: the page, a mistake summarised and linked to its field,
// the account saved, then the unit's reconciliation. axe checks every page (docs/payments.md,
// "Who is paid").
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { MERCHANT_SECRET, type PaymentsTestApp, startPaymentsApp } from '../src/modules/payments/payments.test-helpers.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, press, signInOnPage } from './helpers/browser.ts';

let server: PaymentsTestApp;
const UNIT = '1028547023';

before(async () => {
  server = await startPaymentsApp(['SEGIP'], { RATE_LIMIT_PER_MINUTE: '100000' }, { otherMerchants: [`UE-${UNIT}`] });
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

it("a unit's representative registers its settlement account, with JavaScript off", async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const opened = await openPage(browser, `${server.baseUrl}/gestion/pagos/unidades/${UNIT}/cuenta`, { javaScriptEnabled: false });
  try {
    const page = opened.page;
    await signInOnPage(page, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    assert.match(await page.locator('h1').innerText(), /Tejidos Andinos/);
    assert.match(await page.locator('main').innerText(), /Sin cuenta registrada/);
    await expectAccessibleAt360(page, 'settlement account page');

    await page.getByLabel('Cuenta bancaria de la unidad').fill('BUN-10000123');
    await page.getByLabel('Dirección de la pasarela de pagos').fill('pasarela');
    await page.getByLabel('Identificador de comercio en la pasarela').fill(`m-UE-${UNIT}`);
    await page.getByLabel('Secreto de notificaciones').fill(MERCHANT_SECRET(`UE-${UNIT}`));
    await page.getByLabel(/Instituciones que cobran/).fill('SEGIP');
    await press(page, 'Guardar la cuenta');
    assert.match(await page.title(), /^Error:/);
    assert.equal(await page.getByLabel('Cuenta bancaria de la unidad').inputValue(), 'BUN-10000123', 'the input is kept');
    await expectAccessibleAt360(page, 'settlement account page with an error');
    await page.locator('#resumen-errores a[href="#campo-gatewayUrl"]').click();

    await page.getByLabel('Dirección de la pasarela de pagos').fill(server.sandbox.url);
    await page.getByLabel('Secreto de notificaciones').fill(MERCHANT_SECRET(`UE-${UNIT}`));
    await press(page, 'Guardar la cuenta');
    assert.match(await page.locator('main').innerText(), /La cuenta de cobro quedó registrada/);
    await page.getByRole('link', { name: 'Ver la conciliación de la unidad' }).click();
    await page.waitForLoadState('load');
    assert.match(page.url(), new RegExp(`/gestion/pagos/conciliacion\\?institucion=UE-${UNIT}`));
    await expectAccessibleAt360(page, "the unit's reconciliation");
  } finally {
    await opened.close();
  }
});

// Emprendedores in Chromium with JavaScript off, on a 360 px screen: the demo citizen opens her
// unit's book, a mistake comes back summarised and linked to its field with the input kept, a sale
// with a receipt is recorded and shows in the book with its running balance and the monthly
// summary. axe checks every page (docs/enterprises.md).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { listenTestApp } from '../test/helpers/listen.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, press, signInOnPage } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };
const UNIT = '1028547023';

before(async () => {
  server = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

it("a unit's representative keeps its cash book on a phone, with JavaScript off", async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const opened = await openPage(browser, `${server.baseUrl}/emprendedores`, { javaScriptEnabled: false });
  try {
    const page = opened.page;
    await signInOnPage(page, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    await expectAccessibleAt360(page, 'the units');
    await page.getByRole('link', { name: 'Tejidos Andinos S.R.L.' }).click();
    await page.waitForLoadState('load');
    assert.match(page.url(), new RegExp(`/emprendedores/${UNIT}$`));
    assert.match(await page.locator('h1').innerText(), /Tejidos Andinos/);
    await expectAccessibleAt360(page, 'the empty book');

    await page.getByLabel('Tipo').selectOption('sale');
    await page.getByLabel('Importe', { exact: true }).first().fill('12,345');
    await page.getByLabel('Descripción').fill('Chalina de alpaca');
    await press(page, 'Registrar');
    assert.match(await page.title(), /^Error:/);
    assert.equal(await page.getByLabel('Descripción').inputValue(), 'Chalina de alpaca', 'the input is kept');
    await expectAccessibleAt360(page, 'the book with an error');
    await page.locator('#resumen-errores a[href="#campo-monto"]').click();

    await page.getByLabel('Importe', { exact: true }).first().fill('150,50');
    await page.getByLabel(/Emitir un recibo/).check();
    await press(page, 'Registrar');
    const main = await page.locator('main').innerText();
    assert.match(main, /Se registró la venta con su recibo/);
    assert.match(main, /recibo 1/);
    assert.match(main, /Resumen mensual/);
    await expectAccessibleAt360(page, 'the book with a sale');
  } finally {
    await opened.close();
  }
});

// Once-only in Chromium with JavaScript off, on a 360 px screen (issue #17): a person applies to
// a procedure whose birth facts come from SERECI's persons registry and to one whose employer
// comes from SEPREC's registry of economic units (the unit the person represents), both read
// through the exchange from the demo producer (a separate HTTP server). The check page shows
// them "De SERECI" / "De SEPREC" with no way to change the locked ones; the person submits
// both and sees both reads in "Mi actividad". axe checks each page.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { TestApp } from '../test/helpers/app.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { createOnlineProcedure } from '../test/helpers/procedures.ts';
import { personsForm, pointDemoServicesAt, unitForm } from '../src/modules/cases/prefill.test-helpers.ts';
import { startDemoProducer, type DemoProducer } from '../src/modules/interop/index.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, press, signInOnPage } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };
let producer: DemoProducer;

before(async () => {
  server = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  producer = await startDemoProducer();
  await pointDemoServicesAt(server.app.tambo.deps, producer.url);
  await createOnlineProcedure(server.app.tambo.deps.db, { slug: 'antecedentes-e2e', agencyCode: 'REJAP', form: personsForm });
  await createOnlineProcedure(server.app.tambo.deps.db, { slug: 'visado-e2e', agencyCode: 'MINTRAB', form: unitForm });
});
after(async () => {
  await closeSharedBrowser();
  await producer?.close();
  await server.close();
});

it('a person applies to two procedures prefilled from SERECI and SEPREC, with JavaScript off', { timeout: 420_000 }, async (t) => {
  const browser = await browserOrSkip(t);
  if (!browser) return;
  const opened = await openPage(browser, `${server.baseUrl}/solicitar/antecedentes-e2e`, { javaScriptEnabled: false });
  const page = opened.page;
  try {
    await signInOnPage(page, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    // The birth facts are known: the first question is the purpose.
    assert.match(page.url(), /\/solicitar\/antecedentes-e2e\/motivo$/);
    await page.goto(`${server.baseUrl}/solicitar/antecedentes-e2e/nacimiento`);
    const known = await page.locator('main').innerText();
    assert.match(known, /1990-03-14 · De SERECI/);
    assert.equal(await page.locator('input[name="birthDate-day"], input[name="birthPlace"]').count(), 0, 'not asked again');
    await expectAccessibleAt360(page, 'the page of known birth facts');
    await page.goto(`${server.baseUrl}/solicitar/antecedentes-e2e/motivo`);
    await page.getByLabel('Trabajo').check();
    await press(page, 'Guardar y continuar');
    assert.match(page.url(), /\/revisar$/);
    const check = await page.locator('main').innerText();
    assert.match(check, /La Paz, Murillo, Nuestra Señora de La Paz · De SERECI/);
    assert.equal(await page.locator('a[href$="/nacimiento"]').count(), 0, 'the registry values cannot be changed');
    await expectAccessibleAt360(page, 'check answers with registry values');
    await press(page, 'Aceptar y enviar');
    assert.match(page.url(), /\/mis-tramites\/TR-/);

    await page.goto(`${server.baseUrl}/solicitar/visado-e2e`);
    await page.waitForLoadState('load');
    assert.match(page.url(), /\/solicitar\/visado-e2e\/trabajador$/);
    await page.getByLabel('Nombre de la trabajadora o trabajador').fill('Juana Mamani Apaza');
    await press(page, 'Guardar y continuar');
    assert.match(page.url(), /\/revisar$/);
    assert.match(await page.locator('main').innerText(), /Tejidos Andinos S\.R\.L\. · De SEPREC/);
    await expectAccessibleAt360(page, 'check answers with the employer from SEPREC');
    await press(page, 'Aceptar y enviar');
    assert.match(page.url(), /\/mis-tramites\/TR-/);

    await page.goto(`${server.baseUrl}/cuenta/actividad`);
    const activity = await page.locator('main').innerText();
    assert.match(activity, /SERECI · personas/);
    assert.match(activity, /SEPREC · unidades/);
    await expectAccessibleAt360(page, 'Mi actividad with both reads');
    assert.deepEqual(opened.consoleErrors, []);
  } finally {
    await opened.close();
  }
});

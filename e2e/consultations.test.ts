// The Consulta Popular in Chromium with JavaScript off, on a 360 px screen: an eligible person
// votes in one step, keeps the receipt, checks it, changes the vote with it and finds it in the
// published list; a person of another territory is refused with the reason. axe on each page.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../test/helpers/app.ts';
import { TEST_ACCOUNT_PASSWORD } from '../test/helpers/identity.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { makeConsultation, makeVoter, type TestConsultation, type Voter } from '../src/modules/consultations/consultations.test-helpers.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, press, signInOnPage } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };
let consultation: TestConsultation;
let proposing: TestConsultation;
let voter: Voter;
let outsider: Voter;

before(async () => {
  server = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  const deps = server.app.tambo.deps;
  consultation = await makeConsultation(deps, { approvalMax: 2 });
  proposing = await makeConsultation(deps, { phase: 'proposals', units: [{ code: 'BO-L-01-02', name: 'El Alto', budgetMinor: 100, costs: [] }] });
  voter = await makeVoter(deps, 'BO-L-01-02');
  outsider = await makeVoter(deps, 'BO-L-01-03');
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

const signIn = (page: Page, login: string) => signInOnPage(page, login, TEST_ACCOUNT_PASSWORD);

it('votes, checks the receipt, changes the vote with it and finds it in the published list; an outsider is refused', async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const base = `${server.baseUrl}/consultas/${consultation.slug}`;
  const person = await openPage(browser, `${base}/votar`, { javaScriptEnabled: false });
  const other = await openPage(browser, `${base}/votar`, { javaScriptEnabled: false });
  try {
    const page = person.page;
    await signIn(page, voter.email);
    assert.match(page.url(), /\/votar$/);
    assert.match(await page.locator('main').innerText(), /Usted vota en El Alto/);
    await expectAccessibleAt360(page, 'ballot');
    // Too many choices: the summary links to the field, the ticks are kept.
    for (const n of [1, 2, 3]) await page.getByLabel(new RegExp(`Proyecto ${n} de El Alto`)).check();
    await press(page, 'Confirmar mi voto');
    assert.match(await page.title(), /^Error:/);
    assert.ok(await page.getByLabel(/Proyecto 3 de El Alto/).isChecked());
    await page.getByLabel(/Proyecto 2 de El Alto/).uncheck();
    await page.getByLabel(/Proyecto 3 de El Alto/).uncheck();
    await press(page, 'Confirmar mi voto');
    const receipt = (await page.locator('#recibo').innerText()).trim();
    assert.match(receipt, /^R-[A-Z2-9]{5}-[A-Z2-9]{5}\./);
    await expectAccessibleAt360(page, 'receipt');

    // Check the receipt, then change the vote with it.
    await page.goto(`${base}/comprobante`);
    await page.getByLabel('Comprobante').fill(receipt);
    await press(page, 'Verificar');
    const checked = await page.locator('main').innerText();
    assert.match(checked, /coincide con su voto/);
    assert.match(checked, /Proyecto 1 de El Alto/);
    await expectAccessibleAt360(page, 'receipt check');
    await press(page, 'Cambiar mi voto');
    await page.getByLabel(/Proyecto 1 de El Alto/).uncheck();
    await page.getByLabel(/Proyecto 4 de El Alto/).check();
    await press(page, 'Confirmar el cambio');
    assert.match(await page.locator('main').innerText(), /Su voto fue cambiado[\s\S]*Proyecto 4 de El Alto/);

    // The published list holds the receipt; voting again is refused.
    await page.goto(`${base}/recibos`);
    assert.ok((await page.locator('main').innerText()).includes(receipt.split('.')[0]!));
    await expectAccessibleAt360(page, 'receipt list');
    await page.goto(`${base}/votar`);
    assert.match(await page.locator('main').innerText(), /Usted ya votó/);

    // Another consultation receives proposals: a cost with thousands separators is refused with
    // what was typed kept, then the proposal is received with its public number.
    await page.goto(`${server.baseUrl}/consultas/${proposing.slug}/proponer`);
    await page.getByLabel('Territorio').selectOption('BO-L-01-02');
    await page.getByLabel('Nombre del proyecto').fill('Alumbrado de la plaza');
    await page.getByLabel('Descripción').fill('Faroles solares para la plaza del barrio.');
    await page.getByLabel('Costo estimado').fill('18.500');
    await press(page, 'Enviar la propuesta');
    assert.match(await page.title(), /^Error:/);
    assert.equal(await page.getByLabel('Nombre del proyecto').inputValue(), 'Alumbrado de la plaza');
    await expectAccessibleAt360(page, 'proposal form with errors');
    await page.getByLabel('Costo estimado').fill('18500');
    await press(page, 'Enviar la propuesta');
    assert.match(await page.locator('main').innerText(), /Propuesta N\.º \d+ recibida[\s\S]*Alumbrado de la plaza/);
    await expectAccessibleAt360(page, 'proposal received');

    // Someone registered in another municipality is refused with the reason.
    await signIn(other.page, outsider.email);
    assert.match(await other.page.locator('main').innerText(), /Su territorio no participa en esta consulta/);
    await expectAccessibleAt360(other.page, 'refusal');
  } finally {
    await person.context.close();
    await other.context.close();
  }
});

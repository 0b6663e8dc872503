// State procurement in Chromium with JavaScript off, on a 360 px screen (issue #20, "Done when"):
// an entity's officer publishes a need and keeps the opening key; two suppliers, each acting for
// its unit, send sealed offers; an early attempt to read the offers is refused; after the
// deadline the key opens them and the rule picks the lowest price; the losing bidder complains
// during the standstill, the award waits until the entity answers it; the contract is signed and
// accepted; the OCDS record shows every stage and validates. axe checks each page.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../test/helpers/app.ts';
import { TEST_ACCOUNT_PASSWORD, testAccount } from '../test/helpers/identity.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { totpCode } from '../src/modules/identity/index.ts';
import { ocdsErrors } from '../src/modules/procurement/ocds-schemas.test-helpers.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, press, signInOnPage } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };
before(async () => {
  server = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  for (const name of ['territories', 'agencies']) await server.app.tambo.modules.find((m) => m.name === name)?.seed?.(server.app.tambo.deps);
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

const db = () => server.app.tambo.deps.db;
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function account(name: string, officerOf?: string): Promise<string> {
  const email = `${name.toLowerCase()}-${randomUUID().slice(0, 6)}@prueba.bo`;
  const id = await testAccount(server.app.tambo.deps, { documentNumber: String(2_000_000 + Math.floor(Math.random() * 7_000_000)), givenName: name, familyName: 'Prueba', email });
  if (officerOf) await sql`INSERT INTO identity.role_assignment (account_id, agency_code, role) VALUES (${id}, ${officerOf}, 'procurement_officer')`.execute(db());
  return email;
}

/** Opens `path` signed in as `email` (staff enrol the second factor the page asks for). */
async function signedIn(browser: Browser, email: string, path: string): Promise<Page> {
  const { page } = await openPage(browser, `${server.baseUrl}/ingresar?volver=${encodeURIComponent(path)}`, { javaScriptEnabled: false });
  await signInOnPage(page, email, TEST_ACCOUNT_PASSWORD);
  if (page.url().includes('/segundo-factor')) {
    const key = (await page.locator('code').first().innerText()).replace(/\s+/g, '');
    await page.locator('input[name="code"]').fill(totpCode(key));
    await Promise.all([page.waitForLoadState('load'), page.locator('form button[type="submit"]').first().click()]);
  }
  if (new URL(page.url()).pathname !== path) await page.goto(`${server.baseUrl}${path}`);
  return page;
}

async function supplierActing(browser: Browser, name: string, legalForm: string): Promise<{ page: Page; nit: string }> {
  const page = await signedIn(browser, await account(name), '/empresa');
  const nit = String(300_000_000 + Math.floor(Math.random() * 600_000_000));
  await page.locator('input[name="id"]').fill(nit);
  await page.locator('input[name="name"]').fill(`${name} ${legalForm}`);
  await page.locator('select[name="legalForm"]').selectOption(legalForm);
  await page.locator('input[name="activityCodes"]').fill('107100');
  await Promise.all([page.waitForLoadState('load'), page.locator('form[action^="/empresa#"] button[type="submit"]').click()]);
  await Promise.all([page.waitForLoadState('load'), page.locator(`form[action="/empresa/actuar"]:has(input[value="${nit}"]) button`).click()]);
  return { page, nit };
}

it('publishes a need, takes two sealed offers, opens them after the deadline, takes a complaint, contracts, and publishes valid OCDS', { timeout: 300_000 }, async (t) => {
  const browser = await browserOrSkip(t);
  if (!browser) return;
  const officer = await signedIn(browser, await account('Oficial', 'SEGIP'), '/compras/nueva');
  await expectAccessibleAt360(officer, 'the form of a need');
  await officer.getByLabel('Qué se compra').fill('Papel bond tamaño carta');
  await officer.getByLabel('Rubro (CPV)').selectOption('30192000-1');
  await officer.getByLabel('Cantidad').fill('500');
  await officer.getByLabel('Unidad').fill('paquetes');
  await officer.getByLabel('Territorio de entrega').fill('BO-L');
  await officer.getByLabel('Lugar de entrega').fill('Oficina central, La Paz');
  await officer.getByLabel('Fecha de entrega').fill(day(40));
  await officer.getByLabel('Precio referencial total').fill('20000');
  await officer.getByLabel('Plazo para ofertar').fill(new Date(Date.now() + 10 * 86_400_000).toISOString());
  await press(officer, 'Publicar');
  await expectAccessibleAt360(officer, 'the opening key');
  const key = await officer.locator('textarea[name="privateKey"]').inputValue();
  assert.match(key, /BEGIN PRIVATE KEY/);
  const href = (await officer.getByRole('link', { name: /Ir al proceso/ }).getAttribute('href'))!;
  const id = href.split('/').pop()!;

  const a = await supplierActing(browser, 'Ana', 'unipersonal');
  const b = await supplierActing(browser, 'Beto', 'srl');
  for (const [s, amount] of [
    [a, '18500'],
    [b, '19900'],
  ] as const) {
    await s.page.goto(`${server.baseUrl}${href}`);
    await s.page.getByLabel(/Precio total/).fill(amount);
    await s.page.getByLabel('Entrego hasta').fill(day(30));
    await press(s.page, 'Enviar la oferta sellada');
    assert.match(await s.page.locator('main').innerText(), /Huella SHA-256/);
  }
  await expectAccessibleAt360(a.page, 'the process with the receipt');

  // Too early: the offers are sealed for everyone.
  const early = await b.page.goto(`${server.baseUrl}${href}/ofertas`);
  assert.equal(early?.status(), 409);

  // The deadline passes (the clock, moved in the database); the officer opens with the key.
  await sql`UPDATE procurement.tender SET published_at = now() - interval '10 days', deadline = now() - interval '1 second' WHERE id = ${id}`.execute(db());
  await officer.goto(`${server.baseUrl}${href}`);
  await officer.getByLabel('Clave privada de apertura').fill(key);
  await press(officer, 'Abrir las ofertas');
  const result = await officer.locator('#resultado').locator('..').innerText();
  assert.match(result, /Ana unipersonal[\s\S]*Adjudicada/);
  await expectAccessibleAt360(officer, 'the result');

  // The losing bidder complains during the standstill.
  await b.page.goto(`${server.baseUrl}${href}`);
  await b.page.getByLabel('Su reclamo contra la adjudicación').fill('El precio ganador no cubre el transporte.');
  await press(b.page, 'Presentar el reclamo');
  assert.match(await b.page.locator('main').innerText(), /Reclamo presentado/);

  // The award is suspended until the entity answers the complaint: rejected, with public reasons.
  await sql`UPDATE procurement.tender SET standstill_ends_at = now() - interval '1 second' WHERE id = ${id}`.execute(db());
  await officer.goto(`${server.baseUrl}${href}`);
  assert.match(await officer.locator('main').innerText(), /adjudicación está suspendida/);
  assert.equal(await officer.getByRole('button', { name: 'Firmar el contrato' }).count(), 0);
  await officer.getByLabel(/Infundado/).check();
  await officer.getByLabel('Fundamentos (públicos)').fill('El precio ganador incluye el transporte según la oferta.');
  await expectAccessibleAt360(officer, 'the answer to a complaint');
  await press(officer, 'Responder el reclamo');
  assert.match(await officer.locator('main').innerText(), /Infundado el .*: El precio ganador incluye el transporte/);

  // After the standstill: signed by the entity, accepted by the winner.
  await press(officer, 'Firmar el contrato');
  await a.page.goto(`${server.baseUrl}${href}`);
  await press(a.page, 'Aceptar el contrato');
  assert.match(await a.page.locator('main').innerText(), /Aceptado por el proveedor/);
  await expectAccessibleAt360(a.page, 'the contract');

  // The OCDS record shows every stage and validates.
  const record = (await (await fetch(`${server.baseUrl}/api/v1/ocds/record-packages`)).json()) as { records: Array<{ ocid: string; releases: Array<{ tag: string[] }> }>; links?: unknown };
  const { links: _links, ...recordPackage } = record;
  assert.deepEqual(ocdsErrors('recordPackage', recordPackage), []);
  const mine = record.records.find((r) => r.ocid.endsWith(id))!;
  const tags = new Set(mine.releases.flatMap((r) => r.tag));
  for (const tag of ['planning', 'tender', 'award', 'contract', 'contractUpdate']) assert.ok(tags.has(tag), tag);
});

// The exchange's pages in Chromium with JavaScript off, on a 360 px screen: an agency's system has
// published a service (through the API, as systems do); that agency's administrator signs in,
// grants SIN's subsystem one endpoint from /gestion/interoperabilidad, sees the call succeed, and
// revokes it; the public catalog lists the service. axe finds nothing on any page and nothing
// scrolls sideways. (The once-only prefill journey is not written yet: docs/interoperability.md.)
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { TestApp } from '../test/helpers/app.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { sql } from 'kysely';
import { startDemoProducer, type DemoProducer } from '../src/modules/interop/index.ts';
import { ExchangeHarness } from '../src/modules/interop/interop.test-helpers.ts';
import { browserOrSkip, closeSharedBrowser, expectNoAxeViolations, openPage, scrollWidth } from './helpers/browser.ts';

let t: (TestApp & { baseUrl: string }) | undefined;
let producer: DemoProducer | undefined;
const VIEWPORT = { width: 360, height: 740 };

before(async () => {
  t = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  producer = await startDemoProducer();
});
after(async () => {
  await closeSharedBrowser();
  await producer?.close();
  await t?.close();
});

async function checkPage(page: Page, where: string): Promise<void> {
  assert.equal(await page.locator('h1').count(), 1, `exactly one h1 on ${where}`);
  await expectNoAxeViolations(page, `${where} (JavaScript off, 360 px)`);
  const width = await scrollWidth(page);
  assert.ok(width <= VIEWPORT.width, `${where} scrolls sideways at 360 px: scrollWidth is ${width}`);
}

it("a producer's administrator grants and revokes access from the page; the public catalog lists the service", async (context) => {
  const browser = await browserOrSkip(context);
  if (!browser || !t || !producer) return;
  const { baseUrl } = t;
  const h = new ExchangeHarness(baseUrl);
  await h.init();
  // The demo official (exempt from enrolling a second factor) administers the producing agency.
  const db = t.app.tambo.deps.db;
  const official = (
    await sql<{
      id: string;
      agency_code: string;
    }>`SELECT a.id, r.agency_code FROM identity.role_assignment r JOIN identity.account a ON a.id = r.account_id WHERE a.email = 'funcionario@demo.tambo' LIMIT 1`.execute(db)
  ).rows[0]!;
  await sql`INSERT INTO identity.role_assignment (account_id, agency_code, role) VALUES (${official.id}, ${official.agency_code}, 'agency_admin') ON CONFLICT DO NOTHING`.execute(db);
  const producerAgency = official.agency_code;
  const owner = await h.system(producerAgency, 'registro', ['interop:call', 'interop:manage']);
  const sin = await h.system('SIN', 'sistema', ['interop:call']);
  assert.equal((await h.publish(owner, 'personas', producer.url)).status, 201);
  const call = () => h.call(sin, `/r1/BO/GOV/${producerAgency}/registro/personas/personas/persona/${encodeURIComponent('4567891 LP')}`);
  assert.equal((await call()).status, 403);

  const opened = await openPage(browser, `${baseUrl}/gestion/interoperabilidad`, { javaScriptEnabled: false, viewport: VIEWPORT });
  try {
    const { page } = opened;
    await page.locator('input[name="login"]').fill('funcionario@demo.tambo');
    await page.locator('input[name="password"]').fill('Demo-2026-funcionario');
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/ingreso')), page.locator('form:has(input[name="password"]) button[type="submit"]').click()]);
    await page.goto(`${baseUrl}/gestion/interoperabilidad`);
    assert.equal(new URL(page.url()).pathname, '/gestion/interoperabilidad', (await page.locator('main').textContent()) ?? '');
    assert.match((await page.locator('main').textContent()) ?? '', new RegExp(`BO/GOV/${producerAgency}/registro/personas`));
    await checkPage(page, '/gestion/interoperabilidad');

    await page.getByLabel('Cliente (subsistema)').fill('SIN');
    await page.getByLabel('Ruta', { exact: true }).fill('/personas/*');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Conceder acceso' }).click()]);
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /INSTANCIA\/GOV\/MIEMBRO\/SUBSISTEMA/);
    await checkPage(page, '/gestion/interoperabilidad (errors)');

    // The agency publishes other services too (the demo's registro-personas): choose this one.
    const service = await page.locator('select[name="service"] option', { hasText: `${producerAgency}/registro/personas)` }).getAttribute('value');
    await page.getByLabel('Servicio', { exact: true }).selectOption(service ?? '');
    await page.getByLabel('Cliente (subsistema)').fill(sin.client);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Conceder acceso' }).click()]);
    assert.match((await page.locator('main').textContent()) ?? '', /Acceso concedido/);
    await checkPage(page, '/gestion/interoperabilidad (granted)');
    assert.equal((await call()).status, 200);

    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: new RegExp(`^Revocar ${sin.client} `) }).click()]);
    assert.match((await page.locator('main').textContent()) ?? '', /Acceso revocado/);
    assert.equal((await call()).status, 403);

    await page.goto(`${baseUrl}/interoperabilidad`);
    assert.match((await page.locator('main').textContent()) ?? '', new RegExp(`BO/GOV/${producerAgency}/registro/personas`));
    await checkPage(page, '/interoperabilidad');
  } finally {
    await opened.close();
  }
});

// The Observatorio in Chromium with JavaScript off, on a 360 px screen: an entity's official
// (plan_reporter of AGETIC) opens the yearly report form of the demo plan, is told what is
// wrong with an empty report, files the report of the last plan year with a line's work, an
// evidence file and a reported figure; the public plan page shows the report and the figure as the indicator's
// value (a table beside each SVG bar), and the indicator's history has the year. axe finds
// nothing on any page and nothing scrolls sideways.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import type { TestApp } from '../test/helpers/app.ts';
import { newDocument, TEST_ACCOUNT_PASSWORD, testAccount } from '../test/helpers/identity.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { browserOrSkip, expectAccessibleAt360, closeSharedBrowser, openPage } from './helpers/browser.ts';

let t: (TestApp & { baseUrl: string }) | undefined;
const VIEWPORT = { width: 360, height: 740 };
const PLAN = 'pige-2025';

before(async () => {
  t = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  await closeSharedBrowser();
  await t?.close();
});

async function checkPage(page: Page, where: string): Promise<void> {
  assert.equal(await page.locator('h1').count(), 1, `exactly one h1 on ${where}`);
  await expectAccessibleAt360(page, `${where} (JavaScript off, 360 px)`);
}

it("an entity's official files the yearly report; the public Observatorio shows it", async (context) => {
  const browser = await browserOrSkip(context);
  if (!browser || !t) return;
  const { baseUrl } = t;
  const deps = t.app.tambo.deps;
  const email = 'informes-agetic@prueba.bo';
  const id = await testAccount(deps, { documentNumber: newDocument(), givenName: 'Lucía', familyName: 'Condori', email, roles: [{ role: 'plan_reporter', agencyCode: 'AGETIC' }] });
  // Enrolling a second factor is identity's journey (e2e/identity-*.test.ts), not this one.
  await sql`UPDATE identity.account SET is_totp_exempt = true WHERE id = ${id}`.execute(deps.db);

  const opened = await openPage(browser, `${baseUrl}/observatorio/planes/${PLAN}/informe`, { javaScriptEnabled: false, viewport: VIEWPORT });
  try {
    const { page } = opened;
    await page.locator('input[name="login"]').fill(email);
    await page.locator('input[name="password"]').fill(TEST_ACCOUNT_PASSWORD);
    await Promise.all([page.waitForLoadState('load'), page.locator('form:has(input[name="password"]) button[type="submit"]').click()]);
    await page.waitForLoadState('load');
    assert.match(page.url(), /\/informe/, `back on the form after signing in (at ${page.url()})`);
    await checkPage(page, 'the yearly report form');

    // An empty report: the error summary links to the field.
    await page.getByLabel('Año').fill('2025');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Presentar el informe' }).click()]);
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /al menos una línea estratégica/);
    await checkPage(page, 'the report form with errors');

    const line = page.locator('fieldset', { hasText: '13. Transparencia y datos abiertos' });
    await line.getByLabel('Lo que se hizo').fill('Publicamos 41 conjuntos de datos de 12 instituciones en datos.gob.bo.');
    await line.getByLabel(/^Evidencia/).fill('https://datos.gob.bo/organizaciones');
    await line.getByLabel('Archivos de evidencia').setInputFiles({ name: 'informe-datos.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await page.getByLabel('Número de instituciones con conjuntos de datos abiertos').fill('41');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Presentar el informe' }).click()]);
    assert.match(page.url(), new RegExp(`/observatorio/planes/${PLAN}`));
  } finally {
    await opened.close();
  }

  // Anyone: the public page shows the report and the figure, the table beside the bar.
  const visitor = await openPage(browser, `${baseUrl}/observatorio`, { javaScriptEnabled: false, viewport: VIEWPORT });
  try {
    const { page } = visitor;
    const row = page.locator('section', { hasText: '13. Transparencia y datos abiertos' }).locator('tr', { hasText: 'Número de instituciones con conjuntos de datos abiertos' });
    assert.match((await row.textContent()) ?? '', /41/);
    assert.equal(await row.locator('svg[role="img"]').count(), 1, 'the progress bar, named');
    const report = page.locator('#informes ~ details').first();
    assert.match((await report.textContent()) ?? '', /Publicamos 41 conjuntos de datos/);
    assert.equal(await report.locator('a', { hasText: 'informe-datos.pdf' }).count(), 1, 'the evidence file is linked (in the closed details)');
    await checkPage(page, '/observatorio');
    await Promise.all([page.waitForLoadState('load'), row.getByRole('link', { name: 'Número de instituciones con conjuntos de datos abiertos' }).click()]);
    assert.match((await page.locator('table').textContent()) ?? '', /2025\s*41/);
    await checkPage(page, 'the indicator history');
    assert.deepEqual(visitor.consoleErrors, [], 'console errors (CSP violations included)');
  } finally {
    await visitor.close();
  }
});

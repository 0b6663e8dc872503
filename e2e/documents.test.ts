// Signed documents in Chromium with JavaScript off, on a 360 px screen: a case of the demo
// citizen is approved (the `cases.decided` event, as the back office emits it; the approval
// itself is e2e/cases.test.ts's journey) and its signed certificate reaches the mailbox; she
// downloads it from "Mis documentos", and verification by code, by the QR address and by
// upload says valid; after the agency revokes it with a reason, verification says revoked.
// A publisher edits a template (the error summary, the sample PDF, the save).
// axe finds nothing on any page and nothing scrolls sideways.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { emitEvent } from '../src/platform/events/outbox.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { browserOrSkip, expectAccessibleAt360, closeSharedBrowser, openPage, signInOnPage } from './helpers/browser.ts';

let t: (TestApp & { baseUrl: string }) | undefined;
const VIEWPORT = { width: 360, height: 740 };

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

it('approved case → signed certificate in the mailbox → download → verify by code, QR and upload → revoke', async (context) => {
  const browser = await browserOrSkip(context);
  if (!browser || !t) return;
  const { baseUrl } = t;
  const db = t.app.tambo.deps.db;
  const citizenId = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(db)).rows[0]!.id;
  const agency = (
    await sql<{
      agency_code: string;
    }>`SELECT r.agency_code FROM identity.role_assignment r JOIN identity.account a ON a.id = r.account_id WHERE a.email = 'funcionario@demo.tambo' AND r.agency_code IS NOT NULL LIMIT 1`.execute(db)
  ).rows[0]!.agency_code;
  const caseId = randomUUID();
  await emitEvent(db, 'cases.decided', {
    caseId,
    procedureId: null,
    accountId: citizenId,
    trackingCode: 'E2E-DOC-1',
    procedureName: 'Certificado de prueba',
    agencyCode: agency,
    outcome: 'approved',
    tacit: null,
    expired: false,
    reason: null,
  });
  await t.drain();
  const doc = (await sql<{ number: string; verification_code: string }>`SELECT number, verification_code FROM documents.document WHERE case_id = ${caseId}`.execute(db)).rows[0]!;

  const opened = await openPage(browser, `${baseUrl}/buzon`, { javaScriptEnabled: false, viewport: VIEWPORT });
  try {
    const { page } = opened;
    await signInOnPage(page, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    // The mailbox has the document's message with the PDF attached.
    const message = page.locator('tr', { hasText: 'Documento emitido' });
    assert.ok((await message.count()) >= 1, 'the certificate reached the mailbox');
    await Promise.all([page.waitForLoadState('load'), message.first().getByRole('link').first().click()]);
    assert.match((await page.locator('main').textContent()) ?? '', new RegExp(`${doc.number}\\.pdf`));

    // "Mis documentos": listed, downloadable.
    await page.goto(`${baseUrl}/mis-documentos`);
    await checkPage(page, '/mis-documentos');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Descargar ${doc.number}` }).click()]);
    const pdf = await readFile((await download.path())!);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');

    // By code, typed as printed (groups, lower case), through the form.
    await page.goto(`${baseUrl}/verificar`);
    await checkPage(page, '/verificar');
    await page.getByLabel('Código de verificación').fill(doc.verification_code.toLowerCase().replace(/(.{4})(?=.)/g, '$1-'));
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Verificar código' }).click()]);
    assert.match((await page.locator('main').textContent()) ?? '', /El documento es válido/);
    await checkPage(page, '/verificar/<code>');
    // By the QR address.
    await page.goto(`${baseUrl}/verificar/${doc.verification_code}`);
    assert.match((await page.locator('main').textContent()) ?? '', /El documento es válido/);
    // By upload.
    await page.goto(`${baseUrl}/verificar`);
    await page.getByLabel('Archivo PDF').setInputFiles({ name: 'documento.pdf', mimeType: 'application/pdf', buffer: pdf });
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Verificar archivo' }).click()]);
    const uploaded = (await page.locator('main').textContent()) ?? '';
    assert.match(uploaded, /El documento es válido/);
    assert.match(uploaded, /exactamente un documento emitido/);
    await checkPage(page, 'upload result');
    assert.deepEqual(opened.consoleErrors, [], 'console errors (CSP violations included)');
  } finally {
    await opened.close();
  }

  // The agency revokes it with a reason; verification says revoked.
  const desk = await openPage(browser, `${baseUrl}/gestion/documentos`, { javaScriptEnabled: false, viewport: VIEWPORT });
  try {
    const { page } = desk;
    await signInOnPage(page, 'funcionario@demo.tambo', 'Demo-2026-funcionario');
    await page.goto(`${baseUrl}/gestion/documentos`);
    await checkPage(page, '/gestion/documentos');
    await page.getByLabel('Número').fill(doc.number);
    await page.getByLabel('Motivo de la revocación').fill('Emitido por error');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Revocar documento' }).click()]);
    assert.match((await page.locator('main').textContent()) ?? '', new RegExp(`Se revocó el documento ${doc.number}`));
    await page.goto(`${baseUrl}/verificar/${doc.verification_code}`);
    const revoked = (await page.locator('main').textContent()) ?? '';
    assert.match(revoked, /El documento fue revocado/);
    assert.match(revoked, /Emitido por error/);
    await checkPage(page, 'revoked verification');
  } finally {
    await desk.close();
  }

  // The platform administrator's certificates page, and its error summary (revocation itself: certificates.http.test.ts).
  const admin = await openPage(browser, `${baseUrl}/gestion/documentos/certificados`, { javaScriptEnabled: false, viewport: VIEWPORT });
  try {
    const { page } = admin;
    await signInOnPage(page, 'admin@demo.tambo', 'Demo-2026-admin');
    await page.goto(`${baseUrl}/gestion/documentos/certificados`);
    await checkPage(page, '/gestion/documentos/certificados');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Revocar el certificado' }).click()]);
    assert.match((await page.locator('main').textContent()) ?? '', /Escriba el número de serie/);
    await checkPage(page, '/gestion/documentos/certificados with errors');
    // The PKCS#12 import sent empty (import itself: pkcs12-import.http.test.ts): its summary links to the agency and the file.
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Importar el certificado' }).click()]);
    const summary = (await page.locator('main').textContent()) ?? '';
    assert.match(summary, /Elija la institución a la que pertenece el certificado/);
    assert.match(summary, /Elija el archivo .p12 o .pfx del certificado/);
    await checkPage(page, '/gestion/documentos/certificados with import errors');
  } finally {
    await admin.close();
  }
});

it('a publisher edits a procedure’s certificate template, sees the error summary, previews the sample PDF and saves', async (context) => {
  const browser = await browserOrSkip(context);
  if (!browser || !t) return;
  const { baseUrl } = t;
  const opened = await openPage(browser, `${baseUrl}/gestion/documentos/plantillas`, { javaScriptEnabled: false, viewport: VIEWPORT });
  try {
    const { page } = opened;
    await signInOnPage(page, 'publicador@demo.tambo', 'Demo-2026-publicador');
    await page.goto(`${baseUrl}/gestion/documentos/plantillas`);
    await checkPage(page, '/gestion/documentos/plantillas');
    const edit = page.getByRole('link', { name: /Editar la plantilla de .* \(Aprobado\)/ }).first();
    await Promise.all([page.waitForLoadState('load'), edit.click()]);
    await checkPage(page, 'a template’s editor');
    const body = page.getByLabel('Texto del documento');
    await body.fill('Se certifica a {titular}.');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Guardar la plantilla' }).click()]);
    assert.match((await page.locator('main').textContent()) ?? '', /El marcador \{titular\} no existe/);
    assert.equal(await body.inputValue(), 'Se certifica a {titular}.');
    await checkPage(page, 'the editor with errors');
    await body.fill('{agency} certifica que {holder} completó «{procedure}» ({tracking}).');
    // The sample: the same form answers a PDF (no JavaScript needed).
    const [sample] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/gestion/documentos/plantillas/')),
      page.getByRole('button', { name: 'Ver muestra (PDF)' }).click(),
    ]);
    assert.equal(sample.headers()['content-type'], 'application/pdf');
    await page.goto(sample.url());
    await page.getByLabel('Texto del documento').fill('{agency} certifica que {holder} completó «{procedure}» ({tracking}).');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Guardar la plantilla' }).click()]);
    assert.match((await page.locator('main').textContent()) ?? '', /Plantilla guardada/);
    await checkPage(page, 'the editor after saving');
    // The 422 is the answer asked for, and Chromium's PDF viewer asks for a favicon; nothing else.
    const unexpected = opened.consoleErrors.filter((e) => !/status of 422 .*\/plantillas\/|favicon\.ico/.test(e));
    assert.deepEqual(unexpected, [], 'console errors (CSP violations included)');
  } finally {
    await opened.close();
  }
});

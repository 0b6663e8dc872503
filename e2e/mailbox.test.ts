// The citizen's mailbox in Chromium with JavaScript off, on a 360 px screen: an agency's
// system delivers a message; the demo citizen signs in, finds it in the list, reads it (the
// opening is recorded), downloads the signed receipt (it verifies with the published keys)
// and archives it. axe finds nothing on any page and nothing scrolls sideways.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, it } from 'node:test';
import { compactVerify, createRemoteJWKSet } from 'jose';
import type { Page } from 'playwright-core';
import { listenTestApp } from '../test/helpers/listen.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { browserOrSkip, closeSharedBrowser, expectNoAxeViolations, openPage, scrollWidth } from './helpers/browser.ts';

let t: (TestApp & { baseUrl: string }) | undefined;
const VIEWPORT = { width: 360, height: 740 };
const SUBJECT = 'Resolución de su trámite de prueba 2026';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

before(async () => {
  // Browser tests make many requests from one address: lift the rate limit.
  t = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  await closeSharedBrowser();
  await t?.close();
});

/** Delivers a message to the demo citizen as the demo agency's system (client credentials). */
async function deliver(baseUrl: string): Promise<string> {
  const tokenResponse = await fetch(`${baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from('demo-rp:demo-rp-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=mailbox%3Asend',
  });
  assert.equal(tokenResponse.status, 200);
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const response = await fetch(`${baseUrl}/api/v1/mailbox/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      recipient: { documentType: 'CI', documentNumber: '4567891 LP' },
      subject: SUBJECT,
      body: 'Su trámite fue resuelto favorablemente.\n\nAdjuntamos la resolución.',
      attachments: [{ filename: 'resolucion.pdf', content: PDF.toString('base64') }],
    }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return ((await response.json()) as { id: string }).id;
}

async function checkPage(page: Page, where: string): Promise<void> {
  assert.equal(await page.locator('h1').count(), 1, `exactly one h1 on ${where}`);
  await expectNoAxeViolations(page, `${where} (JavaScript off, 360 px)`);
  const width = await scrollWidth(page);
  assert.ok(width <= VIEWPORT.width, `${where} scrolls sideways at 360 px: scrollWidth is ${width}`);
}

it('with JavaScript off: sign in, read a delivered message, download the receipt, archive it', async (context) => {
  const browser = await browserOrSkip(context);
  if (!browser || !t) return;
  const baseUrl = t.baseUrl;
  const id = await deliver(baseUrl);

  const opened = await openPage(browser, `${baseUrl}/buzon`, { javaScriptEnabled: false, viewport: VIEWPORT });
  try {
    const { page } = opened;
    // Signed out: the mailbox sends the visitor to sign in, then back.
    await page.fill('input[name="login"]', 'ciudadana@demo.tambo');
    await page.fill('input[name="password"]', 'Demo-2026-ciudadana');
    await Promise.all([page.waitForURL(`${baseUrl}/buzon`), page.locator('form:has(input[name="password"]) button[type="submit"]').click()]);
    assert.equal(await page.locator('h1').textContent(), 'Buzón digital');
    await checkPage(page, '/buzon');

    // The message is in the list, unopened; the agency sees it unopened too.
    const row = page.locator('tr', { hasText: SUBJECT });
    assert.equal(await row.count(), 1);
    assert.match((await row.textContent()) ?? '', /Sin abrir/);
    await Promise.all([page.waitForURL(`${baseUrl}/buzon/${id}`), row.getByRole('link', { name: SUBJECT }).click()]);
    assert.equal(await page.locator('h1').textContent(), SUBJECT);
    assert.match((await page.locator('main').textContent()) ?? '', /Quedó notificado al abrirlo/);
    await checkPage(page, `/buzon/${id}`);

    // The receipt downloads and verifies with the keys the platform publishes.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Descargar la constancia firmada' }).click()]);
    const jws = (await readFile((await download.path())!, 'utf8')).trim();
    const { payload } = await compactVerify(jws, createRemoteJWKSet(new URL(`${baseUrl}/auth/jwks`)));
    const receipt = JSON.parse(new TextDecoder().decode(payload)) as { messageId: string; openedAt: string | null };
    assert.equal(receipt.messageId, id);
    assert.ok(receipt.openedAt, 'the receipt states when the message was opened');

    // Archive: back at the list with a confirmation, the message gone from it and in the archive.
    await Promise.all([page.waitForURL(`${baseUrl}/buzon?hecho=archivado`), page.getByRole('button', { name: 'Archivar' }).click()]);
    assert.match((await page.locator('main').textContent()) ?? '', /Mensaje archivado/);
    assert.equal(await page.locator('tr', { hasText: SUBJECT }).count(), 0);
    await checkPage(page, '/buzon?hecho=archivado');
    await Promise.all([page.waitForURL(`${baseUrl}/buzon/archivados`), page.getByRole('link', { name: 'Ver mensajes archivados' }).click()]);
    assert.equal(await page.locator('tr', { hasText: SUBJECT }).count(), 1);
    await checkPage(page, '/buzon/archivados');
    assert.deepEqual(opened.consoleErrors, [], 'console errors (CSP violations included)');
  } finally {
    await opened.close();
  }
});

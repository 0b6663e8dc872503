// Ciudadanía Digital in Chromium with JavaScript OFF, on a 360 × 740 screen: a person
// registers (the code read from the messaging sink), turns on the second factor and signs in
// with it, ends a session from another device, gives and withdraws consent to an agency's
// system, looks at "Mis datos" and erases an alert there. Every page on the way passes axe (WCAG 2.2 AA) and does not scroll sideways.
// Each test makes the person it needs (over HTTP, without the browser), so any one runs alone.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import * as oidc from 'openid-client';
import { totpCode } from '../src/modules/identity/index.ts';
import { findSinkMessages } from '../src/modules/messaging/index.ts';
import { sql } from 'kysely';
import type { TestApp } from '../test/helpers/app.ts';
import { HttpSession } from '../test/helpers/http-client.ts';
import { enrolTotp, newDocument, registerPerson, signInPortal, startLogoutReceiver } from '../test/helpers/identity.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { browserOrSkip, closeSharedBrowser, expectNoAxeViolations, markScriptless, scrollWidth } from './helpers/browser.ts';

const VIEWPORT = { width: 360, height: 740 };
const PASSWORD = 'Clave-navegador-2026';
let t: (TestApp & { baseUrl: string }) | undefined;
let receiver: Awaited<ReturnType<typeof startLogoutReceiver>> | undefined;
const contexts: BrowserContext[] = [];

before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  receiver = await startLogoutReceiver();
  // An agency's system, as an administrator would register it.
  await sql`INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, scopes, purpose)
            VALUES ('e2e-rp', 'e2e-rp-secret-0123456789', 'Sistema de becas', 'SEGIP', ${[`${receiver.url}/callback`]}::text[],
                    ${['openid', 'profile', 'email']}::text[], 'Tramitar becas de estudio')`.execute(t.app.tambo.deps.db);
});
after(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await closeSharedBrowser();
  await receiver?.close();
  await t?.close();
});

const url = (path: string) => `${t!.baseUrl}${path}`;

/** A new JavaScript-off "device". */
async function device(testContext: Parameters<typeof browserOrSkip>[0], userAgent?: string): Promise<Page | undefined> {
  const browser = await browserOrSkip(testContext);
  if (!browser) return undefined;
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORT, locale: 'es-BO', userAgent });
  contexts.push(context);
  return markScriptless(await context.newPage());
}

/** axe and width on the page as it is now (axe on its JavaScript-on twin: this file's pages are all scriptless). */
async function checkPage(page: Page, where: string): Promise<void> {
  assert.equal(await page.locator('h1').count(), 1, `one h1 on ${where}`);
  await expectNoAxeViolations(page, where);
  const width = await scrollWidth(page);
  assert.ok(width <= VIEWPORT.width, `${where} scrolls sideways at 360 px (${width})`);
}

interface Person {
  email: string;
  /** The base32 TOTP key, when the second factor is on. */
  secret?: string;
}

/** A person registered over HTTP (not in the browser), with the second factor on when asked. */
async function newPerson(label: string, withSecondFactor: boolean): Promise<Person> {
  const email = `${label}.${randomBytes(4).toString('hex')}@correo.bo`;
  await registerPerson(t!, email, PASSWORD);
  if (!withSecondFactor) return { email };
  const session = new HttpSession();
  const signedIn = await signInPortal(t!, session, email, PASSWORD);
  assert.match(signedIn.url, /\/cuenta$/, 'signed in to enrol the second factor');
  return { email, secret: await enrolTotp(t!, session) };
}

async function signIn(page: Page, person: Person): Promise<void> {
  await page.goto(url('/ingresar?volver=/cuenta'));
  await page.getByLabel('Correo electrónico o número de documento').fill(person.email);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  if (person.secret) {
    await page.waitForURL(/segundo-factor/);
    await checkPage(page, 'second-factor page');
    await sql`UPDATE identity.account SET totp_last_step = NULL WHERE email = ${person.email}`.execute(t!.app.tambo.deps.db);
    await page.getByLabel('Código de 6 dígitos').fill(totpCode(person.secret));
    await page.getByRole('button', { name: 'Continuar' }).click();
  }
  await page.waitForURL(/\/cuenta$/);
}

describe("the person's account, JavaScript off, 360 px", () => {
  it('registers with the code from the sink, showing errors first', async (testContext) => {
    const page = await device(testContext);
    if (!page) return;
    const EMAIL = `lucia.${randomBytes(4).toString('hex')}@correo.bo`;
    await page.goto(url('/registro'));
    await checkPage(page, '/registro');
    await page.getByRole('button', { name: 'Continuar' }).click();
    assert.match(await page.title(), /^Error:/);
    await checkPage(page, '/registro with errors');
    await page.getByLabel('Número de documento').fill(newDocument());
    await page.getByLabel('Nombres').fill('Lucía');
    await page.getByLabel('Apellidos').fill('Condori Apaza');
    await page.getByLabel('Día').fill('12');
    await page.getByLabel('Mes').fill('8');
    await page.getByLabel('Año').fill('1994');
    await page.getByLabel('Correo electrónico', { exact: false }).first().fill(EMAIL);
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continuar' }).click();
    await page.waitForURL(/\/registro\/[0-9a-f-]{36}$/);
    await checkPage(page, 'registration code page');
    await t!.drain();
    const [message] = await findSinkMessages(t!.app.tambo.deps.db, EMAIL);
    const code = /\b(\d{6})\b/.exec(message!.body)![1]!;
    await page.getByLabel('Código', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Continuar' }).click();
    await page.waitForURL(/\/registro\/listo$/);
    await checkPage(page, 'registration done');
    await page.getByRole('link', { name: 'Ingresar' }).click();
    await page.waitForURL(/\/ingreso\//);
    await checkPage(page, 'sign-in page');
    await page.getByLabel('Correo electrónico o número de documento').fill(EMAIL);
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL(/\/cuenta$/);
    await checkPage(page, '/cuenta');
  });

  it('turns on the second factor and signs in with it', async (testContext) => {
    const page = await device(testContext);
    if (!page) return;
    const person = await newPerson('rosa', false);
    await signIn(page, person);
    await page.getByRole('link', { name: 'Seguridad' }).click();
    await checkPage(page, '/cuenta/seguridad');
    await page.getByRole('button', { name: 'Activar segundo factor' }).click();
    await checkPage(page, 'enrolment');
    const secret = (await page.locator('main code').innerText()).replace(/\s+/g, '');
    await page.getByLabel('Código de 6 dígitos').fill('000000' === totpCode(secret) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Confirmar y activar' }).click();
    assert.match(await page.title(), /^Error:/);
    await checkPage(page, 'enrolment with a wrong code');
    await page.getByLabel('Código de 6 dígitos').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Confirmar y activar' }).click();
    await page.waitForURL(/hecho=activado/);
    await checkPage(page, 'second factor on');
    const fresh = await device(testContext);
    await signIn(fresh!, { ...person, secret });
  });

  it('ends the session of another device', async (testContext) => {
    const laptop = await device(testContext);
    const phone = await device(testContext, 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36');
    if (!laptop || !phone) return;
    const person = await newPerson('ana', true);
    await signIn(phone, person);
    await signIn(laptop, person);
    await laptop.goto(url('/cuenta/sesiones'));
    await checkPage(laptop, '/cuenta/sesiones');
    const rows = laptop.locator('tbody tr');
    const count = await rows.count();
    assert.ok(count >= 2, 'both devices are listed');
    const phoneRow = rows.filter({ hasText: 'Chrome · Android' });
    assert.equal(await phoneRow.count(), 1, 'the phone is told apart by its device hint');
    await phoneRow.getByRole('button', { name: 'Cerrar sesión' }).click();
    await laptop.waitForURL(/hecho=cerrada/);
    await checkPage(laptop, 'session ended');
    assert.equal(await laptop.locator('tbody tr').count(), count - 1);
    await phone.goto(url('/cuenta'));
    assert.match(phone.url(), /\/ingreso\//, 'the phone must sign in again (its provider session ended too)');
    await laptop.goto(url('/cuenta'));
    assert.equal(laptop.url(), url('/cuenta'), 'this device is still signed in');
  });

  it('gives consent to an agency system and withdraws it', async (testContext) => {
    const page = await device(testContext);
    if (!page) return;
    await signIn(page, await newPerson('eva', true));
    const config = await oidc.discovery(new URL(`${t!.baseUrl}/auth`), 'e2e-rp', 'e2e-rp-secret-0123456789', undefined, { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const authorization = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${receiver!.url}/callback`,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'e2e',
    });
    await page.goto(authorization.toString());
    await page.getByRole('heading', { name: /Sistema de becas quiere acceder a sus datos/ }).waitFor();
    await checkPage(page, 'consent page');
    await page.getByRole('button', { name: 'Autorizar', exact: true }).click();
    await page.waitForURL(/\/callback\?code=/);
    await page.goto(url('/cuenta/consentimientos'));
    await checkPage(page, '/cuenta/consentimientos');
    await page.getByRole('button', { name: 'Retirar autorización a Sistema de becas' }).click();
    await page.waitForURL(/hecho=retirado/);
    await checkPage(page, 'consent withdrawn');
    assert.equal(await page.getByText('No ha autorizado a ningún sistema.').count(), 1);
    await page.goto(url('/cuenta/actividad'));
    await checkPage(page, '/cuenta/actividad');
    assert.ok((await page.getByText('Autorización retirada').count()) >= 1);
  });

  it('shows "Mis datos" and erases an alert after a confirmation', async (testContext) => {
    const page = await device(testContext);
    if (!page) return;
    const person = await newPerson('nina', true);
    await sql`INSERT INTO reports.subscription (account_id, territory_code) SELECT id, 'BO-L' FROM identity.account WHERE email = ${person.email}`.execute(t!.app.tambo.deps.db);
    await signIn(page, person);
    await page.getByRole('link', { name: 'Mis datos' }).click();
    await page.waitForURL(/\/cuenta\/mis-datos$/);
    await checkPage(page, '/cuenta/mis-datos');
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Ciudadanía Digital (su cuenta)' }).count(), 1);
    await page.getByRole('link', { name: 'Borrar mis alertas' }).click();
    await page.waitForURL(/\/cuenta\/mis-datos\/borrar\?modulo=reports$/);
    await checkPage(page, 'erase confirmation');
    await page.getByRole('button', { name: 'Borrar de forma permanente' }).click();
    assert.match(await page.title(), /^Error:/);
    await checkPage(page, 'erase confirmation with an error');
    await page.getByLabel('Entiendo que lo borrado no se puede recuperar').check();
    await page.getByRole('button', { name: 'Borrar de forma permanente' }).click();
    await page.waitForURL(/hecho=borrado/);
    await checkPage(page, 'data erased');
    assert.equal(await page.getByRole('link', { name: 'Borrar mis alertas' }).count(), 0, 'nothing left to erase');
  });
});

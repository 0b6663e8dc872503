// Signing in to Ciudadanía Digital in Chromium on a 360 px screen, with JavaScript off unless
// said: a relying party (a tiny local receiver standing in for an agency's system) that
// requires `sustancial` or `alto` gets no code for a person below that level, who is told how
// to raise it; five wrong passwords lock the account; a temporary password must be replaced;
// signing out from any page's header ends the provider session too; the provider's own
// logout page (for agencies' systems) is a plain form (no inline script: the console stays clean
// with JavaScript on). axe finds nothing on any page and nothing scrolls sideways.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import * as oidc from 'openid-client';
import type { TestContext } from 'node:test';
import { createPerson } from '../src/modules/identity/admin.test-helpers.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { startLogoutReceiver } from '../test/helpers/identity.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { browserOrSkip, closeSharedBrowser, expectNoAxeViolations, openPage, scrollWidth, type OpenedPage } from './helpers/browser.ts';

const VIEWPORT = { width: 360, height: 740 };
let server: (TestApp & { baseUrl: string }) | undefined;
let receiver: Awaited<ReturnType<typeof startLogoutReceiver>> | undefined;

before(async () => {
  server = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  receiver = await startLogoutReceiver();
  // Two agencies' systems, as an administrator would register them: one requires an identity
  // verified in person, the other that and a second factor (pushed authorization requests).
  for (const [clientId, name, level, par] of [
    ['e2e-sustancial', 'Sistema de licencias', 'sustancial', false],
    ['e2e-alto', 'Sistema de firma', 'alto', true],
  ] as const) {
    await sql`INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, scopes, purpose, minimum_level, require_par)
              VALUES (${clientId}, ${`${clientId}-secret-0123456789`}, ${name}, 'SEGIP', ${[`${receiver.url}/callback`]}::text[],
                      ${['openid', 'profile']}::text[], 'Prueba', ${level}, ${par})`.execute(server.app.tambo.deps.db);
  }
});
after(async () => {
  await closeSharedBrowser();
  await receiver?.close();
  await server?.close();
});

/** One h1, axe, no sideways scrolling, and no console error but the expected status of the page. */
async function checkPage(opened: OpenedPage, where: string, status?: number): Promise<void> {
  const { page } = opened;
  assert.equal(await page.locator('h1').count(), 1, `exactly one h1 on ${where}`);
  await expectNoAxeViolations(page, `${where} (360 px)`);
  const width = await scrollWidth(page);
  assert.ok(width <= VIEWPORT.width, `${where} scrolls sideways at 360 px: scrollWidth is ${width}`);
  const unexpected = opened.consoleErrors.filter((line) => !(status && line.includes(`status of ${status}`)));
  assert.deepEqual(unexpected, [], `console errors on ${where}`);
  opened.consoleErrors.length = 0;
}

async function fillSignIn(page: OpenedPage['page'], login: string, password: string): Promise<void> {
  await page.getByLabel('Correo electrónico o número de documento').fill(login);
  await page.getByLabel('Contraseña').fill(password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Ingresar' }).click()]);
}

/** The authorization request of an agency's system (code + PKCE; PAR where the client requires it). */
async function authorizationUrl(clientId: 'e2e-sustancial' | 'e2e-alto'): Promise<string> {
  const config = await oidc.discovery(new URL(`${server!.baseUrl}/auth`), clientId, `${clientId}-secret-0123456789`, undefined, { execute: [oidc.allowInsecureRequests] });
  const parameters = {
    redirect_uri: `${receiver!.url}/callback`,
    scope: 'openid profile',
    state: 'e2e',
    code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
  };
  const url = clientId === 'e2e-alto' ? await oidc.buildAuthorizationUrlWithPAR(config, parameters) : oidc.buildAuthorizationUrl(config, parameters);
  return url.toString();
}

async function opened(t: TestContext, url: string, javaScriptEnabled = false, status = 200): Promise<OpenedPage | undefined> {
  const browser = await browserOrSkip(t);
  if (!browser || !server) return undefined;
  const page = await openPage(browser, url, { javaScriptEnabled, viewport: VIEWPORT, status });
  page.page.setDefaultTimeout(60_000);
  return page;
}

describe('signing in to an agency system, JavaScript off, 360 px', () => {
  it('a person below the level a system requires is told how to raise it and the system gets no code', async (t) => {
    const person = await createPerson(server!.app.tambo.deps); // level bajo
    const tab = await opened(t, await authorizationUrl('e2e-sustancial'));
    if (!tab) return;
    try {
      const { page } = tab;
      await checkPage(tab, 'sign-in page of an agency system');
      assert.match(await page.locator('.lead').first().innerText(), /Sistema de licencias/);
      await fillSignIn(page, person.login, person.password);
      assert.equal(await page.locator('h1').innerText(), 'Necesita un nivel de identidad más alto');
      assert.match(await page.locator('main').innerText(), /exige el nivel «Sustancial \(identidad verificada\)» y su cuenta tiene el nivel «Básico \(autorregistro\)»/);
      assert.match(await page.locator('main').innerText(), /acérquese con su documento de identidad a una oficina de registro/);
      await checkPage(tab, 'step-up page (sustancial)', 403);
      await Promise.all([page.waitForURL((url) => url.pathname === '/callback'), page.getByRole('button', { name: 'Volver al servicio' }).click()]);
      const back = new URL(page.url());
      assert.equal(back.searchParams.get('error'), 'access_denied');
      assert.equal(back.searchParams.get('code'), null, 'no code, so no token');
    } finally {
      await tab.close();
    }
  });

  it('a verified person without a second factor is sent to turn one on for a system that requires alto', async (t) => {
    const person = await createPerson(server!.app.tambo.deps, { level: 'sustancial' });
    const tab = await opened(t, await authorizationUrl('e2e-alto'));
    if (!tab) return;
    try {
      const { page } = tab;
      await fillSignIn(page, person.login, person.password);
      assert.equal(await page.locator('h1').innerText(), 'Necesita un nivel de identidad más alto');
      assert.match(await page.locator('main').innerText(), /active primero un segundo factor/);
      await checkPage(tab, 'step-up page (alto)', 403);
      assert.equal(await page.getByRole('link', { name: 'Ir a Seguridad en Mi cuenta' }).getAttribute('href'), '/cuenta/seguridad');
      await Promise.all([page.waitForURL((url) => url.pathname === '/callback'), page.getByRole('button', { name: 'Volver al servicio' }).click()]);
      assert.equal(new URL(page.url()).searchParams.get('code'), null, 'no code, so no token');
    } finally {
      await tab.close();
    }
  });

  it('five wrong passwords lock the account, and then even the right one is refused', async (t) => {
    const person = await createPerson(server!.app.tambo.deps);
    const tab = await opened(t, `${server!.baseUrl}/ingresar?volver=/cuenta`);
    if (!tab) return;
    try {
      const { page } = tab;
      for (let attempt = 1; attempt <= 4; attempt += 1) {
        await fillSignIn(page, person.login, `Equivocada-${attempt}-2026`);
        assert.match(await page.locator('.error-summary').innerText(), /no son correctos/);
      }
      await checkPage(tab, 'sign-in page after a wrong password', 401);
      await fillSignIn(page, person.login, 'Equivocada-5-2026');
      assert.match(await page.locator('.error-summary').innerText(), /Demasiados intentos fallidos: su cuenta está bloqueada por \d+ minutos/);
      await checkPage(tab, 'sign-in page, account locked', 429);
      await fillSignIn(page, person.login, person.password);
      assert.match(await page.locator('.error-summary').innerText(), /bloqueada/);
      assert.equal(await page.getByLabel('Correo electrónico o número de documento').inputValue(), person.login, 'what was typed is kept');
      await checkPage(tab, 'sign-in page, account still locked', 429);
    } finally {
      await tab.close();
    }
  });

  it('a person with a temporary password chooses their own before the sign-in completes', async (t) => {
    const person = await createPerson(server!.app.tambo.deps, { level: 'sustancial' });
    await sql`UPDATE identity.account SET password_change_required = true WHERE id = ${person.id}`.execute(server!.app.tambo.deps.db);
    const tab = await opened(t, `${server!.baseUrl}/ingresar?volver=/cuenta`);
    if (!tab) return;
    try {
      const { page } = tab;
      await fillSignIn(page, person.login, person.password);
      assert.equal(await page.locator('h1').innerText(), 'Elija su propia contraseña');
      await checkPage(tab, 'new password page');
      await page.getByLabel('Nueva contraseña').fill('123');
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Guardar y continuar' }).click()]);
      assert.match(await page.title(), /^Error:/);
      await checkPage(tab, 'new password page with an error', 400);
      await page.getByLabel('Nueva contraseña').fill('Otra-clave-propia-2026');
      await Promise.all([page.waitForURL((url) => url.pathname === '/cuenta'), page.getByRole('button', { name: 'Guardar y continuar' }).click()]);
      await checkPage(tab, 'account after choosing a password');
    } finally {
      await tab.close();
    }
  });
});

describe('signing out from the header', () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`ends the portal and provider sessions in one click and says so (JavaScript ${javaScriptEnabled ? 'on' : 'off'}, 360 px)`, async (t) => {
      const person = await createPerson(server!.app.tambo.deps);
      const tab = await opened(t, `${server!.baseUrl}/ingresar?volver=/cuenta`, javaScriptEnabled);
      if (!tab) return;
      try {
        const { page } = tab;
        await fillSignIn(page, person.login, person.password);
        assert.equal(new URL(page.url()).pathname, '/cuenta');
        await page.goto(`${server!.baseUrl}/tramites`);
        const header = page.locator('header');
        assert.match(await header.innerText(), /Ingresó como/);
        await checkPage(tab, 'a page with the signed-in header');
        await Promise.all([page.waitForURL((url) => url.pathname === '/salir'), header.getByRole('button', { name: 'Cerrar sesión' }).click()]);
        assert.equal(await page.locator('h1').innerText(), 'Cerró su sesión');
        assert.equal(await header.getByRole('button', { name: 'Cerrar sesión' }).count(), 0);
        await checkPage(tab, 'signed-out page');
        // The provider session is gone too: the account asks for the password again.
        await page.goto(`${server!.baseUrl}/cuenta`);
        assert.match(new URL(page.url()).pathname, /^\/ingreso\//);
        assert.equal(await page.getByLabel('Contraseña').count(), 1);
      } finally {
        await tab.close();
      }
    });
  }
});

describe("the provider's own pages", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`logout for a visitor with no session is a plain form (JavaScript ${javaScriptEnabled ? 'on: no CSP violation' : 'off'})`, async (t) => {
      const tab = await opened(t, `${server!.baseUrl}/auth/session/end`, javaScriptEnabled);
      if (!tab) return;
      try {
        const { page } = tab;
        assert.equal(tab.response?.status(), 200);
        assert.equal(await page.locator('h1').innerText(), 'Cerrar sesión');
        assert.equal(await page.locator('script').count(), 0);
        await checkPage(tab, 'provider logout page');
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Cerrar sesión' }).click()]);
        assert.equal(await page.locator('h1').innerText(), 'Sesión cerrada');
        await checkPage(tab, 'provider signed-out page');
      } finally {
        await tab.close();
      }
    });
  }

  it('an error the provider cannot send back to a client is explained, with JavaScript on and no CSP violation', async (t) => {
    const tab = await opened(t, `${server!.baseUrl}/auth/auth?client_id=nadie&response_type=code&scope=openid`, true, 400);
    if (!tab) return;
    try {
      assert.equal(tab.response?.status(), 400);
      assert.equal(await tab.page.locator('h1').innerText(), 'No pudimos completar el inicio de sesión');
      await checkPage(tab, 'provider error page', 400);
    } finally {
      await tab.close();
    }
  });
});

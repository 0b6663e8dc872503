// Rotating per-purpose keys on a running deployment, through the pages people use: a process
// started after `keys:rotate` (same database, same KEYRING_FILE) still opens the TOTP key a
// person enrolled before, accepts the session cookie, the form token and the verification
// code issued before, and seals new TOTP keys with the new version.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { freePort } from '../../src/platform/db/embedded.ts';
import type { TamboApp } from '../../src/platform/http/app-types.ts';
import { addKeyVersion } from '../../src/platform/keys/secrets.ts';
import { testConfig, type TestApp } from '../helpers/app.ts';
import { HttpSession } from '../helpers/http-client.ts';
import { codeFromSink, enrolTotp, forgetTotpStep, registerPerson, signInPortal } from '../helpers/identity.ts';
import { listenTestApp } from '../helpers/listen.ts';

const folder = mkdtempSync(path.join(tmpdir(), 'tambo-rotation-'));
const keyringFile = path.join(folder, 'keyring.json');
let first: TestApp & { baseUrl: string };
let restarted: TamboApp | undefined;
before(async () => {
  first = await listenTestApp({ config: { keyringFile } });
});
after(async () => {
  await restarted?.close();
  await first.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Another process of the deployment (same database and keyring file), started now. */
async function restartProcess(): Promise<TestApp & { baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  restarted = await buildApp(testConfig({ databaseUrl: first.database.url, keyringFile }, { PUBLIC_URL: baseUrl }), { background: false, poolSize: 2 });
  await restarted.listen({ port, host: '127.0.0.1' });
  return { ...first, app: restarted, baseUrl };
}

const storedTotp = async (t: TestApp, accountId: string) =>
  (await sql<{ totp_secret: string }>`SELECT totp_secret FROM identity.account WHERE id = ${accountId}`.execute(t.app.tambo.deps.db)).rows[0]!.totp_secret;

it('a rotation of totp-seal, csrf, cookies and codes keeps what was issued before working', async () => {
  // Before the rotation: version 1 of every key (SESSION_SECRET).
  const person = await registerPerson(first, 'rotacion@correo.bo');
  const browser = new HttpSession();
  assert.equal((await signInPortal(first, browser, person.email, person.password)).status, 200);
  const secret = await enrolTotp(first, browser);
  assert.match(await storedTotp(first, person.id), /^v1\./);

  const formBrowser = new HttpSession();
  const formHtml = await (await formBrowser.request(`${first.baseUrl}/registro`)).text();

  const codeBrowser = new HttpSession();
  const other = { email: 'rotacion-codigo@correo.bo', password: 'Clave-segura-2026' };
  const registration = await codeBrowser.submit(`${first.baseUrl}/registro`, await (await codeBrowser.request(`${first.baseUrl}/registro`)).text(), {
    documentType: 'CI',
    documentNumber: '7654321',
    givenName: 'Juana',
    familyName: 'Quispe',
    'birthDate-day': '1',
    'birthDate-month': '2',
    'birthDate-year': '1985',
    email: other.email,
    phone: '',
    password: other.password,
  });
  assert.equal(registration.status, 303);
  const codePath = registration.headers.get('location')!;
  const code = await codeFromSink(first, other.email);

  for (const purpose of ['totp-seal', 'csrf', 'cookies', 'codes'] as const) assert.equal(addKeyVersion(keyringFile, purpose), 2);
  const second = await restartProcess();

  // The session cookie signed with version 1 still opens the account page.
  const account = await browser.request(`${second.baseUrl}/cuenta`);
  assert.equal(account.status, 200, 'the signed session cookie of before the rotation is accepted');

  // The form opened before the rotation posts (its token is under the previous csrf key).
  const posted = await formBrowser.submit(`${second.baseUrl}/registro`, formHtml, {
    documentType: 'CI',
    documentNumber: '7654322',
    givenName: 'Ana',
    familyName: 'Choque',
    'birthDate-day': '3',
    'birthDate-month': '4',
    'birthDate-year': '1992',
    email: 'rotacion-formulario@correo.bo',
    phone: '',
    password: 'Clave-segura-2026',
  });
  assert.equal(posted.status, 303, 'a form token issued before the rotation is accepted');

  // The code sent before the rotation (its HMAC under the previous codes key) is accepted.
  const codeUrl = new URL(codePath, second.baseUrl).toString();
  const done = await codeBrowser.submit(codeUrl, await (await codeBrowser.request(codeUrl)).text(), { code });
  assert.equal(done.headers.get('location'), '/registro/listo');

  // The TOTP key sealed with version 1 opens: the person signs in with her second factor.
  await forgetTotpStep(second, person.id);
  const signedIn = await signInPortal(second, new HttpSession(), person.email, person.password, secret);
  assert.equal(new URL(signedIn.url).pathname, '/cuenta');
  assert.equal(signedIn.status, 200);
  assert.match(await storedTotp(second, person.id), /^v1\./, 'nothing was re-encrypted');

  // A key enrolled now is sealed with version 2.
  const otherBrowser = new HttpSession();
  assert.equal((await signInPortal(second, otherBrowser, other.email, other.password)).status, 200);
  await enrolTotp(second, otherBrowser);
  const otherId = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = ${other.email}`.execute(second.app.tambo.deps.db)).rows[0]!.id;
  assert.match(await storedTotp(second, otherId), /^v2\./);
});

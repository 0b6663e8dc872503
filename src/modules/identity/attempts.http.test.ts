// Attempt limits under parallel requests (issue 8): 40 guesses sent at once, over real
// sockets, get no more comparisons than 5 sent one by one: wrong passwords, second-factor
// codes, the codes that confirm a second factor's enrolment, and registration codes. A login that matches no account answers as a known one does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { codeFromSink, enrolTotp, formIndex, newDocument, registerPerson, registrationFields, signInPortal, startRegistration } from '../../../test/helpers/identity.ts';
import { totpCode } from './index.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';

let t: TestApp & { baseUrl: string };
const db = () => t.app.tambo.deps.db;

before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  await t.close();
});

/** The sign-in page of a fresh provider interaction, in a browser of its own. */
async function signInForm(): Promise<{ browser: HttpSession; url: string; html: string }> {
  const browser = new HttpSession();
  const start = await browser.follow(`${t.baseUrl}/ingresar?volver=/cuenta`);
  assert.match(new URL(start.url).pathname, /^\/ingreso\//);
  return { browser, url: start.url, html: await start.response.text() };
}

/** The same form posted `count` times at once, each with its own fields. */
async function inParallel(browser: HttpSession, url: string, html: string, fields: (i: number) => Record<string, string>, count: number): Promise<Array<{ status: number; text: string }>> {
  const responses = await Promise.all(Array.from({ length: count }, (_, i) => browser.submit(url, html, fields(i))));
  return Promise.all(responses.map(async (r) => ({ status: r.status, text: await r.text() })));
}

const tally = (results: Array<{ status: number }>) => {
  const counts: Record<number, number> = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
};

/** The message shown under the login field, numbers (minutes left) left out. */
const loginError = (html: string) =>
  (/id="campo-login-error"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/\d+/g, 'N')
    .trim();

describe('attempt limits under parallel requests', () => {
  it('compares only 5 of 40 parallel wrong passwords, then refuses the right one', async () => {
    const person = await registerPerson(t, 'paralelo@correo.bo');
    const { browser, url, html } = await signInForm();
    const results = await inParallel(browser, url, html, (i) => ({ login: person.email, password: `wrong-password-${i}` }), 40);
    assert.deepEqual(tally(results), { 401: 4, 429: 36 }, 'four wrong answers, the fifth locks, the rest are refused unseen');
    const stored = await sql<{ failed_sign_ins: number }>`SELECT failed_sign_ins FROM identity.account WHERE id = ${person.id}`.execute(db());
    assert.equal(stored.rows[0]!.failed_sign_ins, 5, 'five attempts counted, not forty');
    const activity = await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity.activity WHERE account_id = ${person.id} AND kind = 'sign_in_failed'`.execute(db());
    assert.equal(activity.rows[0]!.n, 5, 'five passwords compared');
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'identity.account_locked' AND subject_id = ${person.id}`.execute(db());
    assert.equal(audit.rows[0]!.n, 1);
    const right = await browser.submit(url, html, { login: person.email, password: person.password });
    assert.equal(right.status, 429, 'locked even with the right password');
  });

  it('lets the right password in among parallel attempts only while tries remain', async () => {
    const person = await registerPerson(t, 'paralelo-bien@correo.bo');
    const { browser, url, html } = await signInForm();
    // 4 wrong ones counted first: one try is left for the 20 sent at once, the right one among them.
    for (let i = 0; i < 4; i += 1) assert.equal((await browser.submit(url, html, { login: person.email, password: `wrong-${i}` })).status, 401);
    const results = await inParallel(browser, url, html, (i) => ({ login: person.email, password: i === 19 ? person.password : `wrong-again-${i}` }), 20);
    const compared = results.filter((r) => r.status !== 429);
    assert.ok(compared.length <= 1, `one try left, ${compared.length} compared`);
    const signedIn = results.filter((r) => r.status === 303).length;
    const stored = await sql<{ failed_sign_ins: number }>`SELECT failed_sign_ins FROM identity.account WHERE id = ${person.id}`.execute(db());
    assert.equal(stored.rows[0]!.failed_sign_ins, signedIn === 1 ? 0 : 5, 'a right password clears the count; otherwise the account is locked at five');
  });

  it('answers a login that matches no account as it answers a known one', async () => {
    const person = await registerPerson(t, 'conocida@correo.bo');
    const known = await signInForm();
    const knownResults = await inParallel(known.browser, known.url, known.html, (i) => ({ login: person.email, password: `wrong-password-${i}` }), 40);
    const unknown = await signInForm();
    const unknownResults = await inParallel(unknown.browser, unknown.url, unknown.html, (i) => ({ login: 'nadie-aqui@correo.bo', password: `wrong-password-${i}` }), 40);
    assert.deepEqual(tally(unknownResults), tally(knownResults), 'the same statuses');
    assert.deepEqual(tally(unknownResults), { 401: 4, 429: 36 });
    const messages = (results: Array<{ status: number; text: string }>) => [...new Set(results.map((r) => loginError(r.text)))].sort();
    assert.deepEqual(messages(unknownResults), messages(knownResults), 'the same messages');
    assert.equal(messages(knownResults).length, 2, 'a wrong-password message and a locked message');
    const byDocument = await signInForm();
    const documentResults = await inParallel(byDocument.browser, byDocument.url, byDocument.html, (i) => ({ login: newDocument(), password: `x-${i}` }), 3);
    assert.deepEqual(tally(documentResults), { 401: 3 }, 'other unknown logins have tries of their own');
  });

  it('compares only 5 of 40 parallel second-factor codes', async () => {
    const person = await registerPerson(t, 'paralelo-totp@correo.bo');
    const owner = new HttpSession();
    await signInPortal(t, owner, person.email, person.password);
    await enrolTotp(t, owner);
    const { browser, url, html } = await signInForm();
    const posted = await browser.submit(url, html, { login: person.email, password: person.password });
    assert.equal(posted.status, 303, 'the right password leads to the code page');
    const factorUrl = new URL(posted.headers.get('location')!, url).toString();
    const factorHtml = await (await browser.request(factorUrl)).text();
    assert.match(factorHtml, /aplicación de autenticación/);
    const results = await inParallel(browser, factorUrl, factorHtml, (i) => ({ code: String(100000 + i) }), 40);
    assert.deepEqual(tally(results), { 401: 4, 429: 36 });
    const stored = await sql<{ failed_sign_ins: number }>`SELECT failed_sign_ins FROM identity.account WHERE id = ${person.id}`.execute(db());
    assert.equal(stored.rows[0]!.failed_sign_ins, 5, 'the right password did not count; five codes did');
  });

  it('counts only 5 of 25 parallel wrong enrolment confirmations, then refuses the right code until the lock runs out', async () => {
    const person = await registerPerson(t, 'paralelo-alta@correo.bo');
    const owner = new HttpSession();
    await signInPortal(t, owner, person.email, person.password);
    const security = await (await owner.request(`${t.baseUrl}/cuenta/seguridad`)).text();
    const started = await owner.submit(
      `${t.baseUrl}/cuenta/seguridad`,
      security,
      {},
      formIndex(security, (f) => f.action === '/cuenta/seguridad/activar'),
    );
    const enrolHtml = await started.text();
    const secret = /<code>([A-Z2-7 ]+)<\/code>/.exec(enrolHtml)?.[1]?.replace(/\s+/g, '');
    assert.ok(secret, 'the key is shown');
    const confirm = formIndex(enrolHtml, (f) => f.action === '/cuenta/seguridad/confirmar');
    const right = totpCode(secret);
    const wrong = (i: number) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
    const responses = await Promise.all(Array.from({ length: 25 }, (_, i) => owner.submit(`${t.baseUrl}/cuenta/seguridad`, enrolHtml, { code: wrong(i) }, confirm)));
    assert.deepEqual(tally(responses), { 400: 4, 429: 21 }, 'four wrong with tries left, the fifth locks, the rest refused unseen');
    const stored = async () =>
      (await sql<{ failed_sign_ins: number; totp_secret: string | null }>`SELECT failed_sign_ins, totp_secret FROM identity.account WHERE id = ${person.id}`.execute(db())).rows[0]!;
    assert.equal((await stored()).failed_sign_ins, 5, 'five counted, not twenty-five');
    const refused = await owner.submit(`${t.baseUrl}/cuenta/seguridad`, enrolHtml, { code: totpCode(secret) }, confirm);
    assert.equal(refused.status, 429, 'the right code is refused while locked');
    assert.equal((await stored()).totp_secret, null, 'not enrolled');
    // The window passes: the right code turns the second factor on and clears the count.
    await sql`UPDATE identity.account SET locked_until = now() - interval '1 second' WHERE id = ${person.id}`.execute(db());
    const accepted = await owner.submit(`${t.baseUrl}/cuenta/seguridad`, enrolHtml, { code: totpCode(secret) }, confirm);
    assert.equal(accepted.headers.get('location'), '/cuenta/seguridad?hecho=activado');
    const after = await stored();
    assert.equal(after.failed_sign_ins, 0);
    assert.ok(after.totp_secret, 'enrolled');
  });

  it('compares only 5 of 25 parallel registration codes, and the right one is then refused', async () => {
    const email = 'paralelo-codigo@correo.bo';
    const browser = new HttpSession();
    const { codeUrl, codeHtml } = await startRegistration(t, browser, registrationFields(email));
    const right = await codeFromSink(t, email);
    const wrong = (i: number) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
    const results = await inParallel(browser, codeUrl, codeHtml, (i) => ({ code: wrong(i) }), 25);
    assert.deepEqual(tally(results), { 400: 4, 429: 21 }, 'four wrong with tries left, then refused');
    const verification = await sql<{ attempts: number }>`SELECT attempts FROM identity.verification WHERE destination = ${email}`.execute(db());
    assert.equal(verification.rows[0]!.attempts, 5, 'five counted on a code limited to five');
    const failures = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM identity.verification_attempt a JOIN identity.verification v ON v.address_key = a.address_key
       WHERE v.destination = ${email} AND a.kind = 'code_failed'`.execute(db());
    assert.equal(failures.rows[0]!.n, 5, 'five towards the hourly limit');
    assert.ok(formsIn(codeHtml).length > 0);
    const late = await browser.submit(codeUrl, codeHtml, { code: right });
    assert.equal(late.status, 429, 'the right code after the limit is refused');
    const account = await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity.account WHERE email = ${email}`.execute(db());
    assert.equal(account.rows[0]!.n, 0);
  });
});

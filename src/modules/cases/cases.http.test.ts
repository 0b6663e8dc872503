// The whole journey over real HTTP (pages with JavaScript off, the API with access tokens
// from Ciudadanía Digital), and authorization: no person sees another's case, no official
// another agency's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { defaultWorkflow } from '../../platform/forms/index.ts';
import { addBusinessDays, businessDaysBetween, localDate } from '../../platform/country/business-days.ts';
import { ensureAccount, MAILBOX_SEND_SCOPE, verifyUserToken } from '../identity/index.ts';
import { applyLegalDeadlines, getAgencyStatistics } from './index.ts';

let t: TestApp & { baseUrl: string };
let agencyAdminId = '';
async function createProcedure(slug: string, agencyCode: string, tacitOutcome: 'approval' | 'denial' | 'none' = 'none'): Promise<void> {
  await createOnlineProcedure(t.app.tambo.deps.db, { slug, agencyCode, tacitOutcome });
}

/** Signs in on the portal through the provider's pages; the session keeps the cookie. */
async function signIn(login: string, password: string): Promise<HttpSession> {
  const browser = new HttpSession();
  let { response, url } = await browser.follow(`${t.baseUrl}/ingresar?volver=/mis-tramites`);
  let html = await response.text();
  assert.match(html, /name="password"/, `sign-in form expected at ${url}`);
  const posted = await browser.submit(url, html, { login, password });
  ({ response, url } = await browser.follow(new URL(posted.headers.get('location')!, url).toString()));
  html = await response.text();
  if (/quiere acceder/.test(html)) {
    const decided = await browser.submit(url, html, { decision: 'allow' });
    ({ response, url } = await browser.follow(new URL(decided.headers.get('location')!, url).toString()));
  }
  assert.equal(new URL(url).pathname, '/mis-tramites');
  return browser;
}

async function page(browser: HttpSession, path: string) {
  const { response, url } = await browser.follow(`${t.baseUrl}${path}`);
  return { status: response.status, html: await response.text(), url };
}

async function post(browser: HttpSession, path: string, fields: Record<string, string>, formIndex = 0) {
  const shown = await page(browser, path);
  const response = await browser.submit(shown.url, shown.html, fields, formIndex);
  if (response.status === 303) return { status: 303, location: response.headers.get('location')!, html: '' };
  return { status: response.status, location: '', html: await response.text() };
}

before(async () => {
  t = await listenTestApp();
  await t.app.tambo.seed();
  await createProcedure('certificado-prueba', 'SEGIP');
  await createProcedure('certificado-otra', 'OTRA');
  // SEGIP's agency admin, to whom overdue cases are escalated.
  agencyAdminId = await ensureAccount(t.app.tambo.deps, {
    country: 'bo',
    documentType: 'CI',
    documentNumber: '7123456 LP',
    givenName: 'Rosa',
    familyName: 'Flores',
    birthDate: '1980-02-02',
    email: 'jefa@prueba.tambo',
    emailVerified: true,
    phone: null,
    phoneVerified: false,
    address: null,
    territoryCode: null,
    level: 'sustancial',
    isPlatformAdmin: false,
    password: 'Clave-de-prueba-2026',
    roles: [{ agencyCode: 'SEGIP', role: 'agency_admin' }],
  });
});
after(async () => t.close());

describe('cases', () => {
  let code = '';
  let citizen: HttpSession;
  let official: HttpSession;

  it('publishes the JSON Schemas of definitions', async () => {
    const response = await fetch(`${t.baseUrl}/api/v1/schemas/form-definition.json`);
    assert.equal(response.status, 200);
    const schema = (await response.json()) as { $id: string };
    assert.equal(schema.$id, '/api/v1/schemas/form-definition.json');
    assert.equal((await fetch(`${t.baseUrl}/api/v1/schemas/workflow-definition.json`)).status, 200);
  });

  it('a person applies page by page: field errors keep what was typed, prefilled data is not asked, resume works', async () => {
    citizen = await signIn('ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    const first = await page(citizen, '/solicitar/certificado-prueba');
    assert.match(first.url, /\/solicitar\/certificado-prueba\/datos$/);
    assert.match(first.html, /María Quispe Mamani/); // known, shown
    assert.doesNotMatch(first.html, /name="fullName"/); // not asked
    const bad = await citizen.submit(first.url, first.html, { 'birthDate-day': '31', 'birthDate-month': '2', 'birthDate-year': '2020', copies: 'tres' });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /Escriba una fecha real/);
    assert.match(badHtml, /Escriba un número/);
    assert.match(badHtml, /href="#campo-birthDate"/);
    assert.match(badHtml, /value="tres"/); // what was typed is shown back
    // Leaving and resuming later shows the page as it was left: what was typed, with its problems.
    const resumed = await page(citizen, '/solicitar/certificado-prueba');
    assert.match(resumed.url, /\/datos$/);
    assert.match(resumed.html, /value="tres"/);
    assert.match(resumed.html, /value="31"/);
    assert.match(resumed.html, /Escriba un número/);
    const good = await citizen.submit(first.url, badHtml, { 'birthDate-day': '28', 'birthDate-month': '2', 'birthDate-year': '2020', copies: '2' });
    assert.equal(good.status, 303);
    // Resume later: the first page shows the saved answers, and the flow continues where it stopped.
    const again = await page(citizen, '/solicitar/certificado-prueba');
    assert.match(again.url, /\/motivo$/);
    const back = await page(citizen, '/solicitar/certificado-prueba/datos');
    assert.match(back.html, /value="28"/);
    assert.doesNotMatch(back.html, /value="tres"|Escriba un número/); // accepted: no longer pending
    const purpose = await post(citizen, '/solicitar/certificado-prueba/motivo', { purpose: 'work' });
    assert.match(purpose.location, /\/revisar$/);
    const check = await page(citizen, '/solicitar/certificado-prueba/revisar');
    assert.match(check.html, /Revise sus respuestas/);
    const sent = await citizen.submit(check.url, check.html, {});
    assert.equal(sent.status, 303);
    code = /\/mis-tramites\/(TR-[A-Z0-9-]+)/.exec(sent.headers.get('location')!)![1]!;
    const receipt = await page(citizen, `/mis-tramites/${code}?enviado=1`);
    assert.match(receipt.html, new RegExp(code));
    const outbox = await sql<{ payload: Record<string, unknown> }>`SELECT payload FROM platform.outbox WHERE topic = 'cases.submitted'`.execute(t.app.tambo.deps.db);
    assert.equal(outbox.rows.length, 1);
    assert.equal(outbox.rows[0]!.payload.trackingCode, code);
    assert.equal(outbox.rows[0]!.payload.agencyCode, 'SEGIP');
  });

  it('the public lookup shows only the status', async () => {
    const found = await fetch(`${t.baseUrl}/seguimiento?codigo=${code}`);
    const html = await found.text();
    assert.equal(found.status, 200);
    assert.match(html, /Presentado/);
    assert.doesNotMatch(html, /2020/);
    assert.equal((await fetch(`${t.baseUrl}/seguimiento?codigo=TR-2222-2222`)).status, 404);
  });

  it('the official requests a correction with a reason; the person corrects the same case; the official approves', async () => {
    official = await signIn('funcionario@demo.tambo', 'Demo-2026-funcionario');
    const queue = await page(official, '/gestion/expedientes?filtro=unassigned');
    assert.match(queue.html, new RegExp(code));
    const take = await post(official, `/gestion/expedientes/${code}`, { transition: 'take' }, 1);
    assert.equal(take.status, 303);
    const noReason = await post(official, `/gestion/expedientes/${code}`, { transition: 'request_correction', reason: '' });
    assert.equal(noReason.status, 400);
    assert.match(noReason.html, /Escriba el motivo/);
    const asked = await post(official, `/gestion/expedientes/${code}`, { transition: 'request_correction', reason: 'Revise la fecha de nacimiento' });
    assert.equal(asked.status, 303);
    const notice = await sql<{ payload: Record<string, unknown> }>`SELECT payload FROM platform.outbox WHERE topic = 'cases.correction_requested'`.execute(t.app.tambo.deps.db);
    assert.equal(notice.rows[0]!.payload.trackingCode, code);
    // The legal clock pauses while the person corrects: pretend the correction was asked 20 calendar days ago.
    const db = t.app.tambo.deps.db;
    const paused = await sql<{ paused_on: string; due: string }>`UPDATE cases.case SET paused_on = paused_on - 20 WHERE tracking_code = ${code}
      RETURNING to_char(paused_on, 'YYYY-MM-DD') AS paused_on, to_char(due_date, 'YYYY-MM-DD') AS due`.execute(db);
    const { paused_on: pausedOn, due: dueBefore } = paused.rows[0]!;
    const mine = await page(citizen, `/mis-tramites/${code}`);
    assert.match(mine.html, /Revise la fecha de nacimiento/);
    const wrong = await post(citizen, `/mis-tramites/${code}/corregir`, { 'birthDate-day': '99', 'birthDate-month': '1', 'birthDate-year': '2021', copies: '2', purpose: 'work' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.html, /value="99"/);
    const country = t.app.tambo.deps.country;
    const dayBefore = localDate(country, new Date());
    const fixed = await post(citizen, `/mis-tramites/${code}/corregir`, { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2021', copies: '2', purpose: 'work' });
    assert.equal(fixed.status, 303);
    const resumed = await sql<{ due: string; paused_on: string | null }>`SELECT to_char(due_date, 'YYYY-MM-DD') AS due, paused_on FROM cases.case WHERE tracking_code = ${code}`.execute(db);
    // (Either day, should the request have crossed midnight in the country's time zone.)
    const expected = [dayBefore, localDate(country, new Date())].map((day) => addBusinessDays(country, dueBefore, businessDaysBetween(country, pausedOn, day)));
    assert.equal(resumed.rows[0]!.paused_on, null);
    assert.ok(expected.includes(resumed.rows[0]!.due), `${resumed.rows[0]!.due} in ${expected.join(', ')}`);
    assert.ok(resumed.rows[0]!.due > dueBefore);
    await post(official, `/gestion/expedientes/${code}`, { transition: 'take' }, 0);
    const approved = await post(official, `/gestion/expedientes/${code}`, { transition: 'approve', reason: 'Cumple los requisitos' });
    assert.equal(approved.status, 303);
    const row = await sql<{ state: string; answers: { birthDate: string } }>`SELECT state, answers FROM cases.case WHERE tracking_code = ${code}`.execute(t.app.tambo.deps.db);
    assert.deepEqual([row.rows[0]!.state, row.rows[0]!.answers.birthDate], ['approved', '2021-01-01']);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action LIKE 'cases.%'`.execute(t.app.tambo.deps.db);
    assert.ok(audit.rows[0]!.n >= 6);
  });

  it('the person sees the outcome and rates it; statistics are pushed to the catalog', async () => {
    const shown = await page(citizen, `/mis-tramites/${code}`);
    assert.match(shown.html, /fue aprobado/);
    assert.match((await page(citizen, '/mis-tramites')).html, new RegExp(`${code}[\\s\\S]*Aprobado`));
    const invalid = await post(citizen, `/mis-tramites/${code}`, { comment: 'x' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.html, /Elija una valoración/);
    assert.equal((await post(citizen, `/mis-tramites/${code}`, { score: '5', comment: 'Rápido' })).status, 303);
    await t.drain();
    const stats = await sql<Record<string, unknown>>`SELECT * FROM catalog.procedure_statistics`.execute(t.app.tambo.deps.db);
    assert.equal(stats.rows.length, 1);
    assert.deepEqual([stats.rows[0]!.applications, stats.rows[0]!.completed, Number(stats.rows[0]!.satisfaction_average), stats.rows[0]!.satisfaction_count], [1, 1, 5, 1]);
    const agency = await getAgencyStatistics(t.app.tambo.deps, 'SEGIP');
    assert.deepEqual([agency.applications, agency.completed, agency.satisfactionAverage, agency.satisfactionCount, agency.shareWithinLegalTime], [1, 1, 5, 1, 1]);
  });

  it('uploads are checked by content and size, stored, and kept when the page is shown again', async () => {
    const fileForm = {
      version: 1 as const,
      pages: [
        {
          id: 'documentos',
          title: { es: 'Documentos', en: 'Documents' },
          components: [{ id: 'proof', type: 'file' as const, label: { es: 'Comprobante', en: 'Proof' }, accept: ['application/pdf' as const], maxBytes: 2000 }],
        },
      ],
    };
    await createOnlineProcedure(t.app.tambo.deps.db, { slug: 'certificado-archivo', agencyCode: 'SEGIP', form: fileForm });
    const shown = await page(citizen, '/solicitar/certificado-archivo');
    assert.match(shown.html, /enctype="multipart\/form-data"/);
    const csrf = formsIn(shown.html)[0]!.hidden._csrf!;
    const send = (bytes: Uint8Array<ArrayBuffer>, name: string) => {
      const data = new FormData();
      data.append('_csrf', csrf);
      data.append('proof', new Blob([bytes], { type: 'application/pdf' }), name);
      return citizen.request(shown.url, { method: 'POST', body: data });
    };
    const text = await send(new TextEncoder().encode('not a pdf at all'), 'fake.pdf');
    assert.equal(text.status, 400);
    assert.match(await text.text(), /El archivo debe ser PDF/);
    const pdf = new Uint8Array([...new TextEncoder().encode('%PDF-1.4\n'), ...new Uint8Array(100)]);
    const big = new Uint8Array([...pdf, ...new Uint8Array(3000)]);
    const tooBig = await send(big, 'big.pdf');
    assert.equal(tooBig.status, 400);
    assert.match(await tooBig.text(), /como máximo 1 MB|hasta/);
    assert.equal((await send(pdf, 'comprobante.pdf')).status, 303);
    const again = await page(citizen, '/solicitar/certificado-archivo/documentos');
    assert.match(again.html, /Archivo adjunto: comprobante.pdf/);
    const sent = await post(citizen, '/solicitar/certificado-archivo/revisar', {});
    const fileCode = /TR-[A-Z0-9-]+/.exec(sent.location)![0];
    const row = await sql<{ answers: { proof: { sha256: string; mediaType: string; size: number } } }>`SELECT answers FROM cases.case WHERE tracking_code = ${fileCode}`.execute(t.app.tambo.deps.db);
    const proof = row.rows[0]!.answers.proof;
    assert.deepEqual([proof.mediaType, proof.size], ['application/pdf', pdf.length]);
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM platform.file WHERE sha256 = ${proof.sha256}`.execute(t.app.tambo.deps.db);
    assert.equal(stored.rows[0]!.n, 1);
  });

  it("no person sees another person's case; no official sees another agency's", async () => {
    const stranger = await signIn('admin@demo.tambo', 'Demo-2026-admin');
    assert.equal((await page(stranger, `/mis-tramites/${code}`)).status, 404);
    assert.equal((await page(citizen, `/gestion/expedientes/${code}`)).status, 403);
    // A case of another agency is invisible to SEGIP's official.
    const other = await post(citizen, '/solicitar/certificado-otra/datos', { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1' });
    assert.equal(other.status, 303);
    await post(citizen, '/solicitar/certificado-otra/motivo', { purpose: 'other' });
    const sent = await post(citizen, '/solicitar/certificado-otra/revisar', {});
    const otherCode = /TR-[A-Z0-9-]+/.exec(sent.location)![0];
    assert.equal((await page(official, `/gestion/expedientes/${otherCode}`)).status, 404);
    assert.doesNotMatch((await page(official, '/gestion/expedientes')).html, new RegExp(otherCode));
  });

  it('an official assigns a case to a colleague of the agency, never to someone else', async () => {
    const db = t.app.tambo.deps.db;
    const path = `/gestion/expedientes/${code}`;
    const assignForm = formsIn((await page(official, path)).html).findIndex((f) => f.action.endsWith('/asignar'));
    const refused = await post(official, path, { 'assignee-type': 'CI', 'assignee-number': '4567891 LP' }, assignForm);
    assert.equal(refused.status, 400);
    assert.match(refused.html, /Elija a un funcionario de la institución/);
    assert.match(refused.html, /value="4567891 LP"/);
    // A colleague: a second case handler of the same agency.
    await sql`INSERT INTO identity.role_assignment (account_id, agency_code, role) SELECT id, 'SEGIP', 'case_handler' FROM identity.account WHERE email = 'admin@demo.tambo'`.execute(db);
    assert.equal((await post(official, path, { 'assignee-type': 'CI', 'assignee-number': '2345678 LP' }, assignForm)).status, 303);
    const row = await sql<{ email: string }>`SELECT a.email FROM cases.case c JOIN identity.account a ON a.id = c.assignee_id WHERE c.tracking_code = ${code}`.execute(db);
    assert.equal(row.rows[0]!.email, 'admin@demo.tambo');
    await sql`DELETE FROM identity.role_assignment WHERE agency_code = 'SEGIP' AND account_id = (SELECT id FROM identity.account WHERE email = 'admin@demo.tambo')`.execute(db);
  });

  it('an official files an application at the counter for a person, recorded as assisted', async () => {
    const path = '/gestion/solicitar?tramite=certificado-prueba';
    const unknown = await post(
      official,
      path,
      { 'person-type': 'CI', 'person-number': '9999999 LP', 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1', purpose: 'work' },
      0,
    );
    assert.equal(unknown.status, 400);
    assert.match(unknown.html, /No hay ninguna cuenta con ese documento/);
    assert.match(unknown.html, /value="9999999 LP"/);
    const filed = await post(
      official,
      path,
      { 'person-type': 'CI', 'person-number': '4567891 LP', 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1', purpose: 'work' },
      0,
    );
    assert.equal(filed.status, 303, filed.html.slice(0, 300));
    const assisted = /TR-[A-Z0-9-]+/.exec(filed.location)![0];
    const row = await sql<{ channel: string; filed_by: string | null; answers: { fullName: string } }>`SELECT channel, filed_by, answers FROM cases.case WHERE tracking_code = ${assisted}`.execute(
      t.app.tambo.deps.db,
    );
    assert.equal(row.rows[0]!.channel, 'assisted');
    assert.ok(row.rows[0]!.filed_by);
    assert.equal(row.rows[0]!.answers.fullName, 'María Quispe Mamani');
    assert.match((await page(citizen, '/mis-tramites')).html, new RegExp(assisted));
    assert.equal((await page(citizen, path)).status, 403);
    assert.equal((await page(official, '/gestion/solicitar?tramite=certificado-otra')).status, 403);
  });

  it('at the counter, a registrar creates the account of a person who has none (sustancial, audited), then files for them', async () => {
    const db = t.app.tambo.deps.db;
    const path = '/gestion/solicitar/cuenta?tramite=certificado-prueba';
    assert.match((await page(official, '/gestion/solicitar?tramite=certificado-prueba')).html, /href="\/gestion\/solicitar\/cuenta\?tramite=certificado-prueba"/);
    const person = {
      documentType: 'CI',
      documentNumber: '8765432 LP',
      givenName: 'Juana',
      familyName: 'Condori',
      'birthDate-day': '31',
      'birthDate-month': '2',
      'birthDate-year': '1990',
      email: '',
      phone: '',
      office: 'Oficina central',
    };
    const wrong = await post(official, path, person);
    assert.equal(wrong.status, 400);
    assert.match(wrong.html, /href="#campo-birthDate"/);
    assert.match(wrong.html, /href="#campo-documentChecked"/);
    assert.match(wrong.html, /value="Juana"/);
    assert.match(wrong.html, /value="8765432 LP"/);
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity.account WHERE given_name = 'Juana'`.execute(db)).rows[0]!.n, 0);
    const created = await post(official, path, { ...person, 'birthDate-day': '28', documentChecked: 'yes' });
    assert.equal(created.status, 200, created.html.slice(0, 300));
    const shown = /id="campo-temporaryPassword"[^>]*value="([A-Z0-9-]{14})"|value="([A-Z0-9-]{14})"[^>]*id="campo-temporaryPassword"/.exec(created.html);
    assert.ok(shown, 'the temporary password is shown once');
    const account = await sql<{ id: string; level: string }>`SELECT id, level FROM identity.account WHERE document_number = '8765432 LP'`.execute(db);
    assert.equal(account.rows[0]!.level, 'sustancial');
    const audit = await sql<{
      actor_type: string;
      data: { agency: string };
    }>`SELECT actor_type, data FROM audit.entry WHERE action = 'identity.account_created' AND subject_id = ${account.rows[0]!.id}`.execute(db);
    assert.equal(audit.rows[0]!.actor_type, 'official');
    assert.equal(audit.rows[0]!.data.agency, 'SEGIP');
    // The same document twice: a field error, no second account.
    const again = await post(official, path, { ...person, 'birthDate-day': '28', documentChecked: 'yes' });
    assert.equal(again.status, 400);
    assert.match(again.html, /href="#campo-documentNumber"/);
    // Now the application can be filed for her.
    const filed = await post(
      official,
      '/gestion/solicitar?tramite=certificado-prueba',
      { 'person-type': 'CI', 'person-number': '8765432 LP', 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1', purpose: 'work' },
      0,
    );
    assert.equal(filed.status, 303, filed.html.slice(0, 300));
    // Without the registrar role: told to ask a registrar, and a POST creates nothing.
    await sql`DELETE FROM identity.role_assignment WHERE role = 'registrar' AND agency_code = 'SEGIP' AND account_id = (SELECT id FROM identity.account WHERE email = 'funcionario@demo.tambo')`.execute(
      db,
    );
    try {
      const refused = await page(official, path);
      assert.equal(refused.status, 200);
      assert.match(refused.html, /Pida a un registrador/);
      assert.doesNotMatch(refused.html, /name="givenName"/);
      // A POST anyway (with a valid CSRF token from another form) creates nothing.
      const hidden = formsIn((await page(official, '/gestion/solicitar?tramite=certificado-prueba')).html)[0]!.hidden;
      const forced = await official.request(`${t.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...hidden, ...person, documentNumber: '8765433 LP', 'birthDate-day': '28', documentChecked: 'yes' }).toString(),
      });
      assert.match(await forced.text(), /Pida a un registrador/);
      assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity.account WHERE document_number = '8765433 LP'`.execute(db)).rows[0]!.n, 0);
    } finally {
      await sql`INSERT INTO identity.role_assignment (account_id, agency_code, role) SELECT id, 'SEGIP', 'registrar' FROM identity.account WHERE email = 'funcionario@demo.tambo'`.execute(db);
    }
    assert.equal((await page(citizen, path)).status, 403);
    assert.equal((await page(official, '/gestion/solicitar/cuenta?tramite=certificado-otra')).status, 403);
  });

  it('the API takes access tokens from Ciudadanía Digital and answers field-level problems', async () => {
    const config = await oidc.discovery(new URL(`${t.baseUrl}/auth`), 'demo-rp', 'demo-rp-secret', undefined, { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: 'http://localhost:8400/callback',
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const browser = new HttpSession();
    let { response, url: at } = await browser.follow(url.toString(), {}, 'http://localhost:8400');
    let html = await response.text();
    const posted = await browser.submit(at, html, { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana' });
    ({ response, url: at } = await browser.follow(new URL(posted.headers.get('location')!, at).toString(), {}, 'http://localhost:8400'));
    if (new URL(at).origin !== 'http://localhost:8400') {
      html = await response.text();
      const decided = await browser.submit(at, html, { decision: 'allow' });
      ({ url: at } = await browser.follow(new URL(decided.headers.get('location')!, at).toString(), {}, 'http://localhost:8400'));
    }
    const tokens = await oidc.authorizationCodeGrant(config, new URL(at), { pkceCodeVerifier: verifier, expectedState: state });
    const auth = { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' };
    assert.equal((await fetch(`${t.baseUrl}/api/v1/cases`)).status, 401);
    for (const wrong of ['Bearer not-a-token-but-long-enough', `Basic ${tokens.access_token}`, `Bearer ${tokens.access_token}x`]) {
      assert.equal((await fetch(`${t.baseUrl}/api/v1/cases`, { headers: { authorization: wrong } })).status, 401, wrong);
    }
    // Identity owns the check: account, scopes and level, or why not.
    const checked = await verifyUserToken(t.app, auth.authorization);
    assert.ok('user' in checked && checked.user.scopes.includes('openid') && checked.user.level === 'sustancial', JSON.stringify(checked));
    assert.deepEqual(await verifyUserToken(t.app, auth.authorization, MAILBOX_SEND_SCOPE), { error: 'insufficient_scope' });
    assert.deepEqual(await verifyUserToken(t.app, 'Bearer xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), { error: 'invalid_token' });
    const bad = await fetch(`${t.baseUrl}/api/v1/cases`, { method: 'POST', headers: auth, body: JSON.stringify({ procedure: 'certificado-prueba', answers: { birthDate: '2020-13-01', copies: 9 } }) });
    assert.equal(bad.status, 400);
    const problem = (await bad.json()) as { code: string; errors: Array<{ pointer?: string }> };
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.deepEqual(problem.errors.map((e) => e.pointer).sort(), ['/answers/birthDate', '/answers/copies', '/answers/purpose']);
    const created = await fetch(`${t.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ procedure: 'certificado-prueba', answers: { birthDate: '2020-01-01', copies: 1, purpose: 'work' } }),
    });
    assert.equal(created.status, 201);
    const { trackingCode } = (await created.json()) as { trackingCode: string };
    const mine = (await (await fetch(`${t.baseUrl}/api/v1/cases`, { headers: auth })).json()) as { items: Array<{ trackingCode: string }> };
    assert.ok(mine.items.some((c) => c.trackingCode === trackingCode) && mine.items.some((c) => c.trackingCode === code));
    const one = (await (await fetch(`${t.baseUrl}/api/v1/cases/${trackingCode}`, { headers: auth })).json()) as { state: string; daysLeft: number };
    assert.equal(one.state, 'submitted');
    assert.equal(typeof one.daysLeft, 'number');
    // Territory answers are checked against the territorial registry, level included.
    await createOnlineProcedure(t.app.tambo.deps.db, {
      slug: 'certificado-territorio',
      agencyCode: 'SEGIP',
      form: {
        version: 1,
        pages: [{ id: 'lugar', title: { es: 'Lugar', en: 'Place' }, components: [{ id: 'place', type: 'territory', label: { es: 'Municipio', en: 'Municipality' }, level: 'municipio' }] }],
      },
    });
    const submitPlace = (place: string) => fetch(`${t.baseUrl}/api/v1/cases`, { method: 'POST', headers: auth, body: JSON.stringify({ procedure: 'certificado-territorio', answers: { place } }) });
    for (const wrong of ['BO-L-99-99', 'BO-L']) {
      const refused = await submitPlace(wrong);
      assert.equal(refused.status, 400, wrong);
      assert.deepEqual(
        ((await refused.json()) as { errors: Array<{ pointer?: string }> }).errors.map((e) => e.pointer),
        ['/answers/place'],
      );
    }
    assert.equal((await submitPlace('BO-L-01-01')).status, 201);
    // On the page, the territory is picked from a list of the units of that level (no JavaScript needed).
    const picker = await page(citizen, '/solicitar/certificado-territorio');
    assert.match(picker.html, /<select[^>]*name="place"/);
    assert.match(picker.html, /<option value="BO-L-01-01"[^>]*>La Paz \(La Paz\)/);
    assert.doesNotMatch(picker.html, /value="BO-L-01"/);
    const transition = await fetch(`${t.baseUrl}/api/v1/cases/${trackingCode}/transitions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ transition: 'approve', reason: 'self-approval' }),
    });
    assert.equal(transition.status, 404); // the person is no official of the agency
  });

  it('legal time: an overdue case is escalated, and the tacit outcome applies where the law says so', async () => {
    const db = t.app.tambo.deps.db;
    await createProcedure('certificado-tacito', 'SEGIP', 'approval');
    const citizenPosts = async (slug: string) => {
      await post(citizen, `/solicitar/${slug}/datos`, { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1' });
      await post(citizen, `/solicitar/${slug}/motivo`, { purpose: 'work' });
      return /TR-[A-Z0-9-]+/.exec((await post(citizen, `/solicitar/${slug}/revisar`, {})).location)![0];
    };
    const plain = await citizenPosts('certificado-prueba');
    const tacit = await citizenPosts('certificado-tacito');
    await sql`UPDATE cases.case SET due_date = '2026-01-05' WHERE tracking_code IN (${plain}, ${tacit})`.execute(db);
    const result = await applyLegalDeadlines(t.app.tambo.deps, '2026-01-07');
    assert.deepEqual(result, { escalated: 1, tacit: 1, expired: 0 });
    const rows = await sql<{
      tracking_code: string;
      state: string;
      is_escalated: boolean;
    }>`SELECT tracking_code, state, is_escalated FROM cases.case WHERE tracking_code IN (${plain}, ${tacit})`.execute(db);
    const byCode = Object.fromEntries(rows.rows.map((r) => [r.tracking_code, r]));
    assert.equal(byCode[plain]!.is_escalated, true);
    assert.equal(byCode[tacit]!.state, 'approved');
    const overdue = await page(official, '/gestion/expedientes?filtro=overdue');
    assert.match(overdue.html, new RegExp(plain));
    // The agency's admins are told in their mailbox (the escalation), once each.
    await t.drain();
    const told = await sql<{ recipient_account_id: string; subject: string }>`
      SELECT recipient_account_id, subject FROM mailbox.message WHERE subject LIKE 'Plazo legal vencido:%'`.execute(db);
    assert.deepEqual(
      told.rows.map((r) => [r.recipient_account_id, r.subject.includes(plain)]),
      [[agencyAdminId, true]],
    );
  });

  it('correction deadline: a case left observed past 10 business days is closed as abandoned, audited, and the person told', async () => {
    const db = t.app.tambo.deps.db;
    const apply = async () => {
      await post(citizen, '/solicitar/certificado-prueba/datos', { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1' });
      await post(citizen, '/solicitar/certificado-prueba/motivo', { purpose: 'work' });
      const sent = /TR-[A-Z0-9-]+/.exec((await post(citizen, '/solicitar/certificado-prueba/revisar', {})).location)![0];
      assert.equal((await post(official, `/gestion/expedientes/${sent}`, { transition: 'take' }, 1)).status, 303);
      assert.equal((await post(official, `/gestion/expedientes/${sent}`, { transition: 'request_correction', reason: 'Falta la firma' })).status, 303);
      return sent;
    };
    const late = await apply();
    const recent = await apply();
    // The correction was asked 20 calendar days ago (more than 10 business days) for one, 3 days ago for the other.
    await sql`UPDATE cases.case SET paused_on = paused_on - 20, state_entered_at = state_entered_at - interval '20 days' WHERE tracking_code = ${late}`.execute(db);
    await sql`UPDATE cases.case SET paused_on = paused_on - 3, state_entered_at = state_entered_at - interval '3 days' WHERE tracking_code = ${recent}`.execute(db);
    // Through the scheduled job itself, as its hourly tick runs it.
    assert.ok(t.app.tambo.schedule.some((s) => s.job === 'cases:apply_deadlines'));
    await t.app.tambo.jobHandlers.get('cases:apply_deadlines')!({}, { jobId: 'test', attempt: 1 });
    const rows = await sql<{ tracking_code: string; state: string; outcome: string | null }>`SELECT tracking_code, state, outcome FROM cases.case WHERE tracking_code IN (${late}, ${recent})`.execute(
      db,
    );
    const byCode = Object.fromEntries(rows.rows.map((r) => [r.tracking_code, r]));
    assert.deepEqual([byCode[late]!.state, byCode[late]!.outcome], ['rejected', 'rejected']);
    assert.deepEqual([byCode[recent]!.state, byCode[recent]!.outcome], ['observed', null]);
    const audit = await sql<{
      data: { transition: string };
    }>`SELECT data FROM audit.entry WHERE action = 'cases.case_transitioned' AND data->>'trackingCode' = ${late} AND data->>'to' = 'rejected'`.execute(db);
    assert.equal(audit.rows[0]!.data.transition, 'abandon');
    // A second run changes nothing; the person can no longer correct the closed case.
    assert.equal((await applyLegalDeadlines(t.app.tambo.deps)).expired, 0);
    assert.notEqual((await post(citizen, `/mis-tramites/${late}/corregir`, { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2021', copies: '2', purpose: 'work' })).status, 303);
    await t.drain();
    const told = await sql<{ subject: string }>`SELECT m.subject FROM mailbox.message m JOIN identity.account a ON a.id = m.recipient_account_id
      WHERE a.email = 'ciudadana@demo.tambo' AND m.subject LIKE 'Trámite cerrado por falta de corrección:%'`.execute(db);
    assert.deepEqual(
      told.rows.map((r) => r.subject.includes(late)),
      [true],
    );
    assert.match((await page(citizen, `/mis-tramites/${late}`)).html, /Desistimiento: no corrigió en plazo|Rechazado/);
  });

  it('a state deadline with a running clock: past it, the onExpiry system transition applies, audited', async () => {
    const db = t.app.tambo.deps.db;
    // "in review" must be left within 3 business days; past them the case returns to the queue.
    const workflow = structuredClone(defaultWorkflow);
    workflow.states.find((s) => s.id === 'in_review')!.deadline = { businessDays: 3, onExpiry: 'review_lapsed' };
    workflow.transitions.push({ id: 'review_lapsed', from: ['in_review'], to: 'submitted', label: { es: 'Revisión vencida', en: 'Review lapsed' }, actor: 'system' });
    const { versionId } = await createOnlineProcedure(db, { slug: 'certificado-plazo', agencyCode: 'SEGIP' });
    await sql`UPDATE catalog.procedure_version SET workflow = ${JSON.stringify(workflow)}::jsonb WHERE id = ${versionId}`.execute(db);
    const apply = async () => {
      await post(citizen, '/solicitar/certificado-plazo/datos', { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1' });
      await post(citizen, '/solicitar/certificado-plazo/motivo', { purpose: 'work' });
      const sent = /TR-[A-Z0-9-]+/.exec((await post(citizen, '/solicitar/certificado-plazo/revisar', {})).location)![0];
      assert.equal((await post(official, `/gestion/expedientes/${sent}`, { transition: 'take' }, 1)).status, 303);
      return sent;
    };
    const late = await apply();
    const recent = await apply();
    await sql`UPDATE cases.case SET state_entered_at = state_entered_at - interval '20 days' WHERE tracking_code = ${late}`.execute(db);
    await sql`UPDATE cases.case SET state_entered_at = state_entered_at - interval '1 day' WHERE tracking_code = ${recent}`.execute(db);
    const states = async () =>
      Object.fromEntries(
        (
          await sql<{ tracking_code: string; state: string; paused_on: string | null }>`SELECT tracking_code, state, paused_on FROM cases.case WHERE tracking_code IN (${late}, ${recent})`.execute(db)
        ).rows.map((r) => [r.tracking_code, [r.state, r.paused_on]]),
      );
    assert.deepEqual(await states(), { [late]: ['in_review', null], [recent]: ['in_review', null] });
    await t.app.tambo.jobHandlers.get('cases:apply_deadlines')!({}, { jobId: 'test', attempt: 1 });
    assert.deepEqual(await states(), { [late]: ['submitted', null], [recent]: ['in_review', null] });
    const audit = await sql<{
      actor_type: string;
      data: { transition: string };
    }>`SELECT actor_type, data FROM audit.entry WHERE action = 'cases.case_transitioned' AND data->>'trackingCode' = ${late} AND data->>'to' = 'submitted'`.execute(db);
    assert.deepEqual(
      audit.rows.map((r) => [r.actor_type, r.data.transition]),
      [['system', 'review_lapsed']],
    );
    // A second run changes nothing more.
    await t.app.tambo.jobHandlers.get('cases:apply_deadlines')!({}, { jobId: 'test', attempt: 1 });
    assert.deepEqual(await states(), { [late]: ['submitted', null], [recent]: ['in_review', null] });
  });

  it("the queue filters by procedure with a plain GET form; only the agency's procedures are offered", async () => {
    const db = t.app.tambo.deps.db;
    const ids = await sql<{ slug: string; id: string }>`SELECT slug, id FROM catalog.procedure WHERE slug IN ('certificado-prueba', 'certificado-tacito', 'certificado-otra')`.execute(db);
    const idOf = Object.fromEntries(ids.rows.map((r) => [r.slug, r.id]));
    const queue = await page(official, '/gestion/expedientes?filtro=closed');
    const form = formsIn(queue.html).find((f) => f.action === '/gestion/expedientes')!;
    assert.deepEqual(form.hidden, { filtro: 'closed' }); // GET form: the current list is kept, no CSRF token needed
    assert.match(queue.html, new RegExp(`<option value="${idOf['certificado-tacito']}"[^>]*>Certificado de prueba certificado-tacito`));
    assert.doesNotMatch(queue.html, new RegExp(idOf['certificado-otra']!)); // another agency's procedure is not offered
    const tacitCodes = await sql<{ tracking_code: string }>`SELECT tracking_code FROM cases.case WHERE procedure_id = ${idOf['certificado-tacito']}`.execute(db);
    // What the browser sends when the form is submitted with JavaScript off.
    const filtered = await page(official, `/gestion/expedientes?filtro=closed&procedimiento=${idOf['certificado-tacito']}`);
    assert.equal(filtered.status, 200);
    for (const row of tacitCodes.rows) assert.match(filtered.html, new RegExp(row.tracking_code));
    assert.doesNotMatch(filtered.html, new RegExp(code)); // approved, but of certificado-prueba
    assert.match(filtered.html, new RegExp(`<option value="${idOf['certificado-tacito']}" selected`));
    assert.match(filtered.html, new RegExp(`filtro=open&amp;procedimiento=${idOf['certificado-tacito']}`)); // the list links keep the procedure
    // Another agency's procedure, or garbage, filters nothing (and never fails).
    for (const other of [idOf['certificado-otra'], 'not-a-uuid']) {
      const all = await page(official, `/gestion/expedientes?filtro=closed&procedimiento=${other}`);
      assert.equal(all.status, 200);
      assert.match(all.html, new RegExp(code));
    }
  });
});

// The whole journey over real HTTP (pages with JavaScript off, the API with access tokens
// from Ciudadanía Digital), and authorization: no person sees another's case, no official
// another agency's. Each test makes the cases it needs (cases.test-helpers.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { authorizationRequest, discoverProvider } from '../../../test/helpers/identity.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { addBusinessDays, businessDaysBetween, localDate } from '../../platform/country/business-days.ts';
import { MAX_FILE_BYTES } from '../../platform/forms/index.ts';
import { verifyUserToken } from '../identity/index.ts';
import { MAILBOX_SEND_SCOPE } from '../mailbox/index.ts';
import { CasesHarness } from './cases.test-helpers.ts';
import { listAgencyStatistics, listProcedureStatistics } from '../catalog/index.ts';
import { performOfficialTransition } from './services/transitions.service.ts';

const h = new CasesHarness();
const { page, post } = h;
before(h.start);
after(h.close);

describe('cases', () => {
  it('publishes the JSON Schemas of definitions', async () => {
    const response = await fetch(`${h.t.baseUrl}/api/v1/schemas/form-definition.json`);
    assert.equal(response.status, 200);
    const schema = (await response.json()) as { $id: string };
    assert.equal(schema.$id, '/api/v1/schemas/form-definition.json');
    assert.equal((await fetch(`${h.t.baseUrl}/api/v1/schemas/workflow-definition.json`)).status, 200);
  });

  it('a person applies page by page: field errors keep what was typed, prefilled data is not asked, resume works', async () => {
    const citizen = await h.citizen();
    await h.createProcedure('certificado-paginas', 'SEGIP');
    const first = await page(citizen, '/solicitar/certificado-paginas');
    assert.match(first.url, /\/solicitar\/certificado-paginas\/datos$/);
    assert.match(first.html, /María Quispe Mamani/); // known, shown
    assert.doesNotMatch(first.html, /name="fullName"/); // not asked
    const bad = await citizen.submit(first.url, first.html, { 'birthDate-day': '31', 'birthDate-month': '2', 'birthDate-year': '2020', copies: 'tres' });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    // Each problem names its field and what to do (not "Complete este dato" twice).
    assert.match(badHtml, /href="#campo-birthDate"[^>]*>Fecha de nacimiento del hijo: escriba una fecha real/);
    assert.match(badHtml, /Copias: escriba un número/);
    assert.match(badHtml, /value="tres"/); // what was typed is shown back
    const empty = await citizen.submit(first.url, first.html, {});
    const emptyHtml = await empty.text();
    assert.match(emptyHtml, /Complete «Fecha de nacimiento del hijo»/);
    assert.match(emptyHtml, /Complete «Copias»/);
    assert.doesNotMatch(emptyHtml, /Complete este dato/);
    await citizen.submit(first.url, first.html, { 'birthDate-day': '31', 'birthDate-month': '2', 'birthDate-year': '2020', copies: 'tres' });
    // Leaving and resuming later shows the page as it was left: what was typed, without the
    // problems of that earlier submission (they show again only if it is sent as it is).
    const resumed = await page(citizen, '/solicitar/certificado-paginas');
    assert.match(resumed.url, /\/datos$/);
    assert.equal(resumed.status, 200);
    assert.match(resumed.html, /value="tres"/);
    assert.match(resumed.html, /value="31"/);
    assert.doesNotMatch(resumed.html, /escriba un número|class="error-summary|<title>Error/i);
    const good = await citizen.submit(first.url, badHtml, { 'birthDate-day': '28', 'birthDate-month': '2', 'birthDate-year': '2020', copies: '2' });
    assert.equal(good.status, 303);
    // Resume later: the first page shows the saved answers, and the flow continues where it stopped.
    const again = await page(citizen, '/solicitar/certificado-paginas');
    assert.match(again.url, /\/motivo$/);
    const back = await page(citizen, '/solicitar/certificado-paginas/datos');
    assert.match(back.html, /value="28"/);
    assert.doesNotMatch(back.html, /value="tres"|Escriba un número/); // accepted: no longer pending
    const purpose = await post(citizen, '/solicitar/certificado-paginas/motivo', { purpose: 'work' });
    assert.match(purpose.location, /\/revisar$/);
    const check = await page(citizen, '/solicitar/certificado-paginas/revisar');
    assert.match(check.html, /Revise sus respuestas/);
    const sent = await citizen.submit(check.url, check.html, {});
    assert.equal(sent.status, 303);
    const code = /\/mis-tramites\/(TR-[A-Z0-9-]+)/.exec(sent.headers.get('location')!)![1]!;
    const receipt = await page(citizen, `/mis-tramites/${code}?enviado=1`);
    assert.match(receipt.html, new RegExp(code));
    const outbox = await sql<{ payload: Record<string, unknown> }>`SELECT payload FROM platform.outbox WHERE topic = 'cases.submitted' AND payload->>'trackingCode' = ${code}`.execute(
      h.t.app.tambo.deps.db,
    );
    assert.equal(outbox.rows.length, 1);
    assert.equal(outbox.rows[0]!.payload.trackingCode, code);
    assert.equal(outbox.rows[0]!.payload.agencyCode, 'SEGIP');
  });

  it('the public lookup shows only the status', async () => {
    const code = await h.applyOnline();
    const found = await fetch(`${h.t.baseUrl}/seguimiento?codigo=${code}`);
    const html = await found.text();
    assert.equal(found.status, 200);
    assert.match(html, /Presentado/);
    assert.doesNotMatch(html, /2020/);
    assert.equal((await fetch(`${h.t.baseUrl}/seguimiento?codigo=TR-2222-2222`)).status, 404);
  });

  it('the official requests a correction with a reason; the person corrects the same case; the official approves', async () => {
    const code = await h.applyOnline();
    const citizen = await h.citizen();
    const official = await h.official();
    const queue = await page(official, '/gestion/expedientes?filtro=unassigned');
    assert.match(queue.html, new RegExp(code));
    const take = await h.act(code, 'take');
    assert.equal(take.status, 303);
    const noReason = await h.act(code, 'request_correction', '');
    assert.equal(noReason.status, 400);
    assert.match(noReason.html, /Escriba el motivo/);
    const asked = await h.act(code, 'request_correction', 'Revise la fecha de nacimiento');
    assert.equal(asked.status, 303);
    const notice = await sql<{ payload: Record<string, unknown> }>`SELECT payload FROM platform.outbox WHERE topic = 'cases.correction_requested'`.execute(h.t.app.tambo.deps.db);
    assert.equal(notice.rows[0]!.payload.trackingCode, code);
    // The legal clock pauses while the person corrects: pretend the correction was asked 20 calendar days ago.
    const db = h.t.app.tambo.deps.db;
    const paused = await sql<{ paused_on: string; due: string }>`UPDATE cases.case SET paused_on = paused_on - 20 WHERE tracking_code = ${code}
      RETURNING to_char(paused_on, 'YYYY-MM-DD') AS paused_on, to_char(due_date, 'YYYY-MM-DD') AS due`.execute(db);
    const { paused_on: pausedOn, due: dueBefore } = paused.rows[0]!;
    const mine = await page(citizen, `/mis-tramites/${code}`);
    assert.match(mine.html, /Revise la fecha de nacimiento/);
    const wrong = await post(citizen, `/mis-tramites/${code}/corregir`, { 'birthDate-day': '99', 'birthDate-month': '1', 'birthDate-year': '2021', copies: '2', purpose: 'work' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.html, /value="99"/);
    const country = h.t.app.tambo.deps.country;
    const dayBefore = localDate(country, new Date());
    const fixed = await post(citizen, `/mis-tramites/${code}/corregir`, { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2021', copies: '2', purpose: 'work' });
    assert.equal(fixed.status, 303);
    const resumed = await sql<{ due: string; paused_on: string | null }>`SELECT to_char(due_date, 'YYYY-MM-DD') AS due, paused_on FROM cases.case WHERE tracking_code = ${code}`.execute(db);
    // (Either day, should the request have crossed midnight in the country's time zone.)
    const expected = [dayBefore, localDate(country, new Date())].map((day) => addBusinessDays(country, dueBefore, businessDaysBetween(country, pausedOn, day)));
    assert.equal(resumed.rows[0]!.paused_on, null);
    assert.ok(expected.includes(resumed.rows[0]!.due), `${resumed.rows[0]!.due} in ${expected.join(', ')}`);
    assert.ok(resumed.rows[0]!.due > dueBefore);
    await h.act(code, 'take');
    const approved = await h.act(code, 'approve', 'Cumple los requisitos');
    assert.equal(approved.status, 303);
    const row = await sql<{ state: string; answers: { birthDate: string } }>`SELECT state, answers FROM cases.case WHERE tracking_code = ${code}`.execute(h.t.app.tambo.deps.db);
    assert.deepEqual([row.rows[0]!.state, row.rows[0]!.answers.birthDate], ['approved', '2021-01-01']);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action LIKE 'cases.%'`.execute(h.t.app.tambo.deps.db);
    assert.ok(audit.rows[0]!.n >= 6);
  });

  it('the person sees the outcome and rates it; statistics are pushed to the catalog', async () => {
    // A procedure of an agency of its own, so that the figures are this test's alone.
    await h.createProcedure('certificado-valoracion', 'VALORA');
    const code = await h.applyOnline('certificado-valoracion');
    const handler = { accountId: h.agencyAdminId, roles: [{ agencyCode: 'VALORA', role: 'case_handler' }] };
    for (const transition of ['take', 'approve']) await performOfficialTransition(h.t.app.tambo.deps, handler, { code, transition, reason: 'Cumple los requisitos' });
    const citizen = await h.citizen();
    const shown = await page(citizen, `/mis-tramites/${code}`);
    assert.match(shown.html, /fue aprobado/);
    assert.match((await page(citizen, '/mis-tramites')).html, new RegExp(`${code}[\\s\\S]*Aprobado`));
    const invalid = await post(citizen, `/mis-tramites/${code}`, { comment: 'x' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.html, /Elija una valoración/);
    assert.equal((await post(citizen, `/mis-tramites/${code}`, { score: '5', comment: 'Rápido' })).status, 303);
    await h.t.drain();
    const stats = (await listProcedureStatistics(h.t.app.tambo.deps)).filter((s) => s.slug === 'certificado-valoracion');
    assert.deepEqual(
      stats.map((s) => [s.applications, s.completed, s.satisfactionAverage, s.satisfactionCount, s.shareWithinLegalTime]),
      [[1, 1, 5, 1, 1]],
    );
    const [agency] = await listAgencyStatistics(h.t.app.tambo.deps, 'VALORA');
    assert.deepEqual([agency?.applications, agency?.completed, agency?.satisfactionAverage, agency?.satisfactionCount, agency?.shareWithinLegalTime], [1, 1, 5, 1, 1]);
  });

  it('uploads are checked by content and size, stored, and kept when the page is shown again', async () => {
    const citizen = await h.citizen();
    const fileForm = {
      version: 1 as const,
      pages: [
        {
          id: 'documentos',
          title: { es: 'Documentos', en: 'Documents' },
          components: [
            { id: 'note', type: 'text' as const, label: { es: 'Nota', en: 'Note' } },
            { id: 'proof', type: 'file' as const, label: { es: 'Comprobante', en: 'Proof' }, accept: ['application/pdf' as const], maxBytes: 2000 },
          ],
        },
      ],
    };
    await createOnlineProcedure(h.t.app.tambo.deps.db, { slug: 'certificado-archivo', agencyCode: 'SEGIP', form: fileForm });
    const shown = await page(citizen, '/solicitar/certificado-archivo');
    assert.match(shown.html, /enctype="multipart\/form-data"/);
    const csrf = formsIn(shown.html)[0]!.hidden._csrf!;
    const send = (bytes: Uint8Array<ArrayBuffer>, name: string, note = '') => {
      const data = new FormData();
      data.append('_csrf', csrf);
      data.append('note', note);
      data.append('proof', new Blob([bytes], { type: 'application/pdf' }), name);
      return citizen.request(shown.url, { method: 'POST', body: data });
    };
    const refusedWith = async (response: Response, message: RegExp, note: string) => {
      assert.equal(response.status, 400);
      const html = await response.text();
      assert.match(html, message);
      assert.match(html, /href="#campo-proof"/); // the problem is the file field's
      assert.match(html, new RegExp(`value="${note}"`)); // what was typed is kept
    };
    // Not a PDF by its content, whatever its name (refused by the plugin: not a type the platform stores).
    await refusedWith(await send(new TextEncoder().encode('not a pdf at all'), 'fake.pdf', 'nota-tipo'), /Comprobante: el archivo debe ser PDF/, 'nota-tipo');
    const pdf = new Uint8Array([...new TextEncoder().encode('%PDF-1.4\n'), ...new Uint8Array(100)]);
    // A PDF over the field's own limit (2000 bytes).
    await refusedWith(await send(new Uint8Array([...pdf, ...new Uint8Array(3000)]), 'big.pdf', 'nota-campo'), /como máximo 1 MB/, 'nota-campo');
    // A PNG: a type the platform stores, but not one this field accepts.
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Uint8Array(100)]);
    await refusedWith(await send(png, 'foto.png', 'nota-png'), /Comprobante: el archivo debe ser PDF/, 'nota-png');
    // Over the largest file any form accepts: the plugin stops reading it, the page still shows the field's problem.
    const huge = new Uint8Array(MAX_FILE_BYTES + 1);
    huge.set(pdf);
    await refusedWith(await send(huge, 'huge.pdf', 'nota-enorme'), /como máximo 1 MB/, 'nota-enorme');
    assert.equal((await send(pdf, 'comprobante.pdf', 'nota-buena')).status, 303);
    const again = await page(citizen, '/solicitar/certificado-archivo/documentos');
    assert.match(again.html, /Archivo adjunto: comprobante.pdf/);
    const sent = await post(citizen, '/solicitar/certificado-archivo/revisar', {});
    const fileCode = /TR-[A-Z0-9-]+/.exec(sent.location)![0];
    const row = await sql<{ answers: { proof: { sha256: string; mediaType: string; size: number } } }>`SELECT answers FROM cases.case WHERE tracking_code = ${fileCode}`.execute(h.t.app.tambo.deps.db);
    const proof = row.rows[0]!.answers.proof;
    assert.deepEqual([proof.mediaType, proof.size], ['application/pdf', pdf.length]);
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM platform.file WHERE sha256 = ${proof.sha256}`.execute(h.t.app.tambo.deps.db);
    assert.equal(stored.rows[0]!.n, 1);
  });

  it("no person sees another person's case; no official sees another agency's", async () => {
    const code = await h.applyOnline();
    const citizen = await h.citizen();
    const official = await h.official();
    const stranger = await h.signIn('admin@demo.tambo', 'Demo-2026-admin');
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

  it('the API takes access tokens from Ciudadanía Digital and answers field-level problems', async () => {
    const code = await h.applyOnline();
    const citizen = await h.citizen();
    const config = await discoverProvider(h.t.baseUrl, 'demo-rp', 'demo-rp-secret');
    const state = oidc.randomState();
    const { url, verifier } = await authorizationRequest(config, { redirectUri: 'http://localhost:8400/callback', scope: 'openid profile cases:read cases:write', state });
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
    assert.equal((await fetch(`${h.t.baseUrl}/api/v1/cases`)).status, 401);
    for (const wrong of ['Bearer not-a-token-but-long-enough', `Basic ${tokens.access_token}`, `Bearer ${tokens.access_token}x`]) {
      assert.equal((await fetch(`${h.t.baseUrl}/api/v1/cases`, { headers: { authorization: wrong } })).status, 401, wrong);
    }
    // Identity owns the check: account, scopes, client and level, or why not.
    const checked = await verifyUserToken(h.t.app, auth.authorization, 'cases:read', undefined);
    assert.ok('user' in checked && checked.user.scopes.includes('openid') && checked.user.level === 'sustancial' && checked.user.clientId === 'demo-rp', JSON.stringify(checked));
    assert.deepEqual(await verifyUserToken(h.t.app, auth.authorization, MAILBOX_SEND_SCOPE, undefined), { error: 'insufficient_scope' });
    assert.deepEqual(await verifyUserToken(h.t.app, 'Bearer xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'cases:read', undefined), { error: 'invalid_token' });
    const bad = await fetch(`${h.t.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ procedure: 'certificado-prueba', answers: { birthDate: '2020-13-01', copies: 9 } }),
    });
    assert.equal(bad.status, 400);
    const problem = (await bad.json()) as { code: string; errors: Array<{ pointer?: string }> };
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.deepEqual(problem.errors.map((e) => e.pointer).sort(), ['/answers/birthDate', '/answers/copies', '/answers/purpose']);
    const created = await fetch(`${h.t.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ procedure: 'certificado-prueba', answers: { birthDate: '2020-01-01', copies: 1, purpose: 'work' } }),
    });
    assert.equal(created.status, 201);
    const { trackingCode } = (await created.json()) as { trackingCode: string };
    const mine = (await (await fetch(`${h.t.baseUrl}/api/v1/cases`, { headers: auth })).json()) as { items: Array<{ trackingCode: string }> };
    assert.ok(mine.items.some((c) => c.trackingCode === trackingCode) && mine.items.some((c) => c.trackingCode === code));
    const one = (await (await fetch(`${h.t.baseUrl}/api/v1/cases/${trackingCode}`, { headers: auth })).json()) as { state: string; daysLeft: number };
    assert.equal(one.state, 'submitted');
    assert.equal(typeof one.daysLeft, 'number');
    // Territory answers are checked against the territorial registry, level included.
    await createOnlineProcedure(h.t.app.tambo.deps.db, {
      slug: 'certificado-territorio',
      agencyCode: 'SEGIP',
      form: {
        version: 1,
        pages: [{ id: 'lugar', title: { es: 'Lugar', en: 'Place' }, components: [{ id: 'place', type: 'territory', label: { es: 'Municipio', en: 'Municipality' }, level: 'municipio' }] }],
      },
    });
    const submitPlace = (place: string) => fetch(`${h.t.baseUrl}/api/v1/cases`, { method: 'POST', headers: auth, body: JSON.stringify({ procedure: 'certificado-territorio', answers: { place } }) });
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
    const transition = await fetch(`${h.t.baseUrl}/api/v1/cases/${trackingCode}/transitions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ transition: 'approve', reason: 'self-approval' }),
    });
    assert.equal(transition.status, 403); // a person's token without cases:handle moves no case
  });
});

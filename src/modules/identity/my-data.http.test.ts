// "Mis datos" over real HTTP: a person sees what each module holds about her, labelled from
// the catalogs, and never another person's; downloads it all as a JSON attachment; erases what
// the law allows (drafts, alerts) after a confirmation, audited, while case files and reports
// stay; the erase form refuses a post without its CSRF token; signed out, every page sends her
// to sign in.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { signingService } from '../../platform/signing/index.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex, newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';

let t: TestApp & { baseUrl: string };
const db = () => t.app.tambo.deps.db;

before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await sql`INSERT INTO reports.category (code, name_es, name_en, legal_response_days) VALUES ('mis_datos', 'Prueba', 'Test', 10) ON CONFLICT DO NOTHING`.execute(db());
});
after(async () => t.close());

interface Person {
  id: string;
  email: string;
  tracking: string;
  report: string;
  browser: HttpSession;
}

/** A person with a filed case, a draft, a report and an alert subscription, signed in to the portal. */
async function person(name: string): Promise<Person> {
  const email = `${name}.${randomUUID().slice(0, 8)}@correo.bo`;
  const id = await testAccount(t.app.tambo.deps, { documentNumber: newDocument(), givenName: name, familyName: 'Quispe', email });
  const tracking = `MD-${randomUUID().slice(0, 8).toUpperCase()}`;
  const report = `Bache frente a la casa de ${name}`;
  await sql`INSERT INTO cases.case (id, tracking_code, account_id, procedure_id, version_id, procedure_name, agency_code, state, answers, channel, due_date)
            VALUES (${randomUUID()}, ${tracking}, ${id}, ${randomUUID()}, ${randomUUID()}, 'Certificado de nacimiento', 'SERECI', 'submitted',
                    ${JSON.stringify({ motivo: `trámite de ${name}` })}::jsonb, 'online', '2026-12-20')`.execute(db());
  await sql`INSERT INTO cases.draft (id, account_id, version_id, answers) VALUES (${randomUUID()}, ${id}, ${randomUUID()}, ${JSON.stringify({ borrador: name })}::jsonb)`.execute(db());
  await sql`INSERT INTO reports.report (category_code, description, due_at, reporter_account_id) VALUES ('mis_datos', ${report}, now() + interval '10 days', ${id})`.execute(db());
  await sql`INSERT INTO reports.subscription (account_id, territory_code) VALUES (${id}, 'BO-L')`.execute(db());
  const browser = new HttpSession();
  const signedIn = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.equal(new URL(signedIn.url).pathname, '/cuenta');
  return { id, email, tracking, report, browser };
}

const page = async (p: Person, path: string) => {
  const response = await p.browser.request(`${t.baseUrl}${path}`);
  return { status: response.status, html: await response.text(), response };
};

describe('Mis datos', () => {
  it('shows her own data by module, labelled, linked from the account page, and never another person’s', async () => {
    const ana = await person('Ana');
    const rosa = await person('Rosa');
    const account = await page(ana, '/cuenta');
    assert.match(account.html, /<a href="\/cuenta\/mis-datos">Mis datos<\/a>/);
    const { status, html } = await page(ana, '/cuenta/mis-datos');
    assert.equal(status, 200);
    assert.match(html, /<h1>Mis datos<\/h1>/);
    for (const heading of ['Ciudadanía Digital \\(su cuenta\\)', 'Buzón digital', 'Trámites', 'Reportes \\(1x10\\)']) assert.match(html, new RegExp(`<h2 id="datos-[a-z]+">${heading}</h2>`));
    assert.ok(html.includes(ana.email) && html.includes(ana.tracking) && html.includes(ana.report), 'her account, case and report');
    assert.ok(html.includes('Código de seguimiento') && html.includes('Número de documento'), 'fields by their labels');
    assert.ok(!html.includes('tracking_code') && !html.includes('document_number'), 'not by column names');
    assert.ok(html.includes('20 de diciembre de 2026'), 'a legal date as a date');
    assert.ok(html.includes('Sustancial (identidad verificada)') && html.includes('>Recibido<'), 'codes in words: the identity level, the report status');
    assert.ok(html.includes('la ley obliga a la institución a conservarlos'), 'case files: why they are kept');
    assert.ok(!html.includes(rosa.email) && !html.includes(rosa.tracking) && !html.includes(rosa.report), 'nothing of Rosa');
  });

  it('downloads everything as a JSON attachment, hers only', async () => {
    const ana = await person('Eva');
    const rosa = await person('Lucia');
    const download = await page(ana, '/cuenta/mis-datos/descargar');
    assert.equal(download.status, 200);
    assert.match(download.response.headers.get('content-disposition') ?? '', /^attachment; filename="mis-datos-\d{4}-\d{2}-\d{2}\.json"$/);
    assert.match(download.response.headers.get('content-type') ?? '', /^application\/json/);
    const document = JSON.parse(download.html) as { accountId: string; modules: Array<{ module: string; title: string; sections: Array<{ title: string; data: unknown }> }> };
    assert.equal(document.accountId, ana.id);
    const section = (module: string, title: string) => document.modules.find((m) => m.module === module)?.sections.find((s) => s.title === title)?.data as Array<Record<string, unknown>>;
    assert.deepEqual(
      section('cases', 'Sus trámites').map((c) => c.tracking_code),
      [ana.tracking],
    );
    assert.deepEqual(
      section('reports', 'Sus reportes').map((r) => r.description),
      [ana.report],
    );
    assert.ok(!download.html.includes(rosa.tracking) && !download.html.includes(rosa.email));
    const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'identity.personal_data_exported' AND actor_id = ${ana.id}`.execute(db());
    assert.equal(audited.rows[0]!.n, 1);
  });

  it('downloads a readable PDF signed by the platform: her data from several modules, labelled, nobody else’s', async () => {
    const ana = await person('Paula');
    const rosa = await person('Nora');
    const download = await ana.browser.request(`${t.baseUrl}/cuenta/mis-datos/pdf`);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/pdf');
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="mis-datos-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const pdf = Buffer.from(await download.arrayBuffer());
    const file = join(mkdtempSync(join(tmpdir(), 'tambo-mis-datos-')), 'mis-datos.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    assert.ok(text.includes('Mis datos: Paula Quispe'), 'the title names her');
    for (const heading of ['Ciudadanía Digital (su cuenta)', 'Trámites', 'Reportes (1x10)']) assert.ok(text.includes(heading), `the section of ${heading}`);
    assert.ok(text.includes(ana.email) && text.includes(ana.tracking) && text.includes(ana.report), 'her account, case and report');
    assert.ok(text.includes('Código de seguimiento:') && text.includes('Número de documento:') && !text.includes('tracking_code'), 'fields by their labels');
    assert.ok(text.includes('20 de diciembre de 2026') && text.includes('Sustancial (identidad verificada)'), 'dates and codes in words');
    assert.ok(!text.includes(rosa.email) && !text.includes(rosa.tracking) && !text.includes(rosa.report), 'nothing of Nora');
    const verified = await signingService(t.app.tambo.deps).verifyPdf(pdf);
    assert.equal(verified.status, 'valid', verified.problems.join(', '));
    assert.ok(verified.coversWholeDocument && verified.chainTrusted);
    const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'identity.personal_data_exported' AND actor_id = ${ana.id} AND data->>'format' = 'pdf'`.execute(
      db(),
    );
    assert.equal(audited.rows[0]!.n, 1);
  });

  it('erases drafts after a confirmation, audited, and keeps the case file; another module’s alerts stay until asked', async () => {
    const ana = await person('Julia');
    const rosa = await person('Carmen');
    const overview = await page(ana, '/cuenta/mis-datos');
    assert.match(overview.html, /href="\/cuenta\/mis-datos\/borrar\?modulo=cases"/);
    assert.match(overview.html, /href="\/cuenta\/mis-datos\/borrar\?modulo=reports"/);
    assert.doesNotMatch(overview.html, /borrar\?modulo=(mailbox|identity)/, 'no erasure where the law keeps the record');
    const confirm = await page(ana, '/cuenta/mis-datos/borrar?modulo=cases');
    assert.equal(confirm.status, 200);
    assert.match(confirm.html, /<h1>Borrar mis borradores de trámites<\/h1>/);
    const form = formIndex(confirm.html, (f) => f.action === '/cuenta/mis-datos/borrar');

    const unconfirmed = await ana.browser.submit(`${t.baseUrl}/cuenta/mis-datos/borrar`, confirm.html, {}, form);
    assert.equal(unconfirmed.status, 400);
    const again = await unconfirmed.text();
    assert.match(again, /href="#campo-confirm"/, 'the error summary links to the checkbox');
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases.draft WHERE account_id = ${ana.id}`.execute(db())).rows[0]!.n, 1, 'nothing erased yet');

    const done = await ana.browser.submit(`${t.baseUrl}/cuenta/mis-datos/borrar`, confirm.html, { confirm: 'si' }, form);
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), '/cuenta/mis-datos?hecho=borrado');
    const count = async (table: string, accountId: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE account_id = ${accountId}`.execute(db())).rows[0]!.n;
    assert.equal(await count('cases.draft', ana.id), 0, 'her drafts are gone');
    assert.equal(await count('cases.case', ana.id), 1, 'her case file stays');
    assert.equal(await count('reports.subscription', ana.id), 1, 'her alerts stay: she asked for drafts only');
    assert.equal(await count('cases.draft', rosa.id), 1, "Rosa's drafts untouched");
    const audit = await sql<{
      data: { modules: string[] };
      actor_id: string;
    }>`SELECT data, actor_id FROM audit.entry WHERE action = 'platform.personal_data_erased' AND subject_id = ${ana.id}`.execute(db());
    assert.deepEqual(
      audit.rows.map((r) => [r.actor_id, r.data.modules]),
      [[ana.id, ['cases']]],
    );
    const after = await page(ana, '/cuenta/mis-datos?hecho=borrado');
    assert.match(after.html, /Se borró lo que pidió/);
    assert.doesNotMatch(after.html, /borrar\?modulo=cases/, 'nothing left to erase in cases');
    assert.equal((await page(ana, '/cuenta/mis-datos/borrar?modulo=cases')).status, 404);
    assert.equal((await page(ana, '/cuenta/mis-datos/borrar?modulo=mailbox')).status, 404, 'the mailbox erases nothing');
  });

  it('records one erasure when the same confirmation is sent six times at once (a double tap, a retry)', async () => {
    const ana = await person('Elena');
    const confirm = await page(ana, '/cuenta/mis-datos/borrar?modulo=reports');
    const form = formIndex(confirm.html, (f) => f.action === '/cuenta/mis-datos/borrar');
    const answers = await Promise.all(Array.from({ length: 6 }, () => ana.browser.submit(`${t.baseUrl}/cuenta/mis-datos/borrar`, confirm.html, { confirm: 'si' }, form)));
    for (const answer of answers) assert.ok([303, 404].includes(answer.status), `status ${answer.status}`);
    assert.ok(answers.some((a) => a.status === 303));
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports.subscription WHERE account_id = ${ana.id}`.execute(db())).rows[0]!.n, 0);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'platform.personal_data_erased' AND subject_id = ${ana.id}`.execute(db());
    assert.equal(audit.rows[0]!.n, 1);
  });

  it('refuses the erasure without the CSRF token', async () => {
    const ana = await person('Sara');
    const confirm = await page(ana, '/cuenta/mis-datos/borrar?modulo=reports');
    const form = formIndex(confirm.html, (f) => f.action === '/cuenta/mis-datos/borrar');
    const refused = await ana.browser.submit(`${t.baseUrl}/cuenta/mis-datos/borrar`, confirm.html, { confirm: 'si', _csrf: '' }, form);
    assert.equal(refused.status, 403);
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports.subscription WHERE account_id = ${ana.id}`.execute(db())).rows[0]!.n, 1);
  });

  it('sends a signed-out person to sign in', async () => {
    const stranger = new HttpSession();
    for (const path of ['/cuenta/mis-datos', '/cuenta/mis-datos/descargar', '/cuenta/mis-datos/pdf', '/cuenta/mis-datos/borrar?modulo=cases']) {
      const response = await stranger.request(`${t.baseUrl}${path}`);
      assert.equal(response.status, 303, path);
      assert.equal(response.headers.get('location'), `/ingresar?volver=${encodeURIComponent(path)}`);
    }
    const posted = await stranger.request(`${t.baseUrl}/cuenta/mis-datos/borrar`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'module=cases&confirm=si',
    });
    assert.ok(posted.status === 401 || posted.status === 403, `a signed-out post is refused (${posted.status})`);
  });
});

// Empresa digital (issue #17): a case can belong to an economic unit. A representative acting
// for the unit (chosen at /empresa) files it through the pages; every current representative
// sees it, a representative removed from the registry loses it at once (even the one who filed
// it), and nobody else sees it (404, no hint that it exists).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount, userAccessToken } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { DATOS } from './cases.test-helpers.ts';

let t: TestApp & { baseUrl: string };
const SLUG = `licencia-unidad-${process.pid}`;
before(async () => {
  t = await listenTestApp({ demo: true });
  await createOnlineProcedure(t.app.tambo.deps.db, { slug: SLUG, agencyCode: 'SEGIP' });
});
after(async () => t.close());

const db = () => t.app.tambo.deps.db;

async function person(name: string): Promise<{ browser: HttpSession; documentNumber: string; id: string; email: string }> {
  const documentNumber = newDocument();
  const email = `${name.toLowerCase()}-${randomUUID().slice(0, 6)}@prueba.bo`;
  const id = await testAccount(t.app.tambo.deps, { documentNumber, givenName: name, familyName: 'Prueba', email, level: 'sustancial' });
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.ok(!signed.url.includes('/ingreso/'), `signed in: ${signed.url}`);
  return { browser, documentNumber, id, email };
}

async function get(browser: HttpSession, path: string): Promise<{ status: number; html: string; url: string }> {
  const { response, url } = await browser.follow(`${t.baseUrl}${path}`);
  return { status: response.status, html: await response.text(), url };
}

async function post(browser: HttpSession, path: string, fields: Record<string, string>, index = 0): Promise<Response> {
  const shown = await get(browser, path);
  return browser.submit(shown.url, shown.html, fields, index);
}

/** The person registers a unit at /empresa (becoming its representative) and acts for it. */
async function registerAndActFor(browser: HttpSession, name: string): Promise<string> {
  const nit = String(100_000_000 + Math.floor(Math.random() * 899_999_999));
  const page = (await get(browser, '/empresa')).html;
  const made = await post(
    browser,
    '/empresa',
    { id: nit, name, legalForm: 'srl', activityCodes: '107100', territoryCode: 'BO-L' },
    formsIn(page).findIndex((f) => f.action.startsWith('/empresa#') || f.action === '/empresa'),
  );
  assert.equal(made.status, 303, 'unit registered');
  const registered = (await get(browser, '/empresa')).html;
  const act = await post(
    browser,
    '/empresa',
    { unidad: nit },
    formsIn(registered).findIndex((f) => f.action === '/empresa/actuar' && f.hidden.unidad === nit),
  );
  assert.equal(act.status, 303);
  return nit;
}

async function apply(browser: HttpSession): Promise<string> {
  assert.equal((await post(browser, `/solicitar/${SLUG}/datos`, DATOS)).status, 303);
  assert.equal((await post(browser, `/solicitar/${SLUG}/motivo`, { purpose: 'work' })).status, 303);
  const sent = await post(browser, `/solicitar/${SLUG}/revisar`, {});
  const code = /TR-[A-Z0-9-]+/.exec(sent.headers.get('location') ?? '')?.[0];
  assert.ok(code, `submitted: ${sent.status}`);
  return code;
}

describe('cases of an economic unit', () => {
  it('are seen by every current representative, lost at once by a removed one, and hidden from anyone else', async () => {
    const [filer, partner, outsider] = await Promise.all([person('Ana'), person('Beto'), person('Ciro')]);
    const unitName = `Panadería ${randomUUID().slice(0, 6)} SRL`;
    const nit = await registerAndActFor(filer.browser, unitName);
    const code = await apply(filer.browser);

    const stored = await sql<{ unit_key: string | null }>`SELECT unit_key FROM cases.case WHERE tracking_code = ${code}`.execute(db());
    assert.equal(stored.rows[0]?.unit_key, nit, 'the case belongs to the unit');
    const audit = await sql<{ data: { unitKey?: string } }>`SELECT data FROM audit.entry WHERE action = 'cases.case_submitted' AND data ->> 'trackingCode' = ${code}`.execute(db());
    assert.equal(audit.rows[0]?.data.unitKey, nit, 'the audit entry names the unit');

    const own = await get(filer.browser, `/mis-tramites/${code}`);
    assert.equal(own.status, 200);
    assert.ok(own.html.includes(unitName), 'the case page names the unit');

    // The owner agency adds a second representative (the registry's representatives table, as a correction writes it).
    await sql`INSERT INTO registries.representative (unit_key, document_number) VALUES (${nit}, ${partner.documentNumber})`.execute(db());
    const partnerList = await get(partner.browser, '/mis-tramites');
    assert.ok(partnerList.html.includes(code), "the unit's case is in the new representative's list");
    assert.ok(partnerList.html.includes(unitName));
    assert.equal((await get(partner.browser, `/mis-tramites/${code}`)).status, 200);

    // Nobody else: not in the list, 404 on the page and on its actions.
    assert.ok(!(await get(outsider.browser, '/mis-tramites')).html.includes(code));
    assert.equal((await get(outsider.browser, `/mis-tramites/${code}`)).status, 404);
    assert.equal((await get(outsider.browser, `/mis-tramites/${code}/corregir`)).status, 404);

    // Removed from the unit: the partner loses the case at once, and so does the filer once removed.
    await sql`DELETE FROM registries.representative WHERE unit_key = ${nit} AND document_number = ${partner.documentNumber}`.execute(db());
    assert.equal((await get(partner.browser, `/mis-tramites/${code}`)).status, 404);
    assert.ok(!(await get(partner.browser, '/mis-tramites')).html.includes(code));
    assert.equal((await get(filer.browser, `/mis-tramites/${code}`)).status, 200);
    await sql`DELETE FROM registries.representative WHERE unit_key = ${nit} AND document_number = ${filer.documentNumber}`.execute(db());
    assert.equal((await get(filer.browser, `/mis-tramites/${code}`)).status, 404, 'the filer no longer represents the unit');
  });

  it("have their notices in the unit's mailbox, read by its current representatives with who read each recorded", async () => {
    const [filer, partner, outsider] = await Promise.all([person('Fabio'), person('Gina'), person('Hugo')]);
    const nit = await registerAndActFor(filer.browser, `Carpintería ${randomUUID().slice(0, 6)}`);
    const code = await apply(filer.browser);
    await t.drain();
    const mailbox = `/empresa/buzon/${nit}`;
    const list = await get(filer.browser, mailbox);
    assert.equal(list.status, 200);
    const id = new RegExp(`href="${mailbox}/([0-9a-f-]{36})"`).exec(list.html)?.[1];
    assert.ok(id, "the case's receipt is in the unit's mailbox");
    assert.ok(list.html.includes('Sin abrir'));
    const own = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mailbox.message WHERE body LIKE ${`%${code}%`} AND recipient_unit_key IS NULL`.execute(db());
    assert.equal(own.rows[0]?.n, 0, "not in the filer's own mailbox");

    // Nobody else: 404 on the list and on the message; reading nothing.
    assert.equal((await get(outsider.browser, mailbox)).status, 404);
    assert.equal((await get(outsider.browser, `${mailbox}/${id}`)).status, 404);

    await sql`INSERT INTO registries.representative (unit_key, document_number) VALUES (${nit}, ${partner.documentNumber})`.execute(db());
    const read = await get(partner.browser, `${mailbox}/${id}`);
    assert.equal(read.status, 200);
    assert.ok(read.html.includes(code), 'the notice names the case');
    assert.ok(read.html.includes('Gina Prueba'), 'who read it is shown');
    assert.equal((await get(filer.browser, `${mailbox}/${id}`)).status, 200);
    const readings = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mailbox.unit_reading WHERE message_id = ${id}`.execute(db());
    assert.equal(readings.rows[0]?.n, 2, 'each representative reading is recorded once');
    const opened = await sql<{ opened_at: Date | null }>`SELECT opened_at FROM mailbox.message WHERE id = ${id}`.execute(db());
    assert.ok(opened.rows[0]?.opened_at, 'the first reading opened it');
    const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'mailbox.unit_message_read' AND subject_id = ${id}`.execute(db());
    assert.equal(audited.rows[0]?.n, 2);
    // "Mis datos": the partner's reading of the unit's message is in what the mailbox holds about them.
    const held = await t.app.tambo.modules.find((m) => m.name === 'mailbox')!.personalData!.find(t.app.tambo.deps, partner.id);
    assert.ok(JSON.stringify(held).includes(id), "the reading is in the partner's personal data");

    await sql`DELETE FROM registries.representative WHERE unit_key = ${nit} AND document_number = ${partner.documentNumber}`.execute(db());
    assert.equal((await get(partner.browser, `${mailbox}/${id}`)).status, 404, 'a removed representative loses the mailbox at once');
    assert.equal((await get(partner.browser, mailbox)).status, 404);
  });

  it('are listed by the cases API with ?unit= for its current representatives only, checked on every request', async () => {
    const [filer, outsider] = await Promise.all([person('Iris'), person('Juan')]);
    const nit = await registerAndActFor(filer.browser, `Imprenta ${randomUUID().slice(0, 6)}`);
    const code = await apply(filer.browser);
    const tokenOf = async (who: { email: string }) => {
      const { tokens } = await userAccessToken(t.baseUrl, {
        clientId: 'demo-rp',
        secret: 'demo-rp-secret',
        redirectUri: 'http://localhost:8400/callback',
        login: who.email,
        password: TEST_ACCOUNT_PASSWORD,
        scope: 'openid cases:read',
      });
      return tokens!.access_token;
    };
    const list = async (token: string, query = '') => fetch(`${t.baseUrl}/api/v1/cases${query}`, { headers: { authorization: `Bearer ${token}` } });
    const codes = async (response: Response) => ((await response.json()) as { items: Array<{ trackingCode: string }> }).items.map((c) => c.trackingCode);
    const filerToken = await tokenOf(filer);
    const ofUnit = await list(filerToken, `?unit=${nit}`);
    assert.equal(ofUnit.status, 200);
    assert.deepEqual(await codes(ofUnit), [code], "the unit's cases only");
    assert.ok(!(await codes(await list(filerToken))).includes(code), 'not among her own cases');
    const refused = await list(await tokenOf(outsider), `?unit=${nit}`);
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { code: string }).code, 'CASES_UNIT_NOT_REPRESENTED');
    // Removed from the unit: refused at once, with the token she already holds.
    await sql`DELETE FROM registries.representative WHERE unit_key = ${nit} AND document_number = ${filer.documentNumber}`.execute(db());
    assert.equal((await list(filerToken, `?unit=${nit}`)).status, 403);
  });

  it('a person acting as herself files her own case, which no representative of her unit sees', async () => {
    const [ana, partner] = await Promise.all([person('Dora'), person('Eva')]);
    const nit = await registerAndActFor(ana.browser, `Tejidos ${randomUUID().slice(0, 6)}`);
    await sql`INSERT INTO registries.representative (unit_key, document_number) VALUES (${nit}, ${partner.documentNumber})`.execute(db());
    // Back to acting as herself (the cookie cleared): the case is hers alone.
    ana.browser.cookies.delete('tambo_actuar');
    const code = await apply(ana.browser);
    const stored = await sql<{ unit_key: string | null }>`SELECT unit_key FROM cases.case WHERE tracking_code = ${code}`.execute(db());
    assert.equal(stored.rows[0]?.unit_key, null);
    assert.equal((await get(ana.browser, `/mis-tramites/${code}`)).status, 200);
    assert.equal((await get(partner.browser, `/mis-tramites/${code}`)).status, 404);
  });
});

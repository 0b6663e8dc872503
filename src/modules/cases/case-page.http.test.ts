// What a case page says, read as people read it: the history in the order things happened,
// at the country's local time in words ("6 de diciembre de 2026, 10:20", never ISO or UTC),
// state labels from the workflow in the officials' queue, and only the reason that belongs to
// the current state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createOnlineProcedure, testForm } from '../../../test/helpers/procedures.ts';
import { CasesHarness } from './cases.test-helpers.ts';

const h = new CasesHarness();
const { page, post } = h;
before(h.start);
after(h.close);

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the case page', () => {
  it("shows the history in the order things happened, at La Paz's local time in words, with the ISO instant for machines", async () => {
    const code = await h.applyOnline();
    await h.take(code);
    const db = h.t.app.tambo.deps.db;
    // The submission at 14:20 UTC is 10:20 in La Paz (UTC-4); the review started an hour later.
    await sql`UPDATE cases.case_event SET occurred_at = CASE WHEN action = 'submit' THEN '2026-12-06T14:20:00Z'::timestamptz ELSE '2026-12-06T15:20:00Z'::timestamptz END
      WHERE case_id = (SELECT id FROM cases.case WHERE tracking_code = ${code})`.execute(db);
    // A submission recorded after the later events (an application entered afterwards, a restored
    // copy): the sequence alone would list it last.
    await sql`WITH moved AS (DELETE FROM cases.case_event WHERE action = 'submit' AND case_id = (SELECT id FROM cases.case WHERE tracking_code = ${code}) RETURNING *)
      INSERT INTO cases.case_event (case_id, occurred_at, actor_type, actor_id, kind, action, from_state, to_state, text, is_internal)
      SELECT case_id, occurred_at, actor_type, actor_id, kind, action, from_state, to_state, text, is_internal FROM moved`.execute(db);
    const mine = await page(await h.citizen(), `/mis-tramites/${code}`);
    assert.equal(mine.status, 200);
    const text = textOf(mine.html);
    assert.match(text, /6 de diciembre de 2026, 10:20/);
    assert.match(text, /6 de diciembre de 2026, 11:20/);
    assert.doesNotMatch(text, /2026-12-06|14:20/);
    assert.match(mine.html, /<time[^>]*datetime="2026-12-06T14:20:00.000Z"/);
    assert.ok(text.indexOf('10:20') < text.indexOf('11:20'), 'the submission comes before the review');
    const official = await page(await h.official(), `/gestion/expedientes/${code}`);
    const officialText = textOf(official.html);
    assert.ok(officialText.indexOf('6 de diciembre de 2026, 10:20') >= 0 && officialText.indexOf('10:20') < officialText.indexOf('11:20'));
    const english = await page(await h.citizen(), `/mis-tramites/${code}?lang=en`);
    assert.match(textOf(english.html), /6 December 2026, 10:20/);
    await page(await h.citizen(), `/mis-tramites/${code}?lang=es`);
  });

  it('lists "Mis trámites" with the submission day in words, not ISO', async () => {
    const code = await h.applyOnline();
    await sql`UPDATE cases.case SET submitted_at = '2026-12-06T02:30:00Z' WHERE tracking_code = ${code}`.execute(h.t.app.tambo.deps.db);
    const list = await page(await h.citizen(), '/mis-tramites');
    // 02:30 UTC on the 6th is still the 5th in La Paz.
    assert.match(list.html, /<time datetime="2026-12-06T02:30:00.000Z">5 dic 2026<\/time>/);
  });

  it("the officials' queue shows the state label of the workflow, never the raw state name", async () => {
    const code = await h.applyOnline();
    const queue = await page(await h.official(), '/gestion/expedientes?filtro=unassigned');
    const row = new RegExp(`${code}[\\s\\S]*?</tr>`).exec(queue.html)?.[0] ?? '';
    assert.match(row, /Presentado/);
    assert.doesNotMatch(textOf(row), /\bsubmitted\b/);
    const english = await page(await h.official(), '/gestion/expedientes?filtro=unassigned&lang=en');
    assert.match(new RegExp(`${code}[\\s\\S]*?</tr>`).exec(english.html)?.[0] ?? '', /Submitted/);
    await page(await h.official(), '/gestion/expedientes?lang=es');
  });

  it('after approval the page shows only the reason of the decision, not the earlier correction request; addresses in reasons are links', async () => {
    const code = await h.applyOnline();
    const citizen = await h.citizen();
    await h.take(code);
    const reason = 'Corrija la fecha de nacimiento según https://example.org/guia.';
    assert.equal((await h.act(code, 'request_correction', reason)).status, 303);
    const asked = await page(citizen, `/mis-tramites/${code}`);
    assert.match(asked.html, /Corrija la fecha de nacimiento según <a href="https:\/\/example.org\/guia">https:\/\/example.org\/guia<\/a>\./);
    const fixed = await post(citizen, `/mis-tramites/${code}/corregir`, { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2021', copies: '2', purpose: 'work' });
    assert.equal(fixed.status, 303);
    assert.equal((await h.act(code, 'take')).status, 303);
    assert.equal((await h.act(code, 'approve', 'Cumple los requisitos')).status, 303);
    const approved = textOf((await page(citizen, `/mis-tramites/${code}`)).html);
    assert.match(approved, /Su trámite fue aprobado\. Cumple los requisitos/);
    // An approval without a reason (a workflow whose approval asks none, a tacit approval) says no reason at all.
    await sql`UPDATE cases.case_event SET text = NULL WHERE action = 'approve' AND case_id = (SELECT id FROM cases.case WHERE tracking_code = ${code})`.execute(h.t.app.tambo.deps.db);
    const silent = (await page(citizen, `/mis-tramites/${code}`)).html;
    const outcome = /<div class="inset[^"]*">([\s\S]*?)<\/div>/.exec(silent)?.[1] ?? '';
    assert.match(outcome, /Su trámite fue aprobado\./);
    assert.doesNotMatch(outcome, /Corrija la fecha/);
    assert.doesNotMatch(silent, /La institución le pide una corrección/);
  });

  it('warns before sending the same answers again while the first application is open; sending needs the warning seen', async () => {
    const citizen = await h.citizen();
    await h.createProcedure('certificado-repetido', 'SEGIP');
    const first = await h.applyOnline('certificado-repetido');
    assert.equal((await post(citizen, '/solicitar/certificado-repetido/datos', { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1' })).status, 303);
    assert.equal((await post(citizen, '/solicitar/certificado-repetido/motivo', { purpose: 'work' })).status, 303);
    const check = await page(citizen, '/solicitar/certificado-repetido/revisar');
    assert.match(check.html, /<title>Revise sus respuestas · Certificado de prueba certificado-repetido/);
    const warning = textOf(check.html);
    assert.match(warning, new RegExp(`Ya envió una solicitud con estas mismas respuestas el .* \\(código ${first}\\) y todavía está en trámite`));
    assert.match(check.html, new RegExp(`href="/mis-tramites/${first}"`));
    assert.match(check.html, /Enviar otra solicitud igual/);
    // A send that did not come from the warning (a second click, an old tab) shows the warning instead of a second case.
    const blind = await citizen.submit(check.url, check.html, { duplicado: '' });
    assert.equal(blind.status, 200);
    assert.match(await blind.text(), /Ya envió una solicitud con estas mismas respuestas/);
    const count = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases.case c JOIN catalog.procedure p ON p.id = c.procedure_id WHERE p.slug = 'certificado-repetido'`.execute(h.t.app.tambo.deps.db))
        .rows[0]!.n;
    assert.equal(await count(), 1);
    // Seen and confirmed: a second application.
    const again = await citizen.submit(check.url, check.html, {});
    assert.equal(again.status, 303);
    assert.equal(await count(), 2);
    // Different answers: no warning.
    assert.equal((await post(citizen, '/solicitar/certificado-repetido/datos', { 'birthDate-day': '2', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1' })).status, 303);
    await post(citizen, '/solicitar/certificado-repetido/motivo', { purpose: 'work' });
    assert.doesNotMatch((await page(citizen, '/solicitar/certificado-repetido/revisar')).html, /Ya envió una solicitud/);
  });

  it("shows a procedure's own Quechua text (data) on a page in Quechua, and Spanish where the data has none", async () => {
    const citizen = await h.citizen();
    const form = structuredClone(testForm);
    form.pages[0]!.title = { es: 'Sus datos', en: 'Your details', qu: 'Qampa willakuyniykikuna' };
    form.pages[0]!.components[2]!.label = { es: 'Copias', en: 'Copies', qu: 'Hayk’a kutichiykuna' };
    await createOnlineProcedure(h.t.app.tambo.deps.db, { slug: 'certificado-runasimi', agencyCode: 'SEGIP', form });
    const quechua = await page(citizen, '/solicitar/certificado-runasimi/datos?lang=qu');
    const text = textOf(quechua.html);
    assert.match(text, /Qampa willakuyniykikuna/);
    assert.match(text, /Hayk’a kutichiykuna/);
    assert.doesNotMatch(text, /Sus datos|Copias/);
    assert.match(text, /Fecha de nacimiento del hijo/, 'Spanish where the data has no Quechua');
    assert.match(text, /Waqaychay, purichiy/, "the journey's own words from the Quechua draft catalog");
    assert.match(textOf((await page(citizen, '/solicitar/certificado-runasimi/datos?lang=es')).html), /Sus datos/);
  });
});

// Once-only over real HTTP (issue #17): form fields that name a registry service are filled
// through the exchange (the demo producer, a separate HTTP server) as reads by the procedure's
// agency, shown "De SERECI", not asked and not editable; a value sent for them anyway is
// ignored and the page says so; the case records the exchange message of each value; the
// person sees the reads in "Mi actividad". Branches: the registry has no record, and the
// exchange refuses (no grant) — the person types the value, told why; a burst of page loads
// reads once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { readStat } from '../../platform/stats/stats.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { TEST_ACCOUNT_PASSWORD } from '../../../test/helpers/identity.ts';
import { interopStats } from '../interop/interop.stats.ts';
import { startDemoProducer, type DemoProducer } from '../interop/sandbox/server.ts';
import { CasesHarness, testAccount } from './cases.test-helpers.ts';
import { personsForm, pointDemoServicesAt, unitForm } from './prefill.test-helpers.ts';

const h = new CasesHarness();
const { page, post } = h;
let producer: DemoProducer;
const db = () => h.t.app.tambo.deps.db;

before(async () => {
  await h.start();
  producer = await startDemoProducer();
  await pointDemoServicesAt(h.t.app.tambo.deps, producer.url);
  // REJAP and MINTRAB hold the seeded grants (SERECI's persons, SEPREC's units respectively).
  await createOnlineProcedure(db(), { slug: 'antecedentes-prueba', agencyCode: 'REJAP', form: personsForm });
  await createOnlineProcedure(db(), { slug: 'visado-prueba', agencyCode: 'MINTRAB', form: unitForm });
});
after(async () => {
  await producer?.close();
  await h.close();
});

const readsOfCase = async (code: string) =>
  (
    await sql<{ field: string; outcome: string; value: unknown; source_label: string; message_id: string | null; xroad_id: string | null }>`
      SELECT r.field, r.outcome, r.value, r.source_label, r.message_id, r.xroad_id FROM cases.prefill_read r JOIN cases.case c ON c.id = r.case_id
       WHERE c.tracking_code = ${code} ORDER BY r.field`.execute(db())
  ).rows;

describe('once-only prefill through the exchange', () => {
  it('persons: the birth facts come from SERECI, are not asked, a sent value is ignored; the case names the messages; "Mi actividad" shows the read', async () => {
    const citizen = await h.citizen();
    const before = producer.requests.length;
    const start = await page(citizen, '/solicitar/antecedentes-prueba');
    assert.match(start.url, /\/motivo$/, 'the prefilled page is complete: the first question is next');
    const shown = await page(citizen, '/solicitar/antecedentes-prueba/nacimiento');
    assert.match(shown.html, /1990-03-14 · De SERECI/);
    assert.match(shown.html, /La Paz, Murillo, Nuestra Señora de La Paz · De SERECI/);
    assert.doesNotMatch(shown.html, /name="birthDate-day"|name="birthPlace"/, 'not asked');
    assert.equal(producer.requests.length - before, 1, 'one read for both fields, and none for the second page load');
    assert.equal(producer.requests.at(-1)!.client, 'BO/GOV/REJAP/demo');

    // A tampered value: ignored, and the page says so.
    const tampered = await post(citizen, '/solicitar/antecedentes-prueba/nacimiento', { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2001', birthPlace: 'Otro lugar' });
    assert.equal(tampered.status, 200);
    assert.match(tampered.html, /«Fecha de nacimiento» viene de SERECI y no se puede cambiar aquí/);
    assert.match(tampered.html, /«Lugar de nacimiento» viene de SERECI/);

    assert.equal((await post(citizen, '/solicitar/antecedentes-prueba/motivo', { purpose: 'work' })).status, 303);
    const check = await page(citizen, '/solicitar/antecedentes-prueba/revisar');
    assert.match(check.html, /1990-03-14 · De SERECI/);
    const sent = await post(citizen, '/solicitar/antecedentes-prueba/revisar', {});
    const code = /TR-[A-Z0-9-]+/.exec(sent.location)?.[0];
    assert.ok(code, `submitted: ${sent.status}`);
    const answers = (await sql<{ answers: Record<string, unknown> }>`SELECT answers FROM cases.case WHERE tracking_code = ${code}`.execute(db())).rows[0]!.answers;
    assert.equal(answers.birthDate, '1990-03-14', 'the registry value, not the tampered one');
    assert.equal(answers.birthPlace, 'La Paz, Murillo, Nuestra Señora de La Paz');

    const reads = await readsOfCase(code);
    assert.deepEqual(
      reads.map((r) => [r.field, r.outcome, r.source_label]),
      [
        ['birthDate', 'supplied', 'SERECI'],
        ['birthPlace', 'supplied', 'SERECI'],
      ],
    );
    assert.equal(reads[0]!.message_id, reads[1]!.message_id, 'one message supplied both');
    const message = (
      await sql<{
        xroad_id: string;
        client_member: string;
        subject_account_id: string | null;
      }>`SELECT xroad_id, client_member, subject_account_id FROM interop.message WHERE id = ${reads[0]!.message_id}`.execute(db())
    ).rows[0];
    assert.equal(message?.xroad_id, reads[0]!.xroad_id);
    assert.equal(message?.client_member, 'REJAP');
    assert.ok(message?.subject_account_id, 'the person the read was about is in the log');

    const activity = await page(citizen, '/cuenta/actividad');
    assert.match(activity.html, /Consulta de su registro: SERECI · personas/);
    assert.match(activity.html, /REJAP/);
  });

  it('economic units: the employer comes from SEPREC (the unit the person represents); an editable value is a default the person may change', async () => {
    const citizen = await h.citizen();
    const shown = await page(citizen, '/solicitar/visado-prueba/empleador');
    assert.match(shown.html, /Tejidos Andinos S\.R\.L\. · De SEPREC/);
    assert.doesNotMatch(shown.html, /name="employerName"/);
    assert.match(shown.html, /name="employerAddress"[^>]*value="Calle Comercio 123, La Paz"|value="Calle Comercio 123, La Paz"[^>]*name="employerAddress"/, 'editable: asked, with the registry value');
    assert.equal((await post(citizen, '/solicitar/visado-prueba/empleador', { employerAddress: 'Calle Comercio 125, La Paz' })).status, 303);
    assert.equal((await post(citizen, '/solicitar/visado-prueba/trabajador', { workerName: 'Juana Mamani' })).status, 303);
    const sent = await post(citizen, '/solicitar/visado-prueba/revisar', {});
    const code = /TR-[A-Z0-9-]+/.exec(sent.location)?.[0];
    assert.ok(code, `submitted: ${sent.status}`);
    const answers = (await sql<{ answers: Record<string, unknown> }>`SELECT answers FROM cases.case WHERE tracking_code = ${code}`.execute(db())).rows[0]!.answers;
    assert.equal(answers.employerName, 'Tejidos Andinos S.R.L.');
    assert.equal(answers.employerAddress, 'Calle Comercio 125, La Paz', 'the person changed the editable one');
    assert.deepEqual(
      (await readsOfCase(code)).map((r) => [r.field, r.outcome, r.source_label, r.message_id !== null]),
      [
        ['employerAddress', 'supplied', 'SEPREC', true],
        ['employerName', 'supplied', 'SEPREC', true],
      ],
    );
    assert.ok(producer.requests.some((r) => r.path === '/unidades/unidad/1028547023' && r.client === 'BO/GOV/MINTRAB/demo'));
    assert.match((await page(citizen, '/cuenta/actividad')).html, /Consulta de su registro: SEPREC · unidades/);
  });

  it('the registry has no record of the person: the field is asked, and the page says why', async () => {
    await testAccount(h.t.app.tambo.deps, { documentNumber: '7000001 LP', givenName: 'Teodora', familyName: 'Sin Registro', email: 'sin-registro@prueba.tambo' });
    const person = await h.signIn('sin-registro@prueba.tambo', TEST_ACCOUNT_PASSWORD);
    const start = await page(person, '/solicitar/antecedentes-prueba');
    assert.match(start.url, /\/nacimiento$/);
    assert.match(start.html, /SERECI no tiene «Fecha de nacimiento» en su registro: escríbalo usted/);
    assert.match(start.html, /name="birthDate-day"/);
    assert.doesNotMatch(start.html, /1990-03-14/, "nobody else's record");
    assert.equal((await post(person, '/solicitar/antecedentes-prueba/nacimiento', { 'birthDate-day': '2', 'birthDate-month': '2', 'birthDate-year': '1980', birthPlace: 'Oruro' })).status, 303);
    assert.equal((await post(person, '/solicitar/antecedentes-prueba/motivo', { purpose: 'work' })).status, 303);
    const code = /TR-[A-Z0-9-]+/.exec((await post(person, '/solicitar/antecedentes-prueba/revisar', {})).location)?.[0];
    assert.ok(code);
    const reads = await readsOfCase(code);
    assert.deepEqual(
      reads.map((r) => [r.field, r.outcome, r.value]),
      [
        ['birthDate', 'not_found', null],
        ['birthPlace', 'not_found', null],
      ],
    );
    assert.ok(reads[0]!.message_id, 'the exchange answered (404): its message is named');
  });

  it('the exchange refuses (no grant): the field is asked, the page says so, and the refusal is logged', async () => {
    // MINTRAB holds no grant on SERECI's persons service.
    await createOnlineProcedure(db(), { slug: 'antecedentes-sin-permiso', agencyCode: 'MINTRAB', form: personsForm });
    const citizen = await h.citizen();
    const start = await page(citizen, '/solicitar/antecedentes-sin-permiso');
    assert.match(start.url, /\/nacimiento$/);
    assert.match(start.html, /No se pudo consultar «Fecha de nacimiento» a SERECI: escríbalo usted/);
    assert.match(start.html, /name="birthDate-day"/);
    const rows = (
      await sql<{ outcome: string; message_id: string | null }>`
        SELECT r.outcome, r.message_id FROM cases.prefill_read r JOIN catalog.procedure p ON p.published_version_id = r.version_id
         WHERE p.slug = 'antecedentes-sin-permiso' AND r.case_id IS NULL`.execute(db())
    ).rows;
    assert.deepEqual(
      rows.map((r) => [r.outcome, r.message_id]),
      [
        ['refused', null],
        ['refused', null],
      ],
    );
    const refused = await readStat(db(), interopStats.refused, { groupBy: ['consumer', 'reason'] });
    assert.ok(
      refused.some((c) => c.group.consumer === 'MINTRAB/demo' && c.group.reason === 'Server.ServerProxy.AccessDenied'),
      JSON.stringify(refused),
    );
  });

  it("an application through the API reads the registry itself: SERECI's values, a sent value ignored, the messages named; a retry reads nothing", async () => {
    await createOnlineProcedure(db(), { slug: 'antecedentes-api', agencyCode: 'REJAP', form: personsForm });
    const token = await h.citizenToken('openid cases:write');
    const submit = () =>
      fetch(`${h.t.baseUrl}/api/v1/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'api-prefill-1' },
        // No birth place (the registry knows it), and a birth date the registry contradicts.
        body: JSON.stringify({ procedure: 'antecedentes-api', answers: { birthDate: '2001-01-01', purpose: 'work' } }),
      });
    const before = producer.requests.length;
    const response = await submit();
    assert.equal(response.status, 201, await response.clone().text());
    const code = ((await response.json()) as { trackingCode: string }).trackingCode;
    const answers = (await sql<{ answers: Record<string, unknown> }>`SELECT answers FROM cases.case WHERE tracking_code = ${code}`.execute(db())).rows[0]!.answers;
    assert.equal(answers.birthDate, '1990-03-14', 'the registry value, not the one sent');
    assert.equal(answers.birthPlace, 'La Paz, Murillo, Nuestra Señora de La Paz');
    assert.deepEqual(
      (await readsOfCase(code)).map((r) => [r.field, r.outcome, r.source_label, r.message_id !== null]),
      [
        ['birthDate', 'supplied', 'SERECI', true],
        ['birthPlace', 'supplied', 'SERECI', true],
      ],
    );
    assert.equal(producer.requests.length - before, 1, 'one read for both fields');
    assert.equal(producer.requests.at(-1)!.client, 'BO/GOV/REJAP/demo');
    const retry = await submit();
    assert.equal(retry.status, 200);
    assert.equal(((await retry.json()) as { trackingCode: string }).trackingCode, code);
    assert.equal(producer.requests.length - before, 1, 'a replayed request reads nothing again');
  });

  it('a burst of 15 first page loads reads each field once', async () => {
    await testAccount(h.t.app.tambo.deps, { documentNumber: '3456789 CB', givenName: 'Juan Carlos', familyName: 'Rojas Flores', email: 'rafaga@prueba.tambo' });
    const person = await h.signIn('rafaga@prueba.tambo', TEST_ACCOUNT_PASSWORD);
    const loads = await Promise.all(Array.from({ length: 15 }, () => page(person, '/solicitar/antecedentes-prueba/nacimiento')));
    for (const load of loads) assert.match(load.html, /1985-11-02 · De SERECI/);
    const count = (await sql<{ n: string }>`SELECT count(*) AS n FROM cases.prefill_read r JOIN identity.account a ON a.id = r.account_id WHERE a.email = 'rafaga@prueba.tambo'`.execute(db())).rows[0]!
      .n;
    assert.equal(Number(count), 2);
  });
});

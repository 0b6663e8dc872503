// Training over real HTTP: a public servant enrols (20 clicks at once enrol once), answers the
// lessons' quizzes (an unanswered question comes back summarised, the other answers kept), is
// refused the assessment until every lesson is done, fails and then passes it; the signed
// certificate reaches the mailbox and verifies by code; the completion shows in the entity's
// report (not to another entity's manager) and in the public figure; every progress statement
// follows the xAPI rules. A facilitator registers attendance (once per person and day, even 20
// at once; another agency's cohort is not found).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { saveAgency } from '../agencies/index.ts';
import { seedCourses } from './training.service.ts';
import { statementProblems } from './xapi.ts';
import { createCohortAs, signedInPerson } from './training.test-helpers.ts';

let t: TestApp & { baseUrl: string };
const COURSE = 'usa-tu-ciudadania-digital';
const RIGHT: Record<string, Record<string, string>> = {
  'que-es': { 'p-cuenta': 'una' },
  'ingresar-seguro': { 'p-contrasena': 'nunca' },
  'tramite-en-linea': { 'p-resultado': 'buzon' },
};

before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  for (const code of ['AGETIC', 'SEGIP', 'SIN'])
    await saveAgency(t.app.tambo.deps, { code, name: `Entidad ${code}`, acronym: code, kind: 'national', territoryCode: null, mission: 'Prueba' }, { type: 'system' });
  await seedCourses(t.app.tambo.deps);
});
after(async () => {
  await t?.close();
});

const person = (name: string, roles: Array<{ agency: string; role: string }> = []) => signedInPerson(t, name, roles);

async function page(browser: HttpSession, path: string): Promise<{ url: string; html: string; status: number }> {
  const response = await browser.request(`${t.baseUrl}${path}`);
  return { url: `${t.baseUrl}${path}`, html: await response.text(), status: response.status };
}

it('a servant enrols, takes the lessons and the assessment, gets the certificate; the entity and the figures see it', async () => {
  const db = t.app.tambo.deps.db;
  const { browser, id } = await person('Rosa', [{ agency: 'SEGIP', role: 'case_handler' }]);
  const course = await page(browser, `/capacitacion/${COURSE}`);
  assert.equal(course.status, 200);
  const enrolForm = formIndex(course.html, (f) => f.action.endsWith('/inscripcion'));
  const bursts = await Promise.all(Array.from({ length: 20 }, () => browser.submit(course.url, course.html, {}, enrolForm)));
  assert.ok(bursts.every((r) => r.status === 303));
  const enrolments = await sql<{ id: string; agency_code: string }>`SELECT id, agency_code FROM training.enrolment WHERE account_id = ${id}`.execute(db);
  assert.equal(enrolments.rows.length, 1, 'one enrolment');
  assert.equal(enrolments.rows[0]!.agency_code, 'SEGIP', 'enrolled as a servant of her entity');

  assert.equal((await page(browser, `/capacitacion/${COURSE}/material`)).html.includes('Qué es la Ciudadanía Digital'), true, 'offline material');
  const early = await page(browser, `/capacitacion/${COURSE}/evaluacion`);
  assert.equal(early.status, 200);
  const earlyPost = await browser.submit(
    early.url,
    early.html,
    { 'p-identidad': 'cedula', 'p-direccion': 'direccion', 'p-verificar': 'codigo' },
    formIndex(early.html, (f) => f.action.includes('/evaluacion')),
  );
  assert.equal(earlyPost.status, 409, 'lessons first');

  for (const [lesson, answers] of Object.entries(RIGHT)) {
    const l = await page(browser, `/capacitacion/${COURSE}/lecciones/${lesson}`);
    const form = formIndex(l.html, (f) => f.action.includes(`/lecciones/${lesson}`));
    if (lesson === 'que-es') {
      const missing = await browser.submit(l.url, l.html, {}, form);
      assert.equal(missing.status, 422);
      assert.match(await missing.text(), /href="#campo-p-cuenta"/);
    }
    const answered = await browser.submit(l.url, l.html, answers, form);
    assert.equal(answered.status, 200);
    assert.match(await answered.text(), /1 de 1 respuestas correctas/);
  }

  const assessment = await page(browser, `/capacitacion/${COURSE}/evaluacion`);
  const aForm = formIndex(assessment.html, (f) => f.action.includes('/evaluacion'));
  const failed = await browser.submit(assessment.url, assessment.html, { 'p-identidad': 'telefono', 'p-direccion': 'colores', 'p-verificar': 'codigo' }, aForm);
  assert.match(await failed.text(), /Obtuvo 33/);
  const passed = await Promise.all(
    Array.from({ length: 5 }, () => browser.submit(assessment.url, assessment.html, { 'p-identidad': 'cedula', 'p-direccion': 'direccion', 'p-verificar': 'codigo' }, aForm)),
  );
  assert.match(await passed[0]!.text(), /Aprobó con 100/);
  await t.drain();

  const done = await sql<{ completed_at: Date | null; certificate_code: string | null }>`SELECT completed_at, certificate_code FROM training.enrolment WHERE account_id = ${id}`.execute(db);
  assert.ok(done.rows[0]!.completed_at && done.rows[0]!.certificate_code, 'completed with a certificate');
  const documents = await sql<{ n: number }>`SELECT count(*)::int AS n FROM documents.document WHERE source_key = ${`training:${enrolments.rows[0]!.id}`}`.execute(db);
  assert.equal(documents.rows[0]!.n, 1, 'one certificate, however many passes');
  const mail = await sql<{ subject: string }>`SELECT subject FROM mailbox.message WHERE recipient_account_id = ${id}`.execute(db);
  assert.equal(mail.rows.length, 1, 'in the mailbox');
  const verified = await (await fetch(`${t.baseUrl}/verificar/${done.rows[0]!.certificate_code}`)).text();
  assert.match(verified, /Válido/);
  assert.match((await page(browser, `/capacitacion/${COURSE}`)).html, /Verificar el certificado/);

  // The entity's training manager sees it; another entity's does not.
  const manager = await person('Marta', [{ agency: 'SEGIP', role: 'training_manager' }]);
  const report = await page(manager.browser, '/capacitacion/entidad?entidad=SEGIP');
  assert.equal(report.status, 200);
  assert.match(report.html, /Rosa Prueba/);
  assert.match(report.html, /Aprobado el/);
  const other = await person('Otto', [{ agency: 'SIN', role: 'training_manager' }]);
  assert.equal((await page(other.browser, '/capacitacion/entidad?entidad=SEGIP')).status, 403);
  assert.equal((await page(browser, '/capacitacion/entidad')).status, 403, 'a servant without the role');

  // The public figure (observatory, open data): completions by entity and programme.
  const figure = (await (await fetch(`${t.baseUrl}/api/v1/open-data/training.completions`)).json()) as { items: Array<Record<string, unknown>> };
  const cell = figure.items.find((c) => c.agency === 'SEGIP' && c.programme === 'alfabetizacion_digital');
  assert.equal(cell?.count, 1, JSON.stringify(figure.items));

  // Every statement recorded for her progress follows the rules.
  const statements = await sql<{ statement: Record<string, unknown> }>`SELECT statement FROM training.statement WHERE statement->'actor'->'account'->>'name' = ${id}`.execute(db);
  const verbs = statements.rows.map((r) =>
    String((r.statement.verb as { id: string }).id)
      .split('/')
      .pop(),
  );
  for (const verb of ['launched', 'answered', 'completed', 'failed', 'passed']) assert.ok(verbs.includes(verb), `a ${verb} statement`);
  for (const { statement } of statements.rows) assert.deepEqual(statementProblems(statement), [], JSON.stringify(statement));
});

it('a facilitator registers attendance once per person and day; another agency’s facilitator cannot see the cohort', async () => {
  const facilitator = await person('Fabi', [{ agency: 'AGETIC', role: 'training_facilitator' }]);
  const cohortPath = await createCohortAs(t, facilitator.browser, { entidad: 'AGETIC', curso: COURSE, nombre: 'Infocentro Achacachi, marzo' });
  const cohort = await page(facilitator.browser, cohortPath);
  const form = formIndex(cohort.html, (f) => f.action.includes('/asistencia'));
  const bad = await facilitator.browser.submit(cohort.url, cohort.html, { nombre: 'Juana Mamani', documento: 'x', fecha: '15/03/2026' }, form);
  assert.equal(bad.status, 422);
  const badHtml = await bad.text();
  assert.match(badHtml, /href="#campo-documento"/);
  assert.match(badHtml, /value="Juana Mamani"/);
  const burst = await Promise.all(
    Array.from({ length: 20 }, () => facilitator.browser.submit(cohort.url, cohort.html, { nombre: 'Juana Mamani', documento: '4455667', fecha: '2026-03-15', completo: 'si' }, form)),
  );
  assert.ok(burst.every((r) => r.status === 303));
  const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM training.attendance WHERE learner_document = '4455667'`.execute(t.app.tambo.deps.db);
  assert.equal(rows.rows[0]!.n, 1);
  assert.match((await page(facilitator.browser, cohortPath)).html, /Juana Mamani/);
  const stranger = await person('Sergio', [{ agency: 'SEGIP', role: 'training_facilitator' }]);
  assert.equal((await page(stranger.browser, cohortPath)).status, 404);
  const citizen = await person('Carla');
  assert.equal((await page(citizen.browser, '/capacitacion/facilitacion')).status, 403);
});

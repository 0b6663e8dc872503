// Follow-up in the Buzón digital over real HTTP: a signed-in reporter gets one notice per step
// of their report (even when the jobs run twice), an anonymous report gets none, an alert
// subscription yields a notice, and an overdue report reaches the admins of its agency and of
// the agency's superior.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { createReport } from './index.ts';
import { reportNotices } from './notices.ts';
import { listSubscriptions, unsubscribeFromReports } from './alerts.service.ts';
import { setReportStatus } from './handling.service.ts';
import { testOfficial } from './reports.test-helpers.ts';

let t: TestApp & { baseUrl: string };
let citizen: HttpSession;
let official: HttpSession;
let citizenId: string;

async function signIn(login: string, password: string): Promise<HttpSession> {
  const session = new HttpSession();
  assert.equal(new URL((await signInPortal(t, session, login, password)).url).pathname, '/cuenta');
  return session;
}

const deps = () => t.app.tambo.deps;
const csrf = async (session: HttpSession) => {
  const html = await (await session.request(`${t.baseUrl}/reportes/nuevo?categoria=agua`)).text();
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
};
const post = async (session: HttpSession, path: string, fields: Record<string, string>) =>
  session.request(`${t.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: await csrf(session), ...fields }).toString(),
  });

/** Sends a complaint about SEGIP through the form's last step (multipart), as `session`. */
async function report(session: HttpSession, fields: Record<string, string> = {}): Promise<number> {
  const form = new FormData();
  form.set('_csrf', await csrf(session));
  for (const [name, value] of Object.entries({ categoria: 'mala_atencion', descripcion: 'Me hicieron esperar cuatro horas', institucion: 'SEGIP', territorio: 'BO-L-01-01', ...fields }))
    form.set(name, value);
  const response = await session.request(`${t.baseUrl}/reportes/nuevo/enviar`, { method: 'POST', body: form });
  assert.equal(response.status, 303);
  return Number(/\/reportes\/(\d+)/.exec(response.headers.get('location') ?? '')![1]);
}

/** A report's code as a whole word (R-6, not R-60), as a PostgreSQL regular expression. */
const word = (code: string) => `${code}([^0-9]|$)`;
const notices = async (accountId: string, code: string) =>
  (
    await sql<{
      subject: string;
      body: string;
    }>`SELECT subject, body FROM mailbox.message WHERE recipient_account_id = ${accountId} AND (subject ~ ${word(code)} OR body ~ ${word(code)}) ORDER BY made_available_at, subject`.execute(deps().db)
  ).rows;

/** Drains twice: a second pass must not deliver anything again. */
async function drainTwice(): Promise<void> {
  await t.drain();
  await t.drain();
}

before(async () => {
  t = await listenTestApp({ demo: true });
  citizen = await signIn('ciudadana@demo.tambo', 'Demo-2026-ciudadana');
  official = await signIn('funcionario@demo.tambo', 'Demo-2026-funcionario');
  citizenId = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(deps().db)).rows[0]!.id;
});
after(async () => t.close());

describe('report notices', () => {
  it('follows up a signed-in reporter in their mailbox, once per step', async () => {
    const id = await report(citizen);
    const code = `R-${id}`;
    const url = `${deps().config.publicUrl}/reportes/${id}`;
    await drainTwice();
    let mine = await notices(citizenId, code);
    assert.equal(mine.length, 1);
    assert.match(mine[0]!.subject, new RegExp(`Recibimos su reporte R-${id}`));
    assert.match(mine[0]!.body, /Servicio General de Identificación Personal, que debe responder hasta el \d{1,2} de [a-z]+ de \d{4}/);
    assert.ok(mine[0]!.body.includes(url));

    assert.equal((await post(official, `/reportes/${id}/gestion`, { accion: 'responder', respuesta: 'Revisaremos los turnos de la oficina' })).status, 303);
    assert.equal((await post(official, `/reportes/${id}/gestion`, { accion: 'estado', estado: 'resolved' })).status, 303);
    await drainTwice();
    mine = await notices(citizenId, code);
    assert.equal(mine.length, 3, mine.map((m) => m.subject).join(' | '));
    assert.ok(mine.some((m) => m.body.includes('Revisaremos los turnos de la oficina')));
    const resolved = mine.find((m) => m.subject.includes('resuelto'));
    assert.match(resolved!.body, /puede objetar la solución hasta el \d{1,2} de [a-z]+ de \d{4} en/);

    // The person sees them in their Buzón.
    const buzon = await (await citizen.request(`${t.baseUrl}/buzon`)).text();
    assert.ok(buzon.includes(`Su reporte R-${id} fue marcado como resuelto`));

    assert.equal((await post(citizen, `/reportes/${id}/objetar`, { motivo: 'Sigue igual' })).status, 303);
    assert.equal((await post(official, `/reportes/${id}/gestion`, { accion: 'estado', estado: 'rejected', motivo_estado: 'No corresponde a la oficina.' })).status, 303);
    await drainTwice();
    mine = await notices(citizenId, code);
    assert.equal(mine.length, 5);
    // A retried job runs the handler again with the same event: nothing new is delivered.
    const events = await sql<{
      id: string;
      topic: keyof typeof reportNotices;
      payload: Record<string, unknown>;
      created_at: Date;
    }>`SELECT id, topic, payload, created_at FROM platform.outbox WHERE topic LIKE 'reports.%' AND payload->>'reportId' = ${String(id)}`.execute(deps().db);
    for (const e of events.rows) {
      const handler = (reportNotices[e.topic] as Record<string, ((event: unknown, d: unknown) => Promise<void>) | undefined> | undefined)?.mailbox;
      await handler?.({ id: Number(e.id), topic: e.topic, payload: e.payload, createdAt: e.created_at }, deps());
    }
    assert.equal((await notices(citizenId, code)).length, 5);
    assert.ok(mine.some((m) => m.subject === `Su reporte R-${id} se reabrió`));
    // The reason typed with its own full stop shows one, not two.
    assert.ok(mine.some((m) => m.body.includes('Motivo: No corresponde a la oficina. Vea')));
    assert.ok(mine.every((m) => !m.body.includes('..')));
    // Nobody else got them.
    const others = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mailbox.message WHERE recipient_account_id <> ${citizenId} AND subject ~ ${word(code)}`.execute(deps().db);
    assert.equal(others.rows[0]!.n, 0);
  });

  it('sends nothing for an anonymous report', async () => {
    await drainTwice(); // what earlier tests left pending is delivered first, so the count below is this test's own
    const before = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM mailbox.message`.execute(deps().db)).rows[0]!.n;
    const id = await report(citizen, { categoria: 'vias', descripcion: 'Bache en la esquina', institucion: '', anonimo: 'si' });
    await setReportStatus(deps(), testOfficial(['GAMLP'], { accountId: 'o' }), id, { status: 'resolved' });
    await drainTwice();
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mailbox.message WHERE subject ~ ${word(`R-${id}`)} OR body ~ ${word(`R-${id}`)}`.execute(deps().db);
    assert.equal(rows.rows[0]!.n, 0);
    const after = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM mailbox.message`.execute(deps().db)).rows[0]!.n;
    assert.equal(after, before);
  });

  it('tells a subscriber of a territory about a new report there, once', async () => {
    assert.equal((await post(citizen, '/reportes/alertas', { tipo: 'territorio', territorio: 'BO-L-01' })).status, 303);
    try {
      const { report: pothole } = await createReport(deps(), { categoryCode: 'vias', description: 'Bache grande', territoryCode: 'BO-L-01-01', isAnonymous: true }, { actor: { type: 'anonymous' } });
      await drainTwice();
      const mine = await notices(citizenId, pothole.code);
      assert.equal(mine.length, 1);
      assert.match(mine[0]!.subject, new RegExp(`Nuevo reporte ${pothole.code} en su zona`));
      assert.ok(mine[0]!.body.includes(`/reportes/${pothole.id}`));
    } finally {
      // The subscription would add alerts to the citizen's mailbox in tests that count them.
      for (const s of await listSubscriptions(deps(), citizenId)) await unsubscribeFromReports(deps(), citizenId, s.id);
    }
  });

  it('escalates an overdue report to the admins of its agency and of the superior agency', async () => {
    const person = (email: string, documentNumber: string, agencyCode: string) =>
      testAccount(deps(), { documentNumber, givenName: 'Ana', familyName: 'Mamani', birthDate: '1981-03-03', email, roles: [{ agencyCode, role: 'agency_admin' }] });
    const ministryAdmin = await person('jefa@mingob.prueba', '7000001 LP', 'MINGOB');
    const segipAdmin = await person('jefe@segip.prueba', '7000002 LP', 'SEGIP');
    const agency = (await (await fetch(`${t.baseUrl}/api/v1/agencies/SEGIP`)).json()) as { superiorCode: string };
    assert.equal(agency.superiorCode, 'MINGOB');
    assert.match(await (await fetch(`${t.baseUrl}/instituciones`)).text(), /Depende de: <a href="\/instituciones#institucion-MINGOB">Ministerio de Gobierno<\/a>/);

    const id = await report(citizen);
    await t.drain();
    await sql`UPDATE reports.report SET due_at = now() - interval '1 hour' WHERE id = ${id}`.execute(deps().db);
    await t.app.tambo.jobHandlers.get('reports:escalate_overdue')!({}, { jobId: 'sweep', attempt: 1 }); // what the schedule runs
    await drainTwice();
    for (const admin of [ministryAdmin, segipAdmin]) {
      const got = await notices(admin, `R-${id}`);
      assert.equal(got.length, 1);
      assert.match(got[0]!.subject, new RegExp(`Reporte R-${id} vencido sin respuesta`));
    }
    assert.ok(!(await notices(citizenId, `R-${id}`)).some((m) => m.subject.includes('vencido')), 'the reporter is not told of the escalation');
  });
});

// Handling over real HTTP with signed-in people: authorization (an official acts only on
// their agency's reports; only the reporter contests; only administrators moderate), the
// reporter's identity never public, webhook delivery with HMAC, acknowledgement and retry,
// overdue escalation, alerts, "me too".
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { freePort } from '../../platform/db/embedded.ts';
import { createReport } from './index.ts';
import { replyToReport, setReportStatus } from './handling.service.ts';
import { contestReport } from './contest.service.ts';
import { setAgencyWebhook } from './webhooks.service.ts';
import { listSubscriptions, unsubscribeFromReports } from './alerts.service.ts';
import { testOfficial } from './reports.test-helpers.ts';

let t: TestApp & { baseUrl: string };
let citizen: HttpSession;
let official: HttpSession;
let admin: HttpSession;
let citizenId: string;

async function signIn(login: string, password: string): Promise<HttpSession> {
  const session = new HttpSession();
  const { response, url } = await session.follow(`${t.baseUrl}/ingresar?volver=/cuenta`);
  const posted = await session.submit(url, await response.text(), { login, password });
  assert.equal(posted.status, 303);
  const landed = await session.follow(new URL(posted.headers.get('location')!, url).toString());
  assert.equal(new URL(landed.url).pathname, '/cuenta');
  return session;
}

const deps = () => t.app.tambo.deps;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005000201a5d1e1d50000000049454e44ae426082', 'hex');
const page = async (session: HttpSession, path: string) => {
  const response = await session.request(`${t.baseUrl}${path}`);
  return { response, html: await response.text() };
};
const post = async (session: HttpSession, path: string, fields: Record<string, string>) => {
  const { html } = await page(session, '/reportes/nuevo?categoria=agua');
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return session.request(`${t.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
};

before(async () => {
  // Agencies' test receivers listen on this machine, over http: allowed in the insecure mode only.
  t = await listenTestApp({ demo: true, env: { WEBHOOK_ALLOW_INSECURE: 'true' } });
  citizen = await signIn('ciudadana@demo.tambo', 'Demo-2026-ciudadana');
  official = await signIn('funcionario@demo.tambo', 'Demo-2026-funcionario');
  admin = await signIn('admin@demo.tambo', 'Demo-2026-admin');
  const row = await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(deps().db);
  citizenId = row.rows[0]!.id;
});
after(async () => t.close());

const complaint = () =>
  createReport(deps(), { categoryCode: 'mala_atencion', description: 'Demora de tres horas', subjectAgencyCode: 'SEGIP', territoryCode: 'BO-L-01-01' }, { actor: { type: 'person', id: citizenId } });
const pothole = () => createReport(deps(), { categoryCode: 'vias', description: 'Bache', territoryCode: 'BO-L-01-01', isAnonymous: true, lat: -16.5, lon: -68.1 }, { actor: { type: 'anonymous' } });

describe('authorization', () => {
  it("lets an official act on their agency's reports only", async () => {
    const { report: theirs } = await complaint();
    const { report: other } = await pothole();
    assert.equal(other.agencyCode, 'GAMLP');
    const denied = await post(official, `/reportes/${other.id}/gestion`, { accion: 'responder', respuesta: 'No es nuestro' });
    assert.equal(denied.status, 403);
    await assert.rejects(setReportStatus(deps(), testOfficial(['SEGIP'], { accountId: 'x' }), other.id, { status: 'resolved' }), { code: 'REPORT_FORBIDDEN' });
    const byCitizen = await post(citizen, `/reportes/${theirs.id}/gestion`, { accion: 'responder', respuesta: 'Yo mismo' });
    assert.equal(byCitizen.status, 403);
    const allowed = await post(official, `/reportes/${theirs.id}/gestion`, { accion: 'responder', respuesta: 'Lo revisamos' });
    assert.equal(allowed.status, 303);
    const queue = await page(official, '/reportes/institucion');
    assert.ok(queue.html.includes(`>${theirs.code}<`));
    assert.ok(!queue.html.includes(`>${other.code}<`));
    assert.equal((await page(official, `/reportes/${other.id}`)).html.includes('Gestión de la institución'), false);
    assert.equal((await page(citizen, '/reportes/triaje')).response.status, 403);
  });

  it('takes evidence from the competent agency only (multipart, checked by content) and publishes it', async () => {
    const { report } = await complaint();
    const { html } = await page(official, `/reportes/${report.id}`);
    const token = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const upload = (session: HttpSession, bytes: Buffer, name: string) => {
      const form = new FormData();
      form.set('_csrf', token);
      form.set('nota', 'Acta de la reunión');
      form.set('evidencia', new Blob([new Uint8Array(bytes)]), name);
      return session.request(`${t.baseUrl}/reportes/${report.id}/evidencia`, { method: 'POST', body: form });
    };
    const notAnImage = await upload(official, Buffer.from('hola, no soy una imagen'), 'acta.png');
    assert.equal(notAnImage.status, 400);
    assert.match(await notAnImage.text(), /El archivo debe ser JPG, PNG o PDF/);
    assert.equal((await upload(official, PNG, 'acta.png')).status, 303);
    const other = await pothole();
    const foreign = new FormData();
    foreign.set('_csrf', token);
    foreign.set('evidencia', new Blob([new Uint8Array(PNG)]), 'x.png');
    assert.equal((await official.request(`${t.baseUrl}/reportes/${other.report.id}/evidencia`, { method: 'POST', body: foreign })).status, 403);
    const publicPage = await (await fetch(`${t.baseUrl}/reportes/${report.id}`)).text();
    const link = /href="(\/reportes\/\d+\/evidencias\/\d+\/0)"/.exec(publicPage)?.[1];
    assert.ok(link, 'the evidence is linked from the public timeline');
    const file = await fetch(`${t.baseUrl}${link}`);
    assert.equal(file.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), PNG);
  });

  it('shows the report form again with what was typed when a photo is refused (multipart)', async () => {
    const anonymous = new HttpSession();
    const { html } = await page(anonymous, '/reportes/nuevo?categoria=vias');
    const token = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const send = (photos: Array<[Uint8Array<ArrayBuffer>, string]>) => {
      const form = new FormData();
      form.set('_csrf', token);
      for (const [name, value] of Object.entries({ categoria: 'vias', descripcion: 'Bache frente a la escuela 21', territorio: 'BO-L-01-01', clave: `form-${randomUUID()}` })) form.set(name, value);
      for (const [bytes, name] of photos) form.append('fotos', new Blob([bytes]), name);
      return anonymous.request(`${t.baseUrl}/reportes/nuevo/enviar`, { method: 'POST', body: form });
    };
    const notAnImage = await send([[new TextEncoder().encode('no soy una foto'), 'bache.png']]);
    assert.equal(notAnImage.status, 400);
    const refused = await notAnImage.text();
    assert.match(refused, /La foto debe ser JPG o PNG/);
    assert.match(refused, /value="Bache frente a la escuela 21"/, 'the description typed is carried again');
    const png = new Uint8Array(PNG);
    const tooMany = await send([
      [png, 'a.png'],
      [png, 'b.png'],
      [png, 'c.png'],
      [png, 'd.png'],
    ]);
    assert.equal(tooMany.status, 400);
    assert.match(await tooMany.text(), /Puede adjuntar hasta 3 fotos/);
    const sent = await send([[png, 'bache.png']]);
    assert.equal(sent.status, 303);
    const id = Number(/\/reportes\/(\d+)\?enviado=1/.exec(sent.headers.get('location') ?? '')?.[1]);
    const json = (await (await fetch(`${t.baseUrl}/api/v1/reports/${id}`)).json()) as { description: string; photos: Array<{ mediaType: string }> };
    assert.equal(json.description, 'Bache frente a la escuela 21');
    assert.deepEqual(
      json.photos.map((p) => p.mediaType),
      ['image/png'],
    );
  });

  it('lets only the reporter contest, within the period', async () => {
    const { report } = await complaint();
    const segip = testOfficial(['SEGIP'], { accountId: 'o' });
    await setReportStatus(deps(), segip, report.id, { status: 'resolved' });
    assert.equal((await post(official, `/reportes/${report.id}/objetar`, { motivo: 'No' })).status, 403);
    await sql`UPDATE reports.report SET resolved_at = now() - interval '60 days' WHERE id = ${report.id}`.execute(deps().db);
    await assert.rejects(contestReport(deps(), citizenId, report.id, 'Sigue igual'), { code: 'REPORT_CONTEST_PERIOD_OVER' });
    await sql`UPDATE reports.report SET resolved_at = now() WHERE id = ${report.id}`.execute(deps().db);
    const contested = await post(citizen, `/reportes/${report.id}/objetar`, { motivo: 'Sigue igual' });
    assert.equal(contested.status, 303);
    const json = (await (await fetch(`${t.baseUrl}/api/v1/reports/${report.id}`)).json()) as { status: string; reopenedCount: number };
    assert.deepEqual([json.status, json.reopenedCount], ['in_progress', 1]);
  });

  it('never shows the reporter publicly: page, list and API', async () => {
    const { report } = await complaint();
    const publicPage = await (await fetch(`${t.baseUrl}/reportes/${report.id}`)).text();
    const api = await (await fetch(`${t.baseUrl}/api/v1/reports/${report.id}`)).text();
    const list = await (await fetch(`${t.baseUrl}/api/v1/reports?category=mala_atencion`)).text();
    for (const text of [publicPage, api, list]) {
      for (const personal of [citizenId, 'María', 'Quispe', 'ciudadana@demo.tambo', '4567891']) assert.ok(!text.includes(personal), `leaks ${personal}`);
    }
    // The reporter sees it among their own reports.
    assert.ok((await page(citizen, '/reportes/mis-reportes')).html.includes(report.code));
    assert.ok(!(await page(official, '/reportes/mis-reportes')).html.includes(report.code));
  });

  it('lets only administrators hide content, with a reason, audited', async () => {
    const { report } = await pothole();
    await replyToReport(deps(), testOfficial(['GAMLP'], { accountId: 'o' }), report.id, 'Texto ofensivo de prueba');
    const events = await sql<{ id: number }>`SELECT id FROM reports.report_event WHERE report_id = ${report.id} AND kind = 'replied'`.execute(deps().db);
    const eventId = String(events.rows[0]!.id);
    assert.equal((await post(official, `/reportes/${report.id}/moderar`, { objeto: eventId, motivo_moderacion: 'Insulto' })).status, 403);
    const noReason = await post(admin, `/reportes/${report.id}/moderar`, { objeto: eventId, motivo_moderacion: '' });
    assert.equal(noReason.status, 400);
    assert.equal((await post(admin, `/reportes/${report.id}/moderar`, { objeto: eventId, motivo_moderacion: 'Insulto' })).status, 303);
    const html = await (await fetch(`${t.baseUrl}/reportes/${report.id}`)).text();
    assert.ok(!html.includes('Texto ofensivo'));
    assert.ok(html.includes('Este contenido se ocultó por moderación.'));
    const audit = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'reports.content_hidden' AND subject_id = ${String(report.id)} AND data->>'reason' = 'Insulto'`.execute(deps().db);
    assert.equal(audit.rows[0]!.n, 1);
    assert.equal((await post(admin, `/reportes/${report.id}/moderar`, { objeto: 'reporte', motivo_moderacion: 'Spam' })).status, 303);
    assert.equal((await fetch(`${t.baseUrl}/reportes/${report.id}`)).status, 404);
  });
});

describe('delivery, deadlines, alerts', () => {
  it("delivers to the agency's system through the platform's webhooks, signed, retrying until acknowledged", async () => {
    const received: Array<{ body: string; signature: string; id: string; timestamp: string; standard: string }> = [];
    let failNext = true;
    const receiver = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const h = request.headers;
        received.push({ body, signature: String(h['x-tambo-signature']), id: String(h['webhook-id']), timestamp: String(h['webhook-timestamp']), standard: String(h['webhook-signature']) });
        response.writeHead(failNext ? 503 : 200).end();
        failNext = false;
      });
    });
    const port = await freePort();
    await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
    try {
      const secret = 'epsas-webhook-secret-0123456789';
      // Reports of earlier tests are followed up first: their webhooks are scheduled by the
      // `reports.submitted` handler, and would otherwise go to the subscription made here.
      await t.drain();
      await assert.rejects(setAgencyWebhook(deps(), testOfficial(['EPSAS'], { accountId: 'x' }), { agencyCode: 'EPSAS', url: `http://127.0.0.1:${port}/`, secret, isActive: true }), {
        code: 'REPORT_FORBIDDEN',
      });
      await setAgencyWebhook(deps(), testOfficial([], { accountId: 'admin', admin: true }), { agencyCode: 'EPSAS', url: `http://127.0.0.1:${port}/hook`, secret, isActive: true });
      const { report } = await createReport(
        deps(),
        { categoryCode: 'agua', description: 'Fuga', answers: { problema: 'fuga' }, territoryCode: 'BO-L-01-02', isAnonymous: true },
        { actor: { type: 'anonymous' } },
      );
      await t.drain();
      // The first attempt was refused (503): the delivery stays pending and is retried later.
      // (Under load the drain may already have retried it once the back-off passed.)
      assert.ok(received.length >= 1);
      const state = async () =>
        (
          await sql<{ status: string; attempts: number }>`SELECT d.status, d.attempts FROM platform.webhook_delivery d JOIN platform.webhook_subscription s ON s.id = d.subscription_id
            WHERE s.owner_id = 'EPSAS' AND d.topic = 'reports.routed' AND d.source_key = 'report-event-' || (SELECT id FROM reports.report_event WHERE report_id = ${report.id} AND kind = 'routed')`.execute(
            deps().db,
          )
        ).rows[0]!;
      // The retry is due later (back-off): bring it forward through the data, not by waiting.
      for (let round = 0; round < 5 && (await state()).status !== 'acknowledged'; round += 1) {
        await sql`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key LIKE 'webhook-delivery-%'`.execute(deps().db);
        await t.drain();
      }
      assert.deepEqual(await state(), { status: 'delivered', attempts: 2 });
      assert.equal(received.length, 2);
      const last = received[1]!;
      assert.equal(last.signature, `sha256=${createHmac('sha256', secret).update(last.body).digest('hex')}`);
      assert.equal(last.standard, `v1,${createHmac('sha256', secret).update(`${last.id}.${last.timestamp}.${last.body}`).digest('base64')}`);
      assert.equal(last.id, received[0]!.id, 'a retry carries the same webhook-id');
      const payload = JSON.parse(last.body) as { report: { code: string; status: string }; event: { kind: string } };
      assert.equal(payload.report.code, report.code);
      assert.equal(payload.event.kind, 'routed');
      await sql`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key LIKE 'webhook-delivery-%'`.execute(deps().db);
      await t.drain();
      assert.equal(received.length, 2, 'an acknowledged delivery is not sent again');
      // The integration page shows the subscription's delivery log.
      const log = (await page(admin, '/reportes/integracion')).html;
      assert.ok(log.includes('Últimos envíos a EPSAS') && log.includes('reports.routed') && log.includes('Entregado'), 'the delivery log lists it');
    } finally {
      // Paused, so no later test's water report is sent to this closed address.
      await setAgencyWebhook(deps(), testOfficial([], { accountId: 'admin', admin: true }), {
        agencyCode: 'EPSAS',
        url: 'http://127.0.0.1:9/hook',
        secret: 'epsas-webhook-secret-0123456789',
        isActive: false,
      });
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('escalates a report past its legal deadline, from the scheduled sweep, once, and shows it overdue', async () => {
    assert.ok(
      t.app.tambo.schedule.some((s) => s.job === 'reports:escalate_overdue' && s.when === '*/5 * * * *'),
      'one sweep every 5 minutes',
    );
    const sweep = () => t.app.tambo.jobHandlers.get('reports:escalate_overdue')!({}, { jobId: 'sweep', attempt: 1 });
    const { report } = await pothole();
    await t.drain();
    const jobs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE key LIKE 'report-due-%'`.execute(deps().db);
    assert.equal(jobs.rows[0]!.n, 0, 'no job per report');
    await sweep();
    const early = (await (await fetch(`${t.baseUrl}/api/v1/reports/${report.id}`)).json()) as { isOverdue: boolean; timeline: Array<{ kind: string }> };
    assert.equal(early.isOverdue, false);
    assert.ok(!early.timeline.some((e) => e.kind === 'escalated'), 'not due yet: the sweep leaves it');
    await sql`UPDATE reports.report SET due_at = now() - interval '1 hour' WHERE id = ${report.id}`.execute(deps().db);
    await sweep();
    await sweep();
    const json = (await (await fetch(`${t.baseUrl}/api/v1/reports/${report.id}`)).json()) as { isOverdue: boolean; timeline: Array<{ kind: string }> };
    assert.equal(json.isOverdue, true);
    assert.equal(json.timeline.filter((e) => e.kind === 'escalated').length, 1);
    const events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM platform.outbox WHERE topic = 'reports.escalated' AND (payload->>'reportId')::bigint = ${report.id}`.execute(deps().db);
    assert.equal(events.rows[0]!.n, 1);
    assert.ok((await (await fetch(`${t.baseUrl}/reportes/${report.id}`)).text()).includes('Vencido'));
  });

  it('alerts subscribers of a territory (ancestors included) and of a circle', async () => {
    assert.equal((await post(citizen, '/reportes/alertas', { tipo: 'territorio', territorio: 'BO-L' })).status, 303);
    assert.equal((await post(citizen, '/reportes/alertas', { tipo: 'radio', lat: '-16.5', lon: '-68.1', radio: '0' })).status, 400);
    try {
      const { report } = await pothole();
      await t.drain();
      const alerts = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM platform.outbox WHERE topic = 'reports.alert' AND payload->>'accountId' = ${citizenId} AND (payload->>'reportId')::bigint = ${report.id}`.execute(deps().db);
      assert.equal(alerts.rows[0]!.n, 1);
    } finally {
      for (const s of await listSubscriptions(deps(), citizenId)) await unsubscribeFromReports(deps(), citizenId, s.id);
    }
  });

  it('lets administrators, not case handlers, set where an agency receives its reports', async () => {
    assert.equal((await page(official, '/reportes/integracion')).response.status, 403);
    assert.equal((await post(official, '/reportes/integracion', { institucion: 'SEGIP', url: 'https://segip.example/hook', secreto: 'x'.repeat(20), activo: 'si' })).status, 403);
    const bad = await post(admin, '/reportes/integracion', { institucion: 'SEGIP', url: 'segip', secreto: 'corto', activo: 'si' });
    assert.equal(bad.status, 400);
    const html = await bad.text();
    assert.ok(html.includes('href="#campo-url"') && html.includes('href="#campo-secreto"'));
    // Outside the insecure mode, the page refuses addresses inside the platform's network.
    deps().config.webhookAllowInsecure = false;
    try {
      for (const url of ['https://169.254.169.254/latest/meta-data/', 'https://127.0.0.1/hook', 'https://[::1]/hook', 'http://segip.example/hook']) {
        const refused = await post(admin, '/reportes/integracion', { institucion: 'SEGIP', url, secreto: 'x'.repeat(20), activo: 'si' });
        assert.equal(refused.status, 400, url);
        assert.ok((await refused.text()).includes('href="#campo-url"'), url);
      }
    } finally {
      deps().config.webhookAllowInsecure = true;
    }
    const none = await sql<{ n: number }>`SELECT count(*)::int AS n FROM platform.webhook_subscription WHERE owner_id = 'SEGIP'`.execute(deps().db);
    assert.equal(none.rows[0]!.n, 0);
    // Saved paused (no "activo"), so no later test tries to reach this address.
    assert.equal((await post(admin, '/reportes/integracion', { institucion: 'SEGIP', url: 'https://segip.example/hook', secreto: 'x'.repeat(20) })).status, 303);
    const listed = await page(admin, '/reportes/integracion');
    assert.ok(listed.html.includes('https://segip.example/hook') && listed.html.includes('En pausa'));
    assert.ok(!listed.html.includes('x'.repeat(20)), 'the secret is never shown');
    // Without a secret, one is generated and shown once, on the answer to the form (paused again).
    const generated = await post(admin, '/reportes/integracion', { institucion: 'SEGIP', url: 'https://segip.example/hook2', secreto: '' });
    assert.equal(generated.status, 303, 'an existing subscription keeps its secret');
    const fresh = await post(admin, '/reportes/integracion', { institucion: 'GAMLP', url: 'https://lapaz.example/hook', secreto: '' });
    assert.equal(fresh.status, 200);
    assert.equal(fresh.headers.get('cache-control'), 'no-store');
    const secret = /whsec_[A-Za-z0-9+/=]+/.exec(await fresh.text())?.[0];
    assert.ok(secret, 'the generated secret is shown');
    assert.ok(!(await page(admin, '/reportes/integracion')).html.includes(secret), 'and never again');
  });

  it('refuses "me too" from anyone who holds a role at the agency the report is addressed to, and does not offer it', async () => {
    const { report: theirs } = await complaint();
    const { report: other } = await pothole();
    const supporters = async (id: number) => ((await (await fetch(`${t.baseUrl}/api/v1/reports/${id}`)).json()) as { supporterCount: number }).supporterCount;
    const button = (id: number) => new RegExp(`action="/reportes/${id}/apoyo"`);
    // SEGIP's case handler: no button on SEGIP's report, and a forged post is refused with a clear message.
    assert.doesNotMatch((await page(official, `/reportes/${theirs.id}`)).html, button(theirs.id));
    const refused = await post(official, `/reportes/${theirs.id}/apoyo`, {});
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /Usted trabaja en la institución a la que va este reporte: no puede apoyarlo/);
    assert.equal(await supporters(theirs.id), 0);
    // Another agency's report: offered and counted.
    assert.match((await page(official, `/reportes/${other.id}`)).html, button(other.id));
    assert.equal((await post(official, `/reportes/${other.id}/apoyo`, {})).status, 303);
    assert.equal(await supporters(other.id), 1);
    // Any role counts, not only handling: a publisher of GAMLP may not support GAMLP's report.
    const { report: another } = await pothole();
    assert.equal(another.agencyCode, 'GAMLP');
    assert.match((await page(admin, `/reportes/${another.id}`)).html, button(another.id));
    await sql`INSERT INTO identity.role_assignment (account_id, agency_code, role) SELECT id, 'GAMLP', 'publisher' FROM identity.account WHERE email = 'admin@demo.tambo'`.execute(deps().db);
    try {
      assert.doesNotMatch((await page(admin, `/reportes/${another.id}`)).html, button(another.id));
      assert.equal((await post(admin, `/reportes/${another.id}/apoyo`, {})).status, 403);
      assert.equal(await supporters(another.id), 0);
    } finally {
      await sql`DELETE FROM identity.role_assignment WHERE agency_code = 'GAMLP' AND role = 'publisher' AND account_id = (SELECT id FROM identity.account WHERE email = 'admin@demo.tambo')`.execute(
        deps().db,
      );
    }
  });

  it('counts "me too" once per person', async () => {
    const { report } = await pothole();
    assert.equal((await post(citizen, `/reportes/${report.id}/apoyo`, {})).status, 303);
    assert.equal((await post(citizen, `/reportes/${report.id}/apoyo`, {})).status, 303);
    const json = (await (await fetch(`${t.baseUrl}/api/v1/reports/${report.id}`)).json()) as { supporterCount: number };
    assert.equal(json.supporterCount, 1);
  });
});
